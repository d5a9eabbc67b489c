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
 * Top-k of a mini-batch of gradients, the meProp case: [rows × n] Gaussian (fixed seed), k per
 * row ({@code selectRows}) or one shared set by column sums of |G| ({@code selectUnified}); ours
 * (facade), our plain-Java twin, and the min-heap per row. Rotates over 4 batches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopKBatchBench {
    private static final int BATCHES = 4;

    @Param({"100"})
    public int rows;

    @Param({"500"})
    public int n;

    @Param({"20"})
    public int k;

    private float[][] data;
    private int next;
    private int[] idx;
    private float[] heapVal;
    private int[] heapPos;
    private TopKKernel scalar;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        data = new float[BATCHES][rows * n];
        for (float[] m : data) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) rnd.nextGaussian();
            }
        }
        idx = new int[rows * k];
        heapVal = new float[k];
        heapPos = new int[k];
        scalar = KernelProvider.scalar().topK();
        int[] a = new int[rows * k];
        int[] b = new int[rows * k];
        TopK.selectRows(data[0], rows, n, k, a);
        for (int r = 0; r < rows; r++) {
            TopKBaselines.minHeap(data[0], r * n, n, k, b, r * k, heapVal, heapPos);
        }
        if (!java.util.Arrays.equals(a, b)) {
            throw new IllegalStateException("selectRows and the min-heap disagree");
        }
    }

    private float[] nextBatch() {
        float[] m = data[next];
        next = (next + 1) & (BATCHES - 1);
        return m;
    }

    @Benchmark
    public int[] perRow() {
        TopK.selectRows(nextBatch(), rows, n, k, idx);
        return idx;
    }

    @Benchmark
    public int[] perRowScalar() {
        scalar.selectRows(nextBatch(), rows, n, k, idx);
        return idx;
    }

    @Benchmark
    public int[] perRowMinHeap() {
        float[] m = nextBatch();
        for (int r = 0; r < rows; r++) {
            TopKBaselines.minHeap(m, r * n, n, k, idx, r * k, heapVal, heapPos);
        }
        return idx;
    }

    @Benchmark
    public int[] unified() {
        TopK.selectUnified(nextBatch(), rows, n, k, idx);
        return idx;
    }

    @Benchmark
    public int[] unifiedScalar() {
        scalar.selectUnified(nextBatch(), rows, n, k, idx);
        return idx;
    }
}
