package io.github.meprop.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * Stop training when the dev score has not improved for {@code patience} evaluations in a row.
 * "Improved" means strictly better than the best so far: a higher dev accuracy, or a lower dev
 * loss (mean cross-entropy). Needs a dev set; without one it never stops a run.
 *
 * @param patience evaluations without improvement before stopping (≥ 1)
 * @param monitor  what is compared
 */
public record EarlyStopping(int patience, Monitor monitor) {

    /** The dev score early stopping and best-weight selection look at. */
    public enum Monitor {
        /** Dev accuracy, higher is better. */
        ACCURACY,
        /** Dev loss (mean cross-entropy), lower is better. */
        LOSS;

        /**
         * Parses "accuracy" or "loss", any case.
         *
         * @param s the name, surrounding blanks ignored
         * @return the monitor
         * @throws InvalidSettingException (setting "monitor") if the name is not recognised
         */
        public static Monitor parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "accuracy", "acc", "dev-accuracy" -> ACCURACY;
                case "loss", "dev-loss" -> LOSS;
                default -> throw new InvalidSettingException("monitor", "monitor must be accuracy or loss, was '" + s + "'");
            };
        }

        /**
         * True when a is strictly better than b (NaN is never better; anything beats NaN).
         *
         * @param a the candidate score
         * @param b the score to beat
         * @return whether a is strictly better than b
         */
        public boolean better(double a, double b) {
            if (Double.isNaN(a)) {
                return false;
            }
            if (Double.isNaN(b)) {
                return true;
            }
            return this == ACCURACY ? a > b : a < b;
        }
    }

    /** Validates the settings (errors name them: patience, monitor). */
    public EarlyStopping {
        InvalidSettingException.check(patience >= 1, "patience", "must be >= 1", patience);
        Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * Patience on dev accuracy.
     *
     * @param patience evaluations without improvement before stopping, ≥ 1
     * @return the early-stopping rule
     * @throws InvalidSettingException if patience is below 1
     */
    public static EarlyStopping onAccuracy(int patience) {
        return new EarlyStopping(patience, Monitor.ACCURACY);
    }
}
