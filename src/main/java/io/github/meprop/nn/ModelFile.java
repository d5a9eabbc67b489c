package io.github.meprop.nn;

import io.github.meprop.data.Standardizer;
import io.github.meprop.io.FiniteValues;
import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.NonFiniteValueException;
import io.github.meprop.io.json.Json;
import io.github.meprop.io.json.JsonException;
import io.github.meprop.io.SafeTensors;
import io.github.meprop.io.Tensor;
import io.github.meprop.io.TensorBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashSet;

/**
 * A {@link Model} as a safetensors file. Layer l's parameters are stored as {@code layers.L.NAME}
 * (F32, row-major, the shapes of {@link Parameter#shape()}: a dense layer has {@code layers.L.weight}
 * {@code [out, in]} and {@code layers.L.bias} {@code [out]}). Two layouts of the metadata:
 * <ul>
 *   <li>version 1, for an MLP (dense layers, one hidden activation, a linear output layer):
 *       {@code format = meprop-mlp}, {@code format_version = 1}, {@code layer_sizes}
 *       (e.g. {@code 784,500,500,10}) and {@code activation} (of the hidden layers);</li>
 *   <li>version 2, for any other sequence of registered layers: {@code format = meprop},
 *       {@code format_version = 2}, {@code layers} (the count), and per layer
 *       {@code layers.L.type} plus its {@link Layer#config()} entries as {@code layers.L.KEY}; each
 *       layer is rebuilt by the {@link Layers} registry from its type, settings and tensors.</li>
 * </ul>
 * Optimizer state is not saved. Files are written through a temporary file and an atomic rename
 * (see {@link SafeTensors#write(Path, TensorBundle)}); streams get the same bytes.
 *
 * <p>A {@link ModelMetadata} saved with the model (class names, feature names, standardizer, user
 * entries) comes back from {@link #read(Path)} / {@link #read(InputStream)}; {@link ModelMetadata}
 * lists the keys it is stored under. Other metadata keys in a file are ignored, so files written by
 * other tools load. A file written by numpy or PyTorch in this layout loads too
 * (docs/model-files.md).
 */
public final class ModelFile {
    /** Value of the {@code format} metadata entry of an MLP file (version 1). */
    public static final String FORMAT = "meprop-mlp";
    /** Value of the {@code format_version} metadata entry of an MLP file. */
    public static final String VERSION = "1";
    /** Value of the {@code format} metadata entry of a general model file (version 2). */
    public static final String FORMAT_LAYERS = "meprop";
    /** Value of the {@code format_version} metadata entry of a general model file. */
    public static final String VERSION_LAYERS = "2";

    private ModelFile() {}

    /**
     * Saves the model's weights and biases to {@code file} (replacing it atomically).
     *
     * @param file  the file
     * @param model the model
     * @throws IOException if writing fails (the previous file, if any, is left as it was)
     */
    public static void save(Path file, Model model) throws IOException {
        save(file, model, ModelMetadata.EMPTY);
    }

    /**
     * Saves the model with its metadata to {@code file} (replacing it atomically).
     *
     * @param file     the file
     * @param model    the model
     * @param metadata class names, feature names, standardizer and user entries to save with it
     * @throws IllegalArgumentException if the names or the standardizer do not fit the model's
     *                                  input and output widths
     * @throws IOException              if writing fails (the previous file is left as it was)
     */
    public static void save(Path file, Model model, ModelMetadata metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        SafeTensors.write(file, bundle(model, metadata));
    }

    /**
     * Writes the model to a stream, in the bytes {@link #save(Path, Model)} writes to a file. The
     * stream is flushed, not closed.
     *
     * @param out   the stream
     * @param model the model
     * @throws IOException if writing fails
     */
    public static void save(OutputStream out, Model model) throws IOException {
        save(out, model, ModelMetadata.EMPTY);
    }

