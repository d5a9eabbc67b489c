package io.github.meprop.cli;

import io.github.meprop.nn.EpochStats;
import io.github.meprop.nn.TrainingListener;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shows a training run on the console: a progress bar (or plain lines) and one line per epoch. */
final class ConsoleProgress implements TrainingListener {

    /** How progress is shown. */
    enum Style {
        /** A bar on a terminal, plain lines otherwise. */
        AUTO,
        /** A bar redrawn in place. */
        BAR,
        /** A plain line every tenth of an epoch. */
        PLAIN,
        /** Only the epoch lines. */
        NONE;

        static Style parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--progress must be auto, bar, plain or none, was '" + s + "'", e);
            }
        }
    }

    private final PrintStream out;
    private final Style style;
    private ProgressBar bar;
    private int epochs;
    private int batchesPerEpoch;

    ConsoleProgress(PrintStream out, Style style) {
        this.out = out;
        this.style = style == Style.AUTO ? (Terminal.isInteractive() ? Style.BAR : Style.PLAIN) : style;
    }

    @Override
    public void onStart(int epochs, int batchesPerEpoch, long totalBatches) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        if (style != Style.NONE) {
            bar = new ProgressBar(out, totalBatches, "batches", style == Style.BAR, Math.max(1, batchesPerEpoch / 4));
        }
    }

    @Override
    public void onBatch(int epoch, int batch, int batchesPerEpoch, double loss, double examplesPerSecond) {
        if (bar != null) {
            long done = (long) epoch * batchesPerEpoch + batch + 1;
            bar.update(done, String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch + 1, epochs, loss));
        }
    }

    @Override
    public void onEpoch(EpochStats s) {
        if (bar != null) {
            bar.finishLine();
        }
        out.println(String.format(Locale.ROOT,
                "epoch %2d/%d  loss %.4f  train %s  dev %s  test %s  fwd %.1fs  bwd %.1fs  opt %.1fs  hidden %s",
                s.epoch() + 1, epochs, s.trainLoss(), TrainCommand.percent(s.trainAccuracy()),
                TrainCommand.percent(s.devAccuracy()), TrainCommand.percent(s.testAccuracy()), s.timings().forward(),
                s.timings().backward(), s.timings().optimizer(),
                Arrays.stream(s.hiddenSizes()).mapToObj(Integer::toString).collect(Collectors.joining(","))));
    }

    /** Ends any in-place line. */
    void finish() {
        if (bar != null) {
            bar.finishLine();
        }
    }

    int batchesPerEpoch() {
        return batchesPerEpoch;
    }
}
