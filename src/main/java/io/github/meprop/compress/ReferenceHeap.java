package io.github.meprop.compress;

/**
 * The per-example top-k of the reference code (its {@code TopNHeap.GetAbsTop}), replayed exactly
 * so that {@link Activeness.Counting#REFERENCE} counts the positions it would: a min-heap of k
 * (value, position) pairs is built from positions 0..k−1, then each later position whose value is
 * strictly greater than the heap's minimum replaces it. Among equal values the heap's order
 * decides, so when fewer than k values are non-zero the zeros it returns are mostly at positions
 * below k (those not pushed out), not the lowest ones. Cost O(n + k) comparisons plus
 * O(log k) per replacement.
 */
final class ReferenceHeap {
    private ReferenceHeap() {}

    /**
     * The k positions the reference's heap returns for {@code v[0..n)} (values already absolute),
     * in heap order, into {@code positions[0..k)}; {@code values} is scratch of length ≥ k.
     */
    static void top(float[] v, int n, int k, float[] values, int[] positions) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", was " + k);
        }
        for (int i = 0; i < k; i++) {
            values[i] = v[i];
            positions[i] = i;
        }
        for (int i = k >> 1; i >= 0; i--) {
            siftDown(values, positions, i, k);
        }
        for (int i = k; i < n; i++) {
            if (v[i] > values[0]) {
                values[0] = v[i];
                positions[0] = i;
                siftDown(values, positions, 0, k);
            }
        }
    }

    /** Moves entry cur down while a child is smaller (the smaller child; the left one on ties). */
    private static void siftDown(float[] values, int[] positions, int cur, int k) {
        while (true) {
            int left = 2 * cur + 1;
            if (left >= k) {
                return;
            }
            int right = left + 1;
            int next = right >= k ? left : values[left] > values[right] ? right : left;
            if (!(values[cur] > values[next])) {
                return;
            }
            float tv = values[cur];
            values[cur] = values[next];
            values[next] = tv;
            int tp = positions[cur];
            positions[cur] = positions[next];
            positions[next] = tp;
            cur = next;
        }
    }
}
