package io.github.meprop.bench;

import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.Backprop;
import io.github.meprop.nn.AdaptiveSelector;
import io.github.meprop.nn.DenseSelector;
import io.github.meprop.nn.KSpec;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.UnifiedSelector;
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
 * One training step of the MNIST model (784-500-500-10, ReLU, batch 100, Adam lr 1e-3, clip ±5) as
 * the {@code Trainer} runs it: {@link #step} = forward (layers, softmax + cross-entropy) + backward
 * (output layer dense, hidden layers under the policy {@code mode}) + optimizer; {@link #backward}
 * = the backward alone, repeated on the state of one forward (it overwrites the gradients, so
 * every call does the same work). {@code mode}: {@code dense}, {@code topk} (per example) or
 * {@code unified}, with {@code k} rows of 500; {@code adam}: {@code dense} or {@code lazy};
 * {@code dropout}: the rate on the hidden outputs (0 for none).
 *
 * <p>Data: 20 synthetic batches with MNIST's sparsity (about 19% non-zero pixels in [0, 1]) and
 * random labels, visited in turn; the model is re-initialized (Glorot, seed 1) at every iteration so
 * that every iteration times the same early-training steps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TrainStepBench {
    private static final int[] SIZES = {784, 500, 500, 10};
    private static final int BATCH = 100;
    private static final int BATCHES = 20;

    @Param({"dense", "topk", "unified"})
    public String mode;

    @Param({"20"})
    public int k;

    /** With mode = adaptive: ρ, the fraction of each example's |g| mass kept (k-max 40, k-min 1). */
    @Param({"0.25"})
    public double mass;

    @Param({"dense", "lazy"})
    public String adam;

    @Param({"1"})
    public int threads;

    @Param({"0"})
    public float dropout;

    float[][] xs;
    int[][] ys;
    Model initial;
    Model model;
    Backprop bp;
    Adam optimizer;
    List<Selector> policies;
    Parallelism par;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(11);
        xs = new float[BATCHES][BATCH * SIZES[0]];
        ys = new int[BATCHES][BATCH];
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < xs[b].length; i++) {
                xs[b][i] = rnd.nextDouble() < 0.19 ? (float) rnd.nextDouble() : 0f;
            }
            for (int r = 0; r < BATCH; r++) {
                ys[b][r] = rnd.nextInt(SIZES[SIZES.length - 1]);
            }
        }
        initial = Model.mlp(SIZES, Activation.RELU, 1);
        Selector p = switch (mode) {
            case "dense" -> DenseSelector.INSTANCE;
            case "topk" -> TopKSelector.of(k);
            case "unified" -> UnifiedSelector.of(k);
            case "adaptive" -> new AdaptiveSelector(mass, KSpec.of(1), KSpec.of(40));
            default -> throw new IllegalArgumentException("mode must be dense, topk, unified or adaptive, was " + mode);
        };
        if (!adam.equals("dense") && !adam.equals("lazy")) {
            throw new IllegalArgumentException("adam must be dense or lazy, was " + adam);
        }
        policies = List.of(p);
        par = Parallelism.of(threads);
        System.out.println("# meprop: " + Kernels.describe());
    }

    @Setup(Level.Iteration)
    public void freshModel() {
        model = initial.copy();
        bp = new Backprop(model, policies, null, 3, dropout);
        optimizer = Adam.Spec.reference().withLazy(adam.equals("lazy")).create();
        next = 0;
        // One step so that backward() has a forward to work on and the optimizer state exists.
        step();
    }

    /** Prints the mean entries kept per example in each hidden layer over the iteration (mean k). */
    @TearDown(Level.Iteration)
    public void meanK() {
        if (!mode.equals("dense")) {
            System.out.printf(java.util.Locale.ROOT, "# mean k per example: %.1f, %.1f%n", bp.takeMeanK(0), bp.takeMeanK(1));
        }
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
