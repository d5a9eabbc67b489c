package io.github.meprop.compress;

import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;

/**
 * One way to shrink a hidden layer: it chooses which units stay, and may first change the weights
 * to make up for the units that go (for example fold a merged unit into the next layer). The
 * removal itself is the same for every rule ({@link Model#keepUnits}: the unit's rows, the next
 * layer's matching inputs, gradients and optimizer state), and meSimp runs the rules of a prune point
 * in the order it is given, so "prune, then merge", "drop dead units, then prune" and so on are
 * configuration. Built-ins: {@link ActivenessRule} ("prune"), {@link Merger} ("merge"),
 * {@link DeadUnitRule} ("dead"). A new rule is one class implementing this interface, plus one
 * {@link CompressionRules#register} call.
 */
public interface CompressionRule {

    /**
     * The units of hidden layer {@code hidden} to keep.
     *
     * @param model    the model (the rule may adjust weights before returning)
     * @param hidden   the hidden layer, 0-based
     * @param evidence what was observed (activeness since the last prune point, data, threads)
     * @return strictly ascending positions in 0..units, at least one; or null to keep every unit
     */
    int[] keep(Model model, int hidden, CompressionContext evidence);

    /**
     * The name it is registered under, e.g. "prune".
     *
     * @return the registered name
     */
    String name();

    /** Creates a rule from named settings (for {@link CompressionRules}). */
    @FunctionalInterface
    interface Factory {
        /**
         * Creates a rule from named settings.
         *
         * @param options the named settings; a factory rejects those it does not know
         *     ({@link Options#requireAllUsed})
         * @return the rule
         * @throws io.github.meprop.nn.InvalidSettingException naming a bad or unknown setting
         */
        CompressionRule create(Options options);
    }
}
