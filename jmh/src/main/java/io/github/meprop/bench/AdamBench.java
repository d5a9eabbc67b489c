package io.github.meprop.bench;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
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
 * One dense Adam step (clip ±5, the reference settings) over the parameters of the MNIST model
 * 784-500-500-10 (648,010 values; weights, gradients and both moments: 10.4 MB), with its arrays
 * in the cache ({@code cache=hot}: the previous call's) or pushed out of it first
 * ({@code cache=cold}: 64 MB of other data written before each call, outside the timing), the two
 * ends between which a training loop's optimizer step falls. A memory-bound pass: 28 bytes read or
 * written per parameter for 1 multiply-add's worth of FMAs, so its time is set by where the state
 * is, not by the FMA peak.
 *
 * <p>{@code moments}: {@code dense} (every gradient non-zero, the moments start at zero and stay
 * normal floats) or {@code decayed} (a state like that of a sparse training: 90% of the gradient
 * zero, 45% of the first moments decayed into the subnormal range and 25% to zero; after four
 * MNIST epochs of per-example top-20, 26%, 44% and 57% of the three layers' first moments were
 * subnormal and 86%, 73% and 61% of their gradient zero). The decayed moments are copied back
 * before each call, outside the timing, so every call sees the same state; the copy also brings
 * them into the cache. Before the optimizers flushed subnormal moments ({@code Subnormals}), the decayed state
 * was the slow one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AdamBench {
    private static final int[] SIZES = {784 * 500, 500, 500 * 500, 500, 500 * 10, 10};

    @Param({"hot", "cold"})
    public String cache;

    @Param({"1"})
    public int threads;

    @Param({"dense", "decayed"})
    public String moments;

    private final float[][] w = new float[SIZES.length][];
    private final float[][] g = new float[SIZES.length][];
    private final float[][] m = new float[SIZES.length][];
    private final float[][] v = new float[SIZES.length][];
    private final float[][] m0 = new float[SIZES.length][];
    private final float[][] v0 = new float[SIZES.length][];
    private float[] other;
    private Parallelism par;

    @Setup(Level.Trial)
    public void setUp() {
        if (!cache.equals("hot") && !cache.equals("cold")) {
            throw new IllegalArgumentException("cache must be hot or cold, was " + cache);
        }
        if (!moments.equals("dense") && !moments.equals("decayed")) {
            throw new IllegalArgumentException("moments must be dense or decayed, was " + moments);
        }
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < SIZES.length; t++) {
            w[t] = new float[SIZES[t]];
            g[t] = new float[SIZES[t]];
            m[t] = new float[SIZES[t]];
            v[t] = new float[SIZES[t]];
            for (int i = 0; i < SIZES[t]; i++) {
                w[t][i] = (float) rnd.nextGaussian() * 0.05f;
                g[t][i] = (float) rnd.nextGaussian() * 0.01f;
                if (moments.equals("decayed")) {
                    decayed(rnd, t, i);
                }
            }
            m0[t] = m[t].clone();
            v0[t] = v[t].clone();
        }
        other = new float[16 << 20];
        par = threads == 1 ? Parallelism.serial() : Parallelism.of(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
    }

    /**
     * Element i of tensor t in the decayed state: 45% zero gradient with a subnormal first moment,
     * 25% zero gradient and zero moments, 20% zero gradient with a small normal first moment, 10% a
     * gradient; second moments small normal floats where not zero.
     */
    private void decayed(SplittableRandom rnd, int t, int i) {
        double u = rnd.nextDouble();
        float sign = rnd.nextBoolean() ? 1f : -1f;
        if (u < 0.25) {
            g[t][i] = 0f;
            return;
        }
        v[t][i] = (float) (1e-8 * (0.5 + rnd.nextDouble()));
        if (u < 0.70) {
            g[t][i] = 0f;
            m[t][i] = sign * Float.MIN_NORMAL * (float) Math.scalb(0.5 + rnd.nextDouble() / 2, -rnd.nextInt(23));
        } else if (u < 0.90) {
            g[t][i] = 0f;
            m[t][i] = sign * (float) (1e-6 * rnd.nextDouble());
        } else {
            m[t][i] = sign * (float) (1e-3 * rnd.nextDouble());
        }
    }

    /**
     * moments=decayed: the moments copied back. cache=cold: one write per cache line of 64 MB, so
     * the optimizer state has left L2 and L3.
     */
    @Setup(Level.Invocation)
    public void evict() {
        if (moments.equals("decayed")) {
            for (int t = 0; t < SIZES.length; t++) {
                System.arraycopy(m0[t], 0, m[t], 0, SIZES[t]);
                System.arraycopy(v0[t], 0, v[t], 0, SIZES[t]);
            }
        }
        if (cache.equals("cold")) {
            float[] o = other;
            for (int i = 0; i < o.length; i += 16) {
                o[i] += 1f;
            }
        }
    }

    @Benchmark
    public float[][] step() {
        for (int t = 0; t < SIZES.length; t++) {
            Ops.adam(par, w[t], g[t], m[t], v[t], 0, SIZES[t], 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
        }
        return w;
    }
}
