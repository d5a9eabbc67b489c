/**
 * File formats below the model: {@link io.github.meprop.io.SafeTensors} reads and writes
 * safetensors files and streams of named F32 tensors ({@link io.github.meprop.io.TensorBundle},
 * {@link io.github.meprop.io.Tensor}) with string metadata, and
 * {@link io.github.meprop.io.FiniteValues} checks that a model's values are finite. Malformed input
 * is a {@link io.github.meprop.io.FileFormatException} naming the file (or stream) and the problem.
 * The strict JSON parser and writer ({@code io.json}) and the atomic writes and I/O error messages
 * ({@code io.files}) are internal packages.
 */
package io.github.meprop.io;
