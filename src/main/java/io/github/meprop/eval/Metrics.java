package io.github.meprop.eval;

import java.util.Objects;

/**
 * Classification metrics as pure functions of arrays: true classes {@code int[n]}, predicted
 * classes {@code int[n]}, and class probabilities {@code float[n × C]} row-major (row i holds
 * example i's probabilities of classes 0..C−1). Each function is one pass, O(n·C).
 */
public final class Metrics {

    /**
     * Probabilities are clipped to at least this before the logarithm of the log-loss, so that a
     * probability of 0 costs {@code −ln(1e-15) ≈ 34.5} instead of infinity.
     */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    /** How far a probability row's sum may be from 1 (float softmax rows are within 1e-6). */
    public static final double ROW_SUM_TOLERANCE = 1e-3;

    private Metrics() {
    }

    /**
     * The share of examples whose prediction equals the truth.
     *
     * @param truth     true classes
     * @param predicted predicted classes, same length (&ge; 1)
     * @return the accuracy in [0, 1]
     * @throws IllegalArgumentException if the lengths differ or are 0, or a class is negative
     */
    public static double accuracy(int[] truth, int[] predicted) {
        checkLabels(truth, predicted, Integer.MAX_VALUE);
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    /**
     * The mean negative log-likelihood of the true classes, in nats (natural logarithm):
     * {@code −(1/n) Σ_i ln max(p[i, truth_i], 1e-15)}, as scikit-learn's {@code log_loss} with
     * {@code eps=1e-15}.
     *
     * @param truth         true classes in {@code 0 .. classes - 1}
     * @param probabilities {@code [n × classes]} row-major; each row in [0, 1] summing to 1
     *                      (within {@value #ROW_SUM_TOLERANCE})
     * @param classes       the number of classes
     * @return the log-loss (&ge; 0)
     * @throws IllegalArgumentException if the sizes do not fit, a class is out of range, or a row
     *                                  is not a probability distribution (naming the row)
     */
    public static double logLoss(int[] truth, float[] probabilities, int classes) {
        checkLabels(truth, truth, classes);
        checkProbabilities(probabilities, truth.length, classes);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(Math.max(probabilities[i * classes + truth[i]], LOG_LOSS_EPSILON));
        }
        return sum / truth.length;
    }

    /**
     * The most probable class of each row (the first one on ties).
     *
     * @param scores  {@code [n × classes]} row-major (probabilities or logits)
     * @param classes the number of classes (&ge; 1)
     * @return {@code int[n]} of class indices
     * @throws IllegalArgumentException if {@code scores.length} is not a multiple of {@code classes}
     */
    public static int[] argmax(float[] scores, int classes) {
        Objects.requireNonNull(scores, "scores");
        if (classes < 1 || scores.length % classes != 0) {
            throw new IllegalArgumentException("scores has " + scores.length + " values, not a multiple of classes "
                    + classes);
        }
        int n = scores.length / classes;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            float bestValue = scores[i * classes];
            for (int c = 1; c < classes; c++) {
                float v = scores[i * classes + c];
                if (v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Checks that {@code probabilities} is {@code n} probability distributions over {@code classes}.
     *
     * @param probabilities {@code [n × classes]} row-major
     * @param n             the number of rows
     * @param classes       the number of classes
     * @throws IllegalArgumentException naming the row (and class) of the first problem: a wrong
     *                                  length, a value outside [0, 1] or not finite, or a row sum
     *                                  farther than {@value #ROW_SUM_TOLERANCE} from 1 (logits
     *                                  instead of probabilities?)
     */
    public static void checkProbabilities(float[] probabilities, int n, int classes) {
        Objects.requireNonNull(probabilities, "probabilities");
        if ((long) n * classes != probabilities.length) {
            throw new IllegalArgumentException("probabilities has " + probabilities.length + " values, expected n × classes = "
                    + n + " × " + classes);
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                float p = probabilities[i * classes + c];
                if (!(p >= 0 && p <= 1 + ROW_SUM_TOLERANCE)) {
                    throw new IllegalArgumentException("probabilities row " + i + ", class " + c + " is " + p
                            + ", not in [0, 1] (logits instead of probabilities?)");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probabilities row " + i + " sums to " + sum
                        + ", not 1 (logits instead of probabilities?)");
            }
        }
    }

    /** Same non-zero length; every entry in 0..classes-1. */
    static void checkLabels(int[] truth, int[] predicted, int classes) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " entries, predicted has " + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("no examples: metrics of an empty set are undefined");
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("truth[" + i + "] = " + truth[i] + " is outside 0.." + (classes - 1));
            }
            if (predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("predicted[" + i + "] = " + predicted[i] + " is outside 0.."
                        + (classes - 1));
            }
        }
    }
}
