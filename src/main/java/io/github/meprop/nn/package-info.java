/**
 * The network and its training. A {@link io.github.meprop.nn.Model} is a sequence of
 * {@link io.github.meprop.nn.Layer}s ({@link io.github.meprop.nn.Dense}) with trainable
 * {@link io.github.meprop.nn.Parameter}s; a {@link io.github.meprop.nn.Selector} (dense, top-k per
 * example, unified top-k, random-k, adaptive k) decides which entries of each hidden layer's
 * gradient the backward pass keeps (meProp); optimizers ({@link io.github.meprop.nn.Adam},
 * {@link io.github.meprop.nn.Sgd}) step the parameters; the {@link io.github.meprop.nn.Trainer}
 * runs the loop from a {@link io.github.meprop.nn.TrainConfig}; {@link io.github.meprop.nn.ModelFile}
 * saves and loads models with their {@link io.github.meprop.nn.ModelMetadata}. Selectors, optimizers
 * and layer types are found by name through their registries ({@link io.github.meprop.nn.Selectors},
 * {@link io.github.meprop.nn.Optimizers}, {@link io.github.meprop.nn.Layers}).
 *
 * <p>A model and a trainer are used by one thread at a time while training; a trained model's
 * inference methods may be called from many threads at once.
 */
package io.github.meprop.nn;
