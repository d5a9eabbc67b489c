package io.github.meprop.nn;

import io.github.meprop.io.FiniteValues;
import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.NonFiniteValueException;
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
 * An {@link Mlp} as a safetensors file. Layer l is stored as {@code layers.l.weight}
 * ({@code [out × in]}, F32, row-major, the same layout as {@link Dense#weights()}) and
 * {@code layers.l.bias} ({@code [out]}); the metadata holds {@code format = meprop-mlp},
 * {@code format_version = 1}, {@code layer_sizes} (e.g. {@code 784,500,500,10}) and
 * {@code activation} (of the hidden layers; the output layer is linear, followed by softmax).
 * Optimizer state is not saved. Files are written through a temporary file and an atomic rename
 * (see {@link SafeTensors#write}).
 */
public final class ModelFile {
    /** Value of the {@code format} metadata entry. */
    public static final String FORMAT = "meprop-mlp";
    /** Value of the {@code format_version} metadata entry written by this version. */
    public static final String VERSION = "1";

    private ModelFile() {}

    /** Saves the model's weights and biases to {@code file} (replacing it atomically). */
    public static void save(Path file, Mlp model) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        List<Tensor> tensors = new ArrayList<>();
        for (int l = 0; l < model.depth(); l++) {
            Dense d = model.layer(l);
            tensors.add(Tensor.of("layers." + l + ".weight", d.weights().clone(), d.out(), d.in()));
            tensors.add(Tensor.of("layers." + l + ".bias", d.biases().clone(), d.out()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", VERSION);
        meta.put("layer_sizes", join(model.sizes()));
        meta.put("activation", model.hiddenActivation().id());
        SafeTensors.write(file, new TensorBundle(tensors, meta));
    }

    /**
     * Loads a model saved by {@link #save}; NaN and infinite weights are refused.
     *
     * @throws ModelFormatException if the file is not a valid safetensors file, or its metadata,
     *                              tensor names or shapes do not describe an MLP, or (as a
     *                              {@link NonFiniteValueException}) a weight or bias is NaN or
     *                              infinite; the message names the file and the problem
     */
    public static Mlp load(Path file) throws IOException {
        return load(file, false);
    }

    /**
     * Loads a model saved by {@link #save}; {@code allowNonFinite} lets NaN and infinite weights
     * through (to inspect a diverged model), otherwise they are a {@link NonFiniteValueException}.
     */
    public static Mlp load(Path file, boolean allowNonFinite) throws IOException {
        TensorBundle bundle = SafeTensors.read(file);
        if (!allowNonFinite) {
            FiniteValues.check(file, bundle);
        }
        Map<String, String> meta = bundle.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFormatException(file, "metadata 'format' is " + quoted(meta.get("format"))
                    + ", expected \"" + FORMAT + "\" (not a meprop model)");
        }
        if (!VERSION.equals(meta.get("format_version"))) {
            throw new ModelFormatException(file, "unsupported format_version " + quoted(meta.get("format_version"))
                    + " (this version reads " + VERSION + ")");
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
        return Mlp.fromWeights(sizes[0], act, w, b);
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
