package io.github.meprop.bench;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.panama.Species;
import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.provider.KernelProvider;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * Element-wise kernels: ours through the facade (SIMD when run with
 * {@code --add-modules jdk.incubator.vector}), our plain-Java twin, and for the transcendental
 * functions two baselines: a loop over {@code Math.tanh}/{@code Math.exp}, and a Vector API loop
 * over {@code lanewise(VectorOperators.TANH/EXP)} (Intel SVML stubs once compiled by C2; not
 * used by the library because its results differ from the interpreted fallback, see
 * {@code Transcendental}). Sizes: 207 (awkward), 50,000 (a 100 × 500 activation), 392,000 (a
 * 500 × 784 weight matrix, for Adam).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBench {
    /** The library's species, so that -Dmeprop.vector.bits applies to the SVML baseline too. */
    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final ElementwiseKernel PLAIN = KernelProvider.scalar().elementwise();

    @Param({"207", "50000", "392000"})
    public int n;

    private float[] x;
    private float[] z;
    private float[] g;
    private float[] w;
    private float[] m;
    private float[] v;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(1);
        x = new float[n];
        z = new float[n];
        g = new float[n];
        w = new float[n];
        m = new float[n];
        v = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 2);
            g[i] = (float) (rnd.nextGaussian() * 0.01);
            w[i] = (float) (rnd.nextGaussian() * 0.05);
        }
    }

    // ---- tanh

    @Benchmark
    public float[] tanhOurs() {
        Ops.tanh(x, z, n);
        return z;
    }

    @Benchmark
    public float[] tanhOursScalar() {
        PLAIN.tanh(x, z, n);
        return z;
    }

    @Benchmark
    public float[] tanhMath() {
        for (int i = 0; i < n; i++) {
            z[i] = (float) Math.tanh(x[i]);
        }
        return z;
    }

    @Benchmark
    public float[] tanhSvml() {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = (float) Math.tanh(x[i]);
        }
        return z;
    }

    // ---- sigmoid (exp)

    @Benchmark
    public float[] sigmoidOurs() {
        Ops.sigmoid(x, z, n);
        return z;
    }

    @Benchmark
    public float[] sigmoidOursScalar() {
        PLAIN.sigmoid(x, z, n);
        return z;
    }

    @Benchmark
    public float[] sigmoidMath() {
        for (int i = 0; i < n; i++) {
            z[i] = 1f / (1f + (float) Math.exp(-x[i]));
        }
        return z;
    }

    @Benchmark
    public float[] sigmoidSvml() {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
            one.div(e.add(1f)).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = 1f / (1f + (float) Math.exp(-x[i]));
        }
        return z;
    }

    // ---- ReLU forward and backward

    @Benchmark
    public float[] reluOurs() {
        Ops.relu(x, z, n);
        return z;
    }

    @Benchmark
    public float[] reluOursScalar() {
        PLAIN.relu(x, z, n);
        return z;
    }

    @Benchmark
    public float[] reluBackwardOurs() {
        Ops.reluBackward(x, g, z, n);
        return z;
    }

    @Benchmark
    public float[] reluBackwardOursScalar() {
        PLAIN.reluBackward(x, g, z, n);
        return z;
    }

    // ---- Adam (in place; the values drift negligibly over a run)

    @Benchmark
    public float[] adamOurs() {
        Ops.adam(w, g, m, v, 0, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
        return w;
    }

    @Benchmark
    public float[] adamOursScalar() {
        PLAIN.adam(w, g, m, v, 0, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
        return w;
    }
}
