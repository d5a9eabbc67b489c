package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.List;
import java.util.Map;

/**
 * One layer of a {@link Model}: a map from {@code inputWidth()} to {@code outputWidth()} floats per
 * example, with trainable {@link Parameter}s, a forward pass into caller-owned buffers, a backward
 * pass that a {@link Sparsifier} may sparsify (meProp), and the structural edits that model
 * simplification needs (meSimp removes units; the next layer loses the matching inputs).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #forward} only reads the layer, so a trained model may serve predictions from many
 *       threads at once. {@link #forwardForTraining} may keep what the backward pass needs inside
 *       the layer (e.g. an LSTM's gates per time step); a layer in training belongs to one thread.</li>
 *   <li>{@link #backward} overwrites the gradients of its parameters (recording the touched rows,
 *       {@link Parameter#replaceTouched}) and writes the gradient of its input into dx (unless dx is
 *       null: the first layer).</li>
 *   <li>A layer has {@link #units()} removable units. {@link #keepUnits} keeps some of them (and
 *       shrinks the output width to match); {@link #keepInputs} removes input positions (after the
 *       layer below removed units). Parameters, gradients and optimizer state shrink together.</li>
 *   <li>{@link #type()} and {@link #config()} describe the layer in a model file; the
 *       {@link Layers} registry turns them back into a layer.</li>
 * </ul>
 * A new layer type is one class implementing this interface, plus one {@link Layers#register} call.
 */
public interface Layer {

    /**
     * The type name it is registered under in {@link Layers}, e.g. "dense".
     *
     * @return the registered type name, e.g. {@code "dense"}
     */
    String type();

    /**
     * Floats per example in.
     *
     * @return the number of floats per example this layer reads
     */
    int inputWidth();

    /**
     * Floats per example out.
     *
     * @return the number of floats per example this layer writes
     */
    int outputWidth();

    /**
     * Units that simplification can remove (a dense layer's output neurons, an LSTM's hidden units).
     *
     * @return the current number of removable units
     */
    int units();

    /**
     * Width of the gradient rows this layer's {@link #backward} hands its {@link Sparsifier} (a
     * selector's k counts entries of it): {@link #outputWidth()} for a layer whose outputs are its
     * units (the default), 4·units for an LSTM (the pre-activation gradients of its four gates).
     *
     * @return the width of the rows the selector chooses from, ≥ 1
     */
    default int selectionWidth() {
        return outputWidth();
    }

    /**
     * The trainable parameters, in a fixed order; their names are unique within the layer.
     *
     * @return the parameters, in a fixed order (the same objects on every call)
     */
    List<Parameter> parameters();

    /**
     * Number of trainable values.
     *
     * @return the total number of values of {@link #parameters()}
     */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * {@code y = f(x)} for a batch: x is {@code [batch × inputWidth]}, y {@code [batch × outputWidth]},
     * both row-major and owned by the caller. Reads the layer only.
     *
     * @param par the threads the kernels split the work over
     * @param x the input, row-major {@code [batch × inputWidth]}; read only
     * @param y receives the output, row-major {@code [batch × outputWidth]}; overwritten
     * @param batch number of examples, ≥ 0
     */
    void forward(Parallelism par, float[] x, float[] y, int batch);

    /**
     * The forward pass of a training step; may keep what {@link #backward} needs inside the layer.
     * The default is {@link #forward}.
     *
     * @param par the threads the kernels split the work over
     * @param x the input, row-major {@code [batch × inputWidth]}; must stay unchanged until
     *     {@link #backward}
     * @param y receives the output, row-major {@code [batch × outputWidth]}; overwritten
     * @param batch number of examples, ≥ 0
     */
    default void forwardForTraining(Parallelism par, float[] x, float[] y, int batch) {
        forward(par, x, y, batch);
    }

    /**
     * Backward pass of the last {@link #forwardForTraining}.
     *
     * @param par    the threads the kernels split the work over
     * @param x      the input of that forward pass, {@code [batch × inputWidth]}
     * @param y      its output, {@code [batch × outputWidth]}
     * @param dy     {@code ∂L/∂y}, {@code [batch × outputWidth]}; may be overwritten
     * @param dx     receives {@code ∂L/∂x} ({@code [batch × inputWidth]}), or null when not needed
     * @param batch  examples
     * @param sparse selects which entries of the layer's gradient are kept
     */
    void backward(Parallelism par, float[] x, float[] y, float[] dy, float[] dx, int batch, Sparsifier sparse);

    /**
     * Keeps only the units {@code keep} (strictly ascending, in 0..units).
     *
     * @param keep the unit indices to keep, strictly ascending, in 0..units-1
     */
    void keepUnits(int[] keep);

    /**
     * Keeps only the input positions {@code keep} (strictly ascending, in 0..inputWidth).
     *
     * @param keep the input positions to keep, strictly ascending, in 0..inputWidth-1
     */
    void keepInputs(int[] keep);

    /**
     * The output positions that belong to each unit, for the next layer's {@link #keepInputs}: for a
     * layer whose outputs are its units this is keep itself.
     *
     * @param keep the kept units, as passed to {@link #keepUnits}
     * @return the output positions of those units, strictly ascending
     */
    default int[] outputsOfUnits(int[] keep) {
        return keep;
    }

    /**
     * A deep copy (parameters, gradients, optimizer state).
     *
     * @return an independent copy; changing either leaves the other alone
     */
    Layer copy();

    /**
     * The settings a model file needs besides the tensors, e.g. {@code activation=relu}.
     *
     * @return the settings as name/value strings (what {@link Layers#create} is given back)
     */
    Map<String, String> config();
}
