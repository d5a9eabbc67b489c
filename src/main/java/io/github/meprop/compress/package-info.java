/**
 * Model simplification: {@link io.github.meprop.compress.MeSimp} counts how often each hidden
 * neuron is among the top k during meProp training ({@link io.github.meprop.compress.Activeness})
 * and removes the rarely active ones at the prune points of a
 * {@link io.github.meprop.compress.PruneSchedule} ({@link io.github.meprop.compress.PruneRule});
 * {@link io.github.meprop.compress.Merger} merges neurons that are positive multiples of another
 * and {@link io.github.meprop.compress.DeadNeurons} finds neurons that never fire.
 */
package io.github.meprop.compress;
