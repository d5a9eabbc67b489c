package io.github.meprop.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The usual classification metrics of one set of predictions: accuracy, macro-averaged
 * precision, recall and F1, log-loss (when probabilities are given), per-class precision, recall,
 * F1 and support, and the confusion matrix. Definitions in {@link ConfusionMatrix} and
 * {@link Metrics}.
 *
 * @param confusion      the confusion matrix
 * @param accuracy       correct / n
 * @param macroPrecision mean precision over the classes that occur
 * @param macroRecall    mean recall over the classes that occur
 * @param macroF1        mean F1 over the classes that occur
 * @param logLoss        mean −ln p(true class), or NaN without probabilities
 * @param perClass       one entry per class, in class order
 */
public record ClassificationReport(ConfusionMatrix confusion, double accuracy, double macroPrecision,
        double macroRecall, double macroF1, double logLoss, List<ClassMetrics> perClass) {

    /** Copies the list (unmodifiable). */
    public ClassificationReport {
        Objects.requireNonNull(confusion, "confusion");
        perClass = List.copyOf(perClass);
    }

    /**
     * The report of predictions, with the log-loss when probabilities are given.
     *
     * @param truth         true classes in {@code 0 .. classes - 1}
     * @param predicted     predicted classes, same length
     * @param probabilities {@code [n × classes]} row-major, or null (then {@link #logLoss()} is NaN)
     * @param classes       the number of classes
     * @return the report
     * @throws IllegalArgumentException if the arrays do not fit together or hold invalid values
     */
    public static ClassificationReport of(int[] truth, int[] predicted, float[] probabilities, int classes) {
        ConfusionMatrix m = ConfusionMatrix.of(truth, predicted, classes);
        double logLoss = probabilities == null ? Double.NaN : Metrics.logLoss(truth, probabilities, classes);
        List<ClassMetrics> per = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            per.add(new ClassMetrics(c, m.precision(c), m.recall(c), m.f1(c), m.support(c)));
        }
        return new ClassificationReport(m, m.accuracy(), m.macroPrecision(), m.macroRecall(), m.macroF1(), logLoss, per);
    }

    /**
     * The report of probabilities, predicting the most probable class ({@link Metrics#argmax}).
     *
     * @param truth         true classes in {@code 0 .. classes - 1}
     * @param probabilities {@code [n × classes]} row-major
     * @param classes       the number of classes
     * @return the report
     * @throws IllegalArgumentException if the arrays do not fit together or hold invalid values
     */
    public static ClassificationReport of(int[] truth, float[] probabilities, int classes) {
        Metrics.checkProbabilities(probabilities, truth.length, classes);
        return of(truth, Metrics.argmax(probabilities, classes), probabilities, classes);
    }

    /**
     * A text table: one line per class (precision, recall, F1, support), then accuracy,
     * macro averages and log-loss.
     *
     * @param classNames the classes' names in class order, or null for the indices
     * @return the table, lines ending in {@code \n}
     */
    public String format(List<String> classNames) {
        if (classNames != null && classNames.size() != perClass.size()) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + perClass.size() + " classes");
        }
        List<String> names = new ArrayList<>();
        int width = "macro avg".length();
        for (ClassMetrics c : perClass) {
            String name = classNames == null ? Integer.toString(c.label()) : classNames.get(c.label());
            names.add(name);
            width = Math.max(width, name.length());
        }
        StringBuilder s = new StringBuilder();
        String row = "%-" + width + "s  %9s  %9s  %9s  %9s%n";
        String num = "%-" + width + "s  %9.4f  %9.4f  %9.4f  %9d%n";
        s.append(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support"));
        for (ClassMetrics c : perClass) {
            s.append(String.format(Locale.ROOT, num, names.get(c.label()), c.precision(), c.recall(), c.f1(), c.support()));
        }
        s.append(String.format(Locale.ROOT, num, "macro avg", macroPrecision, macroRecall, macroF1, confusion.total()));
        s.append(String.format(Locale.ROOT, "%-" + width + "s  %9.4f%n", "accuracy", accuracy));
        if (!Double.isNaN(logLoss)) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %9.4f%n", "log-loss", logLoss));
        }
        return s.toString();
    }
}
