package io.github.meprop.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metrics on a small case worked out by hand (the same numbers scikit-learn's
 * {@code classification_report}, {@code confusion_matrix} and {@code log_loss} give for it).
 */
class MetricsTest {

    // 8 examples, 3 classes; class 2 is never predicted.
    static final int[] TRUTH = {0, 0, 0, 1, 1, 2, 2, 1};
    static final int[] PRED = {0, 1, 0, 1, 1, 1, 0, 1};

    @Test
    void confusionMatrixCountsPairs() {
        ConfusionMatrix m = ConfusionMatrix.of(TRUTH, PRED, 3);
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 3, 0}, {1, 1, 0}}, m.toArray());
        assertEquals(8, m.total());
        assertEquals(3, m.support(0));
        assertEquals(5, m.predicted(1));
        assertEquals(0, m.predicted(2));
        assertEquals(5.0 / 8, m.accuracy());
        assertEquals(5.0 / 8, Metrics.accuracy(TRUTH, PRED));
    }

    @Test
    void precisionRecallF1PerClassAndMacro() {
        ConfusionMatrix m = ConfusionMatrix.of(TRUTH, PRED, 3);
        // class 0: TP 2, predicted 3, support 3 -> P = R = F1 = 2/3
        assertEquals(2.0 / 3, m.precision(0), 1e-15);
        assertEquals(2.0 / 3, m.recall(0), 1e-15);
        assertEquals(2.0 / 3, m.f1(0), 1e-15);
        // class 1: TP 3, predicted 5, support 3 -> P 0.6, R 1, F1 0.75
        assertEquals(0.6, m.precision(1), 1e-15);
        assertEquals(1.0, m.recall(1), 1e-15);
        assertEquals(0.75, m.f1(1), 1e-15);
        // class 2: never predicted -> P 0 (zero division), R 0, F1 0
        assertEquals(0, m.precision(2));
        assertEquals(0, m.recall(2));
        assertEquals(0, m.f1(2));
        assertEquals((2.0 / 3 + 0.75 + 0) / 3, m.macroF1(), 1e-15);
        assertEquals((2.0 / 3 + 0.6 + 0) / 3, m.macroPrecision(), 1e-15);
        assertEquals((2.0 / 3 + 1 + 0) / 3, m.macroRecall(), 1e-15);
    }

    @Test
    void macroAveragesSkipClassesThatNeverOccur() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 5);
        // classes 2..4 occur nowhere; class 0: P 1/2 R 1 F1 2/3; class 1: P 1 R 1/2 F1 2/3
        assertEquals(2.0 / 3, m.macroF1(), 1e-15);
        assertTrue(m.occurs(1));
        assertTrue(!m.occurs(3));
    }

    @Test
    void logLossIsTheMeanNegativeLogProbabilityOfTheTruth() {
        float[] p = {0.7f, 0.2f, 0.1f, 0.1f, 0.8f, 0.1f, 0f, 0.5f, 0.5f};
        int[] truth = {0, 1, 0};
        double expected = -(Math.log(0.7f) + Math.log(0.8f) + Math.log(1e-15)) / 3;
        assertEquals(expected, Metrics.logLoss(truth, p, 3), 1e-12);
        ClassificationReport r = ClassificationReport.of(truth, p, 3);
        assertEquals(expected, r.logLoss(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 1}, Metrics.argmax(p, 3), "ties go to the first class");
        assertEquals(2.0 / 3, r.accuracy(), 1e-15);
    }

    @Test
    void reportHoldsEverythingAndFormatsATable() {
        ClassificationReport r = ClassificationReport.of(TRUTH, PRED, null, 3);
        assertEquals(Double.NaN, r.logLoss());
        assertEquals(3, r.perClass().size());
        ClassMetrics dog = r.perClass().get(1);
        assertEquals(1, dog.label());
        assertEquals(0.6, dog.precision(), 1e-15);
        assertEquals(1.0, dog.recall(), 1e-15);
        assertEquals(0.75, dog.f1(), 1e-15);
        assertEquals(3, dog.support());
        String text = r.format(List.of("cat", "dog", "bird"));
        assertTrue(text.startsWith("class      precision     recall         f1    support\n"), text);
        assertTrue(text.contains("dog           0.6000     1.0000     0.7500          3\n"), text);
        assertTrue(text.contains("accuracy      0.6250\n"), text);
        assertTrue(!text.contains("log-loss"), text);
        assertThrows(IllegalArgumentException.class, () -> r.format(List.of("a")));
    }

    @Test
    void invalidInputsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 0}, 3));
        assertEquals("truth[1] = 3 is outside 0..2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[2], new int[3]));
        assertEquals("truth has 2 entries, predicted has 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[0], new int[0]));
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.logLoss(new int[] {0, 1}, new float[] {2.1f, -0.3f, 0.5f, 0.5f}, 2));
        assertEquals("probabilities row 0, class 0 is 2.1, not in [0, 1] (logits instead of probabilities?)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.logLoss(new int[] {0, 1}, new float[] {0.5f, 0.5f, 0.2f, 0.2f}, 2));
        assertTrue(e.getMessage().startsWith("probabilities row 1 sums to 0.4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.logLoss(new int[] {0}, new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.argmax(new float[3], 2));
    }
}
