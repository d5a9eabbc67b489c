package io.github.meprop.bench;

import java.util.Arrays;

/**
 * The two classic top-k methods the kernels are measured against. Both follow the contract
 * (largest |v|, ties to the lower position, positions ascending) on NaN-free data.
 */
final class TopKBaselines {
    private TopKBaselines() {}

    /**
     * A size-k min-heap of (|v|, position), as the meProp reference code (C#) does: each element
     * that beats the heap's root replaces it and sifts down; the k positions are sorted at the
     * end. O(n + k·log k·log(n/k)) expected. heapVal/heapPos are caller-owned, length ≥ k.
     */
    static void minHeap(float[] v, int off, int n, int k, int[] idx, int idxOff, float[] heapVal, int[] heapPos) {
        if (k == 0) {
            return;
        }
        int size = 0;
        for (int i = 0; i < n; i++) {
            float a = Math.abs(v[off + i]);
            if (size < k) {
                // sift up; the root is the weakest: smallest |v|, and among equals the highest position
                int c = size++;
                while (c > 0) {
                    int p = (c - 1) >>> 1;
                    if (heapVal[p] <= a) {
                        break;
                    }
                    heapVal[c] = heapVal[p];
                    heapPos[c] = heapPos[p];
                    c = p;
                }
                heapVal[c] = a;
                heapPos[c] = i;
            } else if (a > heapVal[0]) {
                int c = 0;
                while (true) {
                    int l = 2 * c + 1;
                    if (l >= k) {
                        break;
                    }
                    int r = l + 1;
                    int w = r < k && weaker(heapVal[r], heapPos[r], heapVal[l], heapPos[l]) ? r : l;
                    if (!weaker(heapVal[w], heapPos[w], a, i)) {
                        break;
                    }
                    heapVal[c] = heapVal[w];
                    heapPos[c] = heapPos[w];
                    c = w;
                }
                heapVal[c] = a;
                heapPos[c] = i;
            }
        }
        System.arraycopy(heapPos, 0, idx, idxOff, k);
        Arrays.sort(idx, idxOff, idxOff + k);
    }

    private static boolean weaker(float va, int pa, float vb, int pb) {
        return va < vb || (va == vb && pa > pb);
    }

    /**
     * Full sort of (|v| descending, position ascending) packed into longs, then the first k
     * positions sorted. O(n log n). keys is caller-owned, length ≥ n.
     */
    static void fullSort(float[] v, int off, int n, int k, int[] idx, int idxOff, long[] keys) {
        for (int i = 0; i < n; i++) {
            long magnitude = Float.floatToRawIntBits(v[off + i]) & 0x7fffffffL;
            keys[i] = ((0x7fffffffL - magnitude) << 32) | i;
        }
        Arrays.sort(keys, 0, n);
        for (int i = 0; i < k; i++) {
            idx[idxOff + i] = (int) keys[i];
        }
        Arrays.sort(idx, idxOff, idxOff + k);
    }
}
