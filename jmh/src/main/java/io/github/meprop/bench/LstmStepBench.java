package io.github.meprop.bench;

import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.Backprop;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.Selectors;
import java.util.List;
import java.util.SplittableRandom;
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
 * One training step of the sequential-MNIST LSTM (28 steps × 28 features, 128 units, linear output
 * layer to 10 classes; batch 100, dense Adam lr 1e-3, clip ±5, no dropout) as the {@code Trainer}
 * runs it: {@link #step} = forward (the LSTM over 28 steps, the output layer, softmax +
 * cross-entropy) + backward (the output layer dense, the LSTM's back propagation through time
 * under {@code mode}) + optimizer; {@link #backward} = the backward alone, repeated on the state of
 * one forward (it overwrites the gradients, so every call does the same work, the selections and
 * the cell backward of all 28 steps included). {@code mode} is a selector as {@code --mode} takes
 * it: {@code dense}, {@code topk:26} and {@code topk:51} (5% and 10% of the 4·128 = 512 gate
 * gradients per example and step), {@code unified:26}, {@code adaptive}.
 *
 * <p>Data: 20 synthetic batches with MNIST's sparsity (about 19% non-zero pixels in [0, 1]) and
 * random labels, visited in turn; the model is re-initialized (seed 1) at every iteration so that
 * every iteration times the same early-training steps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LstmStepBench {
    private static final int STEPS = 28;
    private static final int FEATURES = 28;
    private static final int HIDDEN = 128;
    private static final int CLASSES = 10;
    private static final int BATCH = 100;
    private static final int BATCHES = 20;

    @Param({"dense", "topk:26", "topk:51"})
    public String mode;

    @Param({"1"})
    public int threads;

    float[][] xs;
    int[][] ys;
    Model initial;
    Model model;
    Backprop bp;
    Adam optimizer;
    List<Selector> selectors;
    Parallelism par;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(11);
        int width = STEPS * FEATURES;
        xs = new float[BATCHES][BATCH * width];
        ys = new int[BATCHES][BATCH];
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < xs[b].length; i++) {
                xs[b][i] = rnd.nextDouble() < 0.19 ? (float) rnd.nextDouble() : 0f;
            }
            for (int r = 0; r < BATCH; r++) {
                ys[b][r] = rnd.nextInt(CLASSES);
            }
        }
        initial = Model.lstm(STEPS, FEATURES, HIDDEN, CLASSES, 1);
        selectors = List.of(Selectors.parse(mode));
        par = Parallelism.of(threads);
        System.out.println("# meprop: " + Kernels.describe());
    }

    @Setup(Level.Iteration)
    public void freshModel() {
        model = initial.copy();
        bp = new Backprop(model, selectors, null, 3, 0f);
        optimizer = Adam.Spec.reference().create();
        next = 0;
        // One step so that backward() has a forward to work on and the optimizer state exists.
        step();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
    }

    @Benchmark
    public double step() {
        int b = next;
        next = b + 1 == BATCHES ? 0 : b + 1;
        double loss = bp.forward(par, xs[b], ys[b], 0, BATCH);
        bp.backward(par);
        optimizer.step(model.parameters(), par);
        return loss;
    }

    @Benchmark
    public Model backward() {
        bp.backward(par);
        return model;
    }
}
