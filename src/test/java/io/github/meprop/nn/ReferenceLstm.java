package io.github.meprop.nn;

/**
 * An independent double-precision LSTM classifier (an {@link Lstm} followed by a linear output
 * layer, softmax cross-entropy): its loss, and its back propagation through time with the gate
 * gradient of each step optionally masked (meProp: only the kept entries of da_t feed the weight
 * gradients and the gradients of h_{t-1} and x_t; the biases use all of da_t). Written from the
 * equations, not from the library's code.
 */
final class ReferenceLstm {
    final int steps;
    final int features;
    final int units;
    final int classes;
    final double[] wih;
    final double[] whh;
    final double[] bih;
    final double[] bhh;
    final double[] wo;
    final double[] bo;

    /** The gradients of every parameter and of the input. */
    record Grads(double[] wih, double[] whh, double[] bih, double[] bhh, double[] wo, double[] bo, double[] x,
            double[][] da) {}

    ReferenceLstm(Model m) {
        Lstm l = (Lstm) m.layer(0);
        Dense d = m.dense(1);
        steps = l.steps();
        features = l.features();
        units = l.units();
        classes = d.out();
        wih = ReferenceNet.toDouble(l.weightIh().values());
        whh = ReferenceNet.toDouble(l.weightHh().values());
        bih = ReferenceNet.toDouble(l.biasIh().values());
        bhh = ReferenceNet.toDouble(l.biasHh().values());
        wo = ReferenceNet.toDouble(d.weights());
        bo = ReferenceNet.toDouble(d.biases());
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Per example: gates [T][4H] (activated), c [T+1][H], h [T+1][H] (index 0 = the zero state). */
    private record Trace(double[][] gates, double[][] c, double[][] h) {}

    private Trace run(float[] x, int b) {
        int h4 = 4 * units;
        double[][] gates = new double[steps][h4];
        double[][] c = new double[steps + 1][units];
        double[][] h = new double[steps + 1][units];
        for (int t = 0; t < steps; t++) {
            double[] a = new double[h4];
            for (int p = 0; p < h4; p++) {
                double s = bih[p] + bhh[p];
                for (int f = 0; f < features; f++) {
                    s += wih[p * features + f] * x[(b * steps + t) * features + f];
                }
                for (int j = 0; j < units; j++) {
                    s += whh[p * units + j] * h[t][j];
                }
                a[p] = s;
            }
            for (int j = 0; j < units; j++) {
                double i = sigmoid(a[j]);
                double f = sigmoid(a[units + j]);
                double g = Math.tanh(a[2 * units + j]);
                double o = sigmoid(a[3 * units + j]);
                gates[t][j] = i;
                gates[t][units + j] = f;
                gates[t][2 * units + j] = g;
                gates[t][3 * units + j] = o;
                c[t + 1][j] = f * c[t][j] + i * g;
                h[t + 1][j] = o * Math.tanh(c[t + 1][j]);
            }
        }
        return new Trace(gates, c, h);
    }

    private double[] logits(double[] hT) {
        double[] z = new double[classes];
        for (int k = 0; k < classes; k++) {
            double s = bo[k];
            for (int j = 0; j < units; j++) {
                s += wo[k * units + j] * hT[j];
            }
            z[k] = s;
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** h_T of example b. */
    double[] lastHidden(float[] x, int b) {
        return run(x, b).h()[steps];
    }

    /** Mean cross-entropy of the batch. */
    double loss(float[] x, int[] y, int batch) {
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double[] p = softmax(logits(run(x, b).h()[steps]));
            total -= Math.log(p[y[b]]);
        }
        return total / batch;
    }

    /**
     * Gradients of the mean loss; {@code keep[t]} ({@code [batch × 4H]}, or null for all) masks step
     * t's gate gradient for everything but the biases.
     */
    Grads gradients(float[] x, int[] y, int batch, boolean[][] keep) {
        int h4 = 4 * units;
        double[] dwih = new double[wih.length];
        double[] dwhh = new double[whh.length];
        double[] db = new double[h4];
        double[] dwo = new double[wo.length];
        double[] dbo = new double[classes];
        double[] dx = new double[batch * steps * features];
        double[][] daAll = new double[steps][batch * h4];
        for (int b = 0; b < batch; b++) {
            Trace tr = run(x, b);
            double[] p = softmax(logits(tr.h()[steps]));
            double[] dz = new double[classes];
            for (int k = 0; k < classes; k++) {
                dz[k] = (p[k] - (k == y[b] ? 1 : 0)) / batch;
                dbo[k] += dz[k];
                for (int j = 0; j < units; j++) {
                    dwo[k * units + j] += dz[k] * tr.h()[steps][j];
                }
            }
            double[] dh = new double[units];
            for (int j = 0; j < units; j++) {
                for (int k = 0; k < classes; k++) {
                    dh[j] += dz[k] * wo[k * units + j];
                }
            }
            double[] dc = new double[units];
            for (int t = steps - 1; t >= 0; t--) {
                double[] gt = tr.gates()[t];
                double[] da = new double[h4];
                double[] dcPrev = new double[units];
                for (int j = 0; j < units; j++) {
                    double i = gt[j];
                    double f = gt[units + j];
                    double g = gt[2 * units + j];
                    double o = gt[3 * units + j];
                    double tc = Math.tanh(tr.c()[t + 1][j]);
                    double dct = dc[j] + dh[j] * o * (1 - tc * tc);
                    da[j] = dct * g * i * (1 - i);
                    da[units + j] = dct * tr.c()[t][j] * f * (1 - f);
                    da[2 * units + j] = dct * i * (1 - g * g);
                    da[3 * units + j] = dh[j] * tc * o * (1 - o);
                    dcPrev[j] = dct * f;
                }
                System.arraycopy(da, 0, daAll[t], b * h4, h4);
                double[] dhPrev = new double[units];
                for (int q = 0; q < h4; q++) {
                    db[q] += da[q];
                    if (keep != null && keep[t] != null && !keep[t][b * h4 + q]) {
                        continue;
                    }
                    for (int f = 0; f < features; f++) {
                        dwih[q * features + f] += da[q] * x[(b * steps + t) * features + f];
                        dx[(b * steps + t) * features + f] += da[q] * wih[q * features + f];
                    }
                    for (int j = 0; j < units; j++) {
                        dwhh[q * units + j] += da[q] * tr.h()[t][j];
                        dhPrev[j] += da[q] * whh[q * units + j];
                    }
                }
                dh = dhPrev;
                dc = dcPrev;
            }
        }
        return new Grads(dwih, dwhh, db, db.clone(), dwo, dbo, dx, daAll);
    }
}
