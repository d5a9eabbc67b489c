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
 * Top-k of one gradient-like vector (Gaussian, fixed seed): ours through the facade (the SIMD
 * kernel when the JVM has --add-modules jdk.incubator.vector), our plain-Java twin, a size-k
 * min-heap (the meProp reference code's method), a full sort, and one SIMD max|v| pass (the floor).
 * Each call takes the next of 16 different vectors, so that the branch predictor cannot learn one.
 * k = max(1, round(n · ratio)).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopKBench {
    private static final int VECTORS = 16;

    @Param({"500", "4096", "65536"})
    public int n;

    @Param({"0.01", "0.04", "0.16"})
    public double ratio;

    private int k;
    private float[][] data;
    private int next;
    private int[] idx;
    private float[] heapVal;
    private int[] heapPos;
    private long[] sortKeys;
    private TopKKernel scalar;

    @Setup(Level.Trial)
    public void setup() {
        k = Math.max(1, (int) Math.round(n * ratio));
        Random rnd = new Random(42);
        data = new float[VECTORS][n];
        for (float[] v : data) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
        }
        idx = new int[k];
        heapVal = new float[k];
        heapPos = new int[k];
        sortKeys = new long[n];
        scalar = KernelProvider.scalar().topK();
        verify();
    }

    /** All methods must agree before anything is timed. */
    private void verify() {
        for (float[] v : data) {
            int[] a = new int[k];
            int[] b = new int[k];
            int[] c = new int[k];
            int[] d = new int[k];
            TopK.select(v, 0, n, k, a, 0);
            scalar.select(v, 0, n, k, b, 0);
            TopKBaselines.minHeap(v, 0, n, k, c, 0, heapVal, heapPos);
            TopKBaselines.fullSort(v, 0, n, k, d, 0, sortKeys);
            if (!java.util.Arrays.equals(a, b) || !java.util.Arrays.equals(a, c) || !java.util.Arrays.equals(a, d)) {
                throw new IllegalStateException("top-k methods disagree at n=" + n + " k=" + k);
            }
        }
    }

    private float[] nextVector() {
        float[] v = data[next];
        next = (next + 1) & (VECTORS - 1);
        return v;
    }

    @Benchmark
    public int[] ours() {
        TopK.select(nextVector(), 0, n, k, idx, 0);
        return idx;
    }

    @Benchmark
    public int[] oursScalar() {
        scalar.select(nextVector(), 0, n, k, idx, 0);
        return idx;
    }

    @Benchmark
    public int[] minHeap() {
        TopKBaselines.minHeap(nextVector(), 0, n, k, idx, 0, heapVal, heapPos);
        return idx;
    }

    @Benchmark
    public int[] fullSort() {
        TopKBaselines.fullSort(nextVector(), 0, n, k, idx, 0, sortKeys);
        return idx;
    }

    @Benchmark
    public float maxAbsPass() {
        return MaxAbs.maxAbs(nextVector(), n);
    }
}
