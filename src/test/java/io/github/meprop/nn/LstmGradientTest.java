package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Back propagation through time of {@link Lstm} (followed by a linear output layer): the dense
 * gradients against central differences of an independent double-precision LSTM
 * ({@link ReferenceLstm}) over several time steps, and the sparse (meProp) gradients against that
 * reference's backward with every step's gate gradient masked to the selection the layer reported.
 */
class LstmGradientTest {
    private static final Parallelism SERIAL = Parallelism.serial();
    static final int T = 5;
    static final int F = 3;
    static final int H = 4;
    static final int C = 3;
    static final int B = 6;

    /** A small model with non-zero biases everywhere (both LSTM biases, the output's). */
    static Model model(long seed) {
        Model m = Model.lstm(T, F, H, C, seed);
        SplittableRandom r = new SplittableRandom(seed + 100);
        Lstm l = (Lstm) m.layer(0);
        for (float[] b : new float[][] {l.biasIh().values(), l.biasHh().values(), m.dense(1).biases()}) {
            for (int i = 0; i < b.length; i++) {
                b[i] += (float) (0.2 * r.nextGaussian());
            }
        }
        // Larger recurrent weights than the default ±1/√H, so that the recurrence matters.
        float[] whh = l.weightHh().values();
        for (int i = 0; i < whh.length; i++) {
            whh[i] *= 2f;
        }
        return m;
    }

    static float[] inputs(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[batch * T * F];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static int[] labels(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(C);
        }
        return y;
    }

    private static float[][] lstmGrads(Model m) {
        Lstm l = (Lstm) m.layer(0);
        return new float[][] {l.weightIh().grad(), l.weightHh().grad(), l.biasIh().grad(), l.biasHh().grad(),
            m.dense(1).weightGrad(), m.dense(1).biasGrad()};
    }

    private static double[][] refParams(ReferenceLstm ref) {
        return new double[][] {ref.wih, ref.whh, ref.bih, ref.bhh, ref.wo, ref.bo};
    }

    private static double[][] refGrads(ReferenceLstm.Grads g) {
        return new double[][] {g.wih(), g.whh(), g.bih(), g.bhh(), g.wo(), g.bo()};
    }

    private static final String[] NAMES = {"weight_ih", "weight_hh", "bias_ih", "bias_hh", "out.weight", "out.bias"};

