package io.github.meprop.eval;

/**
 * Precision, recall and F1 of one class (see {@link ConfusionMatrix} for the definitions).
 *
 * @param label     the class index
 * @param precision TP / predicted, 0 when never predicted
 * @param recall    TP / support, 0 when the class does not occur in the truth
 * @param f1        2·precision·recall / (precision + recall), 0 when both are 0
 * @param support   examples whose true class this is
 */
public record ClassMetrics(int label, double precision, double recall, double f1, long support) {
}
