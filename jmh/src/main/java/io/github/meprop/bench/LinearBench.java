package io.github.meprop.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.internal.LinearTask;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
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
 * Dense linear layer, forward {@code y = x·wᵀ} and backward {@code dx = dy·w, dw += dyᵀ·x} (no bias,
 * the same work for every peer), on the MNIST model's shapes, side by side:
 * <ul>
 *   <li>{@code meprop}: our facade ({@link Linear}) with {@code threads} threads ({@link Parallelism});
 *       SIMD when the JVM runs with {@code --add-modules jdk.incubator.vector};</li>
 *   <li>{@code scalar}: our plain-Java twin (single thread);</li>
 *   <li>{@code ejml}: EJML's CommonOps_FDRM (1 thread) or CommonOps_MT_FDRM ({@code threads});</li>
 *   <li>{@code vectorblas}: netlib's VectorBLAS (Vector API, single thread), sgemm/sgemv;</li>
 *   <li>{@code openblas}: netlib's native path to OpenBLAS with {@code threads} threads.</li>
 * </ul>
 * Shapes are {@code batch x in x out}. Every peer is checked against ours once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class LinearBench {

    @Param({"100x784x500", "100x500x500", "100x500x10", "1x784x500"})
    public String shape;

    @Param({"1"})
    public int threads;

    int batch;
    int in;
    int out;
    float[] x;
    float[] w;
    float[] y;
    float[] dy;
    float[] dx;
    float[] dw;
    FMatrixRMaj mx;
    FMatrixRMaj mw;
    FMatrixRMaj my;
    FMatrixRMaj mdy;
    FMatrixRMaj mdx;
    FMatrixRMaj mdw;
    Parallelism par;
    LinearKernel scalar;
    BLAS vectorBlas;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        batch = Integer.parseInt(p[0]);
        in = Integer.parseInt(p[1]);
        out = Integer.parseInt(p[2]);
        SplittableRandom rnd = new SplittableRandom(42);
        x = Data.gaussian(rnd, batch * in);
        w = Data.gaussian(rnd, out * in);
        dy = Data.gaussian(rnd, batch * out);
        y = new float[batch * out];
        dx = new float[batch * in];
        dw = new float[out * in];
        mx = FMatrixRMaj.wrap(batch, in, x);
        mw = FMatrixRMaj.wrap(out, in, w);
        my = FMatrixRMaj.wrap(batch, out, y);
        mdy = FMatrixRMaj.wrap(batch, out, dy);
        mdx = FMatrixRMaj.wrap(batch, in, dx);
        mdw = FMatrixRMaj.wrap(out, in, dw);
        par = Parallelism.of(threads);
        scalar = KernelProvider.scalar().linear();
        vectorBlas = JavaBLAS.getInstance();
        EjmlConcurrency.USE_CONCURRENT = threads > 1;
        if (threads > 1) {
            EjmlConcurrency.setMaxThreads(threads);
        }
        System.out.println("# meprop: " + Kernels.describe() + "; netlib Java BLAS: "
                + vectorBlas.getClass().getSimpleName());
        checkPeers();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
    }

    /** Each peer once against ours (a wrong transpose would show here, not in a table). */
    private void checkPeers() {
        float[] ref = new float[batch * out];
        Linear.forward(x, w, null, ref, batch, in, out);
        forwardEjml();
        Data.assertClose("EJML forward", ref, y);
        forwardBlas(vectorBlas);
        Data.assertClose("VectorBLAS forward", ref, y);
        scalar.gemm().forward(x, w, null, y, batch, in, out, 0, out);
        Data.assertClose("scalar forward", ref, y);
        float[] refDx = new float[batch * in];
        float[] refDw = new float[out * in];
        Linear.backward(x, w, dy, refDx, refDw, null, batch, in, out);
        java.util.Arrays.fill(dw, 0f);
        backwardEjml();
        Data.assertClose("EJML dx", refDx, dx);
        Data.assertClose("EJML dw", refDw, dw);
        java.util.Arrays.fill(dw, 0f);
        backwardBlas(vectorBlas);
        Data.assertClose("VectorBLAS dx", refDx, dx);
        Data.assertClose("VectorBLAS dw", refDw, dw);
    }

    /** The native peer's own state: its setup fails with a clear message when OpenBLAS is missing. */
    @State(Scope.Benchmark)
    public static class Native {
        BLAS blas;

        @Setup(Level.Trial)
        public void setUp(LinearBench b) {
            blas = OpenBlas.load();
            System.out.println("# native BLAS: " + blas.getClass().getSimpleName() + ", "
                    + OpenBlas.setThreads(b.threads));
            float[] ref = new float[b.batch * b.out];
            Linear.forward(b.x, b.w, null, ref, b.batch, b.in, b.out);
            b.forwardBlas(blas);
            Data.assertClose("OpenBLAS forward", ref, b.y);
        }
    }

    // ---- forward ------------------------------------------------------------------------------

    @Benchmark
    public float[] forward_meprop() {
        Linear.forward(par, x, w, null, y, batch, in, out);
        return y;
    }

    @Benchmark
    public float[] forward_scalar() {
        scalar.gemm().forward(x, w, null, y, batch, in, out, 0, out);
        return y;
    }

    @Benchmark
    public float[] forward_ejml() {
        forwardEjml();
        return y;
    }

    @Benchmark
    public float[] forward_vectorblas() {
        forwardBlas(vectorBlas);
        return y;
    }

    @Benchmark
    public float[] forward_openblas(Native n) {
        forwardBlas(n.blas);
        return y;
    }

    private void forwardEjml() {
        if (threads > 1) {
            CommonOps_MT_FDRM.multTransB(mx, mw, my);
        } else {
            CommonOps_FDRM.multTransB(mx, mw, my);
        }
    }

    /** Row-major y = x·wᵀ is column-major yᵀ = (wᵀ)ᵀ·xᵀ: sgemm("T", "N") (sgemv("T") for one example). */
    void forwardBlas(BLAS blas) {
        if (batch == 1) {
            blas.sgemv("T", in, out, 1f, w, in, x, 1, 0f, y, 1);
        } else {
            blas.sgemm("T", "N", out, batch, in, 1f, w, in, x, in, 0f, y, out);
        }
    }

    // ---- dense backward (dx and dw) -----------------------------------------------------------

    @Benchmark
    public float[] backward_meprop() {
        Linear.backward(par, x, w, dy, dx, dw, null, batch, in, out);
        return dw;
    }

    @Benchmark
    public float[] backward_scalar() {
        LinearTask.backward(scalar, Parallelism.serial(), x, w, dy, dx, dw, null, batch, in, out, true);
        return dw;
    }

    @Benchmark
    public float[] backward_ejml() {
        backwardEjml();
        return dw;
    }

    @Benchmark
    public float[] backward_vectorblas() {
        backwardBlas(vectorBlas);
        return dw;
    }

    @Benchmark
    public float[] backward_openblas(Native n) {
        backwardBlas(n.blas);
        return dw;
    }

    private void backwardEjml() {
        if (threads > 1) {
            CommonOps_MT_FDRM.mult(mdy, mw, mdx);
            CommonOps_MT_FDRM.multAddTransA(mdy, mx, mdw);
        } else {
            CommonOps_FDRM.mult(mdy, mw, mdx);
            CommonOps_FDRM.multAddTransA(mdy, mx, mdw);
        }
    }

    /**
     * Row-major dx = dy·w is column-major dxᵀ = wᵀ·dyᵀ: sgemm("N", "N"); dw += dyᵀ·x is column-major
     * dwᵀ += xᵀ·dy: sgemm("N", "T") (sgemv and sger for one example).
     */
    void backwardBlas(BLAS blas) {
        if (batch == 1) {
            blas.sgemv("N", in, out, 1f, w, in, dy, 1, 0f, dx, 1);
            blas.sger(in, out, 1f, x, 1, dy, 1, dw, in);
        } else {
            blas.sgemm("N", "N", in, batch, out, 1f, w, in, dy, out, 0f, dx, in);
            blas.sgemm("N", "T", in, out, batch, 1f, x, in, dy, out, 1f, dw, in);
        }
    }
}
