package io.github.meprop.bench;

import static jdk.incubator.vector.VectorOperators.GE;

import io.github.meprop.kernels.panama.Species;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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
 * How to pack survivors in the top-k passes: {@code IntVector.compress} (one instruction on
 * AVX-512; on AVX2 the JDK emits a permutation-table sequence of its own) against a hand-written
 * mask-to-permutation lookup table (256 entries of 8 lanes: mask bits → indices of the set lanes
 * first), applied with {@code selectFrom} or with {@code rearrange}. Each method packs the (key,
 * position) pairs of the keys ≥ a threshold, the work of the top-k passes, at the survival
 * fraction given. The table only exists for 8 lanes (a 16-lane table would have 65536 entries),
 * so it is measured at 256 bits; compress at 256 bits and at the kernels' width.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopKPackBench {
    private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    private static final VectorSpecies<Integer> IPREF = Species.INT;
    /** LUT[8·bits + i] = index of the i-th set bit of bits (0 past the last). */
    private static final int[] LUT = lookupTable();

    @Param({"4096"})
    public int n;

    @Param({"0.02", "0.2", "0.5"})
    public double survive;

    private int[] keys;
    private int threshold;
    private int[] outKeys;
    private int[] outPos;

    private static int[] lookupTable() {
        int[] t = new int[256 * 8];
        for (int bits = 0; bits < 256; bits++) {
            int w = 0;
            for (int i = 0; i < 8; i++) {
                if ((bits & (1 << i)) != 0) {
                    t[bits * 8 + w++] = i;
                }
            }
        }
        return t;
    }

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(7);
        keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rnd.nextInt(1 << 30);
        }
        threshold = (int) ((1 - survive) * (1 << 30));
        outKeys = new int[n + 64];
        outPos = new int[n + 64];
        int a = compress256();
        if (a != lut256SelectFrom() || a != lut256Rearrange() || a != compressPreferred()) {
            throw new IllegalStateException("packing variants disagree");
        }
    }

    @Benchmark
    public int compressPreferred() {
        IntVector lanes = IntVector.zero(IPREF).addIndex(1);
        int w = 0;
        int i = 0;
        for (int bound = IPREF.loopBound(n); i < bound; i += IPREF.length()) {
            IntVector x = IntVector.fromArray(IPREF, keys, i);
            VectorMask<Integer> keep = x.compare(GE, threshold);
            x.compress(keep).intoArray(outKeys, w);
            lanes.add(i).compress(keep).intoArray(outPos, w);
            w += keep.trueCount();
        }
        return w;
    }

    @Benchmark
    public int compress256() {
        IntVector lanes = IntVector.zero(I256).addIndex(1);
        int w = 0;
        for (int i = 0; i < n; i += 8) {
            IntVector x = IntVector.fromArray(I256, keys, i);
            VectorMask<Integer> keep = x.compare(GE, threshold);
            x.compress(keep).intoArray(outKeys, w);
            lanes.add(i).compress(keep).intoArray(outPos, w);
            w += keep.trueCount();
        }
        return w;
    }

    @Benchmark
    public int lut256SelectFrom() {
        int w = 0;
        for (int i = 0; i < n; i += 8) {
            IntVector x = IntVector.fromArray(I256, keys, i);
            int bits = (int) x.compare(GE, threshold).toLong();
            IntVector perm = IntVector.fromArray(I256, LUT, bits * 8);
            perm.selectFrom(x).intoArray(outKeys, w);
            perm.add(i).intoArray(outPos, w); // positions i + index: no permutation needed
            w += Integer.bitCount(bits);
        }
        return w;
    }

    @Benchmark
    public int lut256Rearrange() {
        int w = 0;
        for (int i = 0; i < n; i += 8) {
            IntVector x = IntVector.fromArray(I256, keys, i);
            int bits = (int) x.compare(GE, threshold).toLong();
            VectorShuffle<Integer> perm = VectorShuffle.fromArray(I256, LUT, bits * 8);
            x.rearrange(perm).intoArray(outKeys, w);
            IntVector.fromArray(I256, LUT, bits * 8).add(i).intoArray(outPos, w);
            w += Integer.bitCount(bits);
        }
        return w;
    }
}
