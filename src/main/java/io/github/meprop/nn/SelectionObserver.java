package io.github.meprop.nn;

/**
 * Sees the rows each hidden layer's sparse backward selected, e.g. to count how often each neuron
 * is active (meSimp's activeness). Called on the training thread right after the selection of a
 * hidden layer, before its backward kernels run; the arrays are reused by the next step, so copy
 * what must be kept. Not called for layers in {@link MeProp.Mode#DENSE} mode (nothing is selected).
 */
@FunctionalInterface
public interface SelectionObserver {

    /**
     * Per-example selections ({@link MeProp.Mode#TOPK}, {@link MeProp.Mode#RANDOMK}): example r of
     * the batch selected positions {@code idx[r*k .. r*k+k)}, strictly ascending, in 0..width.
     *
     * @param layer index of the hidden layer (0-based, = its index in {@link Mlp#layers()})
     * @param idx   the selections, {@code batch·k} entries in use
     * @param batch examples in this mini-batch
     * @param k     positions selected per example
     * @param width the layer's current width
     */
    void onSelection(int layer, int[] idx, int batch, int k, int width);

    /**
     * A unified selection ({@link MeProp.Mode#UNIFIED}): every example of the batch selected the
     * same positions {@code idx[0..k)}, strictly ascending. The default expands it to the
     * per-example form and calls {@link #onSelection} (an observer may override it to avoid that).
     */
    default void onUnifiedSelection(int layer, int[] idx, int batch, int k, int width) {
        int[] expanded = new int[batch * k];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(idx, 0, expanded, r * k, k);
        }
        onSelection(layer, expanded, batch, k, width);
    }

    /**
     * {@link #onSelection(int, int[], int, int, int)} with the gradient the selection was made from:
     * {@code g = ∂L/∂y} of the layer ({@code [batch × width]} row-major, the activation's backward
     * already applied; a live buffer, read-only). An observer that needs the selected values (for
     * example to tell a selected non-zero gradient from a zero that was picked by the tie rule)
     * overrides this one; the trainer calls this form. The default ignores g.
     */
    default void onSelection(int layer, int[] idx, int batch, int k, int width, float[] g) {
        onSelection(layer, idx, batch, k, width);
    }

    /**
     * {@link #onUnifiedSelection(int, int[], int, int, int)} with the gradient g
     * ({@code [batch × width]}, as in {@link #onSelection(int, int[], int, int, int, float[])}).
     * The default ignores g.
     */
    default void onUnifiedSelection(int layer, int[] idx, int batch, int k, int width, float[] g) {
        onUnifiedSelection(layer, idx, batch, k, width);
    }
}
