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
 * meProp's sparse backward (dx and dw; no db) against our dense backward on the MNIST hidden layer
 * (batch 100, 784 inputs, 500 outputs): per-example top-k ({@link TopK#selectRows} of a Gaussian
 * dy, so each example has its own k rows) and unified top-k ({@link TopK#selectUnified}, one
 * shared set). The ideal speed-up is out/k.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SparseBackwardBench {
    private static final int BATCH = 100;
    private static final int IN = 784;
    private static final int OUT = 500;

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
    Parallelism par;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        x = Data.gaussian(rnd, BATCH * IN);
        w = Data.gaussian(rnd, OUT * IN);
        dy = Data.gaussian(rnd, BATCH * OUT);
        dx = new float[BATCH * IN];
        dw = new float[OUT * IN];
        perExample = new int[BATCH * k];
        unified = new int[k];
        TopK.selectRows(dy, BATCH, OUT, k, perExample);
        TopK.selectUnified(dy, BATCH, OUT, k, unified);
        par = Parallelism.of(threads);
        System.out.println("# meprop: " + Kernels.describe());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
    }

    @Benchmark
    public float[] dense() {
        Linear.backward(par, x, w, dy, dx, dw, null, BATCH, IN, OUT);
        return dw;
    }

    @Benchmark
    public float[] perExample() {
        Linear.backwardSparse(par, x, w, dy, perExample, k, dx, dw, null, BATCH, IN, OUT);
        return dw;
    }

    @Benchmark
    public float[] unified() {
        Linear.backwardUnified(par, x, w, dy, unified, k, dx, dw, null, BATCH, IN, OUT);
        return dw;
    }
}
