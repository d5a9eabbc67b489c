package io.github.meprop.kernels.panama;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import io.github.meprop.kernels.scalar.TopKPasses;
import io.github.meprop.kernels.scalar.TopKPlan;
import io.github.meprop.kernels.scalar.TopKScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The passes of the top-k selection with the Vector API ({@code scalar.TopKDriver} runs them, as it
 * runs the plain-Java twin's): each a SIMD loop that computes keys, compares them with a pivot and
 * packs the survivors with {@code compress} (a native instruction on AVX-512; a permutation-table
 * sequence in the JDK on AVX2; measured against a hand-written mask-to-permutation table in
 * docs/benchmarks.md).
 *
 * <p>Cost: pass 1 is one load, and, compare, two compresses and two stores per vector of v; the
 * quickselect levels and the output pass touch only the survivors. Vector passes over scratch
 * buffers need no scalar tail: the buffers have {@link TopKScratch#SLACK} spare elements, which
 * each pass first fills with a value that the pass ignores (the pivot for a partition, -1 for the
 * other passes).
 */
final class PanamaTopK implements TopKPasses {
    private static final VectorSpecies<Float> F = Species.FLOAT;
    private static final VectorSpecies<Integer> I = Species.INT;
    private static final int L = Species.FLOAT_LANES;
    /**
     * Up to this n pass 1 packs keys and positions together; above it, positions only and the
     * keys are loaded afterwards (see {@link #keepAtLeast}).
     */
    static final int PACK_KEYS_MAX_N = 8192;
    /** System property choosing how lanes are packed: {@code compress}, {@code table}, or unset (automatic). */
    static final String PROP_PACK = "meprop.topk.pack";
    /**
     * Pack with {@link PackTable} instead of {@code compress}: by default when the kernels run 8
     * lanes on a machine whose preferred width is 256 bits (AVX2, where the table was measured
     * faster); forced by {@value #PROP_PACK}.
     */
    static final boolean PACK_TABLE = packWithTable();
    /*
     * Packing is written out at each use: PACK_TABLE ? (the PackTable permutation of the mask)
     * .selectFrom(x) : x.compress(mask), and .add(base) instead of selectFrom for lane positions.
     * Not through a helper that returns a vector: when a large compilation unit (the driver with
     * its passes inlined) runs out of C2's inlining budget (NodeCountInliningCutoff), such a helper
     * is called instead of inlined and every vector it returns is boxed, which made the selection
     * 20-40% slower; the Vector API's own methods are force-inlined whatever the budget.
     */
    private static final int[] TABLE = PackTable.TABLE;
    /** {@link #sortDescending} counts ranks up to this many elements (16 vectors), where m²/L vector operations beat a quicksort. */
    static final int RANK_SORT_MAX = 16 * L;

    /** Pass 1 with pivot 0: every (key, position), no packing needed. */
    @Override
    public void keepAll(float[] v, int off, int n, TopKScratch s) {
        int[] keys = s.keys;
        int[] pos = s.pos;
        IntVector lanes = IntVector.zero(I).addIndex(1);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, v, off + i).reinterpretAsInts()
                    .and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY).intoArray(keys, i);
            lanes.add(i).intoArray(pos, i);
        }
        for (; i < n; i++) {
            keys[i] = TopKPlan.key(v[off + i]);
            pos[i] = i;
        }
    }

    /**
     * Group maxima: the first g keys stored, then each further vector of keys max-ed into the g/L
     * lanes of its group (g is a multiple of 16, so of L; i mod g advances by L per vector).
     */
    @Override
    public void groupMaxKeys(float[] v, int off, int n, int g, int[] out) {
        int i = 0;
        if (g == L || g == 2 * L) {
            // The groups fit in one or two registers: max-ed there (a chain of one-cycle maxes)
            // rather than through memory (a store-to-load chain per group vector, which was
            // several times slower). Keys written out at each use, not by a helper that
            // returns a vector (see the note on packing above). The last partial vector is a
            // masked load: its absent lanes read +0.0f, key 0, which no maximum is below.
            IntVector a0 = FloatVector.fromArray(F, v, off).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY);
            IntVector a1 = g == L ? a0 : FloatVector.fromArray(F, v, off + L).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY);
            i = g;
            if (g == L) {
                for (; i + L <= n; i += L) {
                    a0 = a0.max(FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                }
                if (i < n) {
                    a0 = a0.max(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                }
                a0.intoArray(out, 0);
            } else {
                for (; i + 2 * L <= n; i += 2 * L) {
                    a0 = a0.max(FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                    a1 = a1.max(FloatVector.fromArray(F, v, off + i + L).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                }
                if (i + L <= n) {
                    a0 = a0.max(FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                    i += L;
                    if (i < n) {
                        a1 = a1.max(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                    }
                } else if (i < n) {
                    a0 = a0.max(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
                }
                a0.intoArray(out, 0);
                a1.intoArray(out, L);
            }
            return;
        }
        if (g == 3 * L) {
            groupMaxKeys3(v, off, n, out);
            return;
        }
        groupMaxKeysStrided(v, off, n, g, out);
    }

    /**
     * {@link #groupMaxKeys} for more than three vectors of groups (g = 32 or 48 at 8 lanes, 16 to 48
     * at 4): the lanes of group vector q are the maximum of the vectors at q·L, q·L + g, q·L + 2g,
     * …, taken in one register by a chain of one-cycle maxes, then stored once. This reads v g/L
     * times with a stride of g floats (all of it in L1: n ≤ {@link TopKPlan#GROUP_MAX_N}) instead
     * of max-ing each vector into memory, where every group vector was a store-to-load chain.
     * n ≥ g (the plan asks for n ≥ 4g), so every group's first vector is whole; the one vector of
     * a group that straddles n is a masked load, whose absent lanes read +0.0f, key 0.
     */
    private static void groupMaxKeysStrided(float[] v, int off, int n, int g, int[] out) {
        for (int q = 0; q < g; q += L) {
            IntVector a = FloatVector.fromArray(F, v, off + q).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY);
            int i = q + g;
            for (; i + L <= n; i += g) {
                a = a.max(FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
            }
            a = a.max(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
            a.intoArray(out, q);
        }
    }

    /**
     * {@link #groupMaxKeys} for g = 3L: the maxima in three registers (a method of its own: inside
     * groupMaxKeys it made that method too large for C2 to keep its vectors out of the heap).
     */
    private static void groupMaxKeys3(float[] v, int off, int n, int[] out) {
        int i;
        IntVector a0 = FloatVector.fromArray(F, v, off).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY);
        IntVector a1 = FloatVector.fromArray(F, v, off + L).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY);
        IntVector a2 = FloatVector.fromArray(F, v, off + 2 * L).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY);
        for (i = 3 * L; i + 3 * L <= n; i += 3 * L) {
            a0 = a0.max(FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
            a1 = a1.max(FloatVector.fromArray(F, v, off + i + L).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
            a2 = a2.max(FloatVector.fromArray(F, v, off + i + 2 * L).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
        }
        // The rest (less than 3L): three masked loads, without branches (a vector merged
        // from branches inside a loop is boxed by C2).
        a0 = a0.max(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
        a1 = a1.max(FloatVector.fromArray(F, v, off + i + L, F.indexInRange(i + L, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
        a2 = a2.max(FloatVector.fromArray(F, v, off + i + 2 * L, F.indexInRange(i + 2 * L, n)).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK).min(TopKPlan.NAN_KEY));
        a0.intoArray(out, 0);
        a1.intoArray(out, L);
        a2.intoArray(out, 2 * L);
    }

    /**
     * Pass 1: up to {@link #PACK_KEYS_MAX_N} keys and positions are packed together
     * ({@link #keepAtLeastWithKeys}); above, positions only, then the survivors' keys
     * ({@link #keepPositionsAtLeast}).
     */
    @Override
    public int keepAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
        return n <= PACK_KEYS_MAX_N ? keepAtLeastWithKeys(v, off, n, p, s) : keepPositionsAtLeast(v, off, n, p, s);
    }

    /**
     * Pass 1 after the group-maxima pivot (about 1.5k of n ≤ {@link TopKPlan#GROUP_MAX_N} survive):
     * positions only, one compress per vector instead of two, then the survivors' keys
     * ({@link #keepPositionsAtLeast}); measured in docs/benchmarks.md, "Top-k pass 1 after the
     * group maxima".
     */
    @Override
    public int keepFewAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
        return keepPositionsAtLeast(v, off, n, p, s);
    }

    /**
     * Pass 1 for small n (v in L1/L2, survivors a large fraction of n): (key, position) of every
     * element with key ≥ p, both packed in the same pass; returns the count.
     */
    static int keepAtLeastWithKeys(float[] v, int off, int n, int p, TopKScratch s) {
        int[] keys = s.keys;
        int[] pos = s.pos;
        IntVector lanes = IntVector.zero(I).addIndex(1);
        int w = 0;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            IntVector raw = FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK);
            VectorMask<Integer> keep = raw.compare(GE, p); // raw ≥ p ⇔ key ≥ p, since p ≤ NAN_KEY
            IntVector key = raw.min(TopKPlan.NAN_KEY);
            IntVector kv = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) keep.toLong() * 8).selectFrom(key)
                    : key.compress(keep);
            kv.intoArray(keys, w);
            IntVector qv = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) keep.toLong() * 8).add(i)
                    : lanes.add(i).compress(keep);
            qv.intoArray(pos, w);
            w += keep.trueCount();
        }
        for (; i < n; i++) {
            int raw = Float.floatToRawIntBits(v[off + i]) & TopKPlan.MAGNITUDE_MASK;
            keys[w] = Math.min(raw, TopKPlan.NAN_KEY);
            pos[w] = i;
            w += raw >= p ? 1 : 0;
        }
        return w;
    }

    /**
     * Pass 1 for large n, and after the group-maxima pivot ({@link #keepFewAtLeast}): the positions
     * of every element with key ≥ p, packed into s.pos, then their keys loaded into s.keys; returns
     * the count. Packing only positions keeps one store per vector
     * (measured: keys and positions together are 1.7× slower at n = 65536, where the stores'
     * data-dependent addresses hold back the loads); the key loads touch only the survivors.
     */
    static int keepPositionsAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
        int[] pos = s.pos;
        IntVector lanes = IntVector.zero(I).addIndex(1);
        int w = 0;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            IntVector raw = FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK);
            VectorMask<Integer> keep = raw.compare(GE, p); // raw ≥ p ⇔ key ≥ p, since p ≤ NAN_KEY
            IntVector qv = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) keep.toLong() * 8).add(i)
                    : lanes.add(i).compress(keep);
            qv.intoArray(pos, w);
            w += keep.trueCount();
        }
        for (; i < n; i++) {
            pos[w] = i;
            w += (Float.floatToRawIntBits(v[off + i]) & TopKPlan.MAGNITUDE_MASK) >= p ? 1 : 0;
        }
        loadKeys(v, off, pos, w, s.keys);
        return w;
    }

    /**
     * keys[j] = key(v[off + pos[j]]) for j &lt; m. A scalar loop on purpose: the Vector API
     * gather was measured to fall back to allocating Java code in some contexts on this machine
     * (the 256-bit float gather always, the 512-bit one when compiled inside the pass-1 method),
     * and where it is intrinsified it saves only about 30% of this loop, which touches only the
     * survivors.
     */
    private static void loadKeys(float[] v, int off, int[] pos, int m, int[] keys) {
        for (int j = 0; j < m; j++) {
            keys[j] = TopKPlan.key(v[off + pos[j]]);
        }
    }

    /**
     * Pass 2: positions with key &gt; t, and the first {@code need} with key == t, in order. Whole
     * vectors are stored into the scratch {@code s.out} (they may run past the k positions), then
     * the k positions are copied to idx.
     */
    @Override
    public void emit(int[] keys, int[] pos, int m, int t, int need, int[] idx, int idxOff, TopKScratch s) {
        int[] out = s.out;
        IntVector.broadcast(I, -1).intoArray(keys, m); // padding: never > t, never == t
        int w = 0;
        for (int j = 0; j < m; j += L) {
            IntVector kv = IntVector.fromArray(I, keys, j);
            VectorMask<Integer> sel = kv.compare(GT, t);
            if (need > 0) {
                VectorMask<Integer> eq = kv.compare(EQ, t);
                int ne = eq.trueCount();
                if (ne <= need) {
                    need -= ne;
                } else {
                    eq = VectorMask.fromLong(I, lowestSetBits(eq.toLong(), need));
                    need = 0;
                }
                sel = sel.or(eq);
            }
            IntVector p = IntVector.fromArray(I, pos, j);
            IntVector ov = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) sel.toLong() * 8).selectFrom(p)
                    : p.compress(sel);
            ov.intoArray(out, w);
            w += sel.trueCount();
        }
        System.arraycopy(out, 0, idx, idxOff, w);
    }

    /**
     * {@link #rankSelect}'s counts, and the positions of the lanes counting fewer than r packed
     * straight from them: on random data no tie reaches past the r-th largest, and the separate
     * threshold, count and output pass are not needed.
     */
    @Override
    public int emitUntied(int[] keys, int[] pos, int m, int r, int[] idx, int idxOff, TopKScratch s) {
        int[] out = s.out;
        IntVector.broadcast(I, -1).intoArray(keys, m); // padding: every key is above it, so its count is m ≥ r
        int w = 0;
        int i = 0;
        for (; i + L < m; i += 2 * L) {
            IntVector x0 = IntVector.fromArray(I, keys, i);
            IntVector x1 = IntVector.fromArray(I, keys, i + L);
            IntVector c0 = IntVector.zero(I);
            IntVector c1 = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                int kj = keys[j];
                c0 = c0.add(1, x0.compare(LT, kj));
                c1 = c1.add(1, x1.compare(LT, kj));
            }
            VectorMask<Integer> in0 = c0.compare(LT, r);
            VectorMask<Integer> in1 = c1.compare(LT, r);
            IntVector p0 = IntVector.fromArray(I, pos, i);
            (PACK_TABLE ? IntVector.fromArray(I, TABLE, (int) in0.toLong() * 8).selectFrom(p0) : p0.compress(in0)).intoArray(out, w);
            w += in0.trueCount();
            IntVector p1 = IntVector.fromArray(I, pos, i + L);
            (PACK_TABLE ? IntVector.fromArray(I, TABLE, (int) in1.toLong() * 8).selectFrom(p1) : p1.compress(in1)).intoArray(out, w);
            w += in1.trueCount();
        }
        for (; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, keys, i);
            IntVector c = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                c = c.add(1, x.compare(LT, keys[j]));
            }
            VectorMask<Integer> in = c.compare(LT, r);
            IntVector p = IntVector.fromArray(I, pos, i);
            (PACK_TABLE ? IntVector.fromArray(I, TABLE, (int) in.toLong() * 8).selectFrom(p) : p.compress(in)).intoArray(out, w);
            w += in.trueCount();
        }
        if (w == r) {
            System.arraycopy(out, 0, idx, idxOff, r);
        }
        return w;
    }

    /** The lowest {@code count} set bits of {@code bits}. */
    private static long lowestSetBits(long bits, int count) {
        long rest = bits;
        for (int q = 0; q < count; q++) {
            rest &= rest - 1;
        }
        return bits ^ rest;
    }

    @Override
    public int countAtLeast(int[] a, int m, int t) {
        IntVector.broadcast(I, -1).intoArray(a, m); // padding: below t
        int c = 0;
        for (int i = 0; i < m; i += L) {
            c += IntVector.fromArray(I, a, i).compare(GE, t).trueCount();
        }
        return c;
    }

    @Override
    public int packRange(int[] a, int m, int lo, int hi, int[] out) {
        IntVector.broadcast(I, -1).intoArray(a, m); // padding: below lo
        int c = 0;
        for (int i = 0; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            VectorMask<Integer> in = x.compare(GE, lo).and(x.compare(LT, hi));
            IntVector ov = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) in.toLong() * 8).selectFrom(x)
                    : x.compress(in);
            ov.intoArray(out, c);
            c += in.trueCount();
        }
        return c;
    }

    @Override
    public long partition(int[] a, int m, int p, int[] gt, int[] lt) {
        IntVector.broadcast(I, p).intoArray(a, m); // padding: neither > p nor < p
        int g = 0;
        int l = 0;
        for (int i = 0; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            VectorMask<Integer> gm = x.compare(GT, p);
            VectorMask<Integer> lm = x.compare(LT, p);
            IntVector gv = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) gm.toLong() * 8).selectFrom(x)
                    : x.compress(gm);
            gv.intoArray(gt, g);
            IntVector lv = PACK_TABLE
                    ? IntVector.fromArray(I, TABLE, (int) lm.toLong() * 8).selectFrom(x)
                    : x.compress(lm);
            lv.intoArray(lt, l);
            g += gm.trueCount();
            l += lm.trueCount();
        }
        return (long) g << 32 | l;
    }

    /**
     * The row total in the order of {@link TopKPlan#foldPartials}: the 16 partial sums live in
     * 16 / L accumulators (lane q of accumulator c is partial c·L + q), each 16-element block adds
     * its |v| lane-wise, a last partial block is loaded masked (the missing lanes add +0, which
     * changes no partial: they are sums of magnitudes, never -0); then the accumulators are added
     * pairwise down to one vector (the tree's first levels) and its lanes folded
     * ({@link FloatVectors#sum}, the last levels). The same float additions in the same order as the
     * plain-Java twin, at 128, 256 and 512 bits.
     */
    @Override
    public float absSum(float[] v, int off, int n, TopKScratch s) {
        int blocks = n & -TopKPlan.SUM_PARTIALS;
        if (L == 16) {
            FloatVector a = FloatVector.zero(F);
            int i = 0;
            for (; i < blocks; i += 16) {
                a = a.add(FloatVector.fromArray(F, v, off + i).abs());
            }
            if (i < n) {
                a = a.add(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).abs());
            }
            return FloatVectors.sum(a);
        } else if (L == 8) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            int i = 0;
            for (; i < blocks; i += 16) {
                a0 = a0.add(FloatVector.fromArray(F, v, off + i).abs());
                a1 = a1.add(FloatVector.fromArray(F, v, off + i + 8).abs());
            }
            if (i < n) {
                a0 = a0.add(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).abs());
                a1 = a1.add(FloatVector.fromArray(F, v, off + i + 8, F.indexInRange(i + 8, n)).abs());
            }
            return FloatVectors.sum(a0.add(a1));
        } else {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int i = 0;
            for (; i < blocks; i += 16) {
                a0 = a0.add(FloatVector.fromArray(F, v, off + i).abs());
                a1 = a1.add(FloatVector.fromArray(F, v, off + i + 4).abs());
                a2 = a2.add(FloatVector.fromArray(F, v, off + i + 8).abs());
                a3 = a3.add(FloatVector.fromArray(F, v, off + i + 12).abs());
            }
            if (i < n) {
                a0 = a0.add(FloatVector.fromArray(F, v, off + i, F.indexInRange(i, n)).abs());
                a1 = a1.add(FloatVector.fromArray(F, v, off + i + 4, F.indexInRange(i + 4, n)).abs());
                a2 = a2.add(FloatVector.fromArray(F, v, off + i + 8, F.indexInRange(i + 8, n)).abs());
                a3 = a3.add(FloatVector.fromArray(F, v, off + i + 12, F.indexInRange(i + 12, n)).abs());
            }
            return FloatVectors.sum(a0.add(a2).add(a1.add(a3)));
        }
    }

    /**
     * {@link TopKPlan#pivot}'s value (the {@link TopKPlan#pivotIndex}-th of the 9-element pivot
     * sample, descending), found with {@link #rankSelect} instead of a sorting network.
     */
    @Override
    public int pivot(int[] cur, int m, int r, int[] tmp) {
        for (int j = 0; j < TopKPlan.PIVOT_SAMPLE; j++) {
            tmp[j] = cur[TopKPlan.pivotSamplePosition(j, m)];
        }
        return (int) (rankSelect(tmp, TopKPlan.PIVOT_SAMPLE, TopKPlan.pivotIndex(m, r) + 1) >>> 32);
    }

    /**
     * Up to {@link #RANK_SORT_MAX} elements: rank counts ({@link #rankCounts}, ⌈m/L⌉·m vector
     * operations, no data-dependent branch) and each element stored at its rank
     * ({@link TopKPlan#placeByRank}); above, Arrays.sort reversed. Measured on 80 random keys: the
     * quicksort's mispredicted branches cost about 1 µs, the rank count about a tenth of it.
     */
    @Override
    public void sortDescending(int[] a, int m, int[] out, TopKScratch s) {
        if (m <= RANK_SORT_MAX) {
            rankCountsBlocked(a, m, s.massCounts);
            TopKPlan.placeByRank(a, s.massCounts, m, m, out);
            return;
        }
        System.arraycopy(a, 0, out, 0, m);
        java.util.Arrays.sort(out, 0, m);
        for (int i = 0, j = m - 1; i < j; i++, j--) {
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }

    @Override
    public void rankCounts(int[] a, int m, int[] cnt) {
        IntVector.broadcast(I, -1).intoArray(a, m);
        for (int i = 0; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            IntVector c = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                c = c.add(1, x.compare(LT, a[j]));
            }
            c.intoArray(cnt, i);
        }
    }

    /**
     * {@link #rankCounts} for the larger sets of {@link #sortDescending}: four vectors of a at a
     * time, four independent counters sharing each broadcast a[j] (the single counter of one vector
     * is a dependent chain of m adds). Lanes past m + L read the slack and count garbage into cnt's
     * slack, which nobody reads. A separate method so that the small {@link #rankCounts} of the
     * band thresholds stays small enough to be inlined into the driver.
     */
    private static void rankCountsBlocked(int[] a, int m, int[] cnt) {
        IntVector.broadcast(I, -1).intoArray(a, m);
        int i = 0;
        for (; i + 3 * L < m; i += 4 * L) {
            IntVector x0 = IntVector.fromArray(I, a, i);
            IntVector x1 = IntVector.fromArray(I, a, i + L);
            IntVector x2 = IntVector.fromArray(I, a, i + 2 * L);
            IntVector x3 = IntVector.fromArray(I, a, i + 3 * L);
            IntVector c0 = IntVector.zero(I);
            IntVector c1 = c0;
            IntVector c2 = c0;
            IntVector c3 = c0;
            for (int j = 0; j < m; j++) {
                IntVector b = IntVector.broadcast(I, a[j]);
                c0 = c0.add(1, x0.compare(LT, b));
                c1 = c1.add(1, x1.compare(LT, b));
                c2 = c2.add(1, x2.compare(LT, b));
                c3 = c3.add(1, x3.compare(LT, b));
            }
            c0.intoArray(cnt, i);
            c1.intoArray(cnt, i + L);
            c2.intoArray(cnt, i + 2 * L);
            c3.intoArray(cnt, i + 3 * L);
        }
        for (; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            IntVector c = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                c = c.add(1, x.compare(LT, a[j]));
            }
            c.intoArray(cnt, i);
        }
    }

    /**
     * Exact r-th largest of a[0..m) by counting, for a small m: t = the least key with fewer than
     * r keys strictly above it (see {@link #rankCounts}), and the count above t, which is the
     * largest count below r (counts fall as keys rise). O(m·⌈m/L⌉) vector operations; the
     * candidates' vectors are folded lane by lane and reduced once at the end.
     */
    @Override
    public long rankSelect(int[] a, int m, int r) {
        IntVector.broadcast(I, -1).intoArray(a, m); // padding: every key is above it, so its count is m ≥ r
        IntVector tv = IntVector.broadcast(I, Integer.MAX_VALUE);
        IntVector av = IntVector.zero(I);
        int i = 0;
        // Two vectors of candidates per sweep over a: two independent chains of counts.
        for (; i + L < m; i += 2 * L) {
            IntVector x0 = IntVector.fromArray(I, a, i);
            IntVector x1 = IntVector.fromArray(I, a, i + L);
            IntVector c0 = IntVector.zero(I);
            IntVector c1 = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                int aj = a[j];
                c0 = c0.add(1, x0.compare(LT, aj));
                c1 = c1.add(1, x1.compare(LT, aj));
            }
            VectorMask<Integer> out0 = c0.compare(GE, r);
            VectorMask<Integer> out1 = c1.compare(GE, r);
            tv = tv.min(x0.blend(Integer.MAX_VALUE, out0)).min(x1.blend(Integer.MAX_VALUE, out1));
            av = av.max(c0.blend(0, out0)).max(c1.blend(0, out1));
        }
        for (; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            IntVector c = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                c = c.add(1, x.compare(LT, a[j]));
            }
            VectorMask<Integer> out = c.compare(GE, r);
            tv = tv.min(x.blend(Integer.MAX_VALUE, out));
            av = av.max(c.blend(0, out));
        }
        return (long) tv.reduceLanes(VectorOperators.MIN) << 32 | av.reduceLanes(VectorOperators.MAX);
    }

    @Override
    public void iota(int[] idx, int idxOff, int n) {
        IntVector lanes = IntVector.zero(I).addIndex(1);
        int i = 0;
        for (int bound = I.loopBound(n); i < bound; i += L) {
            lanes.add(i).intoArray(idx, idxOff + i);
        }
        for (; i < n; i++) {
            idx[idxOff + i] = i;
        }
    }

    /**
     * sums[j] = Σ_r |m[r·n + j]|, lane-wise over columns, adding rows in order from 0: the same
     * float operations in the same order as the scalar twin, so the same sums. Four column vectors
     * at a time stay in registers over all rows.
     */
    @Override
    public void columnAbsSums(float[] m, int rows, int n, float[] sums) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            for (int r = 0, base = j; r < rows; r++, base += n) {
                a0 = a0.add(FloatVector.fromArray(F, m, base).abs());
                a1 = a1.add(FloatVector.fromArray(F, m, base + L).abs());
                a2 = a2.add(FloatVector.fromArray(F, m, base + 2 * L).abs());
                a3 = a3.add(FloatVector.fromArray(F, m, base + 3 * L).abs());
            }
            a0.intoArray(sums, j);
            a1.intoArray(sums, j + L);
            a2.intoArray(sums, j + 2 * L);
            a3.intoArray(sums, j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector a = FloatVector.zero(F);
            for (int r = 0, base = j; r < rows; r++, base += n) {
                a = a.add(FloatVector.fromArray(F, m, base).abs());
            }
            a.intoArray(sums, j);
        }
        for (; j < n; j++) {
            float a = 0f;
            for (int r = 0, base = j; r < rows; r++, base += n) {
                a += Math.abs(m[base]);
            }
            sums[j] = a;
        }
    }

    private static boolean packWithTable() {
        String forced = System.getProperty(PROP_PACK, "").trim();
        return switch (forced) {
            case "" -> L == 8 && IntVector.SPECIES_PREFERRED.length() == 8;
            case "compress" -> false;
            case "table" -> {
                if (L != 8) {
                    throw new IllegalStateException("-D" + PROP_PACK + "=table needs 8 int lanes (256-bit vectors), the"
                            + " kernels use " + L);
                }
                yield true;
            }
            default -> throw new IllegalStateException("system property " + PROP_PACK
                    + " must be 'compress' or 'table', was '" + forced + "'");
        };
    }
}
