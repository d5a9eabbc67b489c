package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Mini-batch training of an {@link Mlp} with meProp back propagation.
 *
 * <p>Each epoch visits the training set in a fresh shuffle (Fisher–Yates from a
 * {@link SplittableRandom} seeded by {@link TrainConfig#seed()}), in batches of
 * {@link TrainConfig#batchSize()}; the last, partial batch is used (its loss is its own mean). Per
 * batch: forward + loss, backward under the meProp policies, optimizer step, then the listener and
 * the hook. After each epoch (every {@link TrainConfig#evalEvery()} epochs, and the last) dev and
 * test accuracy are computed with the forward pass only, in batches, with the same
 * {@link Parallelism}.
 *
 * <p>Deterministic: with the same model, data and configuration a run gives the same weights bit
 * for bit; with the bit-exact parallel kernels also for any thread count.
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

    /** A trainer with the given settings. */
    public Trainer(TrainConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Receives progress reports (null for none). */
    public Trainer listener(TrainingListener l) {
        listener = l == null ? SILENT : l;
        return this;
    }

    /** Runs after each batch and may change the model (null for none). */
    public Trainer hook(TrainingHook h) {
        hook = h;
        return this;
    }

    /**
     * Before training, runs {@link KernelWarmup} for this many seconds (0, the default, for none).
     * The time counts in the run's total ({@link TrainingResult#timings()}), not in an epoch's; it
     * does not change the results.
     */
    public Trainer warmup(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("warm-up seconds must be finite and >= 0, was " + seconds);
        }
        warmupBudget = seconds;
        return this;
    }

    /** Seconds the last run spent in {@link KernelWarmup} (0 without warm-up). */
    public double warmupSeconds() {
        return lastWarmupSeconds;
    }

    /** Sees each hidden layer's selection (null for none). */
    public Trainer observer(SelectionObserver o) {
        observer = o;
        return this;
    }

    /** The settings. */
    public TrainConfig config() {
        return config;
    }

    /** The optimizer of the last (or current) run, or null before the first. */
    public Optimizer optimizer() {
        return lastOptimizer;
    }

    /**
     * Trains the model in place.
     *
     * @param model the model (changed in place; a hook may also change its shape)
     * @param train training set
     * @param dev   dev set for model selection, or null (or empty)
     * @param test  test set, or null (or empty)
     * @throws NonFiniteLossException if a batch's loss is NaN or infinite
     * @throws IllegalArgumentException if a data set does not fit the model or a meProp k is larger
     *         than its layer
     */
    public TrainingResult train(Mlp model, Dataset train, Dataset dev, Dataset test) {
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
        int[] hidden = model.hiddenSizes();
        if (config.meProp().size() != 1 && config.meProp().size() != hidden.length) {
            throw new IllegalArgumentException("need one meProp policy for all hidden layers or one per hidden layer ("
                    + hidden.length + "), got " + config.meProp().size());
        }
        for (int l = 0; l < hidden.length; l++) {
            config.meProp(l).validate(l, hidden[l]);
        }

        Parallelism par = config.parallelism();
        Optimizer optimizer = config.newOptimizer();
        lastOptimizer = optimizer;
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom shuffle = root.split();
        Backprop bp = new Backprop(model, root.split().nextLong(), config.dropout());
        ForwardBuffers evalBuffers = new ForwardBuffers();

        int n = train.size();
        int width = train.width();
        int classes = model.outputs();
        int batchSize = Math.min(config.batchSize(), n);
        int batches = (n + batchSize - 1) / batchSize;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        float[] xb = new float[batchSize * width];
        int[] yb = new int[batchSize];
        int[] pred = new int[batchSize];

        List<EpochStats> history = new ArrayList<>();
        double bestDev = Double.NaN;
        int bestEpoch = -1;
        double testAtBest = Double.NaN;
        double finalTest = Double.NaN;
        Timings total = Timings.ZERO;
        long examplesSeen = 0;
        double trainingSeconds = 0;
        long step = 0;

        listener.onStart(config.epochs(), batches, (long) batches * config.epochs());
        long runStart = System.nanoTime();
        lastWarmupSeconds = 0;
        if (warmupBudget > 0) {
            KernelWarmup.run(model, config, warmupBudget);
            lastWarmupSeconds = (System.nanoTime() - runStart) * 1e-9;
        }
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            long fwd = 0, bwd = 0, opt = 0, hooks = 0;
            shuffle(perm, shuffle);
            if (hook != null) {
                long h0 = System.nanoTime();
                hook.beforeEpoch(new TrainingContext(model, optimizer, epoch, 0, batches, step, Double.NaN));
                hooks += System.nanoTime() - h0;
            }
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                long t0 = System.nanoTime();
                int from = b * batchSize;
                int size = Math.min(batchSize, n - from);
                for (int i = 0; i < size; i++) {
                    int e = perm[from + i];
                    System.arraycopy(train.x(), e * width, xb, i * width, width);
                    yb[i] = train.y()[e];
                }
                double loss = bp.forward(par, xb, yb, 0, size);
                long t1 = System.nanoTime();
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteLossException(epoch, b, batches, loss);
                }
                Ops.argmaxRows(bp.logits(), size, classes, pred);
                for (int i = 0; i < size; i++) {
                    if (pred[i] == yb[i]) {
                        correct++;
                    }
                }
                lossSum += loss * size;
                long t2 = System.nanoTime();
                bp.backward(par, config.meProp(), observer);
                long t3 = System.nanoTime();
                optimizer.step(model, par);
                long t4 = System.nanoTime();
                step++;
                fwd += t1 - t0;
                bwd += t3 - t2;
                opt += t4 - t3;
                examplesSeen += size;
                trainingSeconds += (t4 - t0) * 1e-9;
                listener.onBatch(epoch, b, batches, loss, examplesSeen / Math.max(trainingSeconds, 1e-9));
                if (hook != null) {
                    long h0 = System.nanoTime();
                    hook.afterBatch(new TrainingContext(model, optimizer, epoch, b, batches, step, loss));
                    long h1 = System.nanoTime();
                    hooks += h1 - h0;
                }
            }

            long e0 = System.nanoTime();
            boolean evaluate = (epoch + 1) % config.evalEvery() == 0 || epoch == config.epochs() - 1;
            double devAcc = Double.NaN;
            double testAcc = Double.NaN;
            if (evaluate) {
                if (dev != null) {
                    devAcc = accuracy(model, dev, par, config.evalBatchSize(), evalBuffers);
                }
                if (test != null) {
                    testAcc = accuracy(model, test, par, config.evalBatchSize(), evalBuffers);
                    finalTest = testAcc;
                }
                if (dev != null && (bestEpoch < 0 || devAcc > bestDev)) {
                    bestDev = devAcc;
                    bestEpoch = epoch;
                    testAtBest = testAcc;
                }
            }
            long e1 = System.nanoTime();
            Timings t = new Timings(fwd * 1e-9, bwd * 1e-9, opt * 1e-9, hooks * 1e-9, (e1 - e0) * 1e-9,
                    (e1 - epochStart) * 1e-9);
            total = total.plus(t);
            EpochStats stats = new EpochStats(epoch, lossSum / n, correct / (double) n, devAcc, testAcc, t,
                    model.hiddenSizes(), model.parameters());
            history.add(stats);
            listener.onEpoch(stats);
        }
        double runSeconds = (System.nanoTime() - runStart) * 1e-9;
        total = new Timings(total.forward(), total.backward(), total.optimizer(), total.hooks(), total.evaluation(),
                runSeconds);
        if (dev == null) {
            bestEpoch = config.epochs() - 1;
            testAtBest = finalTest;
        }
        TrainingResult result = new TrainingResult(history, bestDev, bestEpoch, testAtBest, finalTest, config.epochs(),
                total, model.hiddenSizes(), model.parameters(), modes(), kSpecs(), optimizer.describe());
        listener.onEnd(result);
        return result;
    }

    private static double accuracy(Mlp model, Dataset data, Parallelism par, int batchSize, ForwardBuffers buf) {
        return data.size() == 0 ? Double.NaN : model.correct(data, par, batchSize, buf) / (double) data.size();
    }

    private String modes() {
        return config.meProp().stream().map(p -> p.mode().id()).collect(Collectors.joining(","));
    }

    private String kSpecs() {
        return config.meProp().stream().map(MeProp::kSpec).collect(Collectors.joining(","));
    }

    private static void shuffle(int[] perm, SplittableRandom rnd) {
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    private static void checkData(Mlp model, Dataset d) {
        if (d.width() != model.inputs()) {
            throw new IllegalArgumentException("data set '" + d.name() + "' has width " + d.width()
                    + ", the network expects " + model.inputs() + " inputs");
        }
        if (d.classes() > model.outputs()) {
            throw new IllegalArgumentException("data set '" + d.name() + "' has " + d.classes()
                    + " classes, the network has " + model.outputs() + " outputs");
        }
    }
}
