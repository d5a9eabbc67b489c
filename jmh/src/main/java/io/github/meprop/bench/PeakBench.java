package io.github.meprop.bench;

import io.github.meprop.kernels.panama.Species;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's fused multiply-add peak with the Vector API at the kernels' width
 * ({@link Species#FLOAT}, so {@code -Dmeprop.vector.bits=256} measures the 256-bit peak): 12
 * independent FMA chains held in registers, no memory traffic. The score is vector FMAs per
 * microsecond (summed over JMH threads with {@code -t 2}); GFLOP/s = score × 2 × lanes / 1000,
 * with the lane count printed as "# lanes".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PeakBench {
    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int STEPS = 1024;
    private static final int CHAINS = 12;

    private float m = 0.999f;
    private float c = 1e-3f;

    @Setup(Level.Trial)
    public void setUp() {
        System.out.println("# lanes " + S.length() + " (" + S.vectorBitSize() + "-bit); GFLOP/s = score x "
                + (2 * S.length()) + " / 1000");
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float fmaChains() {
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector vc = FloatVector.broadcast(S, c);
        FloatVector a0 = FloatVector.broadcast(S, 1f);
        FloatVector a1 = a0.add(vc);
        FloatVector a2 = a1.add(vc);
        FloatVector a3 = a2.add(vc);
        FloatVector a4 = a3.add(vc);
        FloatVector a5 = a4.add(vc);
        FloatVector a6 = a5.add(vc);
        FloatVector a7 = a6.add(vc);
        FloatVector a8 = a7.add(vc);
        FloatVector a9 = a8.add(vc);
        FloatVector a10 = a9.add(vc);
        FloatVector a11 = a10.add(vc);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(vm, vc);
            a1 = a1.fma(vm, vc);
            a2 = a2.fma(vm, vc);
            a3 = a3.fma(vm, vc);
            a4 = a4.fma(vm, vc);
            a5 = a5.fma(vm, vc);
            a6 = a6.fma(vm, vc);
            a7 = a7.fma(vm, vc);
            a8 = a8.fma(vm, vc);
            a9 = a9.fma(vm, vc);
            a10 = a10.fma(vm, vc);
            a11 = a11.fma(vm, vc);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }
}
