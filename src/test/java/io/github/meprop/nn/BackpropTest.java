package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradients of {@link Backprop} against finite differences of an independent double-precision
 * implementation (dense), and against that implementation's masked backward (meProp modes).
 */
class BackpropTest {
    private static final Parallelism SERIAL = Parallelism.serial();

    private static Dataset batch(int n, int width, int classes, long seed) {
        return Synthetic.blobs("check", n, width, classes, 1.0, seed);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SIGMOID"})
    void denseGradientsMatchFiniteDifferences(Activation act) {
        Mlp mlp = Mlp.create(new int[] {6, 5, 4, 3}, act, 7);
        // Non-zero biases so that every path is exercised.
        for (Dense d : mlp.layers()) {
            for (int j = 0; j < d.out(); j++) {
                d.biases()[j] = 0.1f * (j - 1);
            }
        }
        Dataset data = batch(8, 6, 3, 3);
        Backprop bp = new Backprop(mlp, 1);
        double loss = bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
        bp.backward(SERIAL, List.of(MeProp.dense()), null);

        ReferenceNet ref = new ReferenceNet(mlp);
        assertEquals(ref.loss(data.x(), data.y(), data.size()), loss, 1e-5, "loss");
        double h = 1e-6;
        double worst = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            double[][] params = {ref.w[l], ref.b[l]};
            float[][] grads = {mlp.layer(l).weightGrad(), mlp.layer(l).biasGrad()};
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < params[p].length; i++) {
                    double keep = params[p][i];
                    params[p][i] = keep + h;
                    double up = ref.loss(data.x(), data.y(), data.size());
                    params[p][i] = keep - h;
                    double down = ref.loss(data.x(), data.y(), data.size());
                    params[p][i] = keep;
                    double numeric = (up - down) / (2 * h);
                    double analytic = grads[p][i];
                    double rel = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                    worst = Math.max(worst, rel);
                    if (rel > 1e-3) {
                        fail(act + " layer " + l + (p == 0 ? " W[" : " b[") + i + "]: analytic " + analytic
                                + ", numeric " + numeric);
                    }
                }
            }
        }
        assertTrue(worst < 1e-3, "worst relative error " + worst);
    }

    /**
     * Sparse modes: the gradients equal the double-precision backward in which each hidden layer's
     * g is masked to the reported selection, and the reported top-k selections really are the
     * largest |g| (checked in double, up to rounding).
     */
    @ParameterizedTest
    @ValueSource(strings = {"topk:3", "unified:3", "randomk:2", "topk:1"})
    void sparseGradientsMatchTheMaskedReference(String spec) {
        MeProp policy = MeProp.parse(spec);
        Mlp mlp = Mlp.create(new int[] {6, 7, 5, 3}, Activation.TANH, 11);
        Dataset data = batch(9, 6, 3, 5);
        Backprop bp = new Backprop(mlp, 3);
        bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
        List<boolean[]> masks = new ArrayList<>(List.of(new boolean[0], new boolean[0]));
        bp.backward(SERIAL, List.of(policy), (layer, idx, batch, k, width) -> {
            assertEquals(policy.k(width), k);
            boolean[] m = new boolean[batch * width];
            for (int r = 0; r < batch; r++) {
                int prev = -1;
                for (int t = 0; t < k; t++) {
                    int j = idx[r * k + t];
                    assertTrue(j > prev && j < width, "ascending, in range");
                    prev = j;
                    m[r * width + j] = true;
                }
            }
            masks.set(layer, m);
        });
        ReferenceNet ref = new ReferenceNet(mlp);
        double[][][] g = ref.gradients(data.x(), data.y(), data.size(), masks.toArray(new boolean[0][]));
        for (int l = 0; l < mlp.depth(); l++) {
            assertClose(g[0][l], mlp.layer(l).weightGrad(), spec + " dW layer " + l);
            assertClose(g[1][l], mlp.layer(l).biasGrad(), spec + " db layer " + l);
        }
        // The selections are the k largest |g| per example (top-k) or by column sums (unified),
        // checked against g recomputed in double (up to float rounding).
        for (int l = 0; l < 2 && policy.mode() != MeProp.Mode.RANDOMK; l++) {
            int width = mlp.layer(l).out();
            boolean[] m = masks.get(l);
            double[] gl = g[2][l];
            int rows = policy.mode() == MeProp.Mode.TOPK ? data.size() : 1;
            for (int r = 0; r < rows; r++) {
                double minIn = Double.POSITIVE_INFINITY;
                double maxOut = 0;
                for (int j = 0; j < width; j++) {
                    double score = 0;
                    if (policy.mode() == MeProp.Mode.TOPK) {
                        score = Math.abs(gl[r * width + j]);
                    } else {
                        for (int e = 0; e < data.size(); e++) {
                            score += Math.abs(gl[e * width + j]);
                        }
                    }
                    if (m[r * width + j]) {
                        minIn = Math.min(minIn, score);
                    } else {
                        maxOut = Math.max(maxOut, score);
                    }
                }
                assertTrue(minIn >= maxOut * (1 - 1e-5), spec + " layer " + l + " example " + r + ": selected min "
                        + minIn + " < unselected max " + maxOut);
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(expected[i]);
            if (Math.abs(expected[i] - actual[i]) > tol) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", was " + actual[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"topk", "unified"})
    void kEqualToTheWidthGivesTheDenseGradientsExactly(String mode) {
        Mlp a = Mlp.create(new int[] {6, 7, 5, 3}, Activation.RELU, 2);
        Mlp b = a.copy();
        Dataset data = batch(10, 6, 3, 9);
        Backprop pa = new Backprop(a, 1);
        Backprop pb = new Backprop(b, 1);
        pa.forward(SERIAL, data.x(), data.y(), 0, data.size());
        pa.backward(SERIAL, List.of(MeProp.dense()), null);
        pb.forward(SERIAL, data.x(), data.y(), 0, data.size());
        pb.backward(SERIAL, List.of(MeProp.parse(mode + ":100%")), null);
        for (int l = 0; l < a.depth(); l++) {
            assertArrayEquals(a.layer(l).weightGrad(), b.layer(l).weightGrad(), "dW layer " + l);
            assertArrayEquals(a.layer(l).biasGrad(), b.layer(l).biasGrad(), "db layer " + l);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"topk:2", "unified:2", "randomk:2"})
    void backwardClearsThePreviousStepsGradientsIncludingTouchedRowsOnly(String spec) {
        Mlp mlp = Mlp.create(new int[] {6, 7, 5, 3}, Activation.RELU, 4);
        Dataset d1 = batch(5, 6, 3, 1);
        Dataset d2 = batch(5, 6, 3, 2);
        Backprop bp = new Backprop(mlp, 8);
        List<MeProp> p = List.of(MeProp.parse(spec));
        bp.forward(SERIAL, d1.x(), d1.y(), 0, 5);
        bp.backward(SERIAL, p, null);
        bp.forward(SERIAL, d2.x(), d2.y(), 0, 5);
        bp.backward(SERIAL, p, null);
        float[][] second = {mlp.layer(0).weightGrad().clone(), mlp.layer(1).weightGrad().clone()};
        // A fresh Backprop with the same random stream position cannot be arranged for randomk, so
        // compare with the masked reference via touched rows: every row not touched must be zero.
        for (int l = 0; l < 2; l++) {
            Dense layer = mlp.layer(l);
            if (layer.allRowsTouched()) {
                continue;
            }
            boolean[] touched = new boolean[layer.out()];
            for (int t = 0; t < layer.touchedCount(); t++) {
                touched[layer.touchedRows()[t]] = true;
            }
            for (int j = 0; j < layer.out(); j++) {
                if (!touched[j]) {
                    for (int i = 0; i < layer.in(); i++) {
                        assertEquals(0f, second[l][j * layer.in() + i], "row " + j + " of layer " + l + " not touched");
                    }
                }
            }
        }
        if (!spec.startsWith("randomk")) {
            Mlp fresh = mlp.copy();
            Backprop once = new Backprop(fresh, 8);
            once.forward(SERIAL, d2.x(), d2.y(), 0, 5);
            once.backward(SERIAL, p, null);
            for (int l = 0; l < mlp.depth(); l++) {
                assertArrayEquals(fresh.layer(l).weightGrad(), mlp.layer(l).weightGrad(), "layer " + l);
            }
        }
        assertTrue(Arrays.stream(mlp.hiddenSizes()).allMatch(s -> s > 0));
    }
}
