/**
 * Classification metrics as pure functions of arrays: {@link io.github.meprop.eval.Metrics}
 * (accuracy, log-loss, arg-max), {@link io.github.meprop.eval.ConfusionMatrix} (per-class
 * precision, recall and F1, macro averages) and {@link io.github.meprop.eval.ClassificationReport}
 * (all of them, and a text table).
 *
 * <p>Inputs are true classes {@code int[n]}, predicted classes {@code int[n]} and probabilities
 * {@code float[n × C]} row-major. Nothing here depends on the network classes: the metrics apply
 * to predictions from anywhere.
 */
package io.github.meprop.eval;
