package io.github.meprop.compress;

import io.github.meprop.nn.Options;
import io.github.meprop.nn.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * The compression rules the command line (and any front end) can name: prune (activeness, setting
 * prune), merge (setting tau), dead (setting samples), magnitude (setting keep), target (a mean
 * width reached gradually: settings width, points) and refit (a least-squares refit around another
 * rule: settings of, ridge, samples and the other rule's).
 * Register another with one call:
 * <pre>{@code CompressionRules.register("magnitude", MagnitudeRule::create);}</pre>
 */
public final class CompressionRules {
    private static final Registry<CompressionRule.Factory> REGISTRY = new Registry<>("compression rule");

    static {
        REGISTRY.register("prune", ActivenessRule::create);
        REGISTRY.register("merge", Merger::create);
        REGISTRY.register("dead", DeadUnitRule::create);
        REGISTRY.register("magnitude", MagnitudeRule::create);
        REGISTRY.register("refit", LeastSquaresRefit::create);
        REGISTRY.register("target", TargetWidthRule::create);
    }

    private CompressionRules() {}

    /**
     * Registers a rule factory under a name.
     *
     * @param name the name (lower-case letters, digits and '-'; case-insensitive)
     * @param factory creates a rule from named settings
     * @throws IllegalArgumentException if the name is malformed or already registered
     */
    public static void register(String name, CompressionRule.Factory factory) {
        REGISTRY.register(name, factory);
    }

    /**
     * The rule registered under name, created from the settings.
     *
     * @param name the registered name (case-insensitive)
     * @param options the rule's settings; every one must be known to it
     * @return the rule
     * @throws io.github.meprop.nn.InvalidSettingException for an unknown name (setting "compression
     *     rule") or a bad setting
     */
    public static CompressionRule create(String name, Options options) {
        return REGISTRY.get(name).create(options);
    }

    /**
     * Parses a list of rules in the order they run, e.g. {@code "prune:prune=0.1;merge:tau=0.5"}
     * (rules separated by ';', settings after ':' as for {@link Options#parse}).
     *
     * @param spec the rules, separated by ';' (empty parts are skipped), each a name optionally
     *     followed by ':' and its settings
     * @return a new list of the rules, in the order given (empty for a blank spec)
     * @throws io.github.meprop.nn.InvalidSettingException for an unknown name or a bad setting
     * @throws IllegalArgumentException if a rule's settings are malformed
     */
    public static List<CompressionRule> parse(String spec) {
        List<CompressionRule> rules = new ArrayList<>();
        for (String part : spec.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            rules.add(colon < 0 ? create(p, Options.none())
                    : create(p.substring(0, colon), Options.parse(p.substring(colon + 1))));
        }
        return rules;
    }

    /**
     * The registered names.
     *
     * @return the registered names, in registration order
     */
    public static List<String> names() {
        return REGISTRY.names();
    }
}
