package io.github.meprop.bench;

import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.TopK;
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
 * meProp's sparse backward (dx and dw; no db) against our dense backward on an MNIST hidden layer
 * (batch 100, {@code in} inputs: 784 for the first hidden layer, the default, or 500 for the
 * second; 500 outputs): per-example top-k ({@link TopK#selectRows} of a Gaussian
 * dy, so each example has its own k rows) and unified top-k ({@link TopK#selectUnified}, one
 * shared set). The ideal speed-up is out/k. {@code perExampleVaryingK} runs the same per-example
 * kernel on a CSR selection whose k varies per example (uniform in k/2 .. 3k/2, mean about k, as an
 * adaptive selection gives): its time against {@code perExample} is the cost of a varying k.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SparseBackwardBench {
    private static final int BATCH = 100;
    private static final int OUT = 500;

    /** Inputs of the layer: 784 (first hidden layer) or 500 (second). */
    @Param({"784"})
    public int in;

    @Param({"5", "20", "80", "160"})
    public int k;

    @Param({"1"})
    public int threads;

    float[] x;
    float[] w;
    float[] dy;
    float[] dx;
    float[] dw;
    int[] perExample;
    int[] unified;
    int[] varyingOffsets;
    int[] varying;
    Parallelism par;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        x = Data.gaussian(rnd, BATCH * in);
        w = Data.gaussian(rnd, OUT * in);
        dy = Data.gaussian(rnd, BATCH * OUT);
        dx = new float[BATCH * in];
        dw = new float[OUT * in];
        perExample = new int[BATCH * k];
        unified = new int[k];
        TopK.selectRows(dy, BATCH, OUT, k, perExample);
        TopK.selectUnified(dy, BATCH, OUT, k, unified);
        varyingOffsets = new int[BATCH + 1];
        varying = new int[BATCH * Math.min(OUT, k + k / 2)];
        for (int r = 0; r < BATCH; r++) {
            int kr = Math.min(OUT, k / 2 + rnd.nextInt(k + 1));
            TopK.select(dy, r * OUT, OUT, kr, varying, varyingOffsets[r]);
            varyingOffsets[r + 1] = varyingOffsets[r] + kr;
        }
        System.out.println("# varying k: mean " + (double) varyingOffsets[BATCH] / BATCH);
        par = Parallelism.of(threads);
        System.out.println("# meprop: " + Kernels.describe());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
    }

    @Benchmark
    public float[] dense() {
        Linear.backward(par, x, w, dy, dx, dw, null, BATCH, in, OUT);
        return dw;
    }

    @Benchmark
    public float[] perExample() {
        Linear.backwardSparse(par, x, w, dy, perExample, k, dx, dw, null, BATCH, in, OUT);
        return dw;
    }

    @Benchmark
    public float[] perExampleVaryingK() {
        Linear.backwardSparse(par, x, w, dy, varyingOffsets, varying, dx, dw, null, BATCH, in, OUT, true);
        return dw;
    }

    @Benchmark
    public float[] unified() {
        Linear.backwardUnified(par, x, w, dy, unified, k, dx, dw, null, BATCH, in, OUT);
        return dw;
    }
}
