package io.github.meprop.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named settings given as text, for the registries ({@link Selectors}, {@link Optimizers},
 * {@link io.github.meprop.compress.CompressionRules}): a factory reads the settings it knows with the
 * typed getters (a value that does not parse is an {@link InvalidSettingException} naming the
 * setting) and {@link #requireAllUsed} rejects the ones it does not know. Keys are the names the
 * command line uses without the dashes ({@code lr}, {@code k}, {@code mass}, ...).
 *
 * <p>Immutable except for the record of which keys were read, which a factory uses once.
 */
public final class Options {
    private final Map<String, String> values;
    private final Set<String> used = Collections.synchronizedSet(new LinkedHashSet<>());

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * No settings.
     *
     * @return an empty, immutable set of settings
     */
    public static Options none() {
        return new Options(Map.of());
    }

    /**
     * The given settings (copied; keys are lower-cased).
     *
     * @param values the settings by key; neither a key nor a value may be null
     * @return new options holding a copy
     */
    public static Options of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(key(k), Objects.requireNonNull(v, "value of " + k)));
        return new Options(Collections.unmodifiableMap(m));
    }

    /**
     * Settings from alternating keys and values: {@code of("lr", "0.01", "clip", "5")}.
     *
     * @param keysAndValues key, value, key, value, ...: an even number of strings
     * @return new options holding these settings
     * @throws IllegalArgumentException if an odd number of strings is given
     */
    public static Options of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("need pairs of key and value, got " + keysAndValues.length + " strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(m);
    }

    /**
     * Parses {@code "key=value,key=value"} (a key without {@code =value} means "true"); the empty
     * string gives no settings.
     *
     * @param text the settings, e.g. {@code "lr=0.01,clip=5"}; blanks around keys and values are
     *     ignored
     * @return new options holding the parsed settings
     * @throws IllegalArgumentException if a setting between two commas is empty
     */
    public static Options parse(String text) {
        Objects.requireNonNull(text, "text");
        Map<String, String> m = new LinkedHashMap<>();
        if (!text.isBlank()) {
            for (String part : text.split(",", -1)) {
                String p = part.trim();
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("empty setting in '" + text + "'");
                }
                int eq = p.indexOf('=');
                m.put(eq < 0 ? p : p.substring(0, eq).trim(), eq < 0 ? "true" : p.substring(eq + 1).trim());
            }
        }
        return of(m);
    }

    private static String key(String k) {
        return Objects.requireNonNull(k, "key").trim().toLowerCase(Locale.ROOT);
    }

    /**
     * These settings plus one more (or another value for an existing key).
     *
     * @param key the setting's name (case-insensitive)
     * @param value its value as text, not null
     * @return new options; this one is unchanged
     */
    public Options with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key(key), Objects.requireNonNull(value, "value"));
        return new Options(Collections.unmodifiableMap(m));
    }

    /**
     * True when the setting is given.
     *
     * @param key the setting's name (case-insensitive)
     * @return whether the setting is given (asking does not count as reading it)
     */
    public boolean has(String key) {
        return values.containsKey(key(key));
    }

    /**
     * The setting as text, or def when absent.
     *
     * @param key the setting's name (case-insensitive)
     * @param def the value returned when the setting is absent (may be null)
     * @return the value as given, or def
     */
    public String text(String key, String def) {
        String k = key(key);
        used.add(k);
        return values.getOrDefault(k, def);
    }

    /**
     * The setting as a number, or def when absent.
     *
     * @param key the setting's name (case-insensitive)
     * @param def the value returned when the setting is absent
     * @return the parsed value, or def
     * @throws InvalidSettingException if the value is not a number
     */
    public double number(String key, double def) {
        String v = text(key, null);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key(key), key(key) + " must be a number, was '" + v + "'");
        }
    }

    /**
     * The setting as an integer, or def when absent.
     *
     * @param key the setting's name (case-insensitive)
     * @param def the value returned when the setting is absent
     * @return the parsed value, or def
     * @throws InvalidSettingException if the value is not an integer
     */
    public int integer(String key, int def) {
        String v = text(key, null);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key(key), key(key) + " must be an integer, was '" + v + "'");
        }
    }

    /**
     * The setting as true/false ("true", "false", "yes", "no", "1", "0"), or def when absent.
     *
     * @param key the setting's name (case-insensitive)
     * @param def the value returned when the setting is absent
     * @return the parsed value, or def
     * @throws InvalidSettingException if the value is none of the accepted words
     */
    public boolean flag(String key, boolean def) {
        String v = text(key, null);
        if (v == null) {
            return def;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidSettingException(key(key), key(key) + " must be true or false, was '" + v + "'");
        };
    }

    /**
     * The setting as a {@link KSpec} (a count or a percentage), or def when absent.
     *
     * @param key the setting's name (case-insensitive)
     * @param def the value returned when the setting is absent (may be null)
     * @return the parsed k, or def
     * @throws InvalidSettingException if the value is not a valid k
     */
    public KSpec k(String key, KSpec def) {
        String v = text(key, null);
        if (v == null) {
            return def;
        }
        try {
            return KSpec.parse(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key(key), e.getMessage());
        }
    }

    /**
     * Throws when a setting was given that no getter read.
     *
     * @param owner names the reader in the message, e.g. "optimizer adam"
     * @throws InvalidSettingException naming the first unknown setting
     */
    public void requireAllUsed(String owner) {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new InvalidSettingException(k, k + " does not apply to " + owner
                        + (used.isEmpty() ? ", which takes no settings" : ", which takes " + String.join(", ", used)));
            }
        }
    }

    /**
     * The settings as given (read-only).
     *
     * @return an unmodifiable map of the settings, keys lower-cased, in the order given
     */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
