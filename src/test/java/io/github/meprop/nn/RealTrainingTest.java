package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.MnistFormat;
import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One epoch of meProp on the full MNIST training set (55,000 images, 784-500-500-10, ReLU, Adam
 * 1e-3, batch 100, seed 1, both cores). Runs in the {@code real-data} profile after
 * {@code bin/fetch-data mnist}.
 *
 * <p>The setting is per-example top-160 (32%), not top-20: with our implementation per-example
 * top-20 reaches only about 60% test accuracy after one epoch (and 90% after 20); see
 * docs/results.md. Top-160 reaches about 96% after one epoch, so 0.95 is a real check that the
 * sparse backward, the selection and the optimizer work together on real data.
 */
@Tag("real-data")
class RealTrainingTest {

    private static Splits mnist;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of(System.getProperty("meprop.data", "data")).resolve("mnist");
        assertTrue(Files.isDirectory(dir), () -> dir.toAbsolutePath() + " does not exist: run bin/fetch-data mnist");
        mnist = MnistFormat.load(dir);
    }

    @Test
    void oneEpochOfPerExampleTop160ReachesNinetyFivePercent() {
        Mlp mlp = Mlp.create(new int[] {784, 500, 500, 10}, Activation.RELU, 1);
        TrainConfig cfg = TrainConfig.builder()
                .epochs(1)
                .meProp(MeProp.topK(160))
                .parallelism(Parallelism.of(2))
                .seed(1)
                .build();
        TrainingResult r = new Trainer(cfg).train(mlp, mnist.train(), mnist.dev(), mnist.test());
        assertEquals(1, r.history().size());
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy after one epoch of top-160: " + r.testAccuracy());
    }
}