    /**
     * Writes the model with its metadata to a stream. The stream is flushed, not closed.
     *
     * @param out      the stream
     * @param model    the model
     * @param metadata class names, feature names, standardizer and user entries to save with it
     * @throws IllegalArgumentException if the names or the standardizer do not fit the model
     * @throws IOException              if writing fails
     */
    public static void save(OutputStream out, Model model, ModelMetadata metadata) throws IOException {
        Objects.requireNonNull(out, "out");
        SafeTensors.write(out, bundle(model, metadata));
    }

    private static TensorBundle bundle(Model model, ModelMetadata metadata) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metadata, "metadata");
        String mismatch = metadata.mismatch(model.inputs(), model.outputs());
        if (mismatch != null) {
            throw new IllegalArgumentException("metadata does not fit the model: " + mismatch);
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int l = 0; l < model.depth(); l++) {
            for (Parameter p : model.layer(l).parameters()) {
                tensors.add(Tensor.of("layers." + l + "." + p.name(), p.values().clone(), p.shape()));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Activation mlpActivation = mlpActivation(model);
        if (mlpActivation != null) {
            meta.put("format", FORMAT);
            meta.put("format_version", VERSION);
            meta.put("layer_sizes", join(model.sizes()));
            meta.put("activation", mlpActivation.id());
        } else {
            meta.put("format", FORMAT_LAYERS);
            meta.put("format_version", VERSION_LAYERS);
            meta.put("layers", Integer.toString(model.depth()));
            for (int l = 0; l < model.depth(); l++) {
                Layer layer = model.layer(l);
                meta.put("layers." + l + ".type", layer.type());
                for (Map.Entry<String, String> e : new TreeMap<>(layer.config()).entrySet()) {
                    meta.put("layers." + l + "." + e.getKey(), e.getValue());
                }
            }
        }
        if (!metadata.classNames().isEmpty()) {
            meta.put(ModelMetadata.CLASS_NAMES, Json.write(metadata.classNames()));
        }
        if (!metadata.featureNames().isEmpty()) {
            meta.put(ModelMetadata.FEATURE_NAMES, Json.write(metadata.featureNames()));
        }
        if (metadata.standardizer() != null) {
            meta.put(ModelMetadata.STANDARDIZER_MEAN, Json.write(metadata.standardizer().mean()));
            meta.put(ModelMetadata.STANDARDIZER_SCALE, Json.write(metadata.standardizer().scale()));
        }
        metadata.user().forEach((k, v) -> meta.put(ModelMetadata.USER_PREFIX + k, v));
        return new TensorBundle(tensors, meta);
    }

    /**
     * Loads a model saved by {@link #save(Path, Model)}; NaN and infinite weights are refused.
     *
     * @param file the file
     * @return the model (its metadata, if any, is read by {@link #read(Path)})
     * @throws ModelFormatException if the file is not a valid safetensors file, or its metadata,
     *                              tensor names or shapes do not describe a model, or (as a
     *                              {@link NonFiniteValueException}) a value is NaN or infinite; the
     *                              message names the file and the problem
     * @throws IOException          if the file cannot be read
     */
    public static Model load(Path file) throws IOException {
        return read(file).model();
    }

    /**
     * Loads a model; {@code allowNonFinite} lets NaN and infinite weights through (to inspect a
     * diverged model), otherwise they are a {@link NonFiniteValueException}.
     *
     * @param file           the file
     * @param allowNonFinite accept NaN and infinite values
     * @return the model
     * @throws IOException as {@link #load(Path)}
     */
    public static Model load(Path file, boolean allowNonFinite) throws IOException {
        return read(file, allowNonFinite).model();
    }

    /**
     * Loads a model from a stream (read to its end, not closed), e.g. a class-path resource.
     *
     * @param in the stream
     * @return the model
     * @throws ModelFormatException naming the stream "model stream" and the problem
     * @throws IOException          if reading fails
     */
    public static Model load(InputStream in) throws IOException {
        return read(in).model();
    }

    /**
     * Loads a model and its metadata from a file.
     *
     * @param file the file
     * @return the model and what was saved with it
     * @throws ModelFormatException naming the file and the problem, as {@link #load(Path)}, or if
     *                              the metadata entries are malformed or do not fit the model
     * @throws IOException          if the file cannot be read
     */
    public static SavedModel read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * {@link #read(Path)}; {@code allowNonFinite} lets NaN and infinite values through.
     *
     * @param file           the file
     * @param allowNonFinite accept NaN and infinite values
     * @return the model and what was saved with it
     * @throws IOException as {@link #read(Path)}
     */
    public static SavedModel read(Path file, boolean allowNonFinite) throws IOException {
        TensorBundle bundle = SafeTensors.read(file);
        if (!allowNonFinite) {
            FiniteValues.check(file, bundle);
        }
        return fromBundle(bundle, new Where(file, file.toString()));
    }

    /**
     * Loads a model and its metadata from a stream (read to its end, not closed).
     *
     * @param in the stream
     * @return the model and what was saved with it
     * @throws ModelFormatException naming the stream "model stream" and the problem
     * @throws IOException          if reading fails
     */
    public static SavedModel read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        TensorBundle bundle = SafeTensors.read(in, STREAM);
        FiniteValues.check(STREAM, bundle);
        return fromBundle(bundle, new Where(null, STREAM));
    }

    /** How a model stream is named in error messages. */
    private static final String STREAM = "model stream";

    /** The file (null for a stream) and the name errors start with. */
    private record Where(Path file, String name) {
        ModelFormatException error(String problem) {
            return error(problem, null);
        }

        ModelFormatException error(String problem, Throwable cause) {
            return file != null ? new ModelFormatException(file, problem, cause) : new ModelFormatException(name, problem, cause);
        }
    }

    private static SavedModel fromBundle(TensorBundle bundle, Where file) throws ModelFormatException {
        Map<String, String> meta = bundle.metadata();
        String format = meta.get("format");
        Model model;
        if (FORMAT.equals(format)) {
            model = loadMlp(bundle, file);
        } else if (FORMAT_LAYERS.equals(format)) {
            model = loadLayers(bundle, file);
        } else {
            throw file.error("metadata 'format' is " + quoted(format) + ", expected \"" + FORMAT + "\" or \""
                    + FORMAT_LAYERS + "\" (not a meprop model)");
        }
        ModelMetadata metadata = metadata(file, meta);
        String mismatch = metadata.mismatch(model.inputs(), model.outputs());
        if (mismatch != null) {
            throw file.error("metadata does not fit the model: " + mismatch);
        }
        return new SavedModel(model, metadata);
    }

    private static Model loadMlp(TensorBundle bundle, Where file) throws ModelFormatException {
        Map<String, String> meta = bundle.metadata();
        if (!VERSION.equals(meta.get("format_version"))) {
            throw file.error("unsupported format_version " + quoted(meta.get("format_version")) + " for format "
                    + FORMAT + " (this version reads " + VERSION + ")");
        }
        int[] sizes = parseSizes(file, meta.get("layer_sizes"));
        Activation act;
        try {
            act = Activation.parse(String.valueOf(meta.get("activation")));
        } catch (IllegalArgumentException e) {
            throw file.error("metadata 'activation': " + e.getMessage(), e);
        }
        int depth = sizes.length - 1;
        if (bundle.tensors().size() != 2 * depth) {
            throw file.error("has " + bundle.tensors().size() + " tensors, expected "
                    + 2 * depth + " for layer_sizes " + join(sizes));
        }
        float[][] w = new float[depth][];
        float[][] b = new float[depth][];
        for (int l = 0; l < depth; l++) {
            w[l] = tensor(file, bundle, "layers." + l + ".weight", sizes[l + 1], sizes[l]);
            b[l] = tensor(file, bundle, "layers." + l + ".bias", sizes[l + 1]);
        }
        return Model.mlp(sizes[0], act, w, b);
    }

    private static Model loadLayers(TensorBundle bundle, Where file) throws ModelFormatException {
        Map<String, String> meta = bundle.metadata();
        if (!VERSION_LAYERS.equals(meta.get("format_version"))) {
            throw file.error("unsupported format_version " + quoted(meta.get("format_version")) + " for format "
                    + FORMAT_LAYERS + " (this version reads " + VERSION_LAYERS + ")");
        }
        int depth;
        try {
            depth = Integer.parseInt(String.valueOf(meta.get("layers")).trim());
        } catch (NumberFormatException e) {
            throw file.error("metadata 'layers' = " + quoted(meta.get("layers")) + " is not a layer count", e);
        }
        if (depth < 1 || depth > bundle.tensors().size() + 1000) {
            throw file.error("metadata 'layers' = " + depth + " is not a plausible layer count");
        }
        List<Layer> layers = new ArrayList<>();
        int tensorsUsed = 0;
        for (int l = 0; l < depth; l++) {
            String prefix = "layers." + l + ".";
            String type = meta.get(prefix + "type");
            if (type == null) {
                throw file.error("metadata '" + prefix + "type' is missing");
            }
            Map<String, String> config = new LinkedHashMap<>();
            meta.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    config.put(k.substring(prefix.length()), v);
                }
            });
            LayerTensors source = new LayerTensors(bundle, prefix);
            try {
                layers.add(Layers.create(type, config, source));
            } catch (IllegalArgumentException e) {
                throw file.error("layer " + l + " (" + type + "): " + e.getMessage(), e);
            }
            tensorsUsed += source.read;
        }
        if (tensorsUsed != bundle.tensors().size()) {
            throw file.error("has " + bundle.tensors().size() + " tensors, the " + depth + " layers use " + tensorsUsed);
        }
        try {
            return Model.of(layers);
        } catch (IllegalArgumentException e) {
            throw file.error(e.getMessage(), e);
        }
    }

    /** The hidden activation when the model is an MLP in the version-1 sense, else null. */
    private static Activation mlpActivation(Model model) {
        Activation hidden = null;
        for (int l = 0; l < model.depth(); l++) {
            if (!(model.layer(l) instanceof Dense d)) {
                return null;
            }
            if (l == model.depth() - 1) {
                if (d.activation() != Activation.IDENTITY) {
                    return null;
                }
            } else if (hidden == null) {
                hidden = d.activation();
            } else if (hidden != d.activation()) {
                return null;
            }
        }
        return hidden == null ? Activation.RELU : hidden;
    }

    /** One layer's tensors: the bundle's entries named {@code prefix + NAME}. */
    private static final class LayerTensors implements Layers.TensorSource {
        private final TensorBundle bundle;
        private final String prefix;
        private final Set<String> seen = new HashSet<>();
        int read;

        LayerTensors(TensorBundle bundle, String prefix) {
            this.bundle = bundle;
            this.prefix = prefix;
        }

        private Tensor find(String name) {
            return bundle.find(prefix + name)
                    .orElseThrow(() -> new IllegalArgumentException("tensor '" + prefix + name + "' is missing"));
        }

        @Override
        public int[] shape(String name) {
            return find(name).shape();
        }

        @Override
        public float[] get(String name, int... shape) {
            Tensor t = find(name);
            if (!Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException("tensor '" + prefix + name + "' has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
            }
            if (seen.add(name)) {
                read++;
            }
            return t.data();
        }

        @Override
        public List<String> names() {
            List<String> r = new ArrayList<>();
            for (Tensor t : bundle.tensors()) {
                if (t.name().startsWith(prefix)) {
                    r.add(t.name().substring(prefix.length()));
                }
            }
            return r;
        }
    }

    /** The class names, feature names, standardizer and user entries of the file's metadata. */
    private static ModelMetadata metadata(Where file, Map<String, String> meta) throws ModelFormatException {
        List<String> classNames = strings(file, meta, ModelMetadata.CLASS_NAMES);
        List<String> featureNames = strings(file, meta, ModelMetadata.FEATURE_NAMES);
        float[] mean = floats(file, meta, ModelMetadata.STANDARDIZER_MEAN);
        float[] scale = floats(file, meta, ModelMetadata.STANDARDIZER_SCALE);
        Standardizer standardizer = null;
        if (mean != null || scale != null) {
            if (mean == null || scale == null) {
                throw file.error("metadata has " + (mean == null ? ModelMetadata.STANDARDIZER_SCALE
                        : ModelMetadata.STANDARDIZER_MEAN) + " without " + (mean == null ? ModelMetadata.STANDARDIZER_MEAN
                        : ModelMetadata.STANDARDIZER_SCALE));
            }
            try {
                standardizer = Standardizer.of(mean, scale);
            } catch (IllegalArgumentException e) {
                throw file.error("metadata standardizer: " + e.getMessage(), e);
            }
        }
        Map<String, String> user = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(ModelMetadata.USER_PREFIX)) {
                user.put(k.substring(ModelMetadata.USER_PREFIX.length()), v);
            }
        });
        return new ModelMetadata(classNames == null ? List.of() : classNames,
                featureNames == null ? List.of() : featureNames, standardizer, user);
    }

    /** The JSON array of strings under {@code key}, or null when the key is absent. */
    private static List<String> strings(Where file, Map<String, String> meta, String key) throws ModelFormatException {
        String text = meta.get(key);
        if (text == null) {
            return null;
        }
        List<?> list = jsonArray(file, key, text);
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw file.error("metadata '" + key + "' must be a JSON array of strings, has " + Json.write(o));
            }
            out.add(s);
        }
        return out;
    }

    /** The JSON array of numbers under {@code key} as floats, or null when the key is absent. */
    private static float[] floats(Where file, Map<String, String> meta, String key) throws ModelFormatException {
        String text = meta.get(key);
        if (text == null) {
            return null;
        }
        List<?> list = jsonArray(file, key, text);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw file.error("metadata '" + key + "' must be a JSON array of numbers, has " + Json.write(list.get(i)));
            }
            out[i] = n.floatValue();
        }
        return out;
    }

    private static List<?> jsonArray(Where file, String key, String text) throws ModelFormatException {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw file.error("metadata '" + key + "' is not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> list)) {
            throw file.error("metadata '" + key + "' must be a JSON array, is " + text);
        }
        return list;
    }

    private static float[] tensor(Where file, TensorBundle bundle, String name, int... shape)
            throws ModelFormatException {
        Tensor t = bundle.find(name).orElseThrow(() -> file.error("tensor '" + name + "' is missing"));
        if (!Arrays.equals(t.shape(), shape)) {
            throw file.error("tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape) + " from layer_sizes");
        }
        return t.data();
    }

    private static int[] parseSizes(Where file, String text) throws ModelFormatException {
        if (text == null) {
            throw file.error("metadata 'layer_sizes' is missing");
        }
        String[] parts = text.split(",", -1);
        if (parts.length < 2) {
            throw file.error("metadata 'layer_sizes' = \"" + text + "\" needs at least two sizes");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw file.error("metadata 'layer_sizes' = \"" + text + "\" is not a list of integers", e);
            }
            if (sizes[i] < 1) {
                throw file.error("metadata 'layer_sizes' = \"" + text + "\" has a size < 1");
            }
        }
        return sizes;
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ",").append(a[i]);
        }
        return sb.toString();
    }

    private static String quoted(String s) {
        return s == null ? "missing" : "\"" + s + "\"";
    }
}
