package io.github.meprop.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The peer of {@link TrainStepBench}'s dense step: DJL 0.36 with the PyTorch 2.7.1 engine (CPU,
 * offline: the native library comes from {@code pytorch-native-cpu} on the class path), the same
 * MLP 784-500-500-10 with ReLU, softmax cross-entropy (mean over the batch), Adam lr 1e-3,
 * β 0.9/0.999, ε 1e-8, element-wise gradient clip ±5, batch 100, the same 20 batches
 * ({@link StepData}), built as NDArrays before the measurement. One step = forward, loss, backward
 * (GradientCollector) and {@code Trainer.step()} (the optimizer); the step's intermediate arrays
 * live in a sub-manager closed after the step, as DJL's {@code EasyTrain} does with its batches.
 *
 * <p>Threads: {@code ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads}
 * set to {@code threads} before the engine loads (each JMH fork is a new JVM); run with
 * {@code OMP_NUM_THREADS} and {@code MKL_NUM_THREADS} set to the same count where only one count
 * is measured (jmh/run-peer-benchmarks.sh).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@State(Scope.Benchmark)
public class DjlTrainStepBench {
    @Param({"1"})
    public int threads;

    NDManager manager;
    Model model;
    Trainer trainer;
    NDArray[] xs;
    NDArray[] ys;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Djl.threads(threads);
        StepData data = new StepData();
        manager = NDManager.newBaseManager();
        xs = new NDArray[StepData.BATCHES];
        ys = new NDArray[StepData.BATCHES];
        for (int b = 0; b < StepData.BATCHES; b++) {
            xs[b] = manager.create(data.xs[b], new Shape(StepData.BATCH, StepData.SIZES[0]));
            float[] labels = new float[StepData.BATCH];
            for (int r = 0; r < labels.length; r++) {
                labels[r] = data.ys[b][r];
            }
            ys[b] = manager.create(labels, new Shape(StepData.BATCH));
        }
        model = Model.newInstance("mlp");
        model.setBlock(Djl.mlp(StepData.SIZES));
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(1e-3f))
                        .optBeta1(0.9f)
                        .optBeta2(0.999f)
                        .optEpsilon(1e-8f)
                        .optClipGrad(5f)
                        .build())
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        trainer = model.newTrainer(config);
        trainer.initialize(new Shape(StepData.BATCH, StepData.SIZES[0]));
        System.out.println("# DJL engine: " + manager.getEngine().getEngineName() + " " + manager.getEngine().getVersion()
                + ", threads " + threads + ", device " + manager.getDevice());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        model.close();
        manager.close();
    }

    @Benchmark
    public float step() {
        int b = next;
        next = b + 1 == StepData.BATCHES ? 0 : b + 1;
        try (NDManager step = manager.newSubManager()) {
            NDArray x = xs[b];
            NDArray y = ys[b];
            x.tempAttach(step);
            y.tempAttach(step);
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray l = trainer.getLoss().evaluate(new NDList(y), predictions);
                collector.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }
}
