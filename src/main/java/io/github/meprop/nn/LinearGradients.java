package io.github.meprop.nn;

import io.github.meprop.kernels.internal.UncheckedLinear;
import io.github.meprop.kernels.Parallelism;

/**
 * The backward pass of a linear map {@code y = W x + b} under a {@link Selection}, for any layer
 * built from linear maps (a dense layer's one, a gated layer's two, an LSTM's gates): one kernel
 * call by the selection's form, then the touched-row bookkeeping of W. The layers have validated
 * their shapes and the selectors produce valid selections, so the kernels run unchecked
 * ({@code kernels.internal}).
 * <ul>
 *   <li>all: {@code dW = gᵀx}, {@code db = Σ g}, {@code dx = g·W} (2·batch·in·out multiply-adds);</li>
 *   <li>per example (CSR): {@code dW[j,:] = Σ_{b: j ∈ S_b} g[b,j]·x[b,:]},
 *       {@code dx[b,:] = Σ_{j∈S_b} g[b,j]·W[j,:]} (2·in multiply-adds per kept entry);</li>
 *   <li>shared set S: {@code dW[S,:] = g[:,S]ᵀx}, {@code dx = g[:,S]·W[S,:]}.</li>
 * </ul>
 * db always uses all of g. The kernels overwrite the rows of dW the selection names and never write
 * the others, in every branch ({@link io.github.meprop.kernels.Linear#backwardSparse(io.github.meprop.kernels.Parallelism,
 * float[], float[], float[], int[], int[], float[], float[], float[], int, int, int, boolean)});
 * {@link Parameter#replaceTouched} then clears the rows the previous step touched and this
 * one did not, so dW is exactly this step's gradient without a pass over all of it.
 */
public final class LinearGradients {
    private LinearGradients() {}

    /**
     * Overwrites {@code weight.grad()} (and {@code bias.grad()} unless bias is null) with the
     * gradients of {@code y = x·Wᵀ + b} for the batch, keeping only the selected entries of g, and
     * writes {@code ∂L/∂x} into dx (unless dx is null).
     *
     * @param par    the threads the kernels split the work over
     * @param x      the map's input, {@code [batch × in]}
     * @param weight W, {@code [out × in]}
     * @param bias   b ({@code [out]}), or null
     * @param g      {@code ∂L/∂y}, {@code [batch × out]}
     * @param s      the entries of g to keep ({@code [batch × out]})
     * @param dx     receives {@code ∂L/∂x} ({@code [batch × in]}), or null
     * @param batch  number of examples, ≥ 0
     */
    public static void backward(Parallelism par, float[] x, Parameter weight, Parameter bias, float[] g, Selection s,
            float[] dx, int batch) {
        backward(par, x, weight, bias, g, s, dx, batch, false);
    }

    /**
     * {@link #backward(Parallelism, float[], Parameter, Parameter, float[], Selection, float[], int)}
     * that, with {@code accumulate}, adds this batch's gradients to {@code weight.grad()} (and
     * {@code bias.grad()}) instead of overwriting them, and adds the selected rows to W's touched set
     * ({@link Parameter#addTouched}) instead of replacing it: for a backward that sums several
     * contributions to one parameter, as back propagation through time sums the time steps (the
     * first call overwrites, the later ones accumulate). dx is overwritten either way. With
     * {@code accumulate == false} this is the overwriting call, bit for bit.
     *
     * @param par        the threads to split the work over
     * @param x          the layer's input, {@code [batch × in]} row-major; read only
     * @param weight     W {@code [out × in]}: its gradient receives dW, its touched set the selected rows
     * @param bias       b {@code [out]} (its gradient receives db), or null for a layer without bias
     * @param g          the gradient of the layer's output, {@code [batch × out]}; read only
     * @param s          the entries of g to back-propagate
     * @param dx         receives the gradient of x, {@code [batch × in]}, or null when not needed
     * @param batch      examples, ≥ 0
     * @param accumulate add to the gradients and the touched set instead of overwriting them
     */
    public static void backward(Parallelism par, float[] x, Parameter weight, Parameter bias, float[] g, Selection s,
            float[] dx, int batch, boolean accumulate) {
        int out = weight.rows();
        int in = weight.cols();
        float[] w = weight.values();
        float[] dw = weight.grad();
        float[] db = bias == null ? null : bias.grad();
        switch (s.form()) {
            case ALL -> {
                UncheckedLinear.backward(par, x, w, g, dx, dw, db, batch, in, out, accumulate);
                weight.touchAll();
            }
            case SHARED -> {
                UncheckedLinear.backwardUnified(par, x, w, g, s.index(), s.sharedCount(), dx, dw, db, batch, in, out,
                        accumulate);
                touch(weight, s.index(), 0, s.sharedCount(), accumulate);
            }
            case PER_ROW -> {
                int[] off = s.offsets();
                UncheckedLinear.backwardSparse(par, x, w, g, off, s.index(), dx, dw, db, batch, in, out, accumulate);
                touch(weight, s.index(), off[0], off[batch], accumulate);
            }
        }
        if (bias != null) {
            bias.touchAll();
        }
    }

    private static void touch(Parameter weight, int[] idx, int from, int to, boolean accumulate) {
        if (accumulate) {
            weight.addTouched(idx, from, to);
        } else {
            weight.replaceTouched(idx, from, to);
        }
    }
}
