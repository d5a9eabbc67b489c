package io.github.meprop.cli;

import io.github.meprop.data.Splits;
import io.github.meprop.nn.EpochStats;
import io.github.meprop.nn.Timings;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.TrainingResult;
import java.util.Locale;

/** The table printed at the end of {@code train}. */
final class Summary {
    private Summary() {}

    /**
     * The summary of a run. The accuracy, sizes and parameters are those of the model the run
     * returned (and train saves): with --keep best the weights of the best dev epoch.
     */
    static String of(TrainingResult r, Splits splits, TrainConfig config) {
        Timings t = r.timings();
        TextTable table = new TextTable("result", "value");
        String which = config.keepBest() ? "best dev epoch " : "last epoch ";
        table.row("test accuracy (model of " + which + (r.modelEpoch() + 1) + ")", TrainCommand.percent(r.testAccuracy()));
        if (r.modelEpoch() != r.epochs() - 1) {
            table.row("test accuracy (last epoch " + r.epochs() + ", not kept)", TrainCommand.percent(r.finalTestAccuracy()));
        }
        table.row("dev accuracy", TrainCommand.percent(r.devAccuracy()));
        table.row("hidden sizes", TrainCommand.join(r.hiddenSizes()));
        table.row("parameters", String.format(Locale.ROOT, "%,d", r.parameters()));
        table.row("backprop", r.mode() + (r.k().isEmpty() ? "" : ", " + (r.k().contains("=") ? "" : "k = ") + r.k()));
        String meanK = meanK(r);
        if (!meanK.isEmpty()) {
            table.row("mean k per example", meanK);
        }
        table.row("optimizer", r.optimizer());
        if (r.dropout() > 0 || config.autoDropout()) {
            table.row("dropout", String.format(Locale.ROOT, "%.2f", r.dropout()) + (config.autoDropout() ? " (auto)" : ""));
        }
        if (r.stoppedEarly()) {
            table.row("stopped early", "after epoch " + r.epochs() + " of " + config.epochs());
        }
        table.row("forward seconds", seconds(t.forward()));
        table.row("backward seconds", seconds(t.backward()));
        table.row("optimizer seconds", seconds(t.optimizer()));
        if (t.hooks() > 0) {
            table.row("simplification seconds", seconds(t.hooks()));
        }
        table.row("evaluation seconds", seconds(t.evaluation()));
        table.row("total seconds", seconds(t.total()));
        double perEpoch = t.step() / Math.max(1, r.epochs());
        table.row("training throughput", String.format(Locale.ROOT, "%,.0f examples/s",
                splits.train().size() / Math.max(1e-9, perEpoch)));
        return "\n" + table;
    }

    /** Per hidden layer, the mean k over the run's epochs (epochs weighted equally), e.g. "20.0-20.0". */
    static String meanK(TrainingResult r) {
        if (r.history().isEmpty()) {
            return "";
        }
        int layers = r.history().get(0).meanK().length;
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < layers; l++) {
            double sum = 0;
            int n = 0;
            for (EpochStats e : r.history()) {
                if (l < e.meanK().length && !Double.isNaN(e.meanK()[l])) {
                    sum += e.meanK()[l];
                    n++;
                }
            }
            sb.append(l == 0 ? "" : "-").append(n == 0 ? "-" : String.format(Locale.ROOT, "%.1f", sum / n));
        }
        return sb.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }
}
