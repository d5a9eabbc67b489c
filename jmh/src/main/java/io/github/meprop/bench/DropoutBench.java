package io.github.meprop.bench;

import io.github.meprop.nn.Dropout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One dropout mask over a hidden layer's output of the MNIST model ({@code n} = batch 100 × 500),
 * drawn and applied: {@link #library} is {@link Dropout#apply} (16 random bits per element, a
 * branch-free select); {@link #branchPerElement} is the baseline it replaced, one 32-bit draw and
 * a data-dependent branch per element, written here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DropoutBench {
    @Param({"50000"})
    public int n;

    @Param({"0.3"})
    public float rate;

    float[] h;
    float[] out;
    float[] scale;
    Dropout dropout;
    SplittableRandom random;
    long dropBelow;
    float keep;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        h = new float[n];
        for (int i = 0; i < n; i++) {
            h[i] = r.nextInt(2) == 0 ? 0f : (float) r.nextDouble();
        }
        out = new float[n];
        scale = new float[n];
        dropout = new Dropout(rate, 5);
        random = new SplittableRandom(5);
        dropBelow = (long) (rate * 4294967296.0);
        keep = 1f / (1f - rate);
    }

    @Benchmark
    public float[] library() {
        dropout.apply(h, out, scale, n);
        return out;
    }

    @Benchmark
    public float[] branchPerElement() {
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            scale[i] = (bits & 0xFFFF_FFFFL) < dropBelow ? 0f : keep;
            scale[i + 1] = (bits >>> 32) < dropBelow ? 0f : keep;
            out[i] = h[i] * scale[i];
            out[i + 1] = h[i + 1] * scale[i + 1];
        }
        if (i < n) {
            scale[i] = (random.nextLong() >>> 32) < dropBelow ? 0f : keep;
            out[i] = h[i] * scale[i];
        }
        return out;
    }
}
