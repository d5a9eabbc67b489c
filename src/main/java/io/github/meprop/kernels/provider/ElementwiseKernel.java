package io.github.meprop.kernels.provider;

/**
 * Element-wise kernels of the training loop: activations and their backward, the fused softmax +
 * cross-entropy, arg-max, clipping, scaling and the optimizer updates. Implementations trust their
 * arguments: the public facade {@link io.github.meprop.kernels.Ops} validates them first and states
 * the contract.
 *
 * <p>Except for the transcendental kernels (tanh, sigmoid, softmax) every implementation computes
 * each element with the same sequence of correctly rounded float operations, so the SIMD and the
 * plain-Java twins agree bit for bit, and the result for an element does not depend on where it
 * sits in the array (vector body or scalar tail).
 */
public interface ElementwiseKernel {

    /** z[i] = max(x[i], 0) for i in 0..n (Math.max semantics: NaN stays NaN, -0 becomes +0); z may be x. */
    void relu(float[] x, float[] z, int n);

    /** dy[i] = z[i] > 0 ? g[i] : 0, with z the ReLU output; dy may be g. */
    void reluBackward(float[] z, float[] g, float[] dy, int n);

    /** z[i] = tanh(x[i]); z may be x. */
    void tanh(float[] x, float[] z, int n);

    /** dy[i] = g[i]·(1 − z[i]²), with z the tanh output; dy may be g. */
    void tanhBackward(float[] z, float[] g, float[] dy, int n);

    /** z[i] = 1 / (1 + e^(−x[i])); z may be x. */
    void sigmoid(float[] x, float[] z, int n);

    /** dy[i] = g[i]·(z[i]·(1 − z[i])), with z the sigmoid output; dy may be g. */
    void sigmoidBackward(float[] z, float[] g, float[] dy, int n);

    /**
     * Mean cross-entropy of softmax(logits) against labels over a batch; when dlogits is not null
     * it receives (softmax − onehot)/batch.
     */
    double softmaxCrossEntropy(float[] logits, int[] labels, int labelOff, float[] dlogits, int batch,
            int classes);

    /** out[r] = the lowest position of the largest entry of row r (NaN above every number). */
    void argmaxRows(float[] m, int rows, int n, int[] out);

    /** a[i] = min(max(a[i], −c), c) over a[off..off+n). */
    void clip(float[] a, int off, int n, float c);

    /** a[i] = a[i]·s over a[off..off+n). */
    void scale(float[] a, int off, int n, float s);

    /** a[off..off+n) = 0. */
    void zero(float[] a, int off, int n);

    /** SGD over w[off..off+n): w −= lr·clip(g, ±c). */
    void sgd(float[] w, float[] g, int off, int n, float lr, float clip);

    /** {@link #sgd} over rows {@code rows[0..count)} of length rowLen. */
    void sgdRows(float[] w, float[] g, int[] rows, int count, int rowLen, float lr, float clip);

    /** SGD with momentum over [off..off+n): v = μ·v + clip(g, ±c), flushed to ±0 if subnormal; w −= lr·v. */
    void sgdMomentum(float[] w, float[] g, float[] v, int off, int n, float lr, float momentum, float clip);

    /**
     * Adam over [off..off+n) with the bias correction folded into lr:
     * g' = clip(g, ±c); m = β1·m + (1−β1)·g' (flushed to ±0 if subnormal); v = β2·v + (1−β2)·g'²;
     * w −= lr·m / (√v + ε).
     */
    void adam(float[] w, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1, float beta2,
            float eps, float clip);

    /** {@link #adam} over rows {@code rows[0..count)} of length rowLen. */
    void adamRows(float[] w, float[] g, float[] m, float[] v, int[] rows, int count, int rowLen, float lr,
            float beta1, float beta2, float eps, float clip);

    /**
     * One LSTM time step for {@code rows} examples of {@code units} hidden units (gate order i, f,
     * g, o as in PyTorch). Row r of a gate block is {@code 4·units} floats: the pre-activations of
     * unit j are at {@code j}, {@code units + j}, {@code 2·units + j}, {@code 3·units + j}; row r of a
     * state block is {@code units} floats. With {@code a = gx + gh} (the input and the recurrent
     * part of the pre-activation):
     * <pre>
     * i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
     * c = fma(f, c_prev, i·g)   tanhC = tanh(c)   h = o·tanhC
     * </pre>
     * gates receives (i, f, g, o) in the layout of gx. gates may be gx or gh (the same offset), and c
     * may be cPrev (the same offset); nothing else may overlap.
     */
    void lstmCellForward(float[] gx, int gxOff, float[] gh, int ghOff, float[] cPrev, int cPrevOff, float[] gates,
            int gatesOff, float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h, int hOff, int rows, int units);

    /**
     * The backward pass of {@link #lstmCellForward} for one time step: from the step's gates
     * (i, f, g, o), c_prev and tanh(c), the gradient dh of h and the gradient dc of c that arrives
     * from the next step (through its forget gate), computes the gradient of the four
     * pre-activations into dpre (layout of the gates) and replaces dc by the gradient of c_prev:
     * <pre>
     * dcT    = fma(dh·o, 1 − tanhC², dc)
     * dpre_i = (dcT·g)·(i·(1 − i))        dpre_f = (dcT·c_prev)·(f·(1 − f))
     * dpre_g = (dcT·i)·(1 − g²)           dpre_o = (dh·tanhC)·(o·(1 − o))
     * dc     = dcT·f
     * </pre>
     * No two arrays may overlap except that the inputs may be the same array at disjoint ranges.
     */
    void lstmCellBackward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] tanhC, int tanhCOff,
            float[] dh, int dhOff, float[] dc, int dcOff, float[] dpre, int dpreOff, int rows, int units);
}
