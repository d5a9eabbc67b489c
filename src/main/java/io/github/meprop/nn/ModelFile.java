package io.github.meprop.nn;

import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.SafeTensors;
import io.github.meprop.io.Tensor;
import io.github.meprop.io.TensorBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * ({@link SafeTensors#write}). docs/model-files.md shows how to read and write them from Python.
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

    /** Saves the model's parameters to {@code file} (replacing it atomically). */
    public static void save(Path file, Model model) throws IOException {
        Objects.requireNonNull(file, "file");
        SafeTensors.write(file, bundle(model));
    }

    /** The tensors and metadata of a model file for the model. */
    static TensorBundle bundle(Model model) {
        Objects.requireNonNull(model, "model");
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
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(layer.config()).entrySet()) {
                    meta.put("layers." + l + "." + e.getKey(), e.getValue());
                }
            }
        }
        return new TensorBundle(tensors, meta);
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

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws ModelFormatException if the file is not a valid safetensors file, or its metadata,
     *                              tensor names or shapes do not describe a model; the message names
     *                              the file and the problem
     */
    public static Model load(Path file) throws IOException {
        return fromBundle(file, SafeTensors.read(file));
    }

    static Model fromBundle(Path file, TensorBundle bundle) throws ModelFormatException {
        Map<String, String> meta = bundle.metadata();
        String format = meta.get("format");
        if (FORMAT.equals(format)) {
            return loadMlp(file, bundle);
        }
        if (FORMAT_LAYERS.equals(format)) {
            return loadLayers(file, bundle);
        }
        throw new ModelFormatException(file, "metadata 'format' is " + quoted(format) + ", expected \"" + FORMAT
                + "\" or \"" + FORMAT_LAYERS + "\" (not a meprop model)");
    }

    private static Model loadMlp(Path file, TensorBundle bundle) throws ModelFormatException {
        Map<String, String> meta = bundle.metadata();
        if (!VERSION.equals(meta.get("format_version"))) {
            throw new ModelFormatException(file, "unsupported format_version " + quoted(meta.get("format_version"))
                    + " for format " + FORMAT + " (this version reads " + VERSION + ")");
        }
        int[] sizes = parseSizes(file, meta.get("layer_sizes"));
        Activation act;
        try {
            act = Activation.parse(String.valueOf(meta.get("activation")));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "metadata 'activation': " + e.getMessage(), e);
        }
        int depth = sizes.length - 1;
        if (bundle.tensors().size() != 2 * depth) {
            throw new ModelFormatException(file, "has " + bundle.tensors().size() + " tensors, expected "
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

    private static Model loadLayers(Path file, TensorBundle bundle) throws ModelFormatException {
        Map<String, String> meta = bundle.metadata();
        if (!VERSION_LAYERS.equals(meta.get("format_version"))) {
            throw new ModelFormatException(file, "unsupported format_version " + quoted(meta.get("format_version"))
                    + " for format " + FORMAT_LAYERS + " (this version reads " + VERSION_LAYERS + ")");
        }
        int depth;
        try {
            depth = Integer.parseInt(String.valueOf(meta.get("layers")).trim());
        } catch (NumberFormatException e) {
            throw new ModelFormatException(file, "metadata 'layers' = " + quoted(meta.get("layers"))
                    + " is not a layer count", e);
        }
        if (depth < 1 || depth > bundle.tensors().size() + 1000) {
            throw new ModelFormatException(file, "metadata 'layers' = " + depth + " is not a plausible layer count");
        }
        List<Layer> layers = new ArrayList<>();
        int tensorsUsed = 0;
        for (int l = 0; l < depth; l++) {
            String prefix = "layers." + l + ".";
            String type = meta.get(prefix + "type");
            if (type == null) {
                throw new ModelFormatException(file, "metadata '" + prefix + "type' is missing");
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
                throw new ModelFormatException(file, "layer " + l + " (" + type + "): " + e.getMessage(), e);
            }
            tensorsUsed += source.read;
        }
        if (tensorsUsed != bundle.tensors().size()) {
            throw new ModelFormatException(file, "has " + bundle.tensors().size() + " tensors, the " + depth
                    + " layers use " + tensorsUsed);
        }
        try {
            return Model.of(layers);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    /** One layer's tensors: the bundle's entries named {@code prefix + NAME}. */
    private static final class LayerTensors implements Layers.TensorSource {
        private final TensorBundle bundle;
        private final String prefix;
        private final java.util.Set<String> seen = new java.util.HashSet<>();
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

    private static float[] tensor(Path file, TensorBundle bundle, String name, int... shape)
            throws ModelFormatException {
        Tensor t = bundle.find(name).orElseThrow(() -> new ModelFormatException(file, "tensor '" + name
                + "' is missing"));
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ModelFormatException(file, "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape) + " from layer_sizes");
        }
        return t.data();
    }

    private static int[] parseSizes(Path file, String text) throws ModelFormatException {
        if (text == null) {
            throw new ModelFormatException(file, "metadata 'layer_sizes' is missing");
        }
        String[] parts = text.split(",", -1);
        if (parts.length < 2) {
            throw new ModelFormatException(file, "metadata 'layer_sizes' = \"" + text + "\" needs at least two sizes");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ModelFormatException(file, "metadata 'layer_sizes' = \"" + text + "\" is not a list of"
                        + " integers", e);
            }
            if (sizes[i] < 1) {
                throw new ModelFormatException(file, "metadata 'layer_sizes' = \"" + text + "\" has a size < 1");
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
