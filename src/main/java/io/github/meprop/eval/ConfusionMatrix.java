package io.github.meprop.eval;

import java.util.Objects;

/**
 * Counts of (true class, predicted class) pairs over {@code n} examples of {@code C} classes:
 * {@code count(t, p)} examples of class t were predicted as p. Cost to build: O(n + C²).
 * Immutable.
 *
 * <p>For class c: {@code TP = count(c, c)}, {@code support(c)} = examples whose true class is c
 * (row sum), {@code predicted(c)} = examples predicted as c (column sum);
 * {@code precision = TP / predicted(c)}, {@code recall = TP / support(c)},
 * {@code F1 = 2·precision·recall / (precision + recall)}; each is 0 where its denominator is 0
 * (scikit-learn's {@code zero_division=0}). Macro averages are over the classes that occur in the
 * truth or the predictions, as scikit-learn does when no label list is given.
 */
public final class ConfusionMatrix {

    private final int classes;
    /** counts[t * classes + p]. */
    private final long[] counts;
    private final long total;

    private ConfusionMatrix(int classes, long[] counts, long total) {
        this.classes = classes;
        this.counts = counts;
        this.total = total;
    }

    /**
     * Counts the pairs.
     *
     * @param truth     true classes, in {@code 0 .. classes - 1}
     * @param predicted predicted classes, same length, in {@code 0 .. classes - 1}
     * @param classes   the number of classes (&ge; 1)
     * @return the matrix
     * @throws IllegalArgumentException if the lengths differ, there are no examples or a class is
     *                                  out of range (naming the array and index)
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        Metrics.checkLabels(truth, predicted, classes);
        long[] counts = new long[Math.multiplyExact(classes, classes)];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i] * classes + predicted[i]]++;
        }
        return new ConfusionMatrix(classes, counts, truth.length);
    }

    /**
     * The number of classes.
     *
     * @return C
     */
    public int classes() {
        return classes;
    }

    /**
     * The number of examples.
     *
     * @return n
     */
    public long total() {
        return total;
    }

    /**
     * Examples of one true class predicted as one class.
     *
     * @param truth     the true class
     * @param predicted the predicted class
     * @return their count
     */
    public long count(int truth, int predicted) {
        Objects.checkIndex(truth, classes);
        Objects.checkIndex(predicted, classes);
        return counts[truth * classes + predicted];
    }

    /**
     * The matrix as rows of true classes.
     *
     * @return a new {@code [C][C]} array: {@code [t][p] = count(t, p)}
     */
    public long[][] toArray() {
        long[][] m = new long[classes][classes];
        for (int t = 0; t < classes; t++) {
            System.arraycopy(counts, t * classes, m[t], 0, classes);
        }
        return m;
    }

    /**
     * Examples whose true class is c (the row sum).
     *
     * @param c the class
     * @return its support
     */
    public long support(int c) {
        Objects.checkIndex(c, classes);
        long s = 0;
        for (int p = 0; p < classes; p++) {
            s += counts[c * classes + p];
        }
        return s;
    }

    /**
     * Examples predicted as c (the column sum).
     *
     * @param c the class
     * @return how often it was predicted
     */
    public long predicted(int c) {
        Objects.checkIndex(c, classes);
        long s = 0;
        for (int t = 0; t < classes; t++) {
            s += counts[t * classes + c];
        }
        return s;
    }

    /**
     * Correct predictions over all predictions: trace / n.
     *
     * @return the accuracy in [0, 1]
     */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += counts[c * classes + c];
        }
        return (double) correct / total;
    }

    /**
     * TP / predicted(c), 0 when c was never predicted.
     *
     * @param c the class
     * @return its precision
     */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0 : (double) counts[c * classes + c] / p;
    }

    /**
     * TP / support(c), 0 when c never occurs in the truth.
     *
     * @param c the class
     * @return its recall
     */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) counts[c * classes + c] / s;
    }

    /**
     * The harmonic mean of precision and recall, 0 when both are 0.
     *
     * @param c the class
     * @return its F1 score
     */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * Whether class c occurs in the truth or the predictions (the classes macro averages are over).
     *
     * @param c the class
     * @return true if {@code support(c) + predicted(c) > 0}
     */
    public boolean occurs(int c) {
        return support(c) + predicted(c) > 0;
    }

    /**
     * The mean precision over the classes that occur.
     *
     * @return the macro-averaged precision
     */
    public double macroPrecision() {
        return macro(this::precision);
    }

    /**
     * The mean recall over the classes that occur.
     *
     * @return the macro-averaged recall
     */
    public double macroRecall() {
        return macro(this::recall);
    }

    /**
     * The mean F1 over the classes that occur (not the F1 of the mean precision and recall).
     *
     * @return the macro-averaged F1 score
     */
    public double macroF1() {
        return macro(this::f1);
    }

    private double macro(java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            if (occurs(c)) {
                sum += metric.applyAsDouble(c);
                n++;
            }
        }
        return sum / n;
    }
}
