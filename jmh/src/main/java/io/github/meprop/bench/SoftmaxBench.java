package io.github.meprop.bench;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.provider.KernelProvider;
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

/** Fused softmax + cross-entropy over a batch (the MNIST output layer: 100 × 10): ours vs our twin. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class SoftmaxBench {
    private static final ElementwiseKernel PLAIN = KernelProvider.scalar().elementwise();

    @Param({"10", "100"})
    public int classes;

    private final int batch = 100;
    private float[] logits;
    private float[] dlogits;
    private int[] labels;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(2);
        logits = new float[batch * classes];
        dlogits = new float[batch * classes];
        labels = new int[batch];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (rnd.nextGaussian() * 3);
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = rnd.nextInt(classes);
        }
    }

    @Benchmark
    public double softmaxOurs() {
        return Ops.softmaxCrossEntropy(logits, labels, 0, dlogits, batch, classes);
    }

    @Benchmark
    public double softmaxOursScalar() {
        return PLAIN.softmaxCrossEntropy(logits, labels, 0, dlogits, batch, classes);
    }
}
