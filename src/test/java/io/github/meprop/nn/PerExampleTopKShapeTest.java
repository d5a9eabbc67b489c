package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-example top-k on the real shapes of the MNIST experiment (784-500-500-10, ReLU, batch 100,
 * k 20), driven the way {@link Trainer} drives {@link Backprop}: one reused batch buffer at offset
 * 0, Adam (reference setting) between steps, so that stale buffers, indices left over from a
 * previous layer or step, or dx aliasing g would show. After 30 top-k steps (far enough for the
 * per-example instability to have started), one more step is checked against an independent
 * double-precision computation:
 * <ul>
 *   <li>the g = σ'(z) ⊙ ∂L/∂z each hidden layer selects from equals the reference's g (for layer 0,
 *       the reference back-propagates through the masked layer 1);</li>
 *   <li>the selected positions of every example equal the obvious top-k of that g (sort by |g|,
 *       ties to the lower position), exactly;</li>
 *   <li>dW and db of every layer equal the reference's masked gradients.</li>
 * </ul>
 * The data are MNIST-like (784 pixels in [0, 1], about 80% zeros, quantized to 1/255, 10 classes).
 */
class PerExampleTopKShapeTest {
    private static final int[] SIZES = {784, 500, 500, 10};
    private static final int BATCH = 100;
    private static final int K = 20;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void topKStepOnRealShapesMatchesANaiveComputation(int threads) {
        Parallelism par = Parallelism.of(threads);
        int n = 31 * BATCH;
        float[] xAll = new float[n * SIZES[0]];
        int[] yAll = new int[n];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int e = 0; e < n; e++) {
            yAll[e] = rnd.nextInt(10);
            for (int i = 0; i < SIZES[0]; i++) {
                // Class-dependent stripes so that the network has something to learn.
                boolean on = rnd.nextDouble() < 0.2 || (i / 28) % 10 == yAll[e] && rnd.nextDouble() < 0.6;
                xAll[e * SIZES[0] + i] = on ? rnd.nextInt(1, 256) / 255f : 0f;
            }
        }
        Model mlp = Model.mlp(SIZES, Activation.RELU, 1);
        float[][] seenG = new float[2][];
        int[][] seenIdx = new int[2][];
        boolean[] last = {false};
        Backprop bp = new Backprop(mlp, List.of(TopKSelector.of(K)), (layer, sel, g) -> {
            if (!last[0]) {
                return;
            }
            assertEquals(g == null, false, "the trainer passes g");
            assertEquals(BATCH, sel.rows());
            assertEquals(500, sel.width());
            assertEquals((long) BATCH * K, sel.selected());
            seenG[layer] = Arrays.copyOf(g, BATCH * 500);
            seenIdx[layer] = Arrays.copyOf(sel.index(), BATCH * K);
        }, 2, 0f);
        Adam adam = Adam.Spec.reference().create();
        float[] xb = new float[BATCH * SIZES[0]];
        int[] yb = new int[BATCH];
        int steps = n / BATCH;
        for (int s = 0; s < steps; s++) {
            System.arraycopy(xAll, s * BATCH * SIZES[0], xb, 0, BATCH * SIZES[0]);
            System.arraycopy(yAll, s * BATCH, yb, 0, BATCH);
            bp.forward(par, xb, yb, 0, BATCH);
            if (s < steps - 1) {
                bp.backward(par);
                adam.step(mlp.parameters(), Parallelism.serial());
                continue;
            }
            last[0] = true;
            bp.backward(par);
            check(mlp, xb, yb, seenG, seenIdx);
        }
    }

    private static void check(Model mlp, float[] x, int[] y, float[][] g, int[][] idx) {
        // 1. Selections: the obvious top-k of the g the kernel was given, per example.
        boolean[][] masks = new boolean[2][];
        for (int l = 0; l < 2; l++) {
            masks[l] = new boolean[BATCH * 500];
            for (int r = 0; r < BATCH; r++) {
                int[] expected = naiveTopK(g[l], r * 500, 500, K);
                int[] actual = Arrays.copyOfRange(idx[l], r * K, r * K + K);
                assertArrayEquals(expected, actual, "layer " + l + " example " + r + " selection");
                for (int j : actual) {
                    masks[l][r * 500 + j] = true;
                }
            }
        }
        // 2. g and the gradients against the double-precision reference with the same masks.
        ReferenceNet ref = new ReferenceNet(mlp);
        double[][][] expected = ref.gradients(x, y, BATCH, masks);
        for (int l = 0; l < 2; l++) {
            assertClose(expected[2][l], g[l], "g of hidden layer " + l);
        }
        int nonZeroRows = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            assertClose(expected[0][l], mlp.dense(l).weightGrad(), "dW of layer " + l);
            assertClose(expected[1][l], mlp.dense(l).biasGrad(), "db of layer " + l);
        }
        // The check is not vacuous: the hidden layers' gradients are sparse but not empty.
        float[] dw0 = mlp.dense(0).weightGrad();
        for (int j = 0; j < 500; j++) {
            for (int i = 0; i < 784; i++) {
                if (dw0[j * 784 + i] != 0) {
                    nonZeroRows++;
                    break;
                }
            }
        }
        assertTrue(nonZeroRows > K && nonZeroRows < 500, "rows of dW0 with gradient: " + nonZeroRows);
    }

    /** Positions of the k largest |v[off..off+n)| (ties to the lower position), ascending. */
    private static int[] naiveTopK(float[] v, int off, int n, int k) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            order.add(j);
        }
        order.sort((a, b) -> {
            float va = Math.abs(v[off + a]);
            float vb = Math.abs(v[off + b]);
            return va != vb ? Float.compare(vb, va) : Integer.compare(a, b);
        });
        int[] top = new int[k];
        for (int t = 0; t < k; t++) {
            top[t] = order.get(t);
        }
        Arrays.sort(top);
        return top;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertTrue(actual.length >= expected.length, what + " length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0, what + " is all zero");
        for (int i = 0; i < expected.length; i++) {
            double tol = 2e-5 * scale + 1e-4 * Math.abs(expected[i]);
            if (Math.abs(expected[i] - actual[i]) > tol) {
                throw new AssertionError(what + " [" + i + "]: expected " + expected[i] + ", got " + actual[i]
                        + " (scale " + scale + ")");
            }
        }
    }
}
