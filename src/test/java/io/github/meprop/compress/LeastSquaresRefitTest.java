package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastSquaresRefitTest {

    /** A rule that removes fixed units (for the tests). */
    private record Fixed(int[] keep) implements CompressionRule {
        @Override
        public int[] keep(Model model, int hidden, CompressionContext evidence) {
            return hidden == 0 ? keep : null;
        }

        @Override
        public String name() {
            return "fixed";
        }
    }

    private static Dataset data(int n, int width, long seed) {
        float[] x = Nets.gaussian(n * width, seed);
        int[] y = new int[n];
        return Dataset.ofFlat("gauss", x, width, y, 3);
    }

    private static CompressionContext context(Dataset d) {
        return new CompressionContext(new Activeness(), d, Parallelism.serial());
    }

    /** Pre-activations of layer 1 (the logits of a one-hidden-layer model) on the data. */
    private static float[] logits(Model m, Dataset d) {
        return Nets.logits(m, d.x(), d.size());
    }

    /**
     * 6 inputs, 8 hidden ReLU units, 3 outputs. Unit 5 is unit 1 scaled by 2.5 (weights and bias),
     * so z_5 = 2.5·z_1 for every input; unit 7 has zero weights and bias 0.7, so z_7 = 0.7 always.
     */
    private static Model redundant() {
        Model m = Model.mlp(new int[] {6, 8, 3}, Activation.RELU, 11);
        Dense h = m.dense(0);
        float[] w = h.weights();
        float[] b = h.biases();
        SplittableRandom r = new SplittableRandom(5);
        for (int j = 0; j < 8; j++) {
            b[j] = (float) (0.3 * r.nextGaussian());
        }
        for (int i = 0; i < 6; i++) {
            w[5 * 6 + i] = 2.5f * w[6 + i];
            w[7 * 6 + i] = 0;
        }
        b[5] = 2.5f * b[1];
        b[7] = 0.7f;
        float[] b2 = m.dense(1).biases();
        for (int o = 0; o < 3; o++) {
            b2[o] = (float) (0.2 * r.nextGaussian());
        }
        return m;
    }

    @Test
    void unitsThatAreLinearCombinationsOfKeptOnesGoWithoutChangingTheOutputs() {
        Model m = redundant();
        Model before = m.copy();
        Dataset d = data(400, 6, 1);
        int[] keep = {0, 1, 2, 3, 4, 6};
        LeastSquaresRefit rule = new LeastSquaresRefit(new Fixed(keep), 1e-9, 0);
        assertArrayEquals(keep, rule.keep(m, 0, context(d)));
        m.keepUnits(0, keep);
        assertEquals(6, m.hiddenSizes()[0]);
        // Unchanged on the data, and on inputs never seen (the relations hold for every input).
        Nets.assertClose(logits(before, d), logits(m, d), 1e-5);
        float[] fresh = Nets.gaussian(50 * 6, 99);
        Nets.assertClose(Nets.logits(before, fresh, 50), Nets.logits(m, fresh, 50), 1e-5);
        // Plain dropping the same units changes them.
        Model dropped = before.copy();
        dropped.keepUnits(0, keep);
        double drop = error(before, dropped, d);
        assertTrue(drop > 1e-2, "dropping changes the outputs: " + drop);
    }

    /** Σ over the data of the squared change of the outputs (next layer's pre-activations). */
    private static double error(Model a, Model b, Dataset d) {
        float[] la = logits(a, d);
        float[] lb = logits(b, d);
        double s = 0;
        for (int i = 0; i < la.length; i++) {
            double e = (double) la[i] - lb[i];
            s += e * e;
        }
        return s;
    }

    @Test
    void reducesThePreActivationErrorAgainstDroppingAndFolding() {
        Model m = Model.mlp(new int[] {10, 40, 5}, Activation.RELU, 3);
        float[] b = m.dense(0).biases();
        for (int j = 0; j < b.length; j++) {
            b[j] = 0.1f * (j % 5);
        }
        Dataset d = data(2000, 10, 2);
        // Drop the 30% of units with the lowest magnitude scores.
        MagnitudeRule magnitude = new MagnitudeRule(0.7);
        Model dropped = m.copy();
        int[] keep = magnitude.keep(dropped, 0, context(d));
        dropped.keepUnits(0, keep);
        Model refit = m.copy();
        assertArrayEquals(keep, new LeastSquaresRefit(magnitude, 1e-6, 0).keep(refit, 0, context(d)));
        refit.keepUnits(0, keep);
        double eDrop = error(m, dropped, d);
        double eRefit = error(m, refit, d);
        assertTrue(eRefit < 0.5 * eDrop, "refit " + eRefit + " vs drop " + eDrop);

        // Against merging's fold at the same τ: the refit of the same plan changes the outputs less.
        Merger merger = new Merger(0.3);
        Model folded = m.copy();
        int[] mk = merger.keep(folded, 0, CompressionContext.weightsOnly());
        folded.keepUnits(0, mk);
        Model merged = m.copy();
        assertArrayEquals(mk, new LeastSquaresRefit(merger, 1e-6, 0).keep(merged, 0, context(d)));
        merged.keepUnits(0, mk);
        assertTrue(mk.length < 40, "something merged");
        double eFold = error(m, folded, d);
        double eMerged = error(m, merged, d);
        assertTrue(eMerged < eFold, "refit " + eMerged + " vs fold " + eFold);
    }

    @Test
    void theSolutionIsALeastSquaresMinimum() {
        Model m = Model.mlp(new int[] {7, 12, 4}, Activation.RELU, 8);
        Dataset d = data(500, 7, 4);
        int[] keep = {0, 2, 3, 5, 8, 9, 11};
        Model refit = m.copy();
        new LeastSquaresRefit(new Fixed(keep), 0, 0).keep(refit, 0, context(d));
        refit.keepUnits(0, keep);
        double best = error(m, refit, d);
        // Any perturbation of a kept weight or the bias increases the error.
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 20; t++) {
            Model p = refit.copy();
            float[] w = r.nextBoolean() ? p.dense(1).weights() : p.dense(1).biases();
            w[r.nextInt(w.length)] += (float) (r.nextBoolean() ? 0.01 : -0.01);
            assertTrue(error(m, p, d) > best, "perturbation " + t);
        }
    }

    @Test
    void gramMatrixMatchesADirectSum() {
        Model m = Model.mlp(new int[] {5, 9, 7, 2}, Activation.RELU, 2);
        Dataset d = data(1100, 5, 6); // more than one block of examples
        double[] g = ActivationGram.of(m, 1, d, 0, Parallelism.serial());
        // Direct: the outputs of hidden layer 1, in double.
        int w = 7;
        double[] expected = new double[(w + 1) * (w + 1)];
        float[] z0 = new float[9];
        float[] z1 = new float[7];
        for (int e = 0; e < d.size(); e++) {
            float[] x = java.util.Arrays.copyOfRange(d.x(), e * 5, e * 5 + 5);
            m.layer(0).forward(Parallelism.serial(), x, z0, 1);
            m.layer(1).forward(Parallelism.serial(), z0, z1, 1);
            double[] a = new double[w + 1];
            for (int j = 0; j < w; j++) {
                a[j] = z1[j];
            }
            a[w] = 1;
            for (int p = 0; p <= w; p++) {
                for (int q = 0; q <= w; q++) {
                    expected[p * (w + 1) + q] += a[p] * a[q];
                }
            }
        }
        for (int i = 0; i < g.length; i++) {
            assertEquals(expected[i], g[i], 1e-4 * (1 + Math.abs(expected[i])), "entry " + i);
        }
        assertEquals(1100, g[g.length - 1]);
        assertEquals(300, ActivationGram.of(m, 1, d, 300, Parallelism.serial())[g.length - 1], "samples");
    }

    @Test
    void registeredWithTheWrappedRulesSettings() {
        var rules = CompressionRules.parse("refit:of=merge,tau=0.7,ridge=0.01,samples=500");
        LeastSquaresRefit r = assertInstanceOf(LeastSquaresRefit.class, rules.get(0));
        assertEquals(0.7, assertInstanceOf(Merger.class, r.select()).tau());
        assertEquals(0.01, r.ridge());
        assertEquals(500, r.samples());
        assertEquals("merge", r.name());
        var bad = assertThrows(InvalidSettingException.class,
                () -> CompressionRules.create("refit", Options.of("of", "prune", "tau", "0.5")));
        assertEquals("tau", bad.setting());
        assertEquals("ridge", assertThrows(InvalidSettingException.class,
                () -> new LeastSquaresRefit(new MagnitudeRule(0.5), -1, 0)).setting());
        assertEquals("samples", assertThrows(InvalidSettingException.class,
                () -> new LeastSquaresRefit(new MagnitudeRule(0.5), 0, -1)).setting());
    }

    @Test
    void needsData() {
        Model m = Model.mlp(new int[] {4, 6, 2}, Activation.RELU, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LeastSquaresRefit(new MagnitudeRule(0.5)).keep(m, 0, CompressionContext.weightsOnly()));
        assertTrue(e.getMessage().contains("needs data"), e.getMessage());
        // Nothing chosen: nothing refit, weights untouched.
        Model copy = m.copy();
        assertNull(new LeastSquaresRefit(new Fixed(null)).keep(m, 0, context(data(10, 4, 1))));
        assertArrayEquals(copy.dense(1).weights(), m.dense(1).weights());
    }

    @Test
    void duringMeSimpAtPrunePoints() {
        // The rule runs inside MeSimp like any other: units go and the refit keeps the outputs.
        Model m = redundant();
        Model before = m.copy();
        Dataset d = data(300, 6, 7);
        MeSimp simp = new MeSimp(List.of(new LeastSquaresRefit(new Fixed(new int[] {0, 1, 2, 3, 4, 6}), 1e-9, 0)),
                PruneSchedule.reference());
        PrunePoint p = simp.prune(m, d, Parallelism.serial(), 0, 0, 0);
        assertArrayEquals(new int[] {2}, p.removedBy("fixed"));
        Nets.assertClose(logits(before, d), logits(m, d), 1e-5);
    }
}
