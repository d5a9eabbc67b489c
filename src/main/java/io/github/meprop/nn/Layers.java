package io.github.meprop.nn;

import java.util.List;
import java.util.Map;

/**
 * The layer types a model file can hold, by {@link Layer#type()} name: each is created from its
 * {@link Layer#config()} and its named tensors. Register another with one call:
 * <pre>{@code Layers.register("conv1d", Conv1d::fromFile);}</pre>
 */
public final class Layers {
    private static final Registry<Factory> REGISTRY = new Registry<>("layer type");

    static {
        REGISTRY.register(Dense.TYPE, Dense::fromFile);
        REGISTRY.register(Lstm.TYPE, Lstm::fromFile);
    }

    private Layers() {}

    /** The tensors of one layer in a model file, by parameter name. */
    public interface TensorSource {
        /**
         * The shape of the named tensor.
         *
         * @param name the parameter name
         * @return the tensor's dimensions, outermost first
         * @throws IllegalArgumentException if it is missing
         */
        int[] shape(String name);

        /**
         * The named tensor's values, checked to have exactly the given shape.
         *
         * @param name the parameter name
         * @param shape the expected shape, e.g. {@code out, in} for a matrix
         * @return the values, row-major
         * @throws IllegalArgumentException if it is missing or shaped otherwise
         */
        float[] get(String name, int... shape);

        /**
         * The parameter names present.
         *
         * @return the names of the tensors of this layer in the file
         */
        List<String> names();
    }

    /** Creates a layer from a model file's description of it. */
    @FunctionalInterface
    public interface Factory {
        /**
         * Creates the layer described by the settings and tensors.
         *
         * @param config the layer's settings as written by {@link Layer#config()}
         * @param tensors the layer's tensors, by parameter name
         * @return the new layer
         * @throws IllegalArgumentException if the settings or tensors do not describe such a layer
         */
        Layer create(Map<String, String> config, TensorSource tensors);
    }

    /**
     * Registers a layer type.
     *
     * @param type the type name, as {@link Layer#type()} returns it (lower-case letters, digits and
     *     '-')
     * @param factory creates such a layer from a model file
     * @throws IllegalArgumentException if the name is malformed or already registered
     */
    public static void register(String type, Factory factory) {
        REGISTRY.register(type, factory);
    }

    /**
     * Creates a layer of the named type.
     *
     * @param type the registered type name (case-insensitive)
     * @param config the layer's settings as written by {@link Layer#config()}
     * @param tensors the layer's tensors, by parameter name
     * @return the new layer
     * @throws InvalidSettingException if no such type is registered
     */
    public static Layer create(String type, Map<String, String> config, TensorSource tensors) {
        return REGISTRY.get(type).create(config, tensors);
    }

    /**
     * The registered type names.
     *
     * @return the registered type names, in registration order
     */
    public static List<String> names() {
        return REGISTRY.names();
    }
}
