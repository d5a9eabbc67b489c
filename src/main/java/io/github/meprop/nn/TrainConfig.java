package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a training run. Build with {@link #builder()}; the defaults follow the reference code
 * (batch 100, Adam lr 1e-3 with clip ±5, 20 epochs, seed 1) with ordinary dense back propagation,
 * {@linkplain #AUTO_DROPOUT automatic dropout}, one thread, evaluation every epoch, and the best-dev
 * weights kept.
 *
 * <h2>Automatic dropout</h2>
 * Per-example top-k with Adam and without dropout is unstable when a layer keeps few of its units
 * per example: rows that are rarely selected get large, stale Adam steps (measured on MNIST,
 * 784-500-500-10, 20 epochs, mean of 3 seeds: top-20 95.05% without dropout, 98.45% with 0.3;
 * top-80 97.68% and 98.30%; docs/training.md). With {@link #AUTO_DROPOUT} (the default) the rate is
 * {@link #AUTO_DROPOUT_RATE} when some hidden layer's selector keeps on average less than
 * {@link #AUTO_DROPOUT_BELOW} of the layer's units per example (or cannot say in advance, as adaptive
 * k), and 0 otherwise: dense training and large k (top-160 with meSimp: 98.12% without, 97.93%
 * with) are left as they are. Set a rate explicitly to choose.
 *
 * @param epochs        passes over the training set (≥ 1)
 * @param batchSize     examples per mini-batch (≥ 1); the last, partial batch of an epoch is used
 * @param optimizer     the optimizer's validated settings; each run creates a fresh optimizer
 * @param dropout       {@link Dropout} rate on every hidden layer's output during training, in [0, 1),
 *                      or {@link #AUTO_DROPOUT}
 * @param seed          seed of the shuffles, of random selections and of the dropout masks (the
 *                      model's initial weights have their own seed)
 * @param parallelism   threads for the kernels (forward, backward, optimizer, evaluation)
 * @param selectors     the meProp selector of every hidden layer (one entry) or of each hidden layer
 * @param evalBatchSize examples per forward pass during evaluation (≥ 1)
 * @param evalEvery     evaluate dev and test every this many epochs; the last epoch always (≥ 1)
 * @param stopping      early stopping, or null for none
 * @param keepBest      return the weights of the evaluation with the best dev score (since the last
 *                      change of the model's shape) instead of the last ones
 */
public record TrainConfig(int epochs, int batchSize, Optimizer.Spec optimizer, float dropout, long seed,
        Parallelism parallelism, List<Selector> selectors, int evalBatchSize, int evalEvery, EarlyStopping stopping,
        boolean keepBest) {

    /** The dropout setting that lets the trainer choose ({@link #dropoutFor}): NaN. */
    public static final float AUTO_DROPOUT = Float.NaN;
    /** The rate automatic dropout chooses for small selections. */
    public static final float AUTO_DROPOUT_RATE = 0.3f;
    /** Automatic dropout applies when a layer keeps less than this fraction of its units per example. */
    public static final double AUTO_DROPOUT_BELOW = 0.25;

    /** Validates every setting (errors name it: epochs, batch, dropout, eval-batch, eval-every, selectors). */
    public TrainConfig {
        InvalidSettingException.check(epochs >= 1, "epochs", "must be >= 1", epochs);
        InvalidSettingException.check(batchSize >= 1, "batch", "must be >= 1", batchSize);
        InvalidSettingException.check(evalBatchSize >= 1, "eval-batch", "must be >= 1", evalBatchSize);
        InvalidSettingException.check(evalEvery >= 1, "eval-every", "must be >= 1", evalEvery);
        if (!Float.isNaN(dropout)) {
            Dropout.checkRate(dropout);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(selectors, "selectors");
        selectors = List.copyOf(selectors);
        if (selectors.isEmpty()) {
            throw new InvalidSettingException("selectors", "selectors needs at least one selector");
        }
    }

    /**
     * The selector of hidden layer l.
     *
     * @param l the hidden layer, 0-based
     * @return the one shared selector, or the l-th when there is one per layer
     * @throws IndexOutOfBoundsException if there is one selector per layer and l is not one of them
     */
    public Selector selector(int l) {
        return selectors.size() == 1 ? selectors.get(0) : selectors.get(l);
    }

    /**
     * Checks the selectors against a model's hidden widths ({@link Model#selectionWidths()}: the
     * widths the hidden layers select from, 4·units for an LSTM): one selector for all hidden layers
     * or one each, and each valid for its layer (e.g. k no larger than the width).
     *
     * @param hiddenWidths the unit count of each hidden layer, input side first
     * @throws IllegalArgumentException naming the layer
     */
    public void checkSelectors(int[] hiddenWidths) {
        if (selectors.size() != 1 && selectors.size() != hiddenWidths.length) {
            throw new InvalidSettingException("selectors", "need one selector for all hidden layers or one per hidden"
                    + " layer (" + hiddenWidths.length + "), got " + selectors.size());
        }
        for (int l = 0; l < hiddenWidths.length; l++) {
            selector(l).validate(l, hiddenWidths[l]);
        }
    }

    /**
     * True when the dropout rate is left to the trainer ({@link #AUTO_DROPOUT}).
     *
     * @return whether {@link #dropout()} is {@link #AUTO_DROPOUT}
     */
    public boolean autoDropout() {
        return Float.isNaN(dropout);
    }

    /**
     * The dropout rate a run on a model with these hidden widths ({@link Model#selectionWidths()})
     * uses: the explicit rate, or for
     * {@link #AUTO_DROPOUT} {@link #AUTO_DROPOUT_RATE} when some hidden layer's selector is sparse and
     * keeps on average less than {@link #AUTO_DROPOUT_BELOW} of its units (or does not know its rate
     * in advance), else 0.
     *
     * @param hiddenWidths the unit count of each hidden layer, input side first
     * @return the dropout rate, in [0, 1)
     */
    public float dropoutFor(int[] hiddenWidths) {
        if (!autoDropout()) {
            return dropout;
        }
        for (int l = 0; l < hiddenWidths.length; l++) {
            Selector s = selector(l);
            if (!s.sparse()) {
                continue;
            }
            double rate = s.expectedRate(hiddenWidths[l]);
            if (Double.isNaN(rate) || rate < AUTO_DROPOUT_BELOW) {
                return AUTO_DROPOUT_RATE;
            }
        }
        return 0f;
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder holding this configuration's settings
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.dropout = dropout;
        b.seed = seed;
        b.parallelism = parallelism;
        b.selectors = selectors;
        b.evalBatchSize = evalBatchSize;
        b.evalEvery = evalEvery;
        b.stopping = stopping;
        b.keepBest = keepBest;
        return b;
    }

    /** Builder of {@link TrainConfig}. */
    public static final class Builder {
        private int epochs = 20;
        private int batchSize = 100;
        private Optimizer.Spec optimizer = Adam.Spec.reference();
        private float dropout = AUTO_DROPOUT;
        private long seed = 1;
        private Parallelism parallelism = Parallelism.serial();
        private List<Selector> selectors = List.of(DenseSelector.INSTANCE);
        private int evalBatchSize = 1000;
        private int evalEvery = 1;
        private EarlyStopping stopping;
        private boolean keepBest = true;

        private Builder() {}

        /**
         * Passes over the training set (default 20).
         *
         * @param v the number of epochs, ≥ 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /**
         * Mini-batch size (default 100).
         *
         * @param v examples per mini-batch, ≥ 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /**
         * The optimizer (default {@link Adam.Spec#reference()}: lr 1e-3, clip ±5, dense).
         *
         * @param v the optimizer's settings, not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder optimizer(Optimizer.Spec v) {
            optimizer = v;
            return this;
        }

        /**
         * Dropout rate on every hidden layer's output during training; 0 for none, or
         * {@link #AUTO_DROPOUT} (the default) to let the trainer choose (see the class comment).
         *
         * @param v the rate, in [0, 1), or {@link #AUTO_DROPOUT} (checked by {@link #build()})
         * @return this builder
         */
        public Builder dropout(float v) {
            dropout = v;
            return this;
        }

        /**
         * Seed of the shuffles, random selections and dropout masks (default 1).
         *
         * @param v the seed
         * @return this builder
         */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /**
         * Threads for the kernels (default serial).
         *
         * @param v the threads, not null (checked by {@link #build()}); the caller keeps ownership
         *     and closes it
         * @return this builder
         */
        public Builder parallelism(Parallelism v) {
            parallelism = v;
            return this;
        }

        /**
         * One selector for every hidden layer (default {@link DenseSelector}).
         *
         * @param v the selector, not null
         * @return this builder
         * @throws NullPointerException if v is null
         */
        public Builder selector(Selector v) {
            selectors = List.of(Objects.requireNonNull(v, "selector"));
            return this;
        }

        /**
         * One selector per hidden layer (or one entry for all).
         *
         * @param v one selector for all hidden layers or one per hidden layer, not empty (checked by
         *     {@link #build()}; copied there)
         * @return this builder
         */
        public Builder selectors(List<Selector> v) {
            selectors = v;
            return this;
        }

        /**
         * Examples per forward pass in evaluation (default 1000).
         *
         * @param v examples per forward pass, ≥ 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder evalBatchSize(int v) {
            evalBatchSize = v;
            return this;
        }

        /**
         * Evaluate every this many epochs (default 1; the last epoch is always evaluated).
         *
         * @param v the evaluation interval in epochs, ≥ 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder evalEvery(int v) {
            evalEvery = v;
            return this;
        }

        /**
         * Early stopping on the dev set, or null for none (default none).
         *
         * @param v the early-stopping rule, or null for none
         * @return this builder
         */
        public Builder earlyStopping(EarlyStopping v) {
            stopping = v;
            return this;
        }

        /**
         * Return the best-dev weights (true, the default) or the last ones (false); see
         * {@link TrainConfig#keepBest()}.
         *
         * @param v true to keep the best-dev weights, false for the last ones
         * @return this builder
         */
        public Builder keepBest(boolean v) {
            keepBest = v;
            return this;
        }

        /**
         * The configuration (validated).
         *
         * @return a new, validated configuration
         * @throws InvalidSettingException naming the first invalid setting
         */
        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, optimizer, dropout, seed, parallelism, selectors, evalBatchSize,
                    evalEvery, stopping, keepBest);
        }
    }
}
