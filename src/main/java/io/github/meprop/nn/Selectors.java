package io.github.meprop.nn;

import java.util.List;

/**
 * The selectors the command line (and any front end) can name: dense, topk, unified, randomk and
 * adaptive, each created from {@link Options}. Register another with one call:
 * <pre>{@code Selectors.register("threshold", ThresholdSelector::create);}</pre>
 */
public final class Selectors {
    private static final Registry<Selector.Factory> REGISTRY = new Registry<>("selector");

    static {
        REGISTRY.register("dense", DenseSelector::create);
        REGISTRY.register("topk", TopKSelector::create);
        REGISTRY.register("unified", UnifiedSelector::create);
        REGISTRY.register("randomk", RandomKSelector::create);
        REGISTRY.register("adaptive", AdaptiveSelector::create);
    }

    private Selectors() {}

    /**
     * Registers a selector factory under a name.
     *
     * @param name the name (lower-case letters, digits and '-'; case-insensitive)
     * @param factory creates a selector from named settings
     * @throws IllegalArgumentException if the name is malformed or already registered
     */
    public static void register(String name, Selector.Factory factory) {
        REGISTRY.register(name, factory);
    }

    /**
     * The selector registered under name, created from the settings.
     *
     * @param name the registered name (case-insensitive)
     * @param options the selector's settings; every one must be known to it
     * @return the selector
     * @throws InvalidSettingException for an unknown name (setting "selector") or a bad setting
     */
    public static Selector create(String name, Options options) {
        return REGISTRY.get(name).create(options);
    }

    /**
     * Parses "NAME", "NAME:K" or "NAME:SETTING=VALUE,...", e.g. "dense", "topk:20", "unified:4%" or
     * "adaptive:mass=0.9,k-max=40".
     *
     * @param spec the name, optionally followed by a colon and either k or named settings
     * @return the selector
     * @throws InvalidSettingException for an unknown name or a bad setting
     * @throws IllegalArgumentException if the settings are malformed (e.g. an empty one)
     */
    public static Selector parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return create(spec, Options.none());
        }
        String settings = spec.substring(colon + 1);
        Options o = settings.contains("=") ? Options.parse(settings) : Options.of("k", settings.trim());
        return create(spec.substring(0, colon), o);
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
