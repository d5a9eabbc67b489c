package io.github.meprop.nn;

import io.github.meprop.kernels.Ops;
import java.util.Locale;

/**
 * The non-linearity z = σ(y) of a layer. The backward pass is computed from the output z (all four
 * derivatives can be written in terms of z), so a layer keeps only its outputs between the forward
 * and the backward pass.
 */
public enum Activation {
    /** max(y, 0); derivative [z &gt; 0]. */
    RELU,
    /** tanh(y); derivative 1 − z². */
    TANH,
    /** 1/(1 + e^(−y)); derivative z·(1 − z). */
    SIGMOID,
    /** y (the output layer, whose logits feed the softmax); derivative 1. */
    IDENTITY;

    /**
     * z[0..n) = σ(y[0..n)); z may be y (in place).
     *
     * @param y the pre-activations, n entries read
     * @param z receives the activations, n entries written
     * @param n number of elements, ≥ 0
     */
    public void forward(float[] y, float[] z, int n) {
        switch (this) {
            case RELU -> Ops.relu(y, z, n);
            case TANH -> Ops.tanh(y, z, n);
            case SIGMOID -> Ops.sigmoid(y, z, n);
            case IDENTITY -> {
                if (y != z) {
                    System.arraycopy(y, 0, z, 0, n);
                }
            }
        }
    }

    /**
     * dy[0..n) = g ⊙ σ'(y), from the outputs z and the gradient g = ∂L/∂z; dy may be g.
     *
     * @param z the activations of the forward pass, n entries
     * @param g the gradient with respect to z, n entries
     * @param dy receives the gradient with respect to the pre-activations, n entries
     * @param n number of elements, ≥ 0
     */
    public void backward(float[] z, float[] g, float[] dy, int n) {
        switch (this) {
            case RELU -> Ops.reluBackward(z, g, dy, n);
            case TANH -> Ops.tanhBackward(z, g, dy, n);
            case SIGMOID -> Ops.sigmoidBackward(z, g, dy, n);
            case IDENTITY -> {
                if (g != dy) {
                    System.arraycopy(g, 0, dy, 0, n);
                }
            }
        }
    }

    /**
     * Parses a name case-insensitively ("relu", "tanh", "sigmoid", "identity").
     *
     * @param name the activation's name, surrounding blanks ignored
     * @return the activation
     * @throws InvalidSettingException if the name is none of the four
     */
    public static Activation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("activation", "unknown activation '" + name
                    + "': expected relu, tanh, sigmoid or identity");
        }
    }

    /**
     * Lower-case name, as {@link #parse} accepts it.
     *
     * @return the name in lower case, e.g. {@code "relu"}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
