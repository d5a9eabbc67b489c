/**
 * Stateless {@code float[]} kernels of meProp training: top-k selection ({@link
 * io.github.meprop.kernels.TopK}), dense and sparse linear algebra ({@link
 * io.github.meprop.kernels.Linear}), element-wise operations and optimizer updates ({@link
 * io.github.meprop.kernels.Ops}), and the threads they may split over ({@link
 * io.github.meprop.kernels.Parallelism}).
 *
 * <p>Arrays are row-major with explicit sizes and offsets; outputs are caller-owned buffers; bad
 * arguments throw exceptions naming the argument. Each kernel has a plain-Java implementation and
 * a Vector API one, chosen once per JVM ({@link io.github.meprop.kernels.Kernels#describe()}): the
 * SIMD kernels run when the JVM is started with {@code --add-modules jdk.incubator.vector},
 * otherwise the plain-Java ones, after one log line saying how to enable SIMD. The two paths may
 * differ in the last bits of sums (different summation order); each is deterministic.
 */
package io.github.meprop.kernels;
