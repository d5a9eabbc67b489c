package io.github.meprop.kernels;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The obvious top-k, written independently of the kernels' key trick, against which both
 * implementations are checked: sort all positions by magnitude descending (every NaN above every
 * number and equal to each other, +0 equal to -0), then by position ascending; keep the first k;
 * return them in ascending position order. Plus the test data families.
 */
final class TopKReference {
    private TopKReference() {}

    /** Magnitude order, largest first; NaNs first and equal to each other. */
    static int compareMagnitudeDescending(float a, float b) {
        boolean na = Float.isNaN(a);
        boolean nb = Float.isNaN(b);
        if (na || nb) {
            return na == nb ? 0 : (na ? -1 : 1);
        }
        float x = Math.abs(a);
        float y = Math.abs(b);
        return x > y ? -1 : (x < y ? 1 : 0);
    }

    /** All positions of v[off..off+n), by magnitude descending, then position ascending. */
    static int[] order(float[] v, int off, int n) {
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Comparator<Integer> byMagnitude = (i, j) -> compareMagnitudeDescending(v[off + i], v[off + j]);
        Arrays.sort(order, byMagnitude.thenComparingInt(i -> i));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** The first k of an {@link #order}, ascending. */
    static int[] firstK(int[] order, int k) {
        int[] chosen = Arrays.copyOf(order, k);
        Arrays.sort(chosen);
        return chosen;
    }

    static int[] select(float[] v, int off, int n, int k) {
        return firstK(order(v, off, n), k);
    }

    /** Column sums of |m| added in row order from 0 (the order the contract fixes). */
    static float[] columnAbsSums(float[] m, int rows, int n) {
        float[] sums = new float[n];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                sums[j] += Math.abs(m[r * n + j]);
            }
        }
        return sums;
    }

    /**
     * The row total of the adaptive-k contract, written out: 16 partial sums, element j added to
     * partial j mod 16 in ascending j, then p[q] += p[q + h] for h = 8, 4, 2, 1.
     */
    static float rowTotal(float[] v, int off, int n) {
        float[] p = new float[16];
        for (int j = 0; j < n; j++) {
            p[j % 16] += Math.abs(v[off + j]);
        }
        for (int h = 8; h >= 1; h /= 2) {
            for (int q = 0; q < h; q++) {
                p[q] += p[q + h];
            }
        }
        return p[0];
    }

    /**
     * Adaptive k by its definition: the whole row in {@link #order}, the running float sum of the
     * magnitudes in that order, the first k in [kMin, kMax] whose sum reaches mass · total (kMax if
     * none, or if the total is not finite); the first k of the order, ascending.
     */
    static int[] selectMass(float[] v, int off, int n, float mass, int kMin, int kMax) {
        float total = rowTotal(v, off, n);
        int[] order = order(v, off, n);
        int k = kMax;
        if (Float.isFinite(total)) {
            float target = mass * total;
            float sum = 0f;
            for (int kk = 0; kk <= kMax; kk++) {
                if (kk >= kMin && sum >= target) {
                    k = kk;
                    break;
                }
                if (kk < kMax) {
                    sum += Math.abs(v[off + order[kk]]);
                }
            }
        }
        return firstK(order, k);
    }

    /** Test data families. */
    enum Data {
        GAUSSIAN, TIES, ALL_EQUAL, SIGNED_ZEROS_AND_SUBNORMALS, SPECIALS, ALL_NAN, ASCENDING, DESCENDING, SAMPLE_SPIKES;

        float[] make(int n, long seed) {
            Random rnd = new Random(seed * 31 + ordinal());
            float[] v = new float[n];
            switch (this) {
                case GAUSSIAN -> {
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) rnd.nextGaussian();
                    }
                }
                case TIES -> {
                    float[] values = {0f, -0f, 0.5f, -0.5f, 1f, -1f, 2f};
                    for (int i = 0; i < n; i++) {
                        v[i] = values[rnd.nextInt(values.length)];
                    }
                }
                case ALL_EQUAL -> {
                    for (int i = 0; i < n; i++) {
                        v[i] = rnd.nextBoolean() ? 3.5f : -3.5f;
                    }
                }
                case SIGNED_ZEROS_AND_SUBNORMALS -> {
                    float[] values = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 2 * Float.MIN_VALUE,
                        -3 * Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL / 2, Float.MIN_NORMAL * 0.75f};
                    for (int i = 0; i < n; i++) {
                        v[i] = values[rnd.nextInt(values.length)];
                    }
                }
                case SPECIALS -> {
                    float[] values = {Float.NaN, Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xffc00000),
                        Float.intBitsToFloat(0x7fffffff), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        Float.MAX_VALUE, -Float.MAX_VALUE, 0f, -0f};
                    for (int i = 0; i < n; i++) {
                        v[i] = rnd.nextInt(4) == 0 ? values[rnd.nextInt(values.length)] : (float) rnd.nextGaussian();
                    }
                }
                case ALL_NAN -> {
                    int[] payloads = {0x7fc00000, 0x7f800001, 0xffc00000, 0x7fffffff, 0xff800001};
                    for (int i = 0; i < n; i++) {
                        v[i] = Float.intBitsToFloat(payloads[rnd.nextInt(payloads.length)]);
                    }
                }
                case ASCENDING -> {
                    for (int i = 0; i < n; i++) {
                        v[i] = (i % 2 == 0 ? 1 : -1) * (i + 1) * 0.25f;
                    }
                }
                case DESCENDING -> {
                    for (int i = 0; i < n; i++) {
                        v[i] = (n - i) * 0.125f;
                    }
                }
                case SAMPLE_SPIKES -> {
                    // Huge values exactly where a pass-1 sample looks, tiny ones elsewhere: the
                    // sampled pivot is far too high and the selection must retry.
                    int s = io.github.meprop.kernels.scalar.TopKPlan.sampleSize(Math.max(n, 1));
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) rnd.nextGaussian() * 1e-3f;
                    }
                    if (n > 0) {
                        for (int j = 0; j < s; j++) {
                            v[io.github.meprop.kernels.scalar.TopKPlan.samplePosition(j, s, n)] = 1000f + j;
                        }
                    }
                }
                default -> throw new AssertionError(this);
            }
            return v;
        }
    }
}
