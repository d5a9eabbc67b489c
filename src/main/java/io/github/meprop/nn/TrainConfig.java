package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of a training run. Build with {@link #builder()}; defaults follow the reference code:
 * batch 100, Adam (dense) with lr 1e-3, β1 0.9, β2 0.999, ε 1e-8, gradient clip ±5, dense
 * back propagation, no dropout, seed 1, one thread, evaluation every epoch.
 *
 * @param epochs          passes over the training set (≥ 1)
 * @param batchSize       examples per mini-batch (≥ 1); the last, partial batch of an epoch is used
 * @param optimizer       ADAM or SGD
 * @param learningRate    learning rate (&gt; 0)
 * @param beta1           Adam's β1
 * @param beta2           Adam's β2
 * @param eps             Adam's ε
 * @param clip            element-wise gradient clip ±clip; 0 for none
 * @param lazy            lazy (row-sparse) Adam: update only the rows that received gradient
 * @param momentum        SGD's momentum μ in [0, 1), 0 for plain SGD (must be 0 for Adam)
 * @param dropout         {@link Dropout} rate on every hidden layer's output during training, 0 for none
 * @param seed            seed of the shuffles, of random-k and of the dropout masks (the model's own seed is separate)
 * @param parallelism     threads for the linear kernels (forward, backward, evaluation)
 * @param meProp          one policy for every hidden layer (size 1) or one per hidden layer
 * @param evalBatchSize   examples per forward pass during evaluation
 * @param evalEvery       evaluate dev/test every this many epochs (the last epoch always)
 */
public record TrainConfig(int epochs, int batchSize, OptimizerKind optimizer, float learningRate, float beta1,
        float beta2, float eps, float clip, boolean lazy, float momentum, float dropout, long seed, Parallelism parallelism, List<MeProp> meProp,
        int evalBatchSize, int evalEvery) {

    /** Which optimizer to create. */
    public enum OptimizerKind {
        /** {@link Adam}. */
        ADAM,
        /** {@link Sgd}. */
        SGD;

        /** Parses "adam" or "sgd", any case. */
        public static OptimizerKind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown optimizer '" + s + "': expected adam or sgd", e);
            }
        }
    }

    /** Validates every setting. */
    public TrainConfig {
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        positive("evalBatchSize", evalBatchSize);
        positive("evalEvery", evalEvery);
        Dropout.checkRate(dropout);
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(meProp, "meProp");
        meProp = List.copyOf(meProp);
        if (meProp.isEmpty()) {
            throw new IllegalArgumentException("meProp needs at least one policy");
        }
        // Let the optimizer constructors check the hyper-parameters now rather than at train time.
        if (momentum != 0f && optimizer != OptimizerKind.SGD) {
            throw new IllegalArgumentException("momentum applies to SGD only, the optimizer is " + optimizer);
        }
        newOptimizerFrom(optimizer, learningRate, beta1, beta2, eps, clip, lazy, momentum);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
    }

    /** A fresh optimizer (with its own step count) as configured. */
    public Optimizer newOptimizer() {
        return newOptimizerFrom(optimizer, learningRate, beta1, beta2, eps, clip, lazy, momentum);
    }

    private static Optimizer newOptimizerFrom(OptimizerKind kind, float lr, float beta1, float beta2, float eps,
            float clip, boolean lazy, float momentum) {
        return switch (kind) {
            case ADAM -> new Adam(lr, beta1, beta2, eps, clip, lazy);
            case SGD -> new Sgd(lr, clip, momentum);
        };
    }

    /** The policy of hidden layer l. */
    public MeProp meProp(int l) {
        return meProp.size() == 1 ? meProp.get(0) : meProp.get(l);
    }

    /** A builder with the reference defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.eps = eps;
        b.clip = clip;
        b.lazy = lazy;
        b.momentum = momentum;
        b.dropout = dropout;
        b.seed = seed;
        b.parallelism = parallelism;
        b.meProp = meProp;
        b.evalBatchSize = evalBatchSize;
        b.evalEvery = evalEvery;
        return b;
    }

    /** Builder of {@link TrainConfig}. */
    public static final class Builder {
        private int epochs = 20;
        private int batchSize = 100;
        private OptimizerKind optimizer = OptimizerKind.ADAM;
        private float learningRate = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private float clip = 5f;
        private boolean lazy;
        private float momentum;
        private float dropout;
        private long seed = 1;
        private Parallelism parallelism = Parallelism.serial();
        private List<MeProp> meProp = List.of(MeProp.dense());
        private int evalBatchSize = 1000;
        private int evalEvery = 1;

        private Builder() {}

        /** Passes over the training set (default 20). */
        public Builder epochs(int v) { epochs = v; return this; }

        /** Mini-batch size (default 100). */
        public Builder batchSize(int v) { batchSize = v; return this; }

        /** Adam with the given learning rate; lazy or dense. */
        public Builder adam(float lr, boolean lazyRows) {
            optimizer = OptimizerKind.ADAM;
            learningRate = lr;
            lazy = lazyRows;
            return this;
        }

        /** Plain SGD with the given learning rate. */
        public Builder sgd(float lr) {
            return sgd(lr, 0f);
        }

        /** SGD with the given learning rate and momentum μ (0 for plain SGD). */
        public Builder sgd(float lr, float mu) {
            optimizer = OptimizerKind.SGD;
            learningRate = lr;
            momentum = mu;
            lazy = false;
            return this;
        }

        /** SGD's momentum μ; 0 for plain SGD (default 0). */
        public Builder momentum(float v) { momentum = v; return this; }

        /** Optimizer kind (default ADAM). */
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }

        /** Learning rate (default 1e-3). */
        public Builder learningRate(float v) { learningRate = v; return this; }

        /** Adam's β1, β2 and ε (defaults 0.9, 0.999, 1e-8). */
        public Builder adamMoments(float b1, float b2, float epsilon) {
            beta1 = b1;
            beta2 = b2;
            eps = epsilon;
            return this;
        }

        /** Element-wise gradient clip ±v; 0 for none (default 5). */
        public Builder clip(float v) { clip = v; return this; }

        /** Lazy (row-sparse) Adam (default false). */
        public Builder lazy(boolean v) { lazy = v; return this; }

        /** Dropout rate on every hidden layer's output during training; 0 for none (default 0). */
        public Builder dropout(float v) { dropout = v; return this; }

        /** Seed of the shuffles and random-k (default 1). */
        public Builder seed(long v) { seed = v; return this; }

        /** Threads for the kernels (default serial). */
        public Builder parallelism(Parallelism v) { parallelism = v; return this; }

        /** One policy for every hidden layer (default dense). */
        public Builder meProp(MeProp v) { meProp = List.of(v); return this; }

        /** One policy per hidden layer. */
        public Builder meProp(List<MeProp> v) { meProp = v; return this; }

        /** Examples per forward pass in evaluation (default 1000). */
        public Builder evalBatchSize(int v) { evalBatchSize = v; return this; }

        /** Evaluate every this many epochs (default 1; the last epoch is always evaluated). */
        public Builder evalEvery(int v) { evalEvery = v; return this; }

        /** The configuration (validated). */
        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, optimizer, learningRate, beta1, beta2, eps, clip, lazy, momentum, dropout, seed,
                    parallelism, meProp, evalBatchSize, evalEvery);
        }
    }
}
