package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.SafeTensors;
import io.github.meprop.io.Tensor;
import io.github.meprop.io.TensorBundle;
import io.github.meprop.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Lstm} as a layer: the forward pass against the double-precision reference, inference
 * against the training forward and across threads, initialisation, the structural edits of meSimp
 * (removing a unit whose outgoing weights are zero leaves the outputs unchanged), the model file
 * round trip, and training on a task that needs memory.
 */
class LstmLayerTest {
    private static final Parallelism SERIAL = Parallelism.serial();

    @TempDir
    Path dir;

    private static float[] randomInputs(int n, long seed) {
        return LstmGradientTest.inputs(n, seed);
    }

    @Test
    void forwardMatchesTheReferenceAndInferenceEqualsTheTrainingForward() {
        Model m = LstmGradientTest.model(2);
        Lstm l = (Lstm) m.layer(0);
        int batch = 37;
        float[] x = LstmGradientTest.inputs(batch, 3);
        float[] inference = new float[batch * l.units()];
        float[] training = new float[batch * l.units()];
        l.forward(SERIAL, x, inference, batch);
        l.forwardForTraining(SERIAL, x, training, batch);
        assertArrayEquals(training, inference, "inference = training forward for a batch of at most CHUNK");
        ReferenceLstm ref = new ReferenceLstm(m);
        for (int b = 0; b < batch; b++) {
            double[] h = ref.lastHidden(x, b);
            for (int j = 0; j < l.units(); j++) {
                assertEquals(h[j], inference[b * l.units() + j], 2e-6, "h_T[" + b + ", " + j + "]");
            }
        }
    }

