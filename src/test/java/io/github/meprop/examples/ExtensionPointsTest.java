package io.github.meprop.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.compress.ActivenessRule;
import io.github.meprop.compress.CompressionRules;
import io.github.meprop.compress.MeSimp;
import io.github.meprop.compress.PruneSchedule;
import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Backprop;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.DenseSelector;
import io.github.meprop.nn.Layers;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Optimizers;
import io.github.meprop.nn.Options;
import io.github.meprop.nn.Parameter;
import io.github.meprop.nn.Selectors;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four extension points of docs/architecture.md, each used from outside the library: a class in
 * this package plus the one registration line in {@link #register()}, and nothing else.
 */
class ExtensionPointsTest {
    private static final Dataset TRAIN = rings(600, 1);
    private static final Dataset TEST = rings(400, 3);

    @BeforeAll
    static synchronized void register() {
        if (!Selectors.names().contains("threshold")) {
            Selectors.register("threshold", RelativeThresholdSelector::from);
            Optimizers.register("adagrad", Adagrad.Spec::from);
            Layers.register("glu", GatedLinear::fromFile);
            CompressionRules.register("unused", UnusedOutputRule::from);
        }
    }

    /** Three noisy rings in the plane (the library's test set, rebuilt here from public API only). */
    static Dataset rings(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            double radius = 1 + y[i] + 0.25 * r.nextGaussian();
            double angle = 2 * Math.PI * r.nextDouble();
            x[2 * i] = (float) (radius * Math.cos(angle));
            x[2 * i + 1] = (float) (radius * Math.sin(angle));
        }
        return new Dataset("rings", x, y, n, 2, 3);
    }

    private static TrainConfig.Builder config() {
        return TrainConfig.builder().epochs(30).batchSize(25).seed(5)
                .optimizer(Optimizers.create("adam", Options.of("lr", "0.01")));
    }

    @Test
    void aSelectorWithAKThatVariesPerExample() {
        Model m = Model.mlp(new int[] {2, 32, 32, 3}, Activation.RELU, 17);
        TrainingResult r = new Trainer(config().selector(Selectors.parse("threshold:ratio=0.3")).build())
                .train(m, TRAIN, null, TEST);
        assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
        double meanK = r.history().get(29).meanK()[1];
        assertTrue(meanK > 1 && meanK < 32, "a k between 1 and the width: " + meanK);
        assertEquals("threshold", r.mode());
    }

    @Test
    void anOptimizerByName() {
        Model m = Model.mlp(new int[] {2, 32, 32, 3}, Activation.RELU, 17);
        TrainingResult r = new Trainer(config().optimizer(Optimizers.create("adagrad", Options.of("lr", "0.05")))
                .selector(TopKSelector.of(8)).build()).train(m, TRAIN, null, TEST);
        assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
        assertEquals("adagrad(lr=0.05, eps=1.0E-8)", r.optimizer());
    }

    @Test
    void aLayerThatTrainsSavesLoadsAndShrinks(@TempDir Path dir) throws IOException {
        List<io.github.meprop.nn.Layer> layers = new java.util.ArrayList<>();
        layers.add(GatedLinear.random(2, 32, 3));
        layers.addAll(Model.mlp(new int[] {32, 32, 3}, Activation.RELU, 4).layers());
        Model m = Model.of(layers);
        List<io.github.meprop.nn.Layer> smooth = new java.util.ArrayList<>();
        smooth.add(GatedLinear.random(2, 32, 3));
        smooth.addAll(Model.mlp(new int[] {32, 16, 3}, Activation.TANH, 4).layers());
        gradientCheck(Model.of(smooth));
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0.05)), new PruneSchedule(10, 4, true, true));
        TrainingResult r = simp.attach(new Trainer(config().selector(TopKSelector.of(8)).build()))
                .train(m, TRAIN, null, TEST);
        assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
        assertTrue(m.hiddenSizes()[0] < 24, "meSimp removed gated units: " + m.hiddenSizes()[0]);
        assertEquals(m.hiddenSizes()[0], m.layer(1).inputWidth());

        Path file = dir.resolve("glu.safetensors");
        ModelFile.save(file, m);
        Model back = ModelFile.load(file);
        assertEquals("glu", back.layer(0).type());
        float[] a = new float[TEST.size() * 3];
        float[] b = new float[TEST.size() * 3];
        m.logits(Parallelism.serial(), TEST.x(), TEST.size(), a);
        back.logits(Parallelism.serial(), TEST.x(), TEST.size(), b);
        assertArrayEquals(a, b);
        assertTrue(Files.size(file) > 0);
    }

    /** The gated layer's analytic gradients against central differences of the training loss. */
    private static void gradientCheck(Model m0) {
        Model m = m0.copy();
        Dataset batch = TRAIN.slice("check", 0, 8);
        Backprop bp = new Backprop(m, List.of(DenseSelector.INSTANCE), null, 1, 0f);
        bp.forward(Parallelism.serial(), batch.x(), batch.y(), 0, 8);
        bp.backward(Parallelism.serial());
        for (Parameter p : m.parameters()) {
            float[] grad = p.grad().clone();
            for (int i = 0; i < p.size(); i += 7) {
                float keep = p.values()[i];
                p.values()[i] = keep + 1e-2f;
                double up = new Backprop(m).forward(Parallelism.serial(), batch.x(), batch.y(), 0, 8);
                p.values()[i] = keep - 1e-2f;
                double down = new Backprop(m).forward(Parallelism.serial(), batch.x(), batch.y(), 0, 8);
                p.values()[i] = keep;
                double numeric = (up - down) / 2e-2;
                assertEquals(numeric, grad[i], 2e-3 + 2e-2 * Math.abs(numeric), p.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void aCompressionRuleByName() {
        Model m = Model.mlp(new int[] {2, 16, 3}, Activation.RELU, 4);
        float[] w = m.dense(1).weights();
        for (int r = 0; r < 3; r++) {
            w[r * 16 + 5] = 0f;
            w[r * 16 + 11] = 0f;
        }
        float[] before = new float[TEST.size() * 3];
        m.logits(Parallelism.serial(), TEST.x(), TEST.size(), before);
        MeSimp simp = new MeSimp(List.of(CompressionRules.create("unused", Options.none())),
                new PruneSchedule(1, 1, false, false));
        var point = simp.prune(m, 0, 0, 0);
        assertArrayEquals(new int[] {2}, point.removedBy("unused"));
        assertArrayEquals(new int[] {14}, m.hiddenSizes());
        float[] after = new float[TEST.size() * 3];
        m.logits(Parallelism.serial(), TEST.x(), TEST.size(), after);
        assertArrayEquals(before, after, 1e-5f);
    }
}
