package io.github.meprop.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on the console. On a terminal: one line redrawn in place with a bar, the
 * rate and the ETA. Otherwise (a pipe, a CI log): a plain line every {@code plainEvery} steps, so
 * logs stay readable.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final String units;
    private final long plainEvery;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /**
     * @param total      steps in the whole run
     * @param units      what the steps are, plural ("batches")
     * @param terminal   redraw in place (true) or print plain lines (false)
     * @param plainEvery without a terminal, print a line every this many steps
     */
    ProgressBar(PrintStream out, long total, String units, boolean terminal, long plainEvery) {
        this.out = out;
        this.total = Math.max(1, total);
        this.units = units;
        this.terminal = terminal;
        this.plainEvery = Math.max(1, plainEvery);
    }

    /** Reports that {@code done} of the total steps are finished; {@code label} prefixes the line. */
    void update(long done, String label) {
        long now = System.nanoTime();
        if (terminal) {
            if (done < total && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            out.print("\r" + line(done, label, now) + "\u001b[K");
            out.flush();
            drawn = true;
        } else if (done % plainEvery == 0 || done == total) {
            out.println(line(done, label, now));
        }
    }

    /** Ends the in-place line (on a terminal) so that the next output starts on a fresh line. */
    void finishLine() {
        if (terminal && drawn) {
            out.println();
            drawn = false;
        }
    }

    String line(long done, String label, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double frac = Math.min(1.0, (double) done / total);
        StringBuilder sb = new StringBuilder();
        if (label != null && !label.isEmpty()) {
            sb.append(label).append(' ');
        }
        if (terminal) {
            int filled = (int) Math.round(frac * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        }
        sb.append(String.format(Locale.ROOT, "%3.0f%% %d/%d %s, %.1f/s, elapsed %s, ETA %s",
                frac * 100, done, total, units, rate,
                duration(seconds), rate > 0 ? duration((total - done) / rate) : "?"));
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
