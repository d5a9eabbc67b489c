/**
 * Model simplification: {@link io.github.meprop.compress.MeSimp} counts how often each hidden unit
 * is selected during meProp training ({@link io.github.meprop.compress.Activeness}) and, at the
 * prune points of a {@link io.github.meprop.compress.PruneSchedule}, runs its
 * {@link io.github.meprop.compress.CompressionRule}s in order: the activeness rule
 * ({@link io.github.meprop.compress.ActivenessRule}) removes rarely active units,
 * {@link io.github.meprop.compress.Merger} merges units that are positive multiples of another, and
 * {@link io.github.meprop.compress.DeadUnitRule} removes units that never fire on the data
 * ({@link io.github.meprop.compress.DeadNeurons}). Rules are found by name in
 * {@link io.github.meprop.compress.CompressionRules}.
 */
package io.github.meprop.compress;