    /** A batch larger than {@link Lstm#CHUNK} runs in chunks: the same as the chunks run alone. */
    @Test
    void inferenceOfALargeBatchIsItsChunks() {
        Model m = Model.lstm(6, 5, 24, 3, 4);
        Lstm l = (Lstm) m.layer(0);
        int batch = 2 * Lstm.CHUNK + 17;
        float[] x = new float[batch * 30];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] all = new float[batch * 24];
        l.forward(SERIAL, x, all, batch);
        for (int from = 0; from < batch; from += Lstm.CHUNK) {
            int n = Math.min(Lstm.CHUNK, batch - from);
            float[] part = new float[n * 24];
            l.forward(SERIAL, Arrays.copyOfRange(x, from * 30, (from + n) * 30), part, n);
            assertArrayEquals(part, Arrays.copyOfRange(all, from * 24, (from + n) * 24), "chunk at " + from);
        }
    }

    /** forward only reads the layer: threads predicting at once get the serial results. */
    @Test
    void concurrentInferenceGivesTheSerialResults() throws Exception {
        Model m = Model.lstm(7, 4, 20, 5, 9);
        int batch = 50;
        float[] x = new float[batch * 28];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] expected = new float[batch * 5];
        m.logits(SERIAL, x, batch, expected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    float[] out = new float[batch * 5];
                    for (int rep = 0; rep < 20; rep++) {
                        m.logits(SERIAL, x, batch, out);
                    }
                    return out;
                }));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void initialisationIsSeededWithForgetBiasOne() {
        Model a = Model.lstm(28, 28, 16, 10, 5);
        Model b = Model.lstm(28, 28, 16, 10, 5);
        Model c = Model.lstm(28, 28, 16, 10, 6);
        Lstm la = (Lstm) a.layer(0);
        assertArrayEquals(la.weightHh().values(), ((Lstm) b.layer(0)).weightHh().values());
        assertArrayEquals(a.dense(1).weights(), b.dense(1).weights());
        assertNotEquals(Arrays.toString(la.weightHh().values()), Arrays.toString(((Lstm) c.layer(0)).weightHh().values()));
        float bound = (float) (1 / Math.sqrt(16));
        for (float[] w : new float[][] {la.weightIh().values(), la.weightHh().values()}) {
            for (float v : w) {
                assertTrue(Math.abs(v) <= bound, "weight " + v + " outside ±1/√H");
            }
        }
        float[] bi = la.biasIh().values();
        for (int p = 0; p < 64; p++) {
            assertEquals(p >= 16 && p < 32 ? 1f : 0f, bi[p], "bias_ih[" + p + "]");
        }
        for (float v : la.biasHh().values()) {
            assertEquals(0f, v);
        }
        assertEquals(784, a.inputs());
        assertArrayEquals(new int[] {16}, a.hiddenSizes());
        assertArrayEquals(new int[] {64}, a.selectionWidths());
        assertEquals(4L * 16 * (28 + 16 + 2) + 16 * 10 + 10, a.parameterCount());
    }

    /**
     * Removing a unit whose outgoing weights (its column of W_hh and of the next layer) are zero
     * leaves every output unchanged: it feeds nothing. Up to float rounding of the shorter sums.
     */
    @Test
    void removingAUnitThatFeedsNothingLeavesTheOutputsUnchanged() {
        Model m = Model.lstm(6, 3, 8, 4, 7);
        Lstm l = (Lstm) m.layer(0);
        int[] dead = {2, 5};
        for (int j : dead) {
            for (int p = 0; p < 32; p++) {
                l.weightHh().values()[p * 8 + j] = 0f;
            }
            for (int k = 0; k < 4; k++) {
                m.dense(1).weights()[k * 8 + j] = 0f;
            }
        }
        int batch = 40;
        float[] x = new float[batch * 18];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] before = new float[batch * 4];
        m.logits(SERIAL, x, batch, before);
        int[] keep = {0, 1, 3, 4, 6, 7};
        m.keepUnits(0, keep);
        assertEquals(6, l.units());
        assertArrayEquals(new int[] {24, 3}, l.weightIh().shape());
        assertArrayEquals(new int[] {24, 6}, l.weightHh().shape());
        assertArrayEquals(new int[] {24}, l.biasIh().shape());
        assertEquals(6, m.dense(1).in());
        float[] after = new float[batch * 4];
        m.logits(SERIAL, x, batch, after);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 1e-6 * Math.max(1, Math.abs(before[i])), "logit " + i);
        }
        // Removing a unit that does feed something changes the outputs.
        m.keepUnits(0, new int[] {1, 2, 3, 4, 5});
        float[] changed = new float[batch * 4];
        m.logits(SERIAL, x, batch, changed);
        assertTrue(maxDiff(after, changed) > 1e-3, "removing a live unit changes the logits");
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** keepUnits keeps rows j, H+j, 2H+j, 3H+j and column j of W_hh, with gradients and optimizer state. */
    @Test
    void keepUnitsKeepsTheFourGateRowsAndTheRecurrentColumn() {
        int h = 5;
        int f = 2;
        float[] wih = new float[4 * h * f];
        float[] whh = new float[4 * h * h];
        float[] bih = new float[4 * h];
        float[] bhh = new float[4 * h];
        for (int p = 0; p < 4 * h; p++) {
            bih[p] = p;
            bhh[p] = -p;
            for (int i = 0; i < f; i++) {
                wih[p * f + i] = 100 * p + i;
            }
            for (int j = 0; j < h; j++) {
                whh[p * h + j] = 1000 * p + j;
            }
        }
        Lstm l = new Lstm(3, f, h, wih, whh, bih, bhh);
        for (Parameter p : l.parameters()) {
            p.ensureState(2);
            for (int i = 0; i < p.size(); i++) {
                p.state(0)[i] = p.values()[i] + 0.5f;
                p.grad()[i] = -p.values()[i];
            }
        }
        int[] keep = {1, 4};
        l.keepUnits(keep);
        assertEquals(2, l.units());
        int[] rows = {1, 4, 6, 9, 11, 14, 16, 19};
        for (int t = 0; t < rows.length; t++) {
            int p = rows[t];
            assertEquals(p, l.biasIh().values()[t]);
            assertEquals(-p, l.biasHh().values()[t]);
            for (int i = 0; i < f; i++) {
                assertEquals(100 * p + i, l.weightIh().values()[t * f + i]);
                assertEquals(100 * p + i + 0.5f, l.weightIh().state(0)[t * f + i]);
                assertEquals(-(100 * p + i), l.weightIh().grad()[t * f + i]);
            }
            for (int c = 0; c < 2; c++) {
                assertEquals(1000 * p + keep[c], l.weightHh().values()[t * 2 + c]);
                assertEquals(1000 * p + keep[c] + 0.5f, l.weightHh().state(0)[t * 2 + c]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> l.keepUnits(new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> l.keepUnits(new int[] {2}));
    }

    @Test
    void keepInputsKeepsTheSameFeaturesAtEveryStep() {
        Lstm l = Lstm.random(3, 4, 2, 1);
        float[] before = l.weightIh().values().clone();
        l.keepInputs(new int[] {1, 3, 5, 7, 9, 11});
        assertEquals(2, l.features());
        assertEquals(6, l.inputWidth());
        for (int p = 0; p < 8; p++) {
            assertEquals(before[p * 4 + 1], l.weightIh().values()[p * 2]);
            assertEquals(before[p * 4 + 3], l.weightIh().values()[p * 2 + 1]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.keepInputs(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("same features at every step"), e.getMessage());
    }

    @Test
    void saveLoadRoundTripIsBitExact() throws IOException {
        Model m = LstmGradientTest.model(8);
        Lstm l = (Lstm) m.layer(0);
        l.weightHh().values()[0] = -0.0f;
        l.weightIh().values()[1] = Float.MIN_VALUE;
        m.keepUnits(0, new int[] {0, 2, 3}); // a simplified shape
        Path f = dir.resolve("lstm.safetensors");
        ModelFile.save(f, m);
        TensorBundle raw = SafeTensors.read(f);
        assertEquals("meprop", raw.metadata().get("format"));
        assertEquals("2", raw.metadata().get("format_version"));
        assertEquals("lstm", raw.metadata().get("layers.0.type"));
        assertEquals(Integer.toString(LstmGradientTest.T), raw.metadata().get("layers.0.steps"));
        assertEquals("dense", raw.metadata().get("layers.1.type"));
        assertArrayEquals(new int[] {12, LstmGradientTest.F}, raw.tensor("layers.0.weight_ih").shape());
        assertArrayEquals(new int[] {12, 3}, raw.tensor("layers.0.weight_hh").shape());
        assertArrayEquals(new int[] {12}, raw.tensor("layers.0.bias_ih").shape());
        assertArrayEquals(new int[] {12}, raw.tensor("layers.0.bias_hh").shape());

        Model back = ModelFile.load(f);
        Lstm lb = (Lstm) back.layer(0);
        assertEquals(LstmGradientTest.T, lb.steps());
        for (int p = 0; p < l.parameters().size(); p++) {
            assertArrayEquals(bits(l.parameters().get(p).values()), bits(lb.parameters().get(p).values()),
                    l.parameters().get(p).name());
        }
        float[] x = LstmGradientTest.inputs(9, 1);
        float[] a = new float[9 * LstmGradientTest.C];
        float[] b = new float[9 * LstmGradientTest.C];
        m.logits(SERIAL, x, 9, a);
        back.logits(SERIAL, x, 9, b);
        assertArrayEquals(a, b);
        Path g = dir.resolve("again.safetensors");
        ModelFile.save(g, back);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    @Test
    void filesThatDoNotDescribeAnLstmAreRefusedByName() throws IOException {
        Model m = Model.lstm(4, 3, 5, 2, 1);
        TensorBundle good = SafeTensors.read(save(m, "good"));
        // Without the steps setting.
        Map<String, String> meta = new LinkedHashMap<>(good.metadata());
        meta.remove("layers.0.steps");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(write("nosteps", good.tensors(), meta)));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        // weight_hh not [4H, H].
        List<Tensor> ts = new ArrayList<>();
        for (Tensor t : good.tensors()) {
            ts.add(t.name().equals("layers.0.weight_hh") ? Tensor.of(t.name(), new float[20 * 4], 20, 4) : t);
        }
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(write("shape", ts, good.metadata())));
        assertTrue(e.getMessage().contains("weight_hh"), e.getMessage());
    }

    private Path save(Model m, String name) throws IOException {
        Path f = dir.resolve(name + ".safetensors");
        ModelFile.save(f, m);
        return f;
    }

    private Path write(String name, List<Tensor> tensors, Map<String, String> meta) throws IOException {
        Path f = dir.resolve(name + ".safetensors");
        SafeTensors.write(f, new TensorBundle(tensors, meta));
        return f;
    }

    /**
     * A task that needs memory: the class is the sign pattern of the first two steps' feature,
     * followed by noise steps; with top-k of the gate gradients the LSTM learns it.
     */
    static Dataset memoryTask(int n, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * steps * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(4);
            y[i] = c;
            for (int t = 0; t < steps; t++) {
                x[(i * steps + t) * 2] = (float) (0.3 * r.nextGaussian());
                x[(i * steps + t) * 2 + 1] = (float) (0.3 * r.nextGaussian());
            }
            x[i * steps * 2] = (c & 1) == 0 ? -1f : 1f;
            x[(i * steps + 1) * 2] = (c & 2) == 0 ? -1f : 1f;
        }
        return new Dataset("memory", x, y, n, steps * 2, 4);
    }

    @Test
    void learnsATaskThatNeedsMemoryWithSparseBackprop() {
        int steps = 8;
        Dataset train = memoryTask(500, steps, 1);
        Dataset test = memoryTask(300, steps, 2);
        for (String mode : new String[] {"topk:8", "unified:8"}) {
            Model m = Model.lstm(steps, 2, 16, 4, 3);
            TrainConfig config = TrainConfig.builder().epochs(5).batchSize(20).seed(4).dropout(0f)
                    .optimizer(Adam.Spec.reference().withLearningRate(0.01f)).selector(Selectors.parse(mode)).build();
            TrainingResult r = new Trainer(config).train(m, train, null, test);
            assertTrue(r.testAccuracy() >= 0.95, mode + ": test accuracy " + r.testAccuracy());
            assertEquals(8.0, r.history().get(r.history().size() - 1).meanK()[0], mode + ": k of 64 gate entries");
        }
    }

    @Test
    void selectorsAreValidatedAgainstTheGateWidth() {
        Model m = Model.lstm(4, 3, 5, 2, 1);
        TrainConfig ok = TrainConfig.builder().selector(TopKSelector.of(20)).build();
        ok.checkSelectors(m.selectionWidths()); // 20 ≤ 4·5
        TrainConfig big = TrainConfig.builder().selector(TopKSelector.of(21)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> big.checkSelectors(m.selectionWidths()));
        assertTrue(e.getMessage().contains("width 20"), e.getMessage());
        // Automatic dropout looks at k / 4H.
        assertEquals(TrainConfig.AUTO_DROPOUT_RATE, TrainConfig.builder().selector(TopKSelector.of(4)).build()
                .dropoutFor(m.selectionWidths()));
        assertEquals(0f, TrainConfig.builder().selector(TopKSelector.of(6)).build().dropoutFor(m.selectionWidths()));
    }
}
