/**
 * Data sets in memory and ways to make them: {@link io.github.meprop.data.Dataset} (from arrays,
 * with checked factories), {@link io.github.meprop.data.CsvReader} (CSV files),
 * {@link io.github.meprop.data.MnistFormat} and {@link io.github.meprop.data.IdxReader} (MNIST-format
 * IDX files), {@link io.github.meprop.data.Splits} (train/dev/test, seeded random or stratified)
 * and {@link io.github.meprop.data.Standardizer} (z-scores fitted on the training split).
 *
 * <p>Problems with the data are typed: {@link io.github.meprop.data.DatasetException} (row and
 * column) for arrays, {@link io.github.meprop.data.CsvFormatException} (file and line) and
 * {@link io.github.meprop.data.IdxFormatException} (file) for files.
 */
package io.github.meprop.data;
