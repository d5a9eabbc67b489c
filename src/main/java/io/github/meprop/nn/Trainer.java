package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import java.util.Objects;

/**
 * Mini-batch training of a {@link Model} with meProp back propagation.
 *
 * <p>Each epoch visits the training set in a fresh shuffle (Fisher–Yates from a
 * {@link java.util.SplittableRandom} seeded by {@link TrainConfig#seed()}), in batches of
 * {@link TrainConfig#batchSize()}; the last, partial batch is used (its loss is its own mean). Per
 * batch: forward + loss, backward under the selectors, optimizer step, then the listener and the
 * hook. After each epoch (every {@link TrainConfig#evalEvery()} epochs, and the last) dev and test
 * are evaluated with the forward pass only, in batches, with the same threads; the best dev
 * evaluation is tracked for {@link TrainConfig#keepBest()} and {@link EarlyStopping}.
 *
 * <p>Deterministic: with the same model, data and configuration a run gives the same weights bit for
 * bit, for any thread count. Training a model belongs to one thread; {@link #stop()} may be called
 * from any thread (or a listener).
 */
public final class Trainer {
    private static final TrainingListener SILENT = new TrainingListener() {};

    private final TrainConfig config;
    private TrainingListener listener = SILENT;
    private TrainingHook hook;
    private SelectionObserver observer;
    private Optimizer lastOptimizer;
    private double warmupBudget;
    private double lastWarmupSeconds;
    private volatile boolean stop;

    /**
     * A trainer with the given settings.
     *
     * @param config the settings (not null)
     */
    public Trainer(TrainConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Receives progress reports (null for none).
     *
     * @param l the listener, or null for none
     * @return this trainer
     */
    public Trainer listener(TrainingListener l) {
        listener = l == null ? SILENT : l;
        return this;
    }

    /**
     * Runs after each batch and may change the model (null for none).
     *
     * @param h the hook, or null for none
     * @return this trainer
     */
    public Trainer hook(TrainingHook h) {
        hook = h;
        return this;
    }

    /**
     * Sees each hidden layer's sparse selection (null for none).
     *
     * @param o the observer, or null for none
     * @return this trainer
     */
    public Trainer observer(SelectionObserver o) {
        observer = o;
        return this;
    }

    /**
     * Before training, runs {@link KernelWarmup} for this many seconds (0, the default, for none).
     * The time counts in the run's total, not in an epoch's; it does not change the results.
     *
     * @param seconds the warm-up budget, finite and ≥ 0
     * @return this trainer
     * @throws InvalidSettingException (setting "warmup") if seconds is negative, NaN or infinite
     */
    public Trainer warmup(double seconds) {
        InvalidSettingException.check(seconds >= 0 && !Double.isInfinite(seconds), "warmup", "must be finite and >= 0",
                seconds);
        warmupBudget = seconds;
        return this;
    }

    /**
     * Asks the current (or next) run to stop after the mini-batch in progress; the run then
     * evaluates and returns its result as usual ({@link TrainingResult#stoppedEarly()}). Thread-safe.
     */
    public void stop() {
        stop = true;
    }

    boolean stopRequested() {
        return stop;
    }

    /**
     * Seconds the last run spent in {@link KernelWarmup} (0 without warm-up).
     *
     * @return the warm-up time of the last run in seconds
     */
    public double warmupSeconds() {
        return lastWarmupSeconds;
    }

    /**
     * The settings.
     *
     * @return the settings this trainer was created with
     */
    public TrainConfig config() {
        return config;
    }

    /**
     * The optimizer of the last (or current) run, or null before the first.
     *
     * @return the last run's optimizer (with its step count), or null
     */
    public Optimizer optimizer() {
        return lastOptimizer;
    }

    TrainingListener listener() {
        return listener;
    }

    TrainingHook hook() {
        return hook;
    }

    SelectionObserver observer() {
        return observer;
    }

    /**
     * Trains the model in place; with {@link TrainConfig#keepBest()} it ends holding the best-dev
     * weights.
     *
     * @param model the model (changed in place; a hook may also change its shape)
     * @param train training set
     * @param dev   dev set for model selection and early stopping, or null (or empty)
     * @param test  test set, or null (or empty)
     * @return the outcome: per-epoch statistics, the returned model's accuracies, timings and
     *     settings
     * @throws NonFiniteLossException if a batch's loss is NaN or infinite
     * @throws IllegalArgumentException if a data set does not fit the model or a selector does not
     *         fit its layer
     */
    public TrainingResult train(Model model, Dataset train, Dataset dev, Dataset test) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        // An empty dev or test split (allowed by the data loaders) is the same as none.
        dev = dev == null || dev.size() == 0 ? null : dev;
        test = test == null || test.size() == 0 ? null : test;
        checkData(model, train);
        if (dev != null) {
            checkData(model, dev);
        }
        if (test != null) {
            checkData(model, test);
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("training set '" + train.name() + "' is empty");
        }
        config.checkSelectors(model.selectionWidths());
        stop = false;

        TrainingRun run = new TrainingRun(this, model, train, dev, test);
        lastOptimizer = run.optimizer;
        listener.onStart(config.epochs(), run.batches, (long) run.batches * config.epochs());
        long runStart = System.nanoTime();
        lastWarmupSeconds = 0;
        if (warmupBudget > 0) {
            KernelWarmup.run(model, config, warmupBudget);
            lastWarmupSeconds = (System.nanoTime() - runStart) * 1e-9;
        }
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            if (!run.epoch(epoch)) {
                break;
            }
        }
        TrainingResult result = run.result((System.nanoTime() - runStart) * 1e-9);
        listener.onEnd(result);
        return result;
    }

    private static void checkData(Model model, Dataset d) {
        if (d.width() != model.inputs()) {
            throw new IllegalArgumentException("data set '" + d.name() + "' has " + d.width()
                    + " features, the model expects " + model.inputs());
        }
        if (d.classes() > model.outputs()) {
            throw new IllegalArgumentException("data set '" + d.name() + "' has " + d.classes()
                    + " classes, the model has " + model.outputs() + " outputs");
        }
    }
}
