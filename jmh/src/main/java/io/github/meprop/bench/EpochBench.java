package io.github.meprop.bench;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.AdaptiveSelector;
import io.github.meprop.nn.DenseSelector;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingListener;
import io.github.meprop.nn.TrainingResult;
import io.github.meprop.nn.UnifiedSelector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CLI's training loop ({@code Trainer.train}, as {@code meprop train} calls it): {@link #train}
 * = {@code epochs} epochs over a training set of {@link StepData}'s 20 batches (2000 examples), each
 * epoch a shuffle and, per batch, the gather of the batch's rows, forward + loss, the argmax for the
 * training accuracy, backward, optimizer step, dropout masks (with {@code dropout} &gt; 0) and the
 * listener's {@code onBatch} (a listener that reads its arguments, as the console's does); no dev or
 * test set, so no evaluation. The model starts from the same weights at every call.
 *
 * <p>Written for {@code -prof gc}: one call also allocates the run's state once (optimizer moments,
 * buffers, the model's copy), so the per-batch allocation is {@code (alloc(epochs=3) −
 * alloc(epochs=1)) / 40} from two runs of this benchmark (it includes each epoch's statistics
 * objects, spread over its 20 batches).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EpochBench {
    @Param({"dense", "topk"})
    public String mode;

    @Param({"20"})
    public int k;

    @Param({"1"})
    public int threads;

    @Param({"0"})
    public float dropout;

    @Param({"1", "3"})
    public int epochs;

    Dataset train;
    Model initial;
    Parallelism par;
    Trainer trainer;
    /** What the listener read, so that its arguments are used. */
    double seen;

    @Setup
    public void setUp() {
        StepData data = new StepData();
        int width = StepData.SIZES[0];
        float[] x = new float[StepData.BATCHES * StepData.BATCH * width];
        int[] y = new int[StepData.BATCHES * StepData.BATCH];
        for (int b = 0; b < StepData.BATCHES; b++) {
            System.arraycopy(data.xs[b], 0, x, b * data.xs[b].length, data.xs[b].length);
            System.arraycopy(data.ys[b], 0, y, b * StepData.BATCH, StepData.BATCH);
        }
        train = Dataset.ofFlat("steps", x, width, y, StepData.SIZES[StepData.SIZES.length - 1]);
        initial = Model.mlp(StepData.SIZES, Activation.RELU, 1);
        Selector s = switch (mode) {
            case "dense" -> DenseSelector.INSTANCE;
            case "topk" -> TopKSelector.of(k);
            case "unified" -> UnifiedSelector.of(k);
            case "adaptive" -> AdaptiveSelector.of(AdaptiveSelector.DEFAULT_MASS);
            default -> throw new IllegalArgumentException("mode must be dense, topk, unified or adaptive, was " + mode);
        };
        par = Parallelism.of(threads);
        TrainConfig config = TrainConfig.builder().epochs(epochs).batchSize(StepData.BATCH)
                .optimizer(Adam.Spec.reference()).dropout(dropout).seed(1).parallelism(par).selector(s).build();
        trainer = new Trainer(config).listener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batchesPerEpoch, double loss, double examplesPerSecond) {
                seen += loss + examplesPerSecond + epoch + batch + batchesPerEpoch;
            }
        });
    }

    @TearDown
    public void tearDown() {
        par.close();
    }

    @Benchmark
    public TrainingResult train() {
        return trainer.train(initial.copy(), train, null, null);
    }
}
