package io.github.meprop.compress;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.Objects;

/**
 * What a {@link CompressionRule} may look at.
 *
 * @param activeness  the selections counted since the last prune point (layers never observed have
 *                    seen 0); rules that remove units keep it in step with the model
 * @param data        examples for rules that need a forward pass (dead units), or null
 * @param parallelism threads for such passes
 */
public record CompressionContext(Activeness activeness, Dataset data, Parallelism parallelism) {

    /** Requires activeness and parallelism. */
    public CompressionContext {
        Objects.requireNonNull(activeness, "activeness");
        Objects.requireNonNull(parallelism, "parallelism");
    }

    /**
     * No counts, no data, one thread: for rules that need only the weights (merging).
     *
     * @return a context with an empty activeness record, no data and {@link Parallelism#serial()}
     */
    public static CompressionContext weightsOnly() {
        return new CompressionContext(new Activeness(), null, Parallelism.serial());
    }
}
