package io.github.meprop.nn;

/**
 * Sees the entries each layer's sparse backward kept, e.g. to count how often each unit is active
 * (meSimp's activeness). Called on the training thread right after a layer's selection, before its
 * backward kernels run. The selection and g are live buffers reused by the next step: copy what must
 * be kept. Not called for a layer whose {@link Selector} is not {@linkplain Selector#sparse() sparse}
 * (nothing is chosen there).
 */
@FunctionalInterface
public interface SelectionObserver {

    /**
     * Called with the selection a layer's backward is about to use.
     *
     * @param layer     index of the layer in the model (0-based)
     * @param selection what was kept ({@code [rows × width]}; see {@link Selection} for its forms)
     * @param g         the gradient the selection was made from, {@code [rows × width]} row-major
     *                  (read-only)
     */
    void onSelection(int layer, Selection selection, float[] g);
}
