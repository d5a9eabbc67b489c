package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Test
    void solvesRandomSpdSystems() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 5, 17, 64}) {
            int m = 3;
            // A = M Mᵀ + n·I: symmetric positive definite.
            double[] mm = new double[n * n];
            for (int i = 0; i < mm.length; i++) {
                mm[i] = r.nextGaussian();
            }
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? n : 0;
                    for (int k = 0; k < n; k++) {
                        s += mm[i * n + k] * mm[j * n + k];
                    }
                    a[i * n + j] = s;
                }
            }
            double[] x = new double[n * m];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            double[] b = new double[n * m];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < m; c++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += a[i * n + k] * x[k * m + c];
                    }
                    b[i * m + c] = s;
                }
            }
            double[] l = a.clone();
            Cholesky.factor(l, n);
            // L Lᵀ reproduces A, and L is lower triangular.
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += l[i * n + k] * l[j * n + k];
                    }
                    assertEquals(a[i * n + j], s, 1e-9 * n * n, "L Lᵀ at " + i + "," + j);
                    if (j > i) {
                        assertEquals(0, l[i * n + j]);
                    }
                }
            }
            Cholesky.solve(l, n, b, m);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], b[i], 1e-9, "n " + n + ", entry " + i);
            }
        }
    }

    @Test
    void refusesMatricesThatAreNotPositiveDefinite() {
        double[] singular = {1, 1, 1, 1};
        var e = assertThrows(ArithmeticException.class, () -> Cholesky.factor(singular, 2));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        assertThrows(ArithmeticException.class, () -> Cholesky.factor(new double[] {-1}, 1));
        assertThrows(ArithmeticException.class, () -> Cholesky.factor(new double[] {Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Cholesky.solve(new double[4], 2, new double[3], 2));
    }
}
