package io.github.meprop.bench;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.Model;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference (forward pass to the logits) of the MNIST MLP, 784-H1-H2-10 with ReLU, one thread:
 * the original 500-500 model against the shapes meSimp left in docs/results.md (the {@code hidden} parameter, widths
 * joined by '-'), at batch 100 and batch 1. Weights are Glorot-normal from a fixed seed: the cost
 * of a dense forward depends only on the shape. Every layer runs {@link Dense#forward} (the
 * {@code Linear.forward} GEMM kernel, then the activation) into buffers allocated once.
 * Examples per second = batch / (µs per op) × 10⁶.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class InferenceBench {

    /** Hidden widths joined by '-' (JMH splits parameter lists at commas). */
    @Param({"500-500", "140-277", "122-59", "103-47"})
    public String hidden;

    @Param({"100", "1"})
    public int batch;

    private final Parallelism par = Parallelism.serial();
    private Model model;
    private float[] x;
    private float[][] z;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = hidden.split("-");
        int[] sizes = new int[parts.length + 2];
        sizes[0] = 784;
        for (int i = 0; i < parts.length; i++) {
            sizes[i + 1] = Integer.parseInt(parts[i].trim());
        }
        sizes[sizes.length - 1] = 10;
        model = Model.mlp(sizes, Activation.RELU, 1);
        SplittableRandom rnd = new SplittableRandom(2);
        x = new float[batch * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(); // pixels scaled to [0, 1)
        }
        z = new float[model.depth()][];
        for (int l = 0; l < z.length; l++) {
            z[l] = new float[batch * model.layer(l).outputWidth()];
        }
    }

    @Benchmark
    public float[] forward() {
        float[] in = x;
        for (int l = 0; l < z.length; l++) {
            model.layer(l).forward(par, in, z[l], batch);
            in = z[l];
        }
        return in;
    }
}
