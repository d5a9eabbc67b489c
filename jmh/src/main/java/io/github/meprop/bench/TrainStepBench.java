package io.github.meprop.bench;

import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.AdaptiveSelector;
import io.github.meprop.nn.Backprop;
import io.github.meprop.nn.DenseSelector;
import io.github.meprop.nn.KSpec;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Parameter;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.UnifiedSelector;
import java.util.List;
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
 * {@code unified}, with {@code k} rows of 500, or {@code adaptive} ({@code mass} ρ, k 1..40; not in
 * the default list, {@code -p mode=adaptive}); {@code adam}: {@code dense} or {@code lazy};
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
    private static final int[] SIZES = StepData.SIZES;
    private static final int BATCH = StepData.BATCH;
    private static final int BATCHES = StepData.BATCHES;

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

    /**
     * How each iteration starts from the initial model: {@code copy} (a fresh copy of the model, a
     * new {@link Backprop} and optimizer: about 11 MB allocated per iteration, which
     * {@code -prof gc} spreads over the iteration's steps) or {@code restore} (the same arrays, the
     * initial weights copied back, gradients and optimizer moments zeroed, a new optimizer object:
     * nothing allocated but that object, so {@code gc.alloc.rate.norm} is the step's own
     * allocation). The steps compute the same; {@code restore} keeps the Backprop (its dropout
     * masks go on from the previous iteration instead of restarting); or {@code none} (the model,
     * Backprop and optimizer made once per fork and trained on through the warm-up and measured
     * iterations, as the CLI's epochs train on: the steps of a model some thousand steps into its
     * training, whose optimizer moments have had time to decay, see {@code Subnormals}).
     */
    @Param({"copy"})
    public String reset;

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
        StepData data = new StepData();
        xs = data.xs;
        ys = data.ys;
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
        if (reset.equals("none") && model != null) {
            return;
        }
        if (reset.equals("restore") && model != null) {
            List<Parameter> from = initial.parameters();
            List<Parameter> to = model.parameters();
            for (int i = 0; i < from.size(); i++) {
                float[] v = from.get(i).values();
                System.arraycopy(v, 0, to.get(i).values(), 0, v.length);
                to.get(i).zeroGrad();
                to.get(i).clearState();
            }
        } else if (reset.equals("copy") || reset.equals("restore") || reset.equals("none")) {
            model = initial.copy();
            bp = new Backprop(model, policies, null, 3, dropout);
        } else {
            throw new IllegalArgumentException("reset must be copy, restore or none, was " + reset);
        }
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
