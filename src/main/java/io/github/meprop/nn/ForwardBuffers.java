package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.Objects;

/**
 * Reusable activation buffers for inference: one {@code [batch × width]} array per layer, grown on
 * demand (so they follow a model whose hidden layers shrink) and reused across batches.
 */
final class ForwardBuffers {
    private float[][] z = new float[0][];
    private float[] input = new float[0];

    /** Forward pass over x {@code [batch × inputs]}; returns the logits buffer (valid until the next call). */
    float[] forward(Mlp mlp, Parallelism par, float[] x, int batch) {
        return forward(mlp, par, x, 0, batch);
    }

    /** Forward pass over the batch starting at {@code x[xOff]}; returns the logits buffer. */
    float[] forward(Mlp mlp, Parallelism par, float[] x, int xOff, int batch) {
        Objects.requireNonNull(x, "x");
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        int width = mlp.inputs();
        Objects.checkFromIndexSize(xOff, batch * width, x.length);
        float[] in = x;
        if (xOff != 0) {
            if (input.length < batch * width) {
                input = new float[batch * width];
            }
            System.arraycopy(x, xOff, input, 0, batch * width);
            in = input;
        }
        int depth = mlp.depth();
        if (z.length != depth) {
            z = new float[depth][0];
        }
        for (int l = 0; l < depth; l++) {
            Dense layer = mlp.layer(l);
            int need = batch * layer.out();
            if (z[l].length < need) {
                z[l] = new float[need];
            }
            layer.forward(par, in, z[l], batch);
            in = z[l];
        }
        return z[depth - 1];
    }
}