    @Test
    void denseGradientsMatchFiniteDifferencesThroughTime() {
        Model m = model(3);
        float[] x = inputs(B, 1);
        int[] y = labels(B, 2);
        Backprop bp = new Backprop(m);
        double loss = bp.forward(SERIAL, x, y, 0, B);
        bp.backward(SERIAL);

        ReferenceLstm ref = new ReferenceLstm(m);
        assertEquals(ref.loss(x, y, B), loss, 1e-5, "loss");
        double[][] params = refParams(ref);
        float[][] grads = lstmGrads(m);
        double[][] analytic = refGrads(ref.gradients(x, y, B, null));
        double eps = 1e-6;
        double worst = 0;
        for (int p = 0; p < params.length; p++) {
            for (int i = 0; i < params[p].length; i++) {
                double keep = params[p][i];
                params[p][i] = keep + eps;
                double up = ref.loss(x, y, B);
                params[p][i] = keep - eps;
                double down = ref.loss(x, y, B);
                params[p][i] = keep;
                double numeric = (up - down) / (2 * eps);
                // The double reference's own backward agrees with the differences to 1e-6 ...
                assertEquals(numeric, analytic[p][i], 1e-6 * Math.max(1, Math.abs(numeric)),
                        "reference " + NAMES[p] + "[" + i + "]");
                // ... and the float BPTT to float accuracy.
                double rel = Math.abs(numeric - grads[p][i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(grads[p][i]));
                worst = Math.max(worst, rel);
                if (rel > 1e-3) {
                    fail(NAMES[p] + "[" + i + "]: analytic " + grads[p][i] + ", numeric " + numeric);
                }
            }
        }
        assertTrue(worst < 1e-3, "worst relative error " + worst);
        // The recurrent weights really got gradient from several steps (not only the last one).
        assertTrue(Arrays.stream(refGrads(ref.gradients(x, y, B, null))[1]).anyMatch(v -> Math.abs(v) > 1e-4));
    }

    /**
     * The input gradient (an LSTM that is not the first layer passes it down) against differences
     * of the reference in the inputs.
     */
    @Test
    void inputGradientMatchesFiniteDifferences() {
        Model m = model(5);
        Lstm l = (Lstm) m.layer(0);
        float[] x = inputs(B, 7);
        int[] y = labels(B, 8);
        // Run the two layers by hand to get dx from the LSTM.
        float[] h = new float[B * H];
        float[] logits = new float[B * C];
        l.forwardForTraining(SERIAL, x, h, B);
        m.layer(1).forwardForTraining(SERIAL, h, logits, B);
        float[] dlogits = new float[B * C];
        SoftmaxCrossEntropy.lossAndGradient(logits, y, 0, dlogits, B, C);
        float[] dh = new float[B * H];
        m.layer(1).backward(SERIAL, h, logits, dlogits, dh, B, Sparsifier.dense(1));
        float[] dx = new float[B * T * F];
        l.backward(SERIAL, x, h, dh, dx, B, Sparsifier.dense(0));

        ReferenceLstm ref = new ReferenceLstm(m);
        double[] expected = ref.gradients(x, y, B, null).x();
        float[] xp = x.clone();
        double eps = 1e-3;
        for (int i = 0; i < x.length; i++) {
            xp[i] = x[i] + (float) eps;
            double up = ref.loss(xp, y, B);
            xp[i] = x[i] - (float) eps;
            double down = ref.loss(xp, y, B);
            xp[i] = x[i];
            double numeric = (up - down) / ((double) (x[i] + (float) eps) - (double) (x[i] - (float) eps));
            assertEquals(numeric, expected[i], 1e-4 * Math.max(1, Math.abs(numeric)), "reference dx[" + i + "]");
            assertEquals(expected[i], dx[i], 1e-5 + 1e-4 * Math.abs(expected[i]), "dx[" + i + "]");
        }
    }

    /**
     * meProp through time: every step's selection of the gate gradient (k of 4H per example and
     * step, or a shared set) masks the weight gradients; the float BPTT equals the masked
     * double-precision one, and top-k really kept the largest |da| of each example and step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"topk:3", "topk:1", "unified:5", "randomk:4", "adaptive:mass=0.5,k-min=1,k-max=6"})
    void sparseGradientsMatchTheMaskedReference(String spec) {
        Selector selector = Selectors.parse(spec);
        Model m = model(9);
        float[] x = inputs(B, 3);
        int[] y = labels(B, 4);
        List<boolean[]> masks = new ArrayList<>();
        Backprop bp = new Backprop(m, List.of(selector), (layer, s, g) -> {
            assertEquals(0, layer);
            assertEquals(4 * H, s.width());
            assertEquals(B, s.rows());
            masks.add(Masks.of(s));
        }, 3, 0f);
        bp.forward(SERIAL, x, y, 0, B);
        bp.backward(SERIAL);
        assertEquals(T, masks.size(), "one selection per time step");
        boolean[][] keep = new boolean[T][];
        for (int i = 0; i < T; i++) {
            keep[T - 1 - i] = masks.get(i); // the steps are visited last to first
        }
        ReferenceLstm ref = new ReferenceLstm(m);
        ReferenceLstm.Grads g = ref.gradients(x, y, B, keep);
        double[][] expected = refGrads(g);
        float[][] actual = lstmGrads(m);
        for (int p = 0; p < expected.length; p++) {
            assertClose(expected[p], actual[p], spec + " " + NAMES[p]);
        }
        if (selector.name().equals("topk")) {
            int k = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    double minIn = Double.POSITIVE_INFINITY;
                    double maxOut = 0;
                    int kept = 0;
                    for (int q = 0; q < 4 * H; q++) {
                        double v = Math.abs(g.da()[t][b * 4 * H + q]);
                        if (keep[t][b * 4 * H + q]) {
                            kept++;
                            minIn = Math.min(minIn, v);
                        } else {
                            maxOut = Math.max(maxOut, v);
                        }
                    }
                    assertEquals(k, kept, "step " + t + " example " + b);
                    assertTrue(minIn >= maxOut * (1 - 1e-4), spec + " step " + t + " example " + b + ": kept min "
                            + minIn + " < dropped max " + maxOut);
                }
            }
        }
        // The touched rows of the weights are the union over the steps (lazy Adam relies on it),
        // and every row outside it is zero.
        Lstm l = (Lstm) m.layer(0);
        boolean[] union = new boolean[4 * H];
        boolean[] unionRecurrent = new boolean[4 * H];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < B * 4 * H; i++) {
                if (keep[t][i]) {
                    union[i % (4 * H)] = true;
                    if (t > 0) {
                        unionRecurrent[i % (4 * H)] = true;
                    }
                }
            }
        }
        assertTouched(l.weightIh(), union);
        assertTouched(l.weightHh(), unionRecurrent);
    }

    private static void assertTouched(Parameter p, boolean[] expected) {
        boolean[] touched = new boolean[p.rows()];
        if (p.allRowsTouched()) {
            Arrays.fill(touched, true);
        } else {
            for (int i = 0; i < p.touchedCount(); i++) {
                touched[p.touchedRows()[i]] = true;
            }
        }
        assertArrayEquals(expected, touched, p.name() + " touched rows");
        for (int j = 0; j < p.rows(); j++) {
            if (!touched[j]) {
                for (int i = 0; i < p.cols(); i++) {
                    assertEquals(0f, p.grad()[j * p.cols() + i], p.name() + " untouched row " + j);
                }
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

    /** k = 4H keeps everything: the same bits as the dense backward. */
    @ParameterizedTest
    @ValueSource(strings = {"topk:100%", "unified:100%"})
    void keepingEveryEntryGivesTheDenseGradientsExactly(String spec) {
        Model a = model(4);
        Model b = a.copy();
        float[] x = inputs(B, 5);
        int[] y = labels(B, 6);
        Backprop pa = new Backprop(a);
        Backprop pb = new Backprop(b, List.of(Selectors.parse(spec)), null, 1, 0f);
        pa.forward(SERIAL, x, y, 0, B);
        pa.backward(SERIAL);
        pb.forward(SERIAL, x, y, 0, B);
        pb.backward(SERIAL);
        float[][] ga = lstmGrads(a);
        float[][] gb = lstmGrads(b);
        for (int p = 0; p < ga.length; p++) {
            assertArrayEquals(ga[p], gb[p], NAMES[p]);
        }
    }

    /**
     * A sparse step after another leaves exactly the second batch's gradients (the rows the first
     * step touched and the second did not are cleared), as a fresh model's single step gives them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"topk:2", "unified:3", "dense"})
    void eachBackwardOverwritesThePreviousStepsGradients(String spec) {
        Model m = model(6);
        List<Selector> sel = List.of(Selectors.parse(spec));
        Backprop bp = new Backprop(m, sel, null, 8, 0f);
        bp.forward(SERIAL, inputs(B, 10), labels(B, 11), 0, B);
        bp.backward(SERIAL);
        Model fresh = m.copy();
        bp.forward(SERIAL, inputs(B, 12), labels(B, 13), 0, B);
        bp.backward(SERIAL);
        // Repeating the backward on the same forward gives the same gradients (nothing stale).
        float[][] once = Arrays.stream(lstmGrads(m)).map(float[]::clone).toArray(float[][]::new);
        bp.backward(SERIAL);
        Backprop other = new Backprop(fresh, sel, null, 8, 0f);
        other.forward(SERIAL, inputs(B, 12), labels(B, 13), 0, B);
        other.backward(SERIAL);
        float[][] twice = lstmGrads(m);
        float[][] single = lstmGrads(fresh);
        for (int p = 0; p < once.length; p++) {
            assertArrayEquals(once[p], twice[p], "repeated backward " + NAMES[p]);
            assertArrayEquals(single[p], once[p], "after another step " + NAMES[p]);
        }
    }

    /** One time step: no recurrent gradient at all (h_0 = 0), and the rest still right. */
    @Test
    void aSingleStepHasNoRecurrentGradient() {
        Model m = Model.lstm(1, 4, 3, 2, 1);
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[5 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] y = {0, 1, 1, 0, 1};
        Backprop bp = new Backprop(m, List.of(TopKSelector.of(2)), null, 1, 0f);
        bp.forward(SERIAL, x, y, 0, 5);
        bp.backward(SERIAL);
        Lstm l = (Lstm) m.layer(0);
        for (float v : l.weightHh().grad()) {
            assertEquals(0f, v);
        }
        assertEquals(0, l.weightHh().touchedCount());
        ReferenceLstm ref = new ReferenceLstm(m);
        assertEquals(ref.loss(x, y, 5), bp.forward(SERIAL, x, y, 0, 5), 1e-5);
    }
}
