/**
 * File formats below the model: {@link io.github.meprop.io.SafeTensors} reads and writes
 * safetensors files and streams of named F32 tensors ({@link io.github.meprop.io.TensorBundle},
 * {@link io.github.meprop.io.Tensor}) with string metadata; {@link io.github.meprop.io.Json} is the
 * strict JSON parser and writer they and the command line use. Malformed input is a
 * {@link io.github.meprop.io.FileFormatException} naming the file (or stream) and the problem.
 */
package io.github.meprop.io;
