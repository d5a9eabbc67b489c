package io.github.meprop.compress;

import io.github.meprop.nn.Dense;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;

/**
 * Removes the hidden units whose output is exactly 0 on every example of the evidence's data (see
 * {@link DeadNeurons}): exact on that data. With {@code samples > 0} only the first that many
 * examples are examined (cheaper at frequent prune points, exact only on those). A layer never
 * loses its last unit. Needs {@link CompressionContext#data()}; keeps everything without it, and in
 * layers that are not dense (an LSTM: see {@link DeadNeurons}).
 *
 * @param samples examples to examine, 0 for all
 */
public record DeadUnitRule(int samples) implements CompressionRule {

    /** Validates samples (setting "samples"). */
    public DeadUnitRule {
        InvalidSettingException.check(samples >= 0, "samples", "must be >= 0", samples);
    }

    /** For {@link CompressionRules}: setting samples (default 0, all). */
    static DeadUnitRule create(Options o) {
        DeadUnitRule r = new DeadUnitRule(o.integer("samples", 0));
        o.requireAllUsed("compression rule dead");
        return r;
    }

    @Override
    public int[] keep(Model model, int hidden, CompressionContext evidence) {
        if (evidence.data() == null || evidence.data().size() == 0 || !(model.layer(hidden) instanceof Dense)) {
            return null;
        }
        var data = evidence.data();
        if (samples > 0 && samples < data.size()) {
            data = data.slice(data.name(), 0, samples);
        }
        long[][] counts = DeadNeurons.activeCounts(model, data, evidence.parallelism(), 1000);
        return DeadNeurons.keepActive(counts[hidden]);
    }

    @Override
    public String name() {
        return "dead";
    }
}
