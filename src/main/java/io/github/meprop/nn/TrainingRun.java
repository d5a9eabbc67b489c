package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The state and the steps of one {@link Trainer#train} call: {@link #batch} (one optimizer step),
 * {@link #epoch} (a shuffled pass over the training set), {@link #evaluate} (dev and test scores,
 * best-weight tracking and early stopping) and {@link #result}.
 *
 * <p>Random streams, in the order they are split from {@code new SplittableRandom(seed)}: the
 * shuffles, then the seed of the selections and dropout masks. This order is part of what makes a
 * run repeatable.
 */
final class TrainingRun {
    private final Trainer trainer;
    private final TrainConfig config;
    private final Model model;
    private final Dataset train;
    private final Dataset dev;
    private final Dataset test;
    private final Parallelism par;
    final Optimizer optimizer;
    private final SplittableRandom shuffle;
    private final Backprop bp;
    private final ForwardPass evalPass = new ForwardPass();
    private final EarlyStopping.Monitor monitor;
    final float dropout;

    private final int n;
    private final int width;
    final int batchSize;
    final int batches;
    private final int[] perm;
    private final float[] xb;
    private final int[] yb;
    private final int[] pred;

    private final List<EpochStats> history = new ArrayList<>();
    private long step;
    private long examplesSeen;
    private double trainingSeconds;
    private Timings total = Timings.ZERO;

    // Best evaluation since the model last changed shape.
    private Snapshot best;
    private double bestScore = Double.NaN;
    private int bestEpoch = -1;
    private double bestDevAccuracy = Double.NaN;
    private double bestTestAccuracy = Double.NaN;
    private int sinceImprovement;
    private double finalTest = Double.NaN;
    private boolean stoppedEarly;

    TrainingRun(Trainer trainer, Model model, Dataset train, Dataset dev, Dataset test) {
        this.trainer = trainer;
        this.config = trainer.config();
        this.model = model;
        this.train = train;
        this.dev = dev;
        this.test = test;
        this.par = config.parallelism();
        this.optimizer = config.optimizer().create();
        SplittableRandom root = new SplittableRandom(config.seed());
        this.shuffle = root.split();
        this.dropout = config.dropoutFor(model.selectionWidths());
        this.bp = new Backprop(model, config.selectors(), trainer.observer(), root.split().nextLong(), dropout);
        this.monitor = config.stopping() == null ? EarlyStopping.Monitor.ACCURACY : config.stopping().monitor();
        this.n = train.size();
        this.width = train.width();
        this.batchSize = Math.min(config.batchSize(), n);
        this.batches = (n + batchSize - 1) / batchSize;
        this.perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        this.xb = new float[batchSize * width];
        this.yb = new int[batchSize];
        this.pred = new int[batchSize];
    }

    private TrainingContext context(int epoch, int batch, double loss) {
        return new TrainingContext(model, optimizer, train, par, epoch, batch, batches, step, loss);
    }

    /** Per-phase nanoseconds of the epoch in progress, and its running sums. */
    private static final class EpochClock {
        long forward;
        long backward;
        long optimizer;
        long hooks;
        double lossSum;
        long correct;
        long examples;
    }

    /**
     * One shuffled pass over the training set, then the evaluation when due.
     *
     * @return false when training should stop (a stop request or early stopping)
     */
    boolean epoch(int epoch) {
        long start = System.nanoTime();
        EpochClock c = new EpochClock();
        shuffle(perm, shuffle);
        TrainingHook hook = trainer.hook();
        if (hook != null) {
            long h0 = System.nanoTime();
            hook.beforeEpoch(context(epoch, 0, Double.NaN));
            c.hooks += System.nanoTime() - h0;
        }
        boolean stopRequested = false;
        for (int b = 0; b < batches && !stopRequested; b++) {
            batch(epoch, b, c);
            stopRequested = trainer.stopRequested();
        }
        long e0 = System.nanoTime();
        boolean last = epoch == config.epochs() - 1;
        boolean evaluate = stopRequested || last || (epoch + 1) % config.evalEvery() == 0;
        double[] scores = evaluate ? evaluate(epoch) : new double[] {Double.NaN, Double.NaN, Double.NaN};
        long e1 = System.nanoTime();
        Timings t = new Timings(c.forward * 1e-9, c.backward * 1e-9, c.optimizer * 1e-9, c.hooks * 1e-9,
                (e1 - e0) * 1e-9, (e1 - start) * 1e-9);
        total = total.plus(t);
        double[] meanK = new double[model.depth() - 1];
        for (int l = 0; l < meanK.length; l++) {
            meanK[l] = bp.takeMeanK(l);
        }
        long seen = Math.max(1, c.examples);
        EpochStats stats = new EpochStats(epoch, c.lossSum / seen, c.correct / (double) seen, scores[0], scores[1],
                scores[2], t, model.hiddenSizes(), model.parameterCount(), meanK);
        history.add(stats);
        trainer.listener().onEpoch(stats);
        if (stopRequested) {
            stoppedEarly = true;
            return false;
        }
        if (evaluate && config.stopping() != null && dev != null && sinceImprovement >= config.stopping().patience()) {
            stoppedEarly = !last;
            return false;
        }
        return !trainer.stopRequested();
    }

    /** One mini-batch: gather, forward + loss, backward, optimizer step, listener, hook. */
    private void batch(int epoch, int b, EpochClock c) {
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
        Ops.argmaxRows(bp.logits(), size, model.outputs(), pred);
        for (int i = 0; i < size; i++) {
            if (pred[i] == yb[i]) {
                c.correct++;
            }
        }
        c.lossSum += loss * size;
        long t2 = System.nanoTime();
        bp.backward(par);
        long t3 = System.nanoTime();
        optimizer.step(model.parameters(), par);
        long t4 = System.nanoTime();
        step++;
        c.forward += t1 - t0;
        c.backward += t3 - t2;
        c.optimizer += t4 - t3;
        c.examples += size;
        examplesSeen += size;
        trainingSeconds += (t4 - t0) * 1e-9;
        trainer.listener().onBatch(epoch, b, batches, loss, examplesSeen / Math.max(trainingSeconds, 1e-9));
        TrainingHook hook = trainer.hook();
        if (hook != null) {
            long h0 = System.nanoTime();
            hook.afterBatch(context(epoch, b, loss));
            c.hooks += System.nanoTime() - h0;
        }
    }

    /**
     * Dev accuracy, dev loss and test accuracy of the model now; updates the best evaluation (a
     * change of the model's shape makes the current evaluation the best) and the early-stopping count.
     */
    private double[] evaluate(int epoch) {
        double devAcc = Double.NaN;
        double devLoss = Double.NaN;
        double testAcc = Double.NaN;
        if (dev != null) {
            double[] s = score(dev);
            devAcc = s[0];
            devLoss = s[1];
        }
        if (test != null) {
            testAcc = score(test)[0];
            finalTest = testAcc;
        }
        double score = monitor == EarlyStopping.Monitor.ACCURACY ? devAcc : devLoss;
        boolean reshaped = best != null && !best.fits(model);
        boolean improved = bestEpoch < 0 || reshaped || (dev != null && monitor.better(score, bestScore));
        if (dev == null) {
            improved = true; // without a dev set the latest evaluation is the one returned
        }
        if (improved) {
            bestScore = score;
            bestEpoch = epoch;
            bestDevAccuracy = devAcc;
            bestTestAccuracy = testAcc;
            sinceImprovement = 0;
            if (config.keepBest() && dev != null) {
                best = Snapshot.of(model);
            }
        } else {
            sinceImprovement++;
        }
        return new double[] {devAcc, devLoss, testAcc};
    }

    /** Accuracy and mean cross-entropy of the model on a data set, forward only, in batches. */
    private double[] score(Dataset d) {
        int bs = config.evalBatchSize();
        int classes = model.outputs();
        int[] p = new int[Math.min(bs, d.size())];
        long correct = 0;
        double lossSum = 0;
        for (int from = 0; from < d.size(); from += bs) {
            int m = Math.min(bs, d.size() - from);
            float[] logits = evalPass.run(model, par, d.x(), from * d.width(), m, null, false);
            Ops.argmaxRows(logits, m, classes, p);
            for (int i = 0; i < m; i++) {
                if (p[i] == d.y()[from + i]) {
                    correct++;
                }
            }
            lossSum += SoftmaxCrossEntropy.loss(logits, d.y(), from, m, classes) * m;
        }
        return new double[] {correct / (double) d.size(), lossSum / d.size()};
    }

    /** Restores the best weights (with keepBest) and describes the model returned. */
    TrainingResult result(double runSeconds) {
        if (config.keepBest() && best != null && bestEpoch != history.size() - 1) {
            best.restore(model);
        }
        Timings t = new Timings(total.forward(), total.backward(), total.optimizer(), total.hooks(), total.evaluation(),
                runSeconds);
        int modelEpoch = config.keepBest() ? bestEpoch : history.size() - 1;
        EpochStats lastStats = history.get(history.size() - 1);
        double devAcc = config.keepBest() ? bestDevAccuracy : lastStats.devAccuracy();
        double testAcc = config.keepBest() ? bestTestAccuracy : finalTest;
        return new TrainingResult(history, modelEpoch, devAcc, testAcc, finalTest, history.size(), stoppedEarly, t,
                model.hiddenSizes(), model.parameterCount(), names(false), names(true), optimizer.describe(), dropout);
    }

    private String names(boolean settings) {
        StringBuilder sb = new StringBuilder();
        for (Selector s : config.selectors()) {
            sb.append(sb.length() == 0 ? "" : ",").append(settings ? s.settings() : s.name());
        }
        return sb.toString();
    }

    private static void shuffle(int[] perm, SplittableRandom rnd) {
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /** The values of every parameter of a model, and their shapes. */
    private record Snapshot(float[][] values, int[] shapes) {
        static Snapshot of(Model m) {
            List<Parameter> ps = m.parameters();
            float[][] v = new float[ps.size()][];
            int[] s = new int[2 * ps.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ps.get(i).values().clone();
                s[2 * i] = ps.get(i).rows();
                s[2 * i + 1] = ps.get(i).cols();
            }
            return new Snapshot(v, s);
        }

        boolean fits(Model m) {
            List<Parameter> ps = m.parameters();
            if (2 * ps.size() != shapes.length) {
                return false;
            }
            for (int i = 0; i < ps.size(); i++) {
                if (ps.get(i).rows() != shapes[2 * i] || ps.get(i).cols() != shapes[2 * i + 1]) {
                    return false;
                }
            }
            return true;
        }

        void restore(Model m) {
            List<Parameter> ps = m.parameters();
            for (int i = 0; i < values.length; i++) {
                System.arraycopy(values[i], 0, ps.get(i).values(), 0, values[i].length);
            }
        }
    }
}
