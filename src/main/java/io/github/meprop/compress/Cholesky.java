package io.github.meprop.compress;

import java.util.Objects;

/**
 * Solves symmetric positive definite systems {@code A X = B} in double precision by the Cholesky
 * factorisation {@code A = L Lᵀ} (L lower triangular), for the least-squares refits of
 * {@link LeastSquaresRefit}. Row-major arrays; A is {@code [n × n]} (only its lower triangle is
 * read), B and X are {@code [n × m]} (m right-hand sides).
 *
 * <p>Cost: n³/6 multiply-adds for the factorisation, n²·m for the two triangular solves. The
 * factorisation is the column-oriented (Cholesky–Banachiewicz) one, in double; for the well
 * conditioned (ridge-regularised) Gram matrices it is used on, its backward error is of the order
 * of n·ε·‖A‖.
 */
public final class Cholesky {
    private Cholesky() {}

    /**
     * Overwrites the lower triangle of {@code a} with L ({@code a = L Lᵀ}); the strict upper triangle
     * is set to 0.
     *
     * @param a the matrix A, {@code [n × n]} row-major, overwritten with L
     * @param n the order of A
     * @throws ArithmeticException if A is not (numerically) positive definite: a pivot is not
     *                             positive or not finite; the message names the column
     */
    public static void factor(double[] a, int n) {
        Objects.requireNonNull(a, "a");
        if (n < 0 || a.length < (long) n * n) {
            throw new IllegalArgumentException("a needs n × n = " + (long) n * n + " values for n = " + n + ", has "
                    + a.length);
        }
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = a[rj + j];
            for (int k = 0; k < j; k++) {
                d -= a[rj + k] * a[rj + k];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new ArithmeticException("matrix is not positive definite: pivot " + d + " at column " + j + " of "
                        + n);
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = s / ljj;
            }
            for (int k = j + 1; k < n; k++) {
                a[rj + k] = 0;
            }
        }
    }

    /**
     * Solves {@code L Lᵀ X = B} in place ({@code b} becomes X) with L from {@link #factor}.
     *
     * @param l the factor, {@code [n × n]}
     * @param b the right-hand sides, {@code [n × m]}, overwritten with the solution
     * @param n the order of L
     * @param m the number of right-hand sides
     */
    public static void solve(double[] l, int n, double[] b, int m) {
        Objects.requireNonNull(l, "l");
        Objects.requireNonNull(b, "b");
        if (n < 0 || m < 0 || l.length < (long) n * n || b.length < (long) n * m) {
            throw new IllegalArgumentException("need l of n × n and b of n × m values for n = " + n + ", m = " + m
                    + "; have " + l.length + " and " + b.length);
        }
        // Forward: L Y = B.
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            int bi = i * m;
            for (int k = 0; k < i; k++) {
                double lik = l[ri + k];
                if (lik != 0) {
                    int bk = k * m;
                    for (int c = 0; c < m; c++) {
                        b[bi + c] -= lik * b[bk + c];
                    }
                }
            }
            double inv = 1 / l[ri + i];
            for (int c = 0; c < m; c++) {
                b[bi + c] *= inv;
            }
        }
        // Backward: Lᵀ X = Y.
        for (int i = n - 1; i >= 0; i--) {
            int bi = i * m;
            for (int k = i + 1; k < n; k++) {
                double lki = l[k * n + i];
                if (lki != 0) {
                    int bk = k * m;
                    for (int c = 0; c < m; c++) {
                        b[bi + c] -= lki * b[bk + c];
                    }
                }
            }
            double inv = 1 / l[i * n + i];
            for (int c = 0; c < m; c++) {
                b[bi + c] *= inv;
            }
        }
    }
}
