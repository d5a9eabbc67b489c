package io.github.meprop.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Names to factories, for one family of extension points (selectors, optimizers, compression rules,
 * layer types). The built-ins register themselves in their family's class; a user (or a test)
 * registers more with one call. Thread-safe.
 *
 * @param <F> the factory type
 */
public final class Registry<F> {
    private final String family;
    private final Map<String, F> factories = new LinkedHashMap<>();

    /**
     * An empty registry; family names it in messages ("selector", "optimizer", ...).
     *
     * @param family what the factories make, for messages ("selector", "optimizer", ...)
     */
    public Registry(String family) {
        this.family = Objects.requireNonNull(family, "family");
    }

    /**
     * Registers a factory under a name (lower-case letters, digits and '-').
     *
     * @param name the name (trimmed and lower-cased first)
     * @param factory the factory, not null
     * @throws IllegalArgumentException if the name is malformed or taken
     */
    public synchronized void register(String name, F factory) {
        Objects.requireNonNull(factory, "factory");
        String n = normalize(name);
        if (!n.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(family + " name '" + name + "' must be lower-case letters, digits and '-'");
        }
        if (factories.containsKey(n)) {
            throw new IllegalArgumentException(family + " '" + n + "' is already registered");
        }
        factories.put(n, factory);
    }

    /**
     * The factory registered under name (case-insensitive).
     *
     * @param name the registered name (case-insensitive, surrounding blanks ignored)
     * @return the factory
     * @throws InvalidSettingException (setting = the family) naming the known names if there is none
     */
    public synchronized F get(String name) {
        F f = factories.get(normalize(name));
        if (f == null) {
            throw new InvalidSettingException(family, "unknown " + family + " '" + name + "': expected one of "
                    + String.join(", ", factories.keySet()));
        }
        return f;
    }

    /**
     * The registered names, in registration order.
     *
     * @return a new list of the registered names, in registration order
     */
    public synchronized List<String> names() {
        return new ArrayList<>(factories.keySet());
    }

    private static String normalize(String name) {
        return Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized String toString() {
        return "Registry[" + family + ": " + String.join(", ", factories.keySet()) + "]";
    }
}
