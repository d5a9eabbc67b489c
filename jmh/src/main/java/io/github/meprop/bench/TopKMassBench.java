package io.github.meprop.bench;

import io.github.meprop.kernels.TopK;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.TopKKernel;
import java.util.Random;
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
 * Adaptive k of a mini-batch ({@link TopK#selectMass}): [rows × n] of Laplace-distributed values
 * (heavier-tailed than a Gaussian, like gradients), mass ρ, k in kMin..kMax; ours (facade), our
 * plain-Java twin, and {@code selectRows} of kMax, the cost the kernel is meant to stay close to
 * (it selects kMax, then sorts those kMax keys and accumulates). Rotates over 4 batches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopKMassBench {
    private static final int BATCHES = 4;

    @Param({"100"})
    public int rows;

    @Param({"500"})
    public int n;

    @Param({"0.3", "0.6"})
    public float mass;

    @Param({"1"})
    public int kMin;

    @Param({"80"})
    public int kMax;

    private float[][] data;
    private int next;
    private int[] offsets;
    private int[] idx;
    private TopKKernel scalar;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        data = new float[BATCHES][rows * n];
        for (float[] m : data) {
            for (int i = 0; i < m.length; i++) {
                double u = rnd.nextDouble() - 0.5;
                m[i] = (float) (-Math.signum(u) * Math.log(1 - 2 * Math.abs(u)));
            }
        }
        offsets = new int[rows + 1];
        idx = new int[rows * kMax];
        scalar = KernelProvider.scalar().topK();
        TopK.selectMass(data[0], rows, n, mass, kMin, kMax, offsets, idx);
        System.out.println("# mean k " + (double) offsets[rows] / rows);
    }

    private float[] nextBatch() {
        float[] m = data[next];
        next = (next + 1) & (BATCHES - 1);
        return m;
    }

    @Benchmark
    public int[] selectMass() {
        TopK.selectMass(nextBatch(), rows, n, mass, kMin, kMax, offsets, idx);
        return idx;
    }

    @Benchmark
    public int[] selectMassScalar() {
        scalar.selectMass(nextBatch(), rows, n, mass, kMin, kMax, offsets, idx);
        return idx;
    }

    @Benchmark
    public int[] selectRowsKMax() {
        TopK.selectRows(nextBatch(), rows, n, kMax, idx);
        return idx;
    }
}
