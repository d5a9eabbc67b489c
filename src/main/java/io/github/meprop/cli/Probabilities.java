package io.github.meprop.cli;

/**
 * Softmax of logit rows, for {@code eval}'s log-loss. Each row: subtract its maximum, exponentiate
 * and normalise in double, store as float. O(rows × classes).
 */
final class Probabilities {
    private Probabilities() {}

    /** Row-wise softmax of {@code logits [rows × classes]} into {@code out} (may be the same array). */
    static void softmax(float[] logits, int rows, int classes, float[] out) {
        double[] e = new double[classes];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                e[c] = Math.exp((double) logits[base + c] - max);
                sum += e[c];
            }
            for (int c = 0; c < classes; c++) {
                out[base + c] = (float) (e[c] / sum);
            }
        }
    }
}
