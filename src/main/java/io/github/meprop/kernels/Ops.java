package io.github.meprop.kernels;

import io.github.meprop.kernels.internal.UncheckedOps;
import java.util.Objects;

/**
 * Element-wise kernels of the training loop: activations (ReLU, tanh, sigmoid) and their
 * backward, the LSTM cell step and its backward, the fused softmax + cross-entropy loss, arg-max,
 * clipping, scaling, zeroing, and the optimizer updates: SGD and Adam dense over a range or "lazy"
 * over a list of rows, SGD with momentum, and Adam and momentum SGD split over a
 * {@link Parallelism}'s threads. Every kernel is one pass over its arrays: memory-bound, cost O(n).
 *
 * <p>Results are bit-identical on the SIMD and the plain-Java paths, and for any thread count:
 * both evaluate the same correctly rounded operations in the same order (fused multiply-adds
 * included), and tanh, sigmoid and the softmax's exp use the same polynomials on both paths
 * ({@code kernels.scalar.Transcendental}, not {@code Math} or the Vector API's SVML calls), so
 * training does not depend on the path or on JIT timing. An element's result never depends on its
 * position, so the row-wise ("lazy") updates equal the range updates on the same elements
 * exactly. (Where the two paths do differ is the sums of {@link Linear}.)
 *
 * <p>Activation kernels may run in place (output array == input array). Bad arguments throw
 * {@link IllegalArgumentException} (negative sizes, labels out of range, invalid hyper-parameters),
 * {@link IndexOutOfBoundsException} (arrays too short, rows out of range) or
 * {@link NullPointerException}, each naming the argument.
 */
public final class Ops {
    private Ops() {}

    /**
     * z = max(x, 0) element-wise over n entries (NaN stays NaN, −0 becomes +0).
     *
     * @param x the input, n entries read
     * @param z receives the output, n entries written (may be {@code x})
     * @param n number of elements, ≥ 0
     */
    public static void relu(float[] x, float[] z, int n) {
        unary(x, z, n);
        UncheckedOps.relu(x, z, n);
    }

    /**
     * ReLU backward from the output z: dy = g where z &gt; 0, else 0.
     *
     * @param z the forward output of the ReLU, n entries
     * @param g the gradient with respect to z, n entries
     * @param dy receives the gradient with respect to the ReLU's input, n entries (may be
     *     {@code z} or {@code g})
     * @param n number of elements, ≥ 0
     */
    public static void reluBackward(float[] z, float[] g, float[] dy, int n) {
        binary(z, g, dy, n);
        UncheckedOps.reluBackward(z, g, dy, n);
    }

    /**
     * z = tanh(x) element-wise.
     *
     * @param x the input, n entries read
     * @param z receives the output, n entries written (may be {@code x})
     * @param n number of elements, ≥ 0
     */
    public static void tanh(float[] x, float[] z, int n) {
        unary(x, z, n);
        UncheckedOps.tanh(x, z, n);
    }

    /**
     * tanh backward from the output z: dy = g·(1 − z²).
     *
     * @param z the forward output of the tanh, n entries
     * @param g the gradient with respect to z, n entries
     * @param dy receives the gradient with respect to the tanh's input, n entries (may be
     *     {@code z} or {@code g})
     * @param n number of elements, ≥ 0
     */
    public static void tanhBackward(float[] z, float[] g, float[] dy, int n) {
        binary(z, g, dy, n);
        UncheckedOps.tanhBackward(z, g, dy, n);
    }

    /**
     * z = 1/(1 + e^(−x)) element-wise.
     *
     * @param x the input, n entries read
     * @param z receives the output, n entries written (may be {@code x})
     * @param n number of elements, ≥ 0
     */
    public static void sigmoid(float[] x, float[] z, int n) {
        unary(x, z, n);
        UncheckedOps.sigmoid(x, z, n);
    }

