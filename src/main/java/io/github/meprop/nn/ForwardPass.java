package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.Objects;

/**
 * The forward pass over a model's layers, with reusable buffers: one {@code [batch × width]} output
 * per layer, grown on demand (so they follow a model whose layers shrink). In training, with
 * dropout, each hidden layer's output h is fed to the next layer as {@code h ⊙ s} (the mask s is
 * kept for the backward pass). Used by {@link Backprop} for training and by {@link Model}'s inference
 * methods (no dropout). Not thread-safe: one instance per thread.
 */
final class ForwardPass {
    private float[][] out = new float[0][];
    private float[][] dropped = new float[0][];
    private float[][] scale = new float[0][];
    private float[] input = new float[0];
    private float[] x;

    /**
     * Runs the layers over the batch starting at {@code x[xOff]} ({@code [batch × inputs]}).
     *
     * @param dropout  masks on the hidden layers' outputs (training only), or null
     * @param training true to call {@link Layer#forwardForTraining}
     * @return the last layer's output (the logits), valid until the next call
     */
    float[] run(Model model, Parallelism par, float[] x, int xOff, int batch, Dropout dropout, boolean training) {
        Objects.requireNonNull(x, "x");
        int width = model.inputs();
        if (xOff != 0) {
            if (input.length < batch * width) {
                input = new float[batch * width];
            }
            System.arraycopy(x, xOff, input, 0, batch * width);
            x = input;
        }
        this.x = x;
        int depth = model.depth();
        ensure(model, batch, dropout != null);
        float[] in = x;
        for (int l = 0; l < depth; l++) {
            Layer layer = model.layer(l);
            if (training) {
                layer.forwardForTraining(par, in, out[l], batch);
            } else {
                layer.forward(par, in, out[l], batch);
            }
            in = out[l];
            if (dropout != null && l < depth - 1) {
                dropout.apply(out[l], dropped[l], scale[l], batch * layer.outputWidth());
                in = dropped[l];
            }
        }
        return out[depth - 1];
    }

    /** Output of layer l from the last run, before dropout (live buffer). */
    float[] output(int l) {
        return out[l];
    }

    /** What layer l consumed in the last run: the input batch, or the previous layer's (dropped-out) output. */
    float[] input(int l, boolean withDropout) {
        return l == 0 ? x : withDropout ? dropped[l - 1] : out[l - 1];
    }

    /** The dropout factors applied to layer l's output (live buffer; with dropout only). */
    float[] dropoutScale(int l) {
        return scale[l];
    }

    private void ensure(Model model, int batch, boolean withDropout) {
        int depth = model.depth();
        if (out.length != depth) {
            out = new float[depth][0];
            dropped = new float[depth][0];
            scale = new float[depth][0];
        }
        for (int l = 0; l < depth; l++) {
            int need = batch * model.layer(l).outputWidth();
            if (out[l].length < need) {
                out[l] = new float[need];
            }
            if (withDropout && l < depth - 1 && dropped[l].length < need) {
                dropped[l] = new float[need];
                scale[l] = new float[need];
            }
        }
    }
}
