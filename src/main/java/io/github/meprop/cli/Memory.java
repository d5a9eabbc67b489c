package io.github.meprop.cli;

import java.util.Locale;

/**
 * The heap a training run needs, estimated from the sizes before anything is built, and the heap
 * this JVM can still give. Why: {@code --hidden 2000000} would otherwise end in an
 * {@link OutOfMemoryError} inside a constructor, after the data set is loaded.
 *
 * <p>The estimate counts the large arrays of a run ({@code nn.Dense}, {@code nn.Backprop},
 * {@code nn.Trainer}, {@code compress.Merger}): per layer of {@code in → out}, the weights and
 * biases, their gradients and the optimizer's state slots (2 for Adam, 1 for SGD with momentum,
 * 0 for plain SGD), all floats; per example of a mini-batch, the pre-activations and their
 * gradients of every layer, the selected indices and the dropout mask and scale of the hidden
 * layers; the evaluation buffers (batches of up to 1000); with merging, the Gram matrix of the widest
 * hidden layer. Small arrays (per-neuron flags, counters) are left out.
 */
final class Memory {
    private Memory() {}

    /** Examples per forward pass during evaluation (TrainConfig's default). */
    static final int EVAL_BATCH = 1000;
    /** Largest array length a JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Bytes a run needs: {@code model} for what grows with the layer sizes only (weights,
     * gradients, optimizer state, evaluation buffers, merging), {@code batch} for what grows with
     * the mini-batch.
     */
    record Need(long model, long batch) {
        long total() {
            return model > Long.MAX_VALUE - batch ? Long.MAX_VALUE : model + batch;
        }
    }

    /**
     * The need of training an MLP with these layer sizes (input, hidden..., output).
     *
     * @param batch          examples per mini-batch (at most the training set's size)
     * @param evalBatch      examples per evaluation pass (at most the larger evaluation split)
     * @param optimizerSlots floats of optimizer state per parameter
     */
    static Need training(int[] sizes, int batch, int evalBatch, int optimizerSlots, boolean dropout, boolean merge) {
        // In doubles: absurd sizes must give a huge need, not an overflowed one.
        double model = 0;
        double perExample = 0;
        double evalWidth = sizes[0];
        double widestHidden = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            double in = Math.max(0, sizes[l]);
            double out = Math.max(0, sizes[l + 1]);
            boolean hidden = l + 2 < sizes.length;
            model += Float.BYTES * (2.0 + optimizerSlots) * (in * out + out);
            perExample += Float.BYTES * out * (2 + (hidden ? 1 : 0) + (hidden && dropout ? 2 : 0));
            evalWidth += out;
            if (hidden) {
                widestHidden = Math.max(widestHidden, out);
            }
        }
        if (merge) {
            model += Float.BYTES * widestHidden * (widestHidden + Math.max(0, sizes[0]) + 1);
        }
        model += Float.BYTES * (double) Math.max(0, evalBatch) * evalWidth;
        double batchBytes = (perExample + Float.BYTES * (double) sizes[0]) * Math.max(0, batch);
        return new Need((long) model, (long) batchBytes); // a double cast to long saturates
    }

    /**
     * The need of training an LSTM ({@code nn.Lstm}: steps × features in, hidden units) with a linear
     * output layer: the parameters 4H(F + H + 2) + H·C + C with their gradients and optimizer state;
     * per example, what the training forward keeps for back propagation through time (the time-major
     * input, the gates and the three states of every step: T·(F + 7H)) and the backward's scratch
     * (every step's gate gradient and the input gradient, T·(4H + F), and the selected positions, at
     * most T·4H ints); the evaluation buffers (inference runs at most {@code nn.Lstm.CHUNK} examples
     * of the same kind at a time).
     */
    static Need lstmTraining(int steps, int features, int hidden, int classes, int batch, int evalBatch,
            int optimizerSlots) {
        double t = Math.max(0, steps);
        double f = Math.max(0, features);
        double h = Math.max(0, hidden);
        double c = Math.max(0, classes);
        double params = 4 * h * (f + h + 2) + h * c + c;
        double model = Float.BYTES * (2.0 + optimizerSlots) * params;
        double chunk = Math.min(Math.max(0, evalBatch), io.github.meprop.nn.Lstm.CHUNK);
        model += Float.BYTES * chunk * (t * (f + 4 * h) + 12 * h);
        model += Float.BYTES * (double) Math.max(0, evalBatch) * (t * f + h + c);
        double perExample = Float.BYTES * (t * (f + 7 * h) + t * (4 * h + f) + t * 4 * h + 12 * h + 2 * (h + c) + t * f);
        return new Need((long) model, (long) (perExample * Math.max(0, batch)));
    }

    /** The longest per-batch array of LSTM training: every step's gates, {@code steps × batch × 4·hidden}. */
    static long longestLstmBatchArray(int steps, int hidden, int batch) {
        return (long) Math.max(0, steps) * Math.max(0, batch) * 4L * Math.max(0, hidden);
    }

    /** The longest per-batch array, {@code batch × widest layer} values (it must fit one Java array). */
    static long longestBatchArray(int[] sizes, int batch) {
        long widest = 0;
        for (int s : sizes) {
            widest = Math.max(widest, s);
        }
        return widest * Math.max(0, batch);
    }

    /** Bytes the heap can still grow by: the limit minus what is in use now. */
    static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Whether {@code need} bytes fit in the heap; when they seem not to, garbage is collected
     * once and the heap measured again (what is "in use" includes garbage).
     */
    static boolean fits(long need) {
        if (need <= available()) {
            return true;
        }
        System.gc();
        return need <= available();
    }

    /** "512 MB", "1.5 GB". */
    static String format(long bytes) {
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%d MB", (bytes + (1L << 19)) >> 20);
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
}
