package io.github.meprop.kernels;

import java.util.Objects;

/**
 * Argument validation shared by the kernel facades. Every message names the argument that is
 * wrong and its value, so that a caller can tell at once what to fix.
 */
final class Checks {
    private Checks() {}

    /** A size (count, length, dimension) must be non-negative. */
    static void size(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /** k must lie in 0..n. */
    static void k(int k, int n, String nName) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("k must be in 0.." + nName + " (" + n + "), was " + k);
        }
    }

    /** The range a[off .. off+len) must lie inside a non-null array. */
    static void range(String name, float[] a, int off, int len) {
        Objects.requireNonNull(a, name);
        if ((off | len) < 0 || off > a.length - len) {
            throw outOfRange(name, a.length, off, len);
        }
    }

    /** The range a[off .. off+len) must lie inside a non-null array. */
    static void range(String name, int[] a, int off, int len) {
        Objects.requireNonNull(a, name);
        if ((off | len) < 0 || off > a.length - len) {
            throw outOfRange(name, a.length, off, len);
        }
    }

    private static IndexOutOfBoundsException outOfRange(String name, int length, int off, int len) {
        return new IndexOutOfBoundsException(name + ": range [" + off + ", " + off + " + " + len
                + ") out of bounds for length " + length);
    }

    /** A non-null array must hold at least {@code need} elements (need = rows × cols, checked for overflow). */
    static void length(String name, float[] a, long need) {
        Objects.requireNonNull(a, name);
        if (a.length < need) {
            throw new IndexOutOfBoundsException(name + " has length " + a.length + ", needs at least " + need);
        }
    }

    /** A non-null array must hold at least {@code need} elements. */
    static void length(String name, int[] a, long need) {
        Objects.requireNonNull(a, name);
        if (a.length < need) {
            throw new IndexOutOfBoundsException(name + " has length " + a.length + ", needs at least " + need);
        }
    }
}