    /**
     * Sigmoid backward from the output z: dy = g·z·(1 − z).
     *
     * @param z the forward output of the sigmoid, n entries
     * @param g the gradient with respect to z, n entries
     * @param dy receives the gradient with respect to the sigmoid's input, n entries (may be
     *     {@code z} or {@code g})
     * @param n number of elements, ≥ 0
     */
    public static void sigmoidBackward(float[] z, float[] g, float[] dy, int n) {
        binary(z, g, dy, n);
        UncheckedOps.sigmoidBackward(z, g, dy, n);
    }

    /**
     * Fused softmax + cross-entropy over a batch of logits {@code [batch × classes]} with labels
     * {@code labels[labelOff .. labelOff+batch)}: returns the mean loss
     * {@code (1/batch)·Σ_b (log Σ_j e^{l_bj} − l_{b,y_b})} (computed stably, accumulated in double);
     * if {@code dlogits} is not null it receives {@code (softmax(l_b) − onehot(y_b)) / batch}, the
     * gradient of the mean loss. NaN logits give a NaN loss. Cost: batch·classes exponentials.
     *
     * @param logits the logits, row-major {@code [batch × classes]}; read only
     * @param labels the class of each example, in 0..classes-1
     * @param labelOff position of the first example's label in {@code labels}
     * @param dlogits receives the gradient of the mean loss with respect to the logits,
     *     {@code [batch × classes]} (overwritten), or null to compute the loss only
     * @param batch number of examples, ≥ 0
     * @param classes number of classes, ≥ 1
     * @return the mean cross-entropy loss over the batch (NaN if a logit is NaN)
     */
    public static double softmaxCrossEntropy(float[] logits, int[] labels, int labelOff, float[] dlogits,
            int batch, int classes) {
        Checks.size("batch", batch);
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
        Checks.length("logits", logits, (long) batch * classes);
        Checks.range("labels", labels, labelOff, batch);
        if (dlogits != null) {
            Checks.length("dlogits", dlogits, (long) batch * classes);
        }
        for (int r = 0; r < batch; r++) {
            int y = labels[labelOff + r];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("labels[" + (labelOff + r) + "] = " + y + " is outside 0.."
                        + (classes - 1));
            }
        }
        return UncheckedOps.softmaxCrossEntropy(logits, labels, labelOff, dlogits, batch, classes);
    }

    /**
     * For each row r of a row-major {@code [rows × n]} matrix, {@code out[r]} = the lowest position
     * of the row's largest entry (+0 and −0 are equal; a NaN ranks above every number).
     *
     * @param m the matrix, row-major {@code [rows × n]}
     * @param rows number of rows, ≥ 0
     * @param n number of columns, ≥ 1
     * @param out receives the arg-max column of each row, at least rows entries
     */
    public static void argmaxRows(float[] m, int rows, int n, int[] out) {
        Checks.size("rows", rows);
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        Checks.length("m", m, (long) rows * n);
        Checks.length("out", out, rows);
        UncheckedOps.argmaxRows(m, rows, n, out);
    }

    /**
     * a[i] = min(max(a[i], −c), c) over a[off .. off+n); c must be &gt; 0 (+∞ clips nothing).
     *
     * @param a the array clipped in place
     * @param off start of the range in {@code a}
     * @param n number of elements, ≥ 0
     * @param c the bound, &gt; 0 (+∞ for none)
     */
    public static void clip(float[] a, int off, int n, float c) {
        Checks.size("n", n);
        Checks.range("a", a, off, n);
        checkClip(c);
        UncheckedOps.clip(a, off, n, c);
    }

    /**
     * a[i] = a[i]·s over a[off .. off+n).
     *
     * @param a the array scaled in place
     * @param off start of the range in {@code a}
     * @param n number of elements, ≥ 0
     * @param s the factor
     */
    public static void scale(float[] a, int off, int n, float s) {
        Checks.size("n", n);
        Checks.range("a", a, off, n);
        UncheckedOps.scale(a, off, n, s);
    }

    /**
     * a[off .. off+n) = 0.
     *
     * @param a the array to clear
     * @param off start of the range in {@code a}
     * @param n number of elements, ≥ 0
     */
    public static void zero(float[] a, int off, int n) {
        Checks.size("n", n);
        Checks.range("a", a, off, n);
        UncheckedOps.zero(a, off, n);
    }

    /**
     * SGD over w[off .. off+n): {@code w −= lr·clip(g, ±clip)}; clip &gt; 0 (+∞: no clipping).
     *
     * @param w the weights, updated in place
     * @param g the gradient, same positions as w; read only
     * @param off start of the range in w and g
     * @param n number of elements, ≥ 0
     * @param lr the learning rate (finite)
     * @param clip the bound each gradient element is clipped to, &gt; 0 (+∞ for none)
     */
    public static void sgd(float[] w, float[] g, int off, int n, float lr, float clip) {
        Checks.size("n", n);
        Checks.range("w", w, off, n);
        Checks.range("g", g, off, n);
        checkLr(lr);
        checkClip(clip);
        UncheckedOps.sgd(w, g, off, n, lr, clip);
    }

    /**
     * {@link #sgd} applied to rows {@code rows[0..count)} of the row-major matrices w and g (rows of
     * length rowLen): the update of a row-sparse ("lazy") optimizer.
     *
     * @param w the weights, row-major with rows of rowLen; the listed rows are updated in place
     * @param g the gradient, same layout as w; read only
     * @param rows the indices of the rows to update, in {@code rows[0 .. count)}
     * @param count number of rows to update, ≥ 0
     * @param rowLen number of elements per row, ≥ 0
     * @param lr the learning rate (finite)
     * @param clip the bound each gradient element is clipped to, &gt; 0 (+∞ for none)
     */
    public static void sgdRows(float[] w, float[] g, int[] rows, int count, int rowLen, float lr, float clip) {
        checkRows(rows, count, rowLen, w, g, null, null);
        checkLr(lr);
        checkClip(clip);
        UncheckedOps.sgdRows(w, g, rows, count, rowLen, lr, clip);
    }

    /**
     * SGD with (heavy-ball) momentum over [off .. off+n), the velocity v kept by the caller:
     * <pre>
     * v = μ·v + clip(g, ±clip);  w −= lr·v
     * </pre>
     * A v that comes out subnormal (|v| &lt; 2⁻¹²⁶) is stored as a zero of its sign: arithmetic on
     * subnormals is slow, and such a v moves w by less than half an ulp of any weight above about
     * 1e-30. Cost: one pass reading w, g, v and writing w, v. The split over {@code par}'s threads gives
     * the same result bit for bit for any thread count.
     *
     * @param par the threads to split the work over (not null)
     * @param w the weights, updated in place
     * @param g the gradient, same positions as w; read only
     * @param v the velocity, same positions as w; updated in place (start with zeros)
     * @param off start of the range in w, g and v
     * @param n number of elements, ≥ 0
     * @param lr the learning rate (finite)
     * @param momentum the momentum μ, in [0, 1)
     * @param clip the bound each gradient element is clipped to, &gt; 0 (+∞ for none)
     */
    public static void sgdMomentum(Parallelism par, float[] w, float[] g, float[] v, int off, int n, float lr,
            float momentum, float clip) {
        Objects.requireNonNull(par, "par");
        Checks.size("n", n);
        Checks.range("w", w, off, n);
        Checks.range("g", g, off, n);
        Checks.range("v", v, off, n);
        checkLr(lr);
        checkMomentum(momentum);
        checkClip(clip);
        UncheckedOps.sgdMomentum(par, w, g, v, off, n, lr, momentum, clip);
    }

    private static void checkMomentum(float momentum) {
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
        }
    }

    /**
     * Adam over [off .. off+n) with the bias correction folded into {@code lr} (the caller passes
     * {@code lr_t = lr·√(1−β2^t)/(1−β1^t)}, as the reference code does):
     * <pre>
     * g' = clip(g, ±clip);  m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²;  w −= lr_t·m / (√v + ε)
     * </pre>
     * An m that comes out subnormal (|m| &lt; 2⁻¹²⁶) is used and stored as a zero of its sign: in a
     * sparse training most m decay there, arithmetic on subnormals is slow, and such an m moves w
     * by less than lr_t·1.2e-38/ε. v is not flushed. Cost: one pass reading w, g, m, v and writing
     * w, m, v.
     *
     * @param w the weights, updated in place
     * @param g the gradient, same positions as w; read only
     * @param m the first moment, same positions as w; updated in place (start with zeros)
     * @param v the second moment, same positions as w; updated in place (start with zeros)
     * @param off start of the range in w, g, m and v
     * @param n number of elements, ≥ 0
     * @param lr the bias-corrected learning rate lr_t for this step (finite)
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps the term added to √v, finite and &gt; 0
     * @param clip the bound each gradient element is clipped to, &gt; 0 (+∞ for none)
     */
    public static void adam(float[] w, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1,
            float beta2, float eps, float clip) {
        checkAdamRange(w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
        UncheckedOps.adam(Parallelism.serial(), w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
    }

    /**
     * {@link #adam} with the elements split over {@code par}'s threads (contiguous parts); the same
     * result bit for bit for any thread count.
     *
     * @param par the threads to split the work over (not null)
     * @param w the weights, updated in place
     * @param g the gradient, same positions as w; read only
     * @param m the first moment, same positions as w; updated in place (start with zeros)
     * @param v the second moment, same positions as w; updated in place (start with zeros)
     * @param off start of the range in w, g, m and v
     * @param n number of elements, ≥ 0
     * @param lr the bias-corrected learning rate lr_t for this step (finite)
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps the term added to √v, finite and &gt; 0
     * @param clip the bound each gradient element is clipped to, &gt; 0 (+∞ for none)
     */
    public static void adam(Parallelism par, float[] w, float[] g, float[] m, float[] v, int off, int n, float lr,
            float beta1, float beta2, float eps, float clip) {
        Objects.requireNonNull(par, "par");
        checkAdamRange(w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
        UncheckedOps.adam(par, w, g, m, v, off, n, lr, beta1, beta2, eps, clip);
    }

    private static void checkAdamRange(float[] w, float[] g, float[] m, float[] v, int off, int n, float lr,
            float beta1, float beta2, float eps, float clip) {
        Checks.size("n", n);
        Checks.range("w", w, off, n);
        Checks.range("g", g, off, n);
        Checks.range("m", m, off, n);
        Checks.range("v", v, off, n);
        checkAdam(lr, beta1, beta2, eps, clip);
    }

    /**
     * {@link #adam} applied to rows {@code rows[0..count)} of the row-major matrices w, g, m, v (rows
     * of length rowLen): lazy Adam, which leaves the moments of the other rows untouched.
     *
     * @param w the weights, row-major with rows of rowLen; the listed rows are updated in place
     * @param g the gradient, same layout as w; read only
     * @param m the first moment, same layout as w; the listed rows are updated in place
     * @param v the second moment, same layout as w; the listed rows are updated in place
     * @param rows the indices of the rows to update, in {@code rows[0 .. count)}
     * @param count number of rows to update, ≥ 0
     * @param rowLen number of elements per row, ≥ 0
     * @param lr the bias-corrected learning rate lr_t for this step (finite)
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps the term added to √v, finite and &gt; 0
     * @param clip the bound each gradient element is clipped to, &gt; 0 (+∞ for none)
     */
    public static void adamRows(float[] w, float[] g, float[] m, float[] v, int[] rows, int count, int rowLen,
            float lr, float beta1, float beta2, float eps, float clip) {
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(v, "v");
        checkRows(rows, count, rowLen, w, g, m, v);
        checkAdam(lr, beta1, beta2, eps, clip);
        UncheckedOps.adamRows(w, g, m, v, rows, count, rowLen, lr, beta1, beta2, eps, clip);
    }

    /**
     * One time step of an LSTM cell for {@code rows} examples of {@code units} hidden units, gate
     * order i, f, g, o (PyTorch's). A gate block row is {@code 4·units} floats (unit j's four
     * pre-activations at j, units + j, 2·units + j, 3·units + j), a state block row {@code units}
     * floats; block arguments start at their offsets. With {@code a = gx + gh}:
     * <pre>
     * i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
     * c = fma(f, c_prev, i·g)   tanhC = tanh(c)   h = o·tanhC
     * </pre>
     * gates receives the activated (i, f, g, o); it may be gx or gh at the same offset, and c may be
     * cPrev at the same offset. σ and tanh are {@link #sigmoid} and {@link #tanh}'s polynomials, so
     * the SIMD and plain-Java results are the same bit for bit. Cost: 5 exponentials and about 30
     * other operations per unit and example.
     *
     * @param gx       the input part of the gate pre-activations, {@code rows × 4·units}; read only
     * @param gxOff    offset of the block in gx
     * @param gh       the recurrent part of the gate pre-activations (bias included), same layout; read only
     * @param ghOff    offset of the block in gh
     * @param cPrev    the previous cell state, {@code rows × units}; read only
     * @param cPrevOff offset of the block in cPrev
     * @param gates    receives the activated gates (i, f, g, o), {@code rows × 4·units}
     * @param gatesOff offset of the block in gates
     * @param c        receives the new cell state, {@code rows × units}
     * @param cOff     offset of the block in c
     * @param tanhC    receives tanh(c), {@code rows × units} (kept for the backward)
     * @param tanhCOff offset of the block in tanhC
     * @param h        receives the new hidden state, {@code rows × units}
     * @param hOff     offset of the block in h
     * @param rows     examples, ≥ 0
     * @param units    hidden units, ≥ 0
     * @throws IllegalArgumentException if a size is negative or a block does not fit its array
     */
    public static void lstmCellForward(float[] gx, int gxOff, float[] gh, int ghOff, float[] cPrev, int cPrevOff,
            float[] gates, int gatesOff, float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h, int hOff,
            int rows, int units) {
        Checks.size("rows", rows);
        Checks.size("units", units);
        int gateLen = blockLength(rows, 4L * units, "rows × 4·units");
        int stateLen = blockLength(rows, units, "rows × units");
        Checks.range("gx", gx, gxOff, gateLen);
        Checks.range("gh", gh, ghOff, gateLen);
        Checks.range("cPrev", cPrev, cPrevOff, stateLen);
        Checks.range("gates", gates, gatesOff, gateLen);
        Checks.range("c", c, cOff, stateLen);
        Checks.range("tanhC", tanhC, tanhCOff, stateLen);
        Checks.range("h", h, hOff, stateLen);
        UncheckedOps.lstmCellForward(gx, gxOff, gh, ghOff, cPrev, cPrevOff, gates, gatesOff, c, cOff, tanhC, tanhCOff,
                h, hOff, rows, units);
    }

    /**
     * The backward pass of {@link #lstmCellForward} for one time step: from the step's activated
     * gates, c_prev, tanh(c), the gradient dh of h and the gradient dc of c arriving from the next
     * step, writes the gradient of the four pre-activations into dpre (gate layout) and replaces dc
     * by the gradient of c_prev:
     * <pre>
     * dcT    = fma(dh·o, 1 − tanhC², dc)
     * dpre_i = (dcT·g)·(i·(1 − i))        dpre_f = (dcT·c_prev)·(f·(1 − f))
     * dpre_g = (dcT·i)·(1 − g²)           dpre_o = (dh·tanhC)·(o·(1 − o))
     * dc     = dcT·f
     * </pre>
     * Outputs must not overlap the inputs. Bit-identical on the SIMD and plain-Java paths. Cost:
     * about 25 operations per unit and example.
     *
     * @param gates    the step's activated gates (i, f, g, o), {@code rows × 4·units}; read only
     * @param gatesOff offset of the block in gates
     * @param cPrev    the step's previous cell state, {@code rows × units}; read only
     * @param cPrevOff offset of the block in cPrev
     * @param tanhC    tanh of the step's cell state, {@code rows × units}; read only
     * @param tanhCOff offset of the block in tanhC
     * @param dh       the gradient of the step's hidden state, {@code rows × units}; read only
     * @param dhOff    offset of the block in dh
     * @param dc       in: the gradient of the step's cell state from the next step; out: that of
     *                 c_prev, {@code rows × units}
     * @param dcOff    offset of the block in dc
     * @param dpre     receives the gradient of the four pre-activations, {@code rows × 4·units}
     * @param dpreOff  offset of the block in dpre
     * @param rows     examples, ≥ 0
     * @param units    hidden units, ≥ 0
     * @throws IllegalArgumentException if a size is negative or a block does not fit its array
     */
    public static void lstmCellBackward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] tanhC,
            int tanhCOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dpre, int dpreOff, int rows,
            int units) {
        Checks.size("rows", rows);
        Checks.size("units", units);
        int gateLen = blockLength(rows, 4L * units, "rows × 4·units");
        int stateLen = blockLength(rows, units, "rows × units");
        Checks.range("gates", gates, gatesOff, gateLen);
        Checks.range("cPrev", cPrev, cPrevOff, stateLen);
        Checks.range("tanhC", tanhC, tanhCOff, stateLen);
        Checks.range("dh", dh, dhOff, stateLen);
        Checks.range("dc", dc, dcOff, stateLen);
        Checks.range("dpre", dpre, dpreOff, gateLen);
        UncheckedOps.lstmCellBackward(gates, gatesOff, cPrev, cPrevOff, tanhC, tanhCOff, dh, dhOff, dc, dcOff, dpre,
                dpreOff, rows, units);
    }

    private static int blockLength(int rows, long width, String what) {
        long n = rows * width;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + rows + " × " + width + " does not fit in a Java array");
        }
        return (int) n;
    }

    private static void unary(float[] x, float[] z, int n) {
        Checks.size("n", n);
        Checks.length("x", x, n);
        Checks.length("z", z, n);
    }

    private static void binary(float[] z, float[] g, float[] dy, int n) {
        Checks.size("n", n);
        Checks.length("z", z, n);
        Checks.length("g", g, n);
        Checks.length("dy", dy, n);
    }

    private static void checkLr(float lr) {
        if (!Float.isFinite(lr)) {
            throw new IllegalArgumentException("lr must be finite, was " + lr);
        }
    }

    private static void checkClip(float c) {
        if (!(c > 0f)) {
            throw new IllegalArgumentException("clip must be > 0 (+Infinity for none), was " + c);
        }
    }

    private static void checkAdam(float lr, float beta1, float beta2, float eps, float clip) {
        checkLr(lr);
        if (!(beta1 >= 0f && beta1 < 1f)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
        }
        if (!(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
        }
        if (!(eps > 0f) || eps == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("eps must be finite and > 0, was " + eps);
        }
        checkClip(clip);
    }

    private static void checkRows(int[] rows, int count, int rowLen, float[] w, float[] g, float[] m, float[] v) {
        Checks.size("count", count);
        Checks.size("rowLen", rowLen);
        Checks.range("rows", rows, 0, count);
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(g, "g");
        int limit = Math.min(w.length, g.length);
        if (m != null) {
            limit = Math.min(limit, m.length);
        }
        if (v != null) {
            limit = Math.min(limit, v.length);
        }
        for (int t = 0; t < count; t++) {
            int r = rows[t];
            if (r < 0 || (long) r * rowLen + rowLen > limit) {
                throw new IndexOutOfBoundsException("rows[" + t + "] = " + r + " is outside the matrices (rows of "
                        + rowLen + " in arrays of length >= " + limit + ")");
            }
        }
    }
}
