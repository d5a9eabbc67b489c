package io.github.meprop.compress;

import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.SelectionObserver;
import io.github.meprop.nn.Selection;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingContext;
import io.github.meprop.nn.TrainingHook;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.data.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * meSimp: model simplification during meProp training (METHOD.md §3–§4). As a
 * {@link SelectionObserver} it records each hidden layer's {@link Activeness} from the selections of
 * the backward pass; as a {@link TrainingHook} it prunes at the points of its {@link PruneSchedule}:
 * the {@link CompressionRule}s run in their order, each choosing for each hidden layer which units
 * stay ({@link Model#keepUnits} removes the others: rows of W_l and b_l, columns of W_{l+1},
 * gradients and optimizer state), and then the counts restart. The reference is one rule,
 * {@link ActivenessRule} with prune 0.1; adding {@link Merger} after it merges redundant units at
 * every prune point. At the start of each cycle after the first, the optimizer's state is reset
 * (when the schedule says so).
 *
 * <p>Counts accumulate from one prune point to the next, including the epochs of a non-pruning cycle
 * in between (as in the reference code). Install both roles with {@link #attach(Trainer)}, which
 * also checks the prune fraction against the selectors: a fraction at or above a layer's mean
 * selection rate k/width would remove almost every unit at the first prune point, and is refused
 * with the numbers. Needs sparse selectors: a dense layer is never observed, so nothing is pruned.
 * Runs on the training thread; the activeness record itself is thread-safe.
 */
public final class MeSimp implements TrainingHook, SelectionObserver {
    private final List<CompressionRule> rules;
    private final PruneSchedule schedule;
    private final Activeness activeness;
    private final List<PrunePoint> points = new ArrayList<>();
    private Consumer<PrunePoint> listener = p -> {};
    private int momentResets;
    private TrainConfig config;
    private volatile int stoppedAfterEpoch = -1;

    /**
     * meSimp with the given rules, schedule and counting rule.
     *
     * @param rules    the rules run at each prune point, in order (at least one)
     * @param schedule when to prune and reset the optimizer's state
     * @param counting what counts as a hit ({@link Activeness.Counting#NONZERO} by default)
     */
    public MeSimp(List<? extends CompressionRule> rules, PruneSchedule schedule, Activeness.Counting counting) {
        Objects.requireNonNull(rules, "rules");
        this.rules = List.copyOf(rules);
        if (this.rules.isEmpty()) {
            throw new IllegalArgumentException("meSimp needs at least one compression rule");
        }
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.activeness = new Activeness(counting);
    }

    /**
     * The given rules with {@link Activeness.Counting#NONZERO}.
     *
     * @param rules the rules run at each prune point, in order (at least one)
     * @param schedule when to prune and reset the optimizer's state
     * @throws IllegalArgumentException if rules is empty
     */
    public MeSimp(List<? extends CompressionRule> rules, PruneSchedule schedule) {
        this(rules, schedule, Activeness.Counting.NONZERO);
    }

    /**
     * The reference setting: prune 0.1, cycles of 5 epochs, 8 prune points per epoch, no merging.
     *
     * @return a new instance with the reference rule and schedule
     */
    public static MeSimp reference() {
        return new MeSimp(List.of(ActivenessRule.reference()), PruneSchedule.reference());
    }

    /**
     * Installs this as the trainer's hook and selection observer, and checks the prune fractions
     * against the trainer's selectors when training starts; returns the trainer.
     *
     * @param trainer the trainer to install into
     * @return {@code trainer}
     */
    public Trainer attach(Trainer trainer) {
        Objects.requireNonNull(trainer, "trainer");
        this.config = trainer.config();
        return trainer.hook(this).observer(this);
    }

    /**
     * Called after every prune point (on the training thread).
     *
     * @param l receives each {@link PrunePoint}, or null for nobody
     * @return this instance
     */
    public MeSimp onPrune(Consumer<PrunePoint> l) {
        listener = l == null ? p -> {} : l;
        return this;
    }

    /**
     * The rules, in the order they run.
     *
     * @return the rules (an unmodifiable list)
     */
    public List<CompressionRule> rules() {
        return rules;
    }

    /**
     * The schedule.
     *
     * @return the prune schedule
     */
    public PruneSchedule schedule() {
        return schedule;
    }

    /**
     * The live activeness record (counts since the last prune point).
     *
     * @return the activeness record this instance counts into
     */
    public Activeness activeness() {
        return activeness;
    }

    /**
     * The prune points so far, in order.
     *
     * @return an unmodifiable view of the prune points recorded
     */
    public List<PrunePoint> prunePoints() {
        return Collections.unmodifiableList(points);
    }

    /**
     * Stops pruning for the rest of the run (counting and moment resets go on): the model keeps the
     * size it has. Called by {@link AccuracyBudget} when the dev accuracy falls too far; may be called
     * from a listener.
     *
     * @param epoch the epoch (0-based) after which pruning stopped, for the record
     */
    public void stopPruning(int epoch) {
        if (stoppedAfterEpoch < 0) {
            stoppedAfterEpoch = Math.max(0, epoch);
        }
    }

    /**
     * The epoch (0-based) after which pruning was stopped, or -1.
     *
     * @return the epoch after which pruning stopped, or -1 while it goes on
     */
    public int stoppedAfterEpoch() {
        return stoppedAfterEpoch;
    }

    /**
     * How many times the optimizer's state was reset.
     *
     * @return the number of optimizer state resets so far
     */
    public int momentResets() {
        return momentResets;
    }

    @Override
    public void onSelection(int layer, Selection selection, float[] g) {
        activeness.onSelection(layer, selection, g);
    }

    @Override
    public void beforeEpoch(TrainingContext ctx) {
        if (ctx.epoch() == 0) {
            // A fresh run: counts start from zero at the model's widths.
            stoppedAfterEpoch = -1;
            int[] widths = ctx.model().hiddenSizes();
            if (config != null) {
                checkRates(widths, ctx.model().selectionWidths());
            }
            activeness.clear();
            for (int l = 0; l < widths.length; l++) {
                activeness.reset(l, widths[l]);
            }
        }
        if (schedule.resetsMomentsBefore(ctx.epoch())) {
            ctx.optimizer().resetState(ctx.model().parameters());
            momentResets++;
        }
    }

    /**
     * Refuses an activeness prune fraction at or above a layer's mean selection rate: with k of
     * width units selected per example, the mean unit is active in k/width of the examples, so a
     * fraction at or above that removes most units at the first prune point. For a layer that
     * selects among several positions per unit (an LSTM: 4 gates, selection width 4·units) the rate
     * compared is the units' best case, {@code min(1, k/units)}: k kept positions per row hit at
     * most k units ({@link Activeness} counts a unit once per row).
     */
    private void checkRates(int[] widths, int[] selectionWidths) {
        for (CompressionRule r : rules) {
            if (!(r instanceof ActivenessRule a)) {
                continue;
            }
            for (int l = 0; l < widths.length; l++) {
                Selector s = config.selector(l);
                double rate = s.expectedRate(widths[l]);
                if (selectionWidths[l] != widths[l]) {
                    rate = Math.min(1, s.expectedRate(selectionWidths[l]) * selectionWidths[l] / widths[l]);
                }
                if (a.prune() > 0 && a.prune() >= rate) {
                    throw new InvalidSettingException("prune", String.format(Locale.ROOT,
                            "prune %s is at or above the mean selection rate of hidden layer %d: %s selects %.4g of its"
                                    + " %d units per example (k/width = %.4g), so most units would fall below the"
                                    + " threshold at the first prune point; use a prune fraction well below %.4g or a"
                                    + " larger k",
                            a.prune(), l, s, rate * widths[l], widths[l], rate, rate));
                }
            }
        }
    }

    @Override
    public void afterBatch(TrainingContext ctx) {
        if (schedule.resetsMomentsAfter(ctx.epoch(), ctx.batch(), ctx.batchesPerEpoch())) {
            ctx.optimizer().resetState(ctx.model().parameters());
            momentResets++;
        }
        if (stoppedAfterEpoch < 0 && schedule.isPrunePoint(ctx.epoch(), ctx.batch(), ctx.batchesPerEpoch())) {
            prune(ctx.model(), ctx.train(), ctx.parallelism(), ctx.epoch(), ctx.batch(), ctx.step());
        }
    }

    /**
     * Runs the rules on the model now, from the counts recorded so far, then restarts the counts.
     * Called by the hook at prune points; usable directly.
     *
     * @param model the model, changed in place
     * @param data examples for rules that need a forward pass, or null
     * @param par the threads for rules that need a forward pass, or null for one thread
     * @param epoch the epoch (0-based), for the record
     * @param batch the mini-batch within the epoch (0-based), for the record
     * @param step the optimizer steps taken so far, for the record
     * @return what was done
     */
    public PrunePoint prune(Model model, Dataset data, Parallelism par, int epoch, int batch, long step) {
        Objects.requireNonNull(model, "model");
        int[] before = model.hiddenSizes();
        int hidden = before.length;
        long[] seen = new long[hidden];
        for (int l = 0; l < hidden; l++) {
            seen[l] = activeness.seen(l);
        }
        CompressionContext evidence = new CompressionContext(activeness, data,
                par == null ? Parallelism.serial() : par);
        int[][] removed = new int[rules.size()][hidden];
        List<String> names = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            CompressionRule rule = rules.get(r);
            names.add(rule.name());
            for (int l = 0; l < hidden; l++) {
                int[] keep = rule.keep(model, l, evidence);
                int units = model.layer(l).units();
                if (keep != null && keep.length < units) {
                    model.keepUnits(l, keep);
                    activeness.keepUnits(l, keep);
                    removed[r][l] = units - keep.length;
                }
            }
        }
        int[] after = model.hiddenSizes();
        for (int l = 0; l < hidden; l++) {
            activeness.reset(l, after[l]);
        }
        PrunePoint p = new PrunePoint(epoch, batch, step, seen, before, names, removed, after);
        points.add(p);
        listener.accept(p);
        return p;
    }

    /**
     * {@link #prune(Model, Dataset, Parallelism, int, int, long)} without data, on one thread.
     *
     * @param model the model, changed in place
     * @param epoch the epoch (0-based), for the record
     * @param batch the mini-batch within the epoch (0-based), for the record
     * @param step the optimizer steps taken so far, for the record
     * @return what was done
     */
    public PrunePoint prune(Model model, int epoch, int batch, long step) {
        return prune(model, null, Parallelism.serial(), epoch, batch, step);
    }

    @Override
    public String toString() {
        List<String> r = new ArrayList<>();
        for (CompressionRule rule : rules) {
            r.add(rule.toString());
        }
        return "MeSimp[" + String.join(", ", r) + ", " + schedule + ", "
                + activeness.counting().name().toLowerCase(Locale.ROOT) + "]";
    }
}
