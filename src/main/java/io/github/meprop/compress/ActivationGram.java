package io.github.meprop.compress;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Layer;
import io.github.meprop.nn.Model;
import java.util.Objects;

/**
 * The Gram matrix of a hidden layer's outputs over a data pass, with a constant column for the
 * next layer's bias: for the outputs {@code a = z_l(x)} (w units) and {@code â = [a, 1]},
 * {@code G = Σ_x â âᵀ}, a {@code [(w+1) × (w+1)]} double matrix (row-major; entry (w, w) is the
 * number of examples). It holds everything a least-squares refit of layer l+1 needs
 * ({@link LeastSquaresRefit}).
 *
 * <p>The pass runs the model's layers 0..l forward over blocks of {@value #BLOCK} examples; each
 * block's outputs are transposed to {@code Âᵀ [(w+1) × block]} and {@code Âᵀ·(Âᵀ)ᵀ} is one call of
 * the {@link Linear#forward(Parallelism, float[], float[], float[], float[], int, int, int) GEMM
 * kernel} (float sums over one block, accumulated over blocks in double). Cost: for n examples,
 * the forward pass (n·Σ in·out multiply-adds) plus n·(w+1)² for the Gram.
 */
public final class ActivationGram {
    /** Examples per GEMM call (float accumulation over at most this many products). */
    static final int BLOCK = 512;

    private ActivationGram() {}

    /**
     * G of hidden layer {@code hidden} over the first {@code samples} examples of data (all when
     * samples is 0 or at least the data's size).
     *
     * @param model   the model
     * @param hidden  the hidden layer, 0-based
     * @param data    the examples of the pass
     * @param samples how many of the first examples to use, 0 for all
     * @param par     the threads of the forward pass and the GEMM
     * @return G, {@code [(w+1) × (w+1)]} row-major, entry (w, w) the number of examples used
     * @throws IllegalArgumentException if hidden is not a hidden layer, the data does not fit the
     *                                  model, or samples is negative
     */
    public static double[] of(Model model, int hidden, Dataset data, int samples, Parallelism par) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(par, "par");
        if (hidden < 0 || hidden >= model.depth() - 1) {
            throw new IllegalArgumentException("hidden layer " + hidden + " does not exist: the model has "
                    + (model.depth() - 1) + " hidden layers");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, was " + samples);
        }
        if (data.width() != model.inputs()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.width()
                    + " features, the model expects " + model.inputs());
        }
        int n = samples == 0 ? data.size() : Math.min(samples, data.size());
        int w = model.layer(hidden).outputWidth();
        int w1 = w + 1;
        double[] g = new double[w1 * w1];
        int block = Math.max(1, Math.min(BLOCK, n));
        float[][] z = new float[hidden + 1][];
        for (int l = 0; l <= hidden; l++) {
            z[l] = new float[block * model.layer(l).outputWidth()];
        }
        float[] x = new float[block * data.width()];
        float[] at = new float[w1 * block];
        float[] gb = new float[w1 * w1];
        for (int from = 0; from < n; from += block) {
            int m = Math.min(block, n - from);
            System.arraycopy(data.x(), from * data.width(), x, 0, m * data.width());
            float[] in = x;
            for (int l = 0; l <= hidden; l++) {
                Layer layer = model.layer(l);
                layer.forward(par, in, z[l], m);
                in = z[l];
            }
            float[] a = z[hidden];
            for (int r = 0; r < m; r++) {
                int ar = r * w;
                for (int j = 0; j < w; j++) {
                    at[j * m + r] = a[ar + j];
                }
                at[w * m + r] = 1f;
            }
            Linear.forward(par, at, at, null, gb, w1, m, w1);
            for (int i = 0; i < g.length; i++) {
                g[i] += gb[i];
            }
        }
        return g;
    }
}
