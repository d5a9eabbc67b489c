/**
 * The network and its training: {@link io.github.meprop.nn.Mlp} (dense layers), the meProp
 * policy of the backward pass ({@link io.github.meprop.nn.MeProp}: dense, top-k per example,
 * unified top-k, random-k), optimizers ({@link io.github.meprop.nn.Adam}, {@link
 * io.github.meprop.nn.Sgd}), the {@link io.github.meprop.nn.Trainer} with its
 * {@link io.github.meprop.nn.TrainConfig}, and model files ({@link io.github.meprop.nn.ModelFile},
 * with {@link io.github.meprop.nn.ModelMetadata}).
 *
 * <p>A model and a trainer are used by one thread at a time; different models may be trained on
 * different threads at once.
 */
package io.github.meprop.nn;
