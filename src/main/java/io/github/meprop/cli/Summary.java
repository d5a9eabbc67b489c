package io.github.meprop.cli;

import io.github.meprop.data.Splits;
import io.github.meprop.nn.Timings;
import io.github.meprop.nn.TrainingResult;
import java.util.Locale;

/** The table printed at the end of {@code train}. */
final class Summary {
    private Summary() {}

    static String of(TrainingResult r, Splits splits, float dropout) {
        Timings t = r.timings();
        TextTable table = new TextTable("result", "value");
        table.row("test accuracy (best dev epoch " + (r.bestEpoch() + 1) + ")", TrainCommand.percent(r.testAccuracy()));
        table.row("test accuracy (last epoch)", TrainCommand.percent(r.finalTestAccuracy()));
        table.row("dev accuracy (best)", TrainCommand.percent(r.devAccuracy()));
        table.row("hidden sizes", TrainCommand.join(r.hiddenSizes()));
        table.row("parameters", String.format(Locale.ROOT, "%,d", r.parameters()));
        table.row("backprop", r.mode() + (r.k().isEmpty() ? "" : ", k = " + r.k()));
        table.row("optimizer", r.optimizer());
        if (dropout > 0) {
            table.row("dropout", String.format(Locale.ROOT, "%.2f", dropout));
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

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }
}
