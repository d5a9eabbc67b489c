package io.github.meprop.examples;

import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Options;
import io.github.meprop.nn.Selection;
import io.github.meprop.nn.Selector;
import java.util.SplittableRandom;

/**
 * Worked example of a selector added from outside the library (docs/architecture.md): each example
 * keeps the entries with {@code |g| ≥ ratio · max|g|} of its row, so k varies per example (at least
 * one entry of a non-zero row; none of an all-zero row). Cost: two passes over the row.
 */
public record RelativeThresholdSelector(double ratio) implements Selector {
    public RelativeThresholdSelector {
        InvalidSettingException.check(ratio > 0 && ratio <= 1, "ratio", "must be in (0, 1]", ratio);
    }

    /** For the registry: setting ratio (default 0.5). */
    public static RelativeThresholdSelector from(Options o) {
        RelativeThresholdSelector s = new RelativeThresholdSelector(o.number("ratio", 0.5));
        o.requireAllUsed("selector threshold");
        return s;
    }

    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        int[] idx = out.perRow(rows, width, (long) rows * width);
        int[] off = out.offsets();
        int n = 0;
        for (int r = 0; r < rows; r++) {
            float max = 0;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, Math.abs(g[r * width + j]));
            }
            for (int j = 0; j < width && max > 0; j++) {
                if (Math.abs(g[r * width + j]) >= ratio * max) {
                    idx[n++] = j;
                }
            }
            off[r + 1] = n;
        }
    }

    @Override
    public String name() {
        return "threshold";
    }

    @Override
    public String settings() {
        return "ratio=" + ratio;
    }
}
