package io.github.meprop.nn;

import java.util.List;

/**
 * The optimizers the command line (and any front end) can name: adam and sgd, each created from
 * {@link Options} ({@code lr}, {@code clip}, ...). Register another with one call:
 * <pre>{@code Optimizers.register("adagrad", Adagrad.Spec::from);}</pre>
 */
public final class Optimizers {
    private static final Registry<Optimizer.Factory> REGISTRY = new Registry<>("optimizer");

    static {
        REGISTRY.register("adam", Adam.Spec::from);
        REGISTRY.register("sgd", Sgd.Spec::from);
    }

    private Optimizers() {}

    /**
     * Registers an optimizer factory under a name.
     *
     * @param name the name (lower-case letters, digits and '-'; case-insensitive)
     * @param factory creates validated settings from named ones
     * @throws IllegalArgumentException if the name is malformed or already registered
     */
    public static void register(String name, Optimizer.Factory factory) {
        REGISTRY.register(name, factory);
    }

    /**
     * Validated settings of the optimizer registered under name.
     *
     * @param name the registered name (case-insensitive)
     * @param options the optimizer's settings; every one must be known to it
     * @return the validated settings
     * @throws InvalidSettingException for an unknown name (setting "optimizer") or a bad setting
     */
    public static Optimizer.Spec create(String name, Options options) {
        return REGISTRY.get(name).create(options);
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
