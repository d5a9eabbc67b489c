package io.github.meprop.compress;

import io.github.meprop.nn.Mlp;
import io.github.meprop.nn.SelectionObserver;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingContext;
import io.github.meprop.nn.TrainingHook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * meSimp: model simplification during meProp training (METHOD.md §3–§4). As a
 * {@link SelectionObserver} it records each hidden layer's {@link Activeness} from the top-k
 * selections of the backward pass; as a {@link TrainingHook} it prunes at the points of its
 * {@link PruneSchedule}: for each hidden layer the {@link PruneRule} decides which neurons stay, the
 * others are removed physically ({@link Mlp#keepHiddenNeurons}: rows of W_l and b_l, columns of
 * W_{l+1}, gradients and optimizer state), then, with a {@link Merger}, redundant neurons are
 * merged, and the layer's counts restart. At the start of each cycle after the first the
 * optimizer's moments are reset (when the schedule says so).
 *
 * <p>Counts accumulate from one prune point to the next, including the epochs of a non-pruning
 * cycle in between (as in the reference code). Install both roles on the trainer, e.g. with
 * {@link #attach(Trainer)}. Needs a sparse meProp mode (top-k, unified or random-k): in dense mode
 * nothing is selected, nothing is seen, and nothing is pruned. Runs on the training thread; the
 * activeness record itself is thread-safe.
 */
public final class MeSimp implements TrainingHook, SelectionObserver {
    private final PruneRule rule;
    private final PruneSchedule schedule;
    private final Merger merger;
    private final Activeness activeness;
    private final List<PrunePoint> points = new ArrayList<>();
    private Consumer<PrunePoint> listener = p -> {};
    private int momentResets;

    /**
     * @param rule     the prune rule
     * @param schedule when to prune and reset moments
     * @param merger   merges redundant neurons after each prune, or null for none
     * @param counting what counts as a hit ({@link Activeness.Counting#NONZERO} by default)
     */
    public MeSimp(PruneRule rule, PruneSchedule schedule, Merger merger, Activeness.Counting counting) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.merger = merger;
        this.activeness = new Activeness(counting);
    }

    /** With {@link Activeness.Counting#NONZERO}. */
    public MeSimp(PruneRule rule, PruneSchedule schedule, Merger merger) {
        this(rule, schedule, merger, Activeness.Counting.NONZERO);
    }

    /** The reference setting: prune 0.1, cycles of 5 epochs, 8 prune points per epoch, no merging. */
    public static MeSimp reference() {
        return new MeSimp(PruneRule.reference(), PruneSchedule.reference(), null);
    }

    /** Installs this as the trainer's hook and selection observer; returns the trainer. */
    public Trainer attach(Trainer trainer) {
        return Objects.requireNonNull(trainer, "trainer").hook(this).observer(this);
    }

    /** Called after every prune point (on the training thread). */
    public MeSimp onPrune(Consumer<PrunePoint> l) {
        listener = l == null ? p -> {} : l;
        return this;
    }

    /** The prune rule. */
    public PruneRule rule() {
        return rule;
    }

    /** The schedule. */
    public PruneSchedule schedule() {
        return schedule;
    }

    /** The merger, or null. */
    public Merger merger() {
        return merger;
    }

    /** The live activeness record (counts since the last prune point). */
    public Activeness activeness() {
        return activeness;
    }

    /** The prune points so far, in order. */
    public List<PrunePoint> prunePoints() {
        return Collections.unmodifiableList(points);
    }

    /** How many times the optimizer's moments were reset. */
    public int momentResets() {
        return momentResets;
    }

    // ---------------------------------------------------------------- observer

    @Override
    public void onSelection(int layer, int[] idx, int batch, int k, int width) {
        activeness.onSelection(layer, idx, batch, k, width);
    }

    @Override
    public void onSelection(int layer, int[] idx, int batch, int k, int width, float[] g) {
        activeness.onSelection(layer, idx, batch, k, width, g);
    }

    @Override
    public void onUnifiedSelection(int layer, int[] idx, int batch, int k, int width) {
        activeness.onUnifiedSelection(layer, idx, batch, k, width);
    }

    @Override
    public void onUnifiedSelection(int layer, int[] idx, int batch, int k, int width, float[] g) {
        activeness.onUnifiedSelection(layer, idx, batch, k, width, g);
    }

    // ---------------------------------------------------------------- hook

    @Override
    public void beforeEpoch(TrainingContext ctx) {
        if (ctx.epoch() == 0) {
            // A fresh run: counts start from zero at the model's widths.
            int[] widths = ctx.model().hiddenSizes();
            for (int l = 0; l < widths.length; l++) {
                activeness.reset(l, widths[l]);
            }
        }
        if (schedule.resetsMomentsBefore(ctx.epoch())) {
            ctx.optimizer().resetMoments();
            momentResets++;
        }
    }

    @Override
    public void afterBatch(TrainingContext ctx) {
        if (schedule.isPrunePoint(ctx.epoch(), ctx.batch(), ctx.batchesPerEpoch())) {
            prune(ctx.model(), ctx.epoch(), ctx.batch(), ctx.step());
        }
    }

    /**
     * Prunes the model now from the counts recorded so far (and merges, with a merger), then
     * restarts the counts. Called by the hook at prune points; usable directly.
     *
     * @return what was done
     */
    public PrunePoint prune(Mlp model, int epoch, int batch, long step) {
        Objects.requireNonNull(model, "model");
        int[] before = model.hiddenSizes();
        int hidden = before.length;
        int[] dropped = new int[hidden];
        int[] merged = new int[hidden];
        long[] seen = new long[hidden];
        for (int l = 0; l < hidden; l++) {
            seen[l] = activeness.seen(l);
            if (seen[l] == 0) {
                continue;
            }
            if (activeness.width(l) != before[l]) {
                throw new IllegalStateException("hidden layer " + l + " has width " + before[l]
                        + " but its activeness was recorded at width " + activeness.width(l)
                        + "; was the model changed outside meSimp?");
            }
            int[] keep = rule.keep(activeness.hits(l), seen[l]);
            dropped[l] = before[l] - keep.length;
            if (dropped[l] > 0) {
                model.keepHiddenNeurons(l, keep);
            }
        }
        if (merger != null) {
            for (int l = 0; l < hidden; l++) {
                merged[l] = merger.merge(model, l);
            }
        }
        int[] after = model.hiddenSizes();
        for (int l = 0; l < hidden; l++) {
            activeness.reset(l, after[l]);
        }
        PrunePoint p = new PrunePoint(epoch, batch, step, seen, before, dropped, merged, after);
        points.add(p);
        listener.accept(p);
        return p;
    }

    @Override
    public String toString() {
        return "MeSimp[prune=" + rule.prune() + ", " + schedule + (merger == null ? "" : ", " + merger) + ", "
                + activeness.counting().name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
