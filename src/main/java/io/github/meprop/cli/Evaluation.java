package io.github.meprop.cli;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Model;
import java.util.Locale;

/**
 * Test accuracy of a model that may hold non-finite weights (loaded with
 * {@code --allow-non-finite}): examples whose logits are not all finite are counted apart, and an
 * accuracy over such logits is reported as undefined instead of as a figure (the arg-max of NaN
 * logits is an arbitrary class).
 *
 * @param correct   examples classified correctly (among those with finite logits)
 * @param nonFinite examples with a NaN or infinite logit
 * @param total     examples
 */
record Evaluation(int correct, int nonFinite, int total) {

    /** Evaluates {@code model} on {@code data} in batches of {@code batch}. */
    static Evaluation of(Model model, Dataset data, Parallelism par, int batch) {
        if (data.width() != model.inputs()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.width() + " features"
                    + ", the model expects " + model.inputs());
        }
        int classes = model.outputs();
        int b = Math.max(1, Math.min(batch, data.size()));
        float[] x = new float[b * data.width()];
        float[] logits = new float[b * classes];
        int[] pred = new int[b];
        int correct = 0;
        int nonFinite = 0;
        for (int from = 0; from < data.size(); from += b) {
            int n = Math.min(b, data.size() - from);
            System.arraycopy(data.x(), from * data.width(), x, 0, n * data.width());
            model.logits(par, x, n, logits);
            Ops.argmaxRows(logits, n, classes, pred); // the same arg-max as Model.accuracy
            for (int r = 0; r < n; r++) {
                boolean finite = true;
                for (int c = 0; c < classes; c++) {
                    finite &= Float.isFinite(logits[r * classes + c]);
                }
                if (!finite) {
                    nonFinite++;
                } else if (pred[r] == data.y()[from + r]) {
                    correct++;
                }
            }
        }
        return new Evaluation(correct, nonFinite, data.size());
    }

    /** Whether the accuracy is a figure: every example had finite logits. */
    boolean defined() {
        return nonFinite == 0;
    }

    /** "97.85%", or "undefined: N of M examples have non-finite logits". */
    String accuracy() {
        if (!defined()) {
            return undefined(nonFinite, total);
        }
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * correct / total);
    }

    static String undefined(int nonFinite, int total) {
        return "undefined: " + nonFinite + " of " + total + " examples have non-finite logits";
    }
}
