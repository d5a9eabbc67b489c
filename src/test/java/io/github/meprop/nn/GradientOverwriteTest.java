package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.LinearFixtures;
import io.github.meprop.kernels.Parallelism;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Dense}'s backward methods overwrite dW and db and clear only the rows the previous backward
 * touched and this one does not. After any sequence of dense, per-example, unified and large-k
 * (crossover) backwards, the layer's gradients and touched set must be exactly those of a fresh
 * layer that ran only the last backward: selected rows bit-identical, every other row +0.
 */
class GradientOverwriteTest {
    private static final Parallelism SERIAL = Parallelism.serial();

    private interface Step {
        void run(Dense layer, float[] x, float[] g, float[] dx);
    }

    private static void assertSameBits(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    private static boolean[] touchedSet(Dense d) {
        Parameter w = d.weight();
        boolean[] s = new boolean[d.out()];
        if (w.allRowsTouched()) {
            Arrays.fill(s, true);
        } else {
            for (int t = 0; t < w.touchedCount(); t++) {
                s[w.touchedRows()[t]] = true;
            }
        }
        return s;
    }

    /** The layer's backward with the given selection (identity activation: g is used as given). */
    private static void backward(Dense d, float[] x, float[] g, float[] dx, int batch, Selection s) {
        d.backward(SERIAL, x, new float[batch * d.out()], g.clone(), dx, batch, FixedSelector.sparsifier(s));
    }

    @Test
    void anySequenceOfBackwardsLeavesTheGradientOfTheLastOne() {
        int in = 37;
        int out = 41;
        int batch = 9;
        SplittableRandom rnd = new SplittableRandom(5);
        Dense layer = new Dense(in, out, Activation.IDENTITY, LinearFixtures.gaussian(rnd, out * in), LinearFixtures.gaussian(rnd, out));
        float[] dx = new float[batch * in];
        int steps = 0;
        int crossovers = 0;
        for (int s = 0; s < 60; s++) {
            float[] x = LinearFixtures.gaussian(rnd, batch * in);
            float[] g = LinearFixtures.gaussian(rnd, batch * out);
            int kind = rnd.nextInt(5);
            int k = switch (kind) {
                case 1 -> 1 + rnd.nextInt(4);
                case 2 -> 13 + rnd.nextInt(out - 13);
                case 3 -> 1 + rnd.nextInt(6);
                default -> out;
            };
            int[] idx = kind == 3 ? LinearFixtures.randomRows(rnd, 1, out, k) : LinearFixtures.randomRows(rnd, batch, out, k);
            Selection sel = switch (kind) {
                case 0 -> Selection.all(batch, out);
                case 3 -> Selection.ofShared(batch, out, k, idx);
                default -> k == out ? Selection.all(batch, out) : Selection.ofRows(batch, out, k, idx);
            };
            Step step = (d, xx, gg, ddx) -> backward(d, xx, gg, ddx, batch, sel);
            if (kind == 2 && k < out && io.github.meprop.kernels.Linear.sparseRunsDense(k, out)) {
                crossovers++;
            }
            step.run(layer, x, g, dx);
            Dense fresh = new Dense(in, out, Activation.IDENTITY, layer.weights(), layer.biases());
            float[] dxFresh = new float[batch * in];
            step.run(fresh, x, g, dxFresh);
            String at = "step " + s + " (kind " + kind + ", k " + k + ")";
            assertSameBits(at + " dW", fresh.weightGrad(), layer.weightGrad());
            assertSameBits(at + " db", fresh.biasGrad(), layer.biasGrad());
            assertSameBits(at + " dx", dxFresh, dx);
            assertEquals(Arrays.toString(touchedSet(fresh)), Arrays.toString(touchedSet(layer)), at + " touched");
            boolean[] touched = touchedSet(layer);
            for (int j = 0; j < out; j++) {
                if (!touched[j]) {
                    for (int i = 0; i < in; i++) {
                        assertEquals(0, Float.floatToRawIntBits(layer.weightGrad()[j * in + i]), at + " row " + j);
                    }
                }
            }
            steps++;
        }
        assertEquals(60, steps);
        assertTrue(crossovers > 0, "no step used the large-k crossover");
    }

    @Test
    void zeroGradStillClearsEverything() {
        SplittableRandom rnd = new SplittableRandom(6);
        int in = 10;
        int out = 12;
        Dense layer = new Dense(in, out, Activation.IDENTITY, LinearFixtures.gaussian(rnd, out * in), LinearFixtures.gaussian(rnd, out));
        int[] idx = LinearFixtures.randomRows(rnd, 3, out, 2);
        backward(layer, LinearFixtures.gaussian(rnd, 3 * in), LinearFixtures.gaussian(rnd, 3 * out), null, 3,
                Selection.ofRows(3, out, 2, idx));
        layer.zeroGrad();
        assertSameBits("dW", new float[out * in], layer.weightGrad());
        assertSameBits("db", new float[out], layer.biasGrad());
        assertEquals(0, layer.weight().touchedCount());
        backward(layer, LinearFixtures.gaussian(rnd, 3 * in), LinearFixtures.gaussian(rnd, 3 * out), null, 3,
                Selection.all(3, out));
        assertTrue(layer.weight().allRowsTouched());
        layer.zeroGrad();
        assertSameBits("dW after dense", new float[out * in], layer.weightGrad());
    }
}
