package io.github.meprop.kernels.panama;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import io.github.meprop.kernels.provider.TopKKernel;
import io.github.meprop.kernels.scalar.TopKPlan;
import io.github.meprop.kernels.scalar.TopKScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Top-k by magnitude with the Vector API: the partial quickselect of {@link TopKPlan} (same passes,
 * same pivots as the plain-Java twin), each pass a SIMD loop that computes keys, compares them
 * with a pivot and packs the survivors with {@code compress} (a native instruction on AVX-512; a
 * permutation-table sequence in the JDK on AVX2; measured against a hand-written
 * mask-to-permutation table in docs/benchmarks.md).
 *
 * <p>Cost: pass 1 is one load, and, compare, two compresses and two stores per vector of v; the
 * quickselect levels and the output pass touch only the survivors. Vector passes over scratch
 * buffers need no scalar tail: the buffers have {@link TopKScratch#SLACK} spare elements, which
 * each pass first fills with a value that the pass ignores (the pivot for a partition, -1 for the
 * other passes).
 */
final class PanamaTopK implements TopKKernel {
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
    /**
     * Sets this small are finished by {@link #rankSelect} (⌈m/L⌉·m vector operations), the same
     * bound as the plain-Java twin so that both take the same quickselect levels.
     */
    static final int FINISH = TopKPlan.FINISH;

    @Override
    public void select(float[] v, int off, int n, int k, int[] idx, int idxOff) {
        select(v, off, n, k, idx, idxOff, TopKScratch.forCurrentThread());
    }

    @Override
    public void selectRows(float[] m, int rows, int n, int k, int[] idx) {
        TopKScratch s = TopKScratch.forCurrentThread();
        for (int r = 0; r < rows; r++) {
            select(m, r * n, n, k, idx, r * k, s);
        }
    }

    @Override
    public void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        TopKScratch s = TopKScratch.forCurrentThread();
        float[] sums = s.sums(n);
        columnAbsSums(m, rows, n, sums);
        select(sums, 0, n, k, idx, 0, s);
    }

    /**
     * sums[j] = Σ_r |m[r·n + j]|, lane-wise over columns, adding rows in order from 0: the same
     * float operations in the same order as the scalar twin, so the same sums. Four column vectors
     * at a time stay in registers over all rows.
     */
    static void columnAbsSums(float[] m, int rows, int n, float[] sums) {
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

    static void select(float[] v, int off, int n, int k, int[] idx, int idxOff, TopKScratch s) {
        if (k == 0) {
            return;
        }
        if (k == n) {
            iota(idx, idxOff, n);
            return;
        }
        s.ensure(n);
        int m;
        int nt = 0; // number of band thresholds in s.tau
        if (n <= TopKPlan.DIRECT_MAX_N) {
            m = keepAll(v, off, n, s);
        } else {
            int ns = TopKPlan.sampleSize(n);
            int[] sample = s.sample;
            int[] at = s.samplePositions(n);
            for (int j = 0; j < ns; j++) {
                sample[j] = TopKPlan.key(v[off + at[j]]);
            }
            int r = TopKPlan.sampleRank(n, k, ns);
            while (true) {
                if (r > ns) {
                    m = keepAll(v, off, n, s);
                    nt = 0;
                    break;
                }
                nt = sampleThresholds(sample, ns, r, s);
                int p = s.tau[nt - 1];
                m = n <= PACK_KEYS_MAX_N ? keepAtLeastWithKeys(v, off, n, p, s) : keepAtLeast(v, off, n, p, s);
                if (m >= k) {
                    break;
                }
                r = TopKPlan.retryRank(r);
            }
        }
        int t = nt > 1 ? bandSelect(s.keys, m, k, nt, s) : kthLargest(s.keys, m, k, s);
        emit(s.keys, s.pos, m, t, k - s.above, s.out);
        System.arraycopy(s.out, 0, idx, idxOff, k);
    }

    /**
     * The sample's r largest keys, descending, into s.tau (the scalar twin's values; here found
     * by vector rank counts); returns how many thresholds were set: r, or 1 (just the r-th
     * largest) when r or the number of sample keys at or above it exceeds {@link TopKPlan#TOP_MAX}.
     */
    static int sampleThresholds(int[] sample, int ns, int r, TopKScratch s) {
        int[] tau = s.tau;
        if (r > TopKPlan.TOP_MAX) {
            tau[0] = kthLargest(sample, ns, r, s);
            return 1;
        }
        int[] top = sample;
        int c = ns;
        if (ns > TopKPlan.TOP_MAX) {
            int p = kthLargest(sample, ns, r, s);
            top = s.top;
            c = packAtLeast(sample, ns, p, top);
            if (c > TopKPlan.TOP_MAX) {
                tau[0] = p;
                return 1;
            }
        }
        rankCounts(top, c, s.cnt);
        TopKPlan.placeByRank(top, s.cnt, c, r, tau);
        return r;
    }

    /**
     * T = the k-th largest of keys[0..m) using the thresholds s.tau[0..nt) (descending, all keys
     * ≥ tau[nt-1]): binary search for the first q with #(keys ≥ tau[q]) ≥ k (vector counting
     * passes), then quickselect in the band tau[q] ≤ key &lt; tau[q-1], packed by one more pass.
     * Sets s.above like {@link #kthLargest}.
     */
    static int bandSelect(int[] keys, int m, int k, int nt, TopKScratch s) {
        int[] tau = s.tau;
        IntVector.broadcast(I, -1).intoArray(keys, m); // padding: below every threshold
        int lo = 0;
        int hi = nt - 1;
        int countBelowLo = 0; // #(keys ≥ tau[lo-1]) once lo > 0
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = 0;
            for (int i = 0; i < m; i += L) {
                c += IntVector.fromArray(I, keys, i).compare(GE, tau[mid]).trueCount();
            }
            if (c >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
                countBelowLo = c;
            }
        }
        int above = lo == 0 ? 0 : countBelowLo;
        int bottom = tau[lo];
        int ceiling = lo == 0 ? Integer.MAX_VALUE : tau[lo - 1]; // above every key
        int[] band = s.work[2]; // kthLargest may reuse it once it has read the band
        int b = 0;
        for (int i = 0; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, keys, i);
            VectorMask<Integer> in = x.compare(GE, bottom).and(x.compare(LT, ceiling));
            pack(x, in).intoArray(band, b);
            b += in.trueCount();
        }
        int t = kthLargest(band, b, k - above, s);
        s.above += above;
        return t;
    }

    /** Packs the elements of a[0..m) that are ≥ p into out; returns their number. */
    private static int packAtLeast(int[] a, int m, int p, int[] out) {
        IntVector.broadcast(I, -1).intoArray(a, m); // padding: below p
        int c = 0;
        for (int i = 0; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            VectorMask<Integer> keep = x.compare(GE, p);
            pack(x, keep).intoArray(out, c);
            c += keep.trueCount();
        }
        return c;
    }

    private static void iota(int[] idx, int idxOff, int n) {
        IntVector lanes = IntVector.zero(I).addIndex(1);
        int i = 0;
        for (int bound = I.loopBound(n); i < bound; i += L) {
            lanes.add(i).intoArray(idx, idxOff + i);
        }
        for (; i < n; i++) {
            idx[idxOff + i] = i;
        }
    }

    /** Pass 1 with pivot 0: every (key, position), no packing needed. */
    static int keepAll(float[] v, int off, int n, TopKScratch s) {
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
        return n;
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
            pack(raw.min(TopKPlan.NAN_KEY), keep).intoArray(keys, w);
            packLanes(keep, i, lanes).intoArray(pos, w);
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
     * Pass 1 for large n: the positions of every element with key ≥ p, packed into s.pos, then their
     * keys loaded into s.keys; returns the count. Packing only positions keeps one store per vector
     * (measured: keys and positions together are 1.7× slower at n = 65536, where the stores'
     * data-dependent addresses hold back the loads); the key loads touch only the survivors.
     */
    static int keepAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
        int[] pos = s.pos;
        IntVector lanes = IntVector.zero(I).addIndex(1);
        int w = 0;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            IntVector raw = FloatVector.fromArray(F, v, off + i).reinterpretAsInts().and(TopKPlan.MAGNITUDE_MASK);
            VectorMask<Integer> keep = raw.compare(GE, p); // raw ≥ p ⇔ key ≥ p, since p ≤ NAN_KEY
            packLanes(keep, i, lanes).intoArray(pos, w);
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

    /** Pass 2: positions with key &gt; t, and the first {@code need} with key == t, in order, into out. */
    static void emit(int[] keys, int[] pos, int m, int t, int need, int[] out) {
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
            pack(IntVector.fromArray(I, pos, j), sel).intoArray(out, w);
            w += sel.trueCount();
        }
    }

    /** The lowest {@code count} set bits of {@code bits}. */
    private static long lowestSetBits(long bits, int count) {
        long rest = bits;
        for (int q = 0; q < count; q++) {
            rest &= rest - 1;
        }
        return bits ^ rest;
    }

    /**
     * The r-th largest (1-based) of src[0..m), 1 ≤ r ≤ m; src[0..m) is not modified (its slack
     * is). Sets {@code s.above} to the number of elements of src strictly greater than the result.
     */
    static int kthLargest(int[] src, int m, int r, TopKScratch s) {
        return kthLargest(src, m, r, s, TopKPlan.maxLevels(m));
    }

    /** {@link #kthLargest(int[], int, int, TopKScratch)} with at most {@code levels} quickselect levels before the sorting fallback. */
    static int kthLargest(int[] src, int m, int r, TopKScratch s, int levels) {
        int above = 0;
        int[] cur = src;
        int curBuf = -1; // which work buffer cur is, -1 for src
        while (m > FINISH) {
            if (levels-- == 0) {
                int[] buf = cur;
                if (curBuf < 0) {
                    buf = s.work[0];
                    System.arraycopy(cur, 0, buf, 0, m);
                }
                int t = TopKPlan.kthBySorting(buf, m, r);
                s.above = above + TopKPlan.countAbove(buf, m, t);
                return t;
            }
            int p = pivot(cur, m, r, s.pivotSample);
            int gi = curBuf < 0 ? 0 : (curBuf + 1) % 3;
            int li = curBuf < 0 ? 1 : (curBuf + 2) % 3;
            int[] gt = s.work[gi];
            int[] lt = s.work[li];
            IntVector.broadcast(I, p).intoArray(cur, m); // padding: neither > p nor < p
            int g = 0;
            int l = 0;
            for (int i = 0; i < m; i += L) {
                IntVector x = IntVector.fromArray(I, cur, i);
                VectorMask<Integer> gm = x.compare(GT, p);
                VectorMask<Integer> lm = x.compare(LT, p);
                pack(x, gm).intoArray(gt, g);
                pack(x, lm).intoArray(lt, l);
                g += gm.trueCount();
                l += lm.trueCount();
            }
            int e = m - g - l;
            if (r <= g) {
                cur = gt;
                curBuf = gi;
                m = g;
            } else if (r <= g + e) {
                s.above = above + g;
                return p;
            } else {
                above += g + e;
                r -= g + e;
                cur = lt;
                curBuf = li;
                m = l;
            }
        }
        int t = rankSelect(cur, m, r);
        int tAbove = 0;
        for (int i = 0; i < m; i += L) {
            tAbove += IntVector.fromArray(I, cur, i).compare(GT, t).trueCount();
        }
        s.above = above + tAbove;
        return t;
    }

    /**
     * {@link TopKPlan#pivot}'s value (the {@link TopKPlan#pivotIndex}-th of the 9-element pivot
     * sample, descending), found with {@link #rankSelect} instead of a sorting network.
     */
    private static int pivot(int[] cur, int m, int r, int[] tmp) {
        for (int j = 0; j < TopKPlan.PIVOT_SAMPLE; j++) {
            tmp[j] = cur[TopKPlan.pivotSamplePosition(j, m)];
        }
        return rankSelect(tmp, TopKPlan.PIVOT_SAMPLE, TopKPlan.pivotIndex(m, r) + 1);
    }

    /**
     * cnt[i] = the number of elements of a[0..m) strictly greater than a[i], lane-wise: lane i of
     * a counter vector gains one for each a[j] above a[i]. a[m..m+L) is first set to -1, which has
     * m keys above it, so padding never looks like a top element. O(m·⌈m/L⌉) vector operations.
     */
    static void rankCounts(int[] a, int m, int[] cnt) {
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
     * Exact r-th largest of a[0..m) by counting, for a small m: t = the least key with fewer than
     * r keys strictly above it (see {@link #rankCounts}). O(m·⌈m/L⌉) vector operations.
     */
    static int rankSelect(int[] a, int m, int r) {
        IntVector.broadcast(I, -1).intoArray(a, m);
        int t = Integer.MAX_VALUE;
        for (int i = 0; i < m; i += L) {
            IntVector x = IntVector.fromArray(I, a, i);
            IntVector cnt = IntVector.zero(I);
            for (int j = 0; j < m; j++) {
                cnt = cnt.add(1, x.compare(LT, a[j]));
            }
            t = Math.min(t, x.blend(Integer.MAX_VALUE, cnt.compare(GE, r)).reduceLanes(VectorOperators.MIN));
        }
        return t;
    }

    /** x's lanes selected by m, packed to the front: compress, or the lookup table on AVX2. */
    private static IntVector pack(IntVector x, VectorMask<Integer> m) {
        return PACK_TABLE ? PackTable.pack(x, m) : x.compress(m);
    }

    /** The positions base + lane of m's set lanes, packed to the front ({@code lanes} = 0, 1, …). */
    private static IntVector packLanes(VectorMask<Integer> m, int base, IntVector lanes) {
        return PACK_TABLE ? PackTable.packLanes(m, base) : lanes.add(base).compress(m);
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
