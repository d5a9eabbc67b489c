package io.github.meprop.nn;

/**
 * An independent double-precision implementation of the MLP's loss and (optionally masked)
 * gradients, for checking {@link Backprop}.
 */
final class ReferenceNet {
    final int[] sizes;
    final double[][] w;
    final double[][] b;
    final Activation act;

    ReferenceNet(Model mlp) {
        sizes = mlp.sizes();
        act = mlp.dense(0).activation();
        int depth = mlp.depth();
        w = new double[depth][];
        b = new double[depth][];
        for (int l = 0; l < depth; l++) {
            w[l] = toDouble(mlp.dense(l).weights());
            b[l] = toDouble(mlp.dense(l).biases());
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    double sigma(double y) {
        return switch (act) {
            case RELU -> Math.max(y, 0);
            case TANH -> Math.tanh(y);
            case SIGMOID -> 1 / (1 + Math.exp(-y));
            case IDENTITY -> y;
        };
    }

    double sigmaPrimeFromOutput(double z) {
        return switch (act) {
            case RELU -> z > 0 ? 1 : 0;
            case TANH -> 1 - z * z;
            case SIGMOID -> z * (1 - z);
            case IDENTITY -> 1;
        };
    }

    /** Activations per layer (index 0 = input) for the batch. */
    double[][] forward(float[] x, int batch) {
        int depth = w.length;
        double[][] z = new double[depth + 1][];
        z[0] = toDouble(java.util.Arrays.copyOf(x, batch * sizes[0]));
        for (int l = 0; l < depth; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            z[l + 1] = new double[batch * out];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double s = b[l][j];
                    for (int i = 0; i < in; i++) {
                        s += z[l][r * in + i] * w[l][j * in + i];
                    }
                    z[l + 1][r * out + j] = l == depth - 1 ? s : sigma(s);
                }
            }
        }
        return z;
    }

    double loss(float[] x, int[] y, int batch) {
        double[][] z = forward(x, batch);
        double[] logits = z[z.length - 1];
        int c = sizes[sizes.length - 1];
        double total = 0;
        for (int r = 0; r < batch; r++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                mx = Math.max(mx, logits[r * c + j]);
            }
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += Math.exp(logits[r * c + j] - mx);
            }
            total += Math.log(s) + mx - logits[r * c + y[r]];
        }
        return total / batch;
    }

    /**
     * Gradients dW[l], db[l] of the mean loss; for hidden layer l, if {@code masks[l]} is not null,
     * only the entries of g = ∂L/∂y with {@code masks[l][r*out + j]} true feed dW and dx (db uses
     * all of g), as meProp does. Returns {dW, db, g} with g[l] = ∂L/∂y of layer l before masking.
     */
    double[][][] gradients(float[] x, int[] y, int batch, boolean[][] masks) {
        int depth = w.length;
        double[][] z = forward(x, batch);
        double[][] dw = new double[depth][];
        double[][] db = new double[depth][];
        double[][] gs = new double[depth][];
        int c = sizes[depth];
        double[] g = new double[batch * c];
        double[] logits = z[depth];
        for (int r = 0; r < batch; r++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                mx = Math.max(mx, logits[r * c + j]);
            }
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += Math.exp(logits[r * c + j] - mx);
            }
            for (int j = 0; j < c; j++) {
                g[r * c + j] = (Math.exp(logits[r * c + j] - mx) / s - (j == y[r] ? 1 : 0)) / batch;
            }
        }
        for (int l = depth - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            if (l < depth - 1) {
                for (int i = 0; i < g.length; i++) {
                    g[i] *= sigmaPrimeFromOutput(z[l + 1][i]);
                }
            }
            gs[l] = g.clone();
            boolean[] mask = l < depth - 1 && masks != null ? masks[l] : null;
            dw[l] = new double[out * in];
            db[l] = new double[out];
            double[] dx = new double[batch * in];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double gj = g[r * out + j];
                    db[l][j] += gj;
                    if (mask != null && !mask[r * out + j]) {
                        continue;
                    }
                    for (int i = 0; i < in; i++) {
                        dw[l][j * in + i] += gj * z[l][r * in + i];
                        dx[r * in + i] += gj * w[l][j * in + i];
                    }
                }
            }
            g = dx;
        }
        return new double[][][] {dw, db, gs};
    }
}
