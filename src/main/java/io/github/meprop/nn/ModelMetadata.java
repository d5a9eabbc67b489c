package io.github.meprop.nn;

import io.github.meprop.data.Standardizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a model file records about the data besides the weights: the class names, the feature
 * names, the standardisation of the inputs, and free-form user entries. Immutable; build it with
 * {@link #EMPTY} and the {@code with...} methods.
 *
 * <p>In the file's safetensors metadata (a string → string map) the entries are stored as:
 * <table>
 *   <caption>model-file metadata keys</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@value #CLASS_NAMES}</td><td>JSON array of strings, one per output, e.g.
 *       {@code ["cat","dog"]}</td></tr>
 *   <tr><td>{@value #FEATURE_NAMES}</td><td>JSON array of strings, one per input</td></tr>
 *   <tr><td>{@value #STANDARDIZER_MEAN}</td><td>JSON array of numbers, one per input (floats written
 *       so that they read back exactly)</td></tr>
 *   <tr><td>{@value #STANDARDIZER_SCALE}</td><td>JSON array of numbers, one per input, each &gt; 0</td></tr>
 *   <tr><td>{@value #USER_PREFIX}{@code <key>}</td><td>a user entry {@code <key>}, as given</td></tr>
 * </table>
 * Absent entries are simply not written. See docs/model-files.md.
 *
 * @param classNames   class k's name is {@code classNames.get(k)}; empty for none
 * @param featureNames input j's name is {@code featureNames.get(j)}; empty for none
 * @param standardizer the standardisation to apply to raw inputs before the model, or null
 * @param user         free-form entries (keys without the {@value #USER_PREFIX} prefix), in order
 */
public record ModelMetadata(List<String> classNames, List<String> featureNames, Standardizer standardizer,
        Map<String, String> user) {

    /** Metadata key of the class names. */
    public static final String CLASS_NAMES = "class_names";
    /** Metadata key of the feature names. */
    public static final String FEATURE_NAMES = "feature_names";
    /** Metadata key of the standardizer's means. */
    public static final String STANDARDIZER_MEAN = "standardizer_mean";
    /** Metadata key of the standardizer's scales. */
    public static final String STANDARDIZER_SCALE = "standardizer_scale";
    /** Prefix of user entries in the file's metadata. */
    public static final String USER_PREFIX = "user.";

    /** Keys that are not user entries. */
    static final Set<String> RESERVED = Set.of(CLASS_NAMES, FEATURE_NAMES, STANDARDIZER_MEAN, STANDARDIZER_SCALE);

    /** No names, no standardizer, no user entries. */
    public static final ModelMetadata EMPTY = new ModelMetadata(List.of(), List.of(), null, Map.of());

    /**
     * Copies the lists and the map (unmodifiable; the map keeps its order).
     *
     * @throws NullPointerException if a list, the map, or an entry is null
     */
    public ModelMetadata {
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        Map<String, String> copy = new LinkedHashMap<>();
        user.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "user key"),
                Objects.requireNonNull(v, () -> "user value of " + k)));
        user = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * These metadata with other class names.
     *
     * @param names one name per output class
     * @return the new metadata
     */
    public ModelMetadata withClassNames(List<String> names) {
        return new ModelMetadata(names, featureNames, standardizer, user);
    }

    /**
     * These metadata with other feature names.
     *
     * @param names one name per input feature
     * @return the new metadata
     */
    public ModelMetadata withFeatureNames(List<String> names) {
        return new ModelMetadata(classNames, names, standardizer, user);
    }

    /**
     * These metadata with another standardizer.
     *
     * @param s the standardisation of the inputs, or null for none
     * @return the new metadata
     */
    public ModelMetadata withStandardizer(Standardizer s) {
        return new ModelMetadata(classNames, featureNames, s, user);
    }

    /**
     * These metadata with one more user entry (replacing an entry with the same key).
     *
     * @param key   the entry's key
     * @param value its value
     * @return the new metadata
     */
    public ModelMetadata with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(user);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ModelMetadata(classNames, featureNames, standardizer, m);
    }

    /**
     * The class name of an output.
     *
     * @param k the class index
     * @return {@code classNames().get(k)}, or {@code k} as text when there are no names
     */
    public String className(int k) {
        return classNames.isEmpty() ? Integer.toString(k) : classNames.get(k);
    }

    /**
     * Checks that the names and the standardizer fit a model.
     *
     * @param inputs  the model's input width
     * @param outputs the model's number of classes
     * @return null when they fit, otherwise what does not fit
     */
    String mismatch(int inputs, int outputs) {
        if (!classNames.isEmpty() && classNames.size() != outputs) {
            return classNames.size() + " class names for a model with " + outputs + " outputs";
        }
        if (!featureNames.isEmpty() && featureNames.size() != inputs) {
            return featureNames.size() + " feature names for a model with " + inputs + " inputs";
        }
        if (standardizer != null && standardizer.width() != inputs) {
            return "a standardizer of " + standardizer.width() + " features for a model with " + inputs + " inputs";
        }
        return null;
    }
}
