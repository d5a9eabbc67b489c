package io.github.meprop.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Z-score standardisation per feature: {@code x'_j = (x_j − mean_j) / scale_j}, with the mean and
 * the population standard deviation ({@code scale_j = √(Σ(x_j − mean_j)² / n)}) fitted on the
 * training split and applied unchanged to the dev and test splits and to new inputs. A feature
 * that is constant in the training split gets {@code scale_j = 1} (it becomes 0, not NaN).
 *
 * <p>Fitting accumulates in double and stores floats; applying is one float subtraction and one
 * float division per value, so the same input gives the same bits on every JVM. Immutable and
 * safe to share between threads. {@code nn.ModelMetadata} stores it in a model file (keys
 * {@code standardizer_mean} and {@code standardizer_scale}), so that a loaded model can apply it.
 */
public final class Standardizer {

    private final float[] mean;
    private final float[] scale;

    private Standardizer(float[] mean, float[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * A standardizer with the given statistics (e.g. read back from a model file).
     *
     * @param mean  per-feature mean
     * @param scale per-feature scale, finite and &gt; 0
     * @return the standardizer (the arrays are copied)
     * @throws IllegalArgumentException if the lengths differ, a mean is not finite or a scale is
     *                                  not finite and positive (naming the feature)
     */
    public static Standardizer of(float[] mean, float[] scale) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(scale, "scale");
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " features, scale has " + scale.length);
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Float.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean of feature " + j + " is " + mean[j] + ", must be finite");
            }
            if (!(scale[j] > 0) || !Float.isFinite(scale[j])) {
                throw new IllegalArgumentException("scale of feature " + j + " is " + scale[j]
                        + ", must be finite and > 0");
            }
        }
        return new Standardizer(mean.clone(), scale.clone());
    }

    /**
     * Fits the mean and standard deviation of every feature of {@code train}. Cost: two passes
     * over the data, O(size × width).
     *
     * @param train the training split (at least one example)
     * @return the fitted standardizer
     * @throws DatasetException if {@code train} is empty or a feature's values are not all finite
     *                          (naming the feature)
     */
    public static Standardizer fit(Dataset train) {
        Objects.requireNonNull(train, "train");
        int n = train.size();
        int w = train.width();
        if (n == 0) {
            throw new DatasetException("cannot fit a standardizer on the empty data set " + train.name(), -1, -1);
        }
        float[] x = train.x();
        double[] sum = new double[w];
        for (int i = 0; i < n; i++) {
            int base = i * w;
            for (int j = 0; j < w; j++) {
                sum[j] += x[base + j];
            }
        }
        double[] mu = new double[w];
        for (int j = 0; j < w; j++) {
            mu[j] = sum[j] / n;
            if (!Double.isFinite(mu[j])) {
                throw new DatasetException("cannot standardize " + train.name() + ": feature " + j
                        + " has values that are not finite", -1, j);
            }
        }
        double[] sq = new double[w];
        for (int i = 0; i < n; i++) {
            int base = i * w;
            for (int j = 0; j < w; j++) {
                double d = x[base + j] - mu[j];
                sq[j] += d * d;
            }
        }
        float[] mean = new float[w];
        float[] scale = new float[w];
        for (int j = 0; j < w; j++) {
            mean[j] = (float) mu[j];
            float s = (float) Math.sqrt(sq[j] / n);
            scale[j] = s > 0 && Float.isFinite(s) ? s : 1f;
        }
        return new Standardizer(mean, scale);
    }

    /**
     * The number of features.
     *
     * @return the width this standardizer applies to
     */
    public int width() {
        return mean.length;
    }

    /**
     * The per-feature means.
     *
     * @return a copy of the means
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The per-feature scales (standard deviations, 1 for constant features).
     *
     * @return a copy of the scales
     */
    public float[] scale() {
        return scale.clone();
    }

    /**
     * Standardizes a data set.
     *
     * @param data a data set of {@link #width()} features
     * @return a new data set with the same name, labels and classes and standardized features
     * @throws IllegalArgumentException if the widths differ
     */
    public Dataset apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        checkWidth(data.width(), "data set " + data.name());
        float[] out = data.x().clone();
        applyInPlace(out, 0, data.size());
        return new Dataset(data.name(), out, data.y(), data.size(), data.width(), data.classes());
    }

    /**
     * Standardizes one input row.
     *
     * @param row {@link #width()} features
     * @return a new array with the standardized features
     * @throws IllegalArgumentException if the row's length is not {@link #width()}
     */
    public float[] apply(float[] row) {
        Objects.requireNonNull(row, "row");
        checkWidth(row.length, "row");
        float[] out = row.clone();
        applyInPlace(out, 0, 1);
        return out;
    }

    /**
     * Standardizes {@code rows} consecutive rows of a row-major array in place.
     *
     * @param x      the array
     * @param offset index of the first row's first value
     * @param rows   the number of rows of {@link #width()} values
     * @throws IndexOutOfBoundsException if the rows do not fit in {@code x}
     */
    public void applyInPlace(float[] x, int offset, int rows) {
        Objects.requireNonNull(x, "x");
        int w = mean.length;
        Objects.checkFromIndexSize(offset, Math.multiplyExact(rows, w), x.length);
        for (int r = 0; r < rows; r++) {
            int base = offset + r * w;
            for (int j = 0; j < w; j++) {
                x[base + j] = (x[base + j] - mean[j]) / scale[j];
            }
        }
    }

    private void checkWidth(int width, String what) {
        if (width != mean.length) {
            throw new IllegalArgumentException(what + " has " + width + " features, the standardizer was fitted on "
                    + mean.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Standardizer[width " + mean.length + "]";
    }
}
