package io.github.meprop.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * The three splits of a data set: {@code train} to fit on, {@code dev} to choose settings and
 * stop early on (possibly empty), {@code test} to report once. All three have the same example
 * width and number of classes.
 *
 * <p>{@link #random} and {@link #stratified} split one data set with a seed: the same data and
 * seed give the same splits on every JVM ({@link Random} is specified exactly). Within each
 * split the examples keep their original order.
 *
 * @param train the training split
 * @param dev   the dev (validation) split, possibly empty
 * @param test  the test split, possibly empty
 */
public record Splits(Dataset train, Dataset dev, Dataset test) {

    /**
     * Checks that the three splits have the same width and classes.
     *
     * @throws IllegalArgumentException naming the split that differs
     */
    public Splits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
        for (Dataset other : new Dataset[] {dev, test}) {
            if (other.width() != train.width() || other.classes() != train.classes()) {
                throw new IllegalArgumentException("split " + other.name() + " has width " + other.width()
                        + " and " + other.classes() + " classes, but " + train.name() + " has width "
                        + train.width() + " and " + train.classes() + " classes");
            }
        }
    }

    /**
     * A seeded random split: a random {@code round(n × devFraction)} examples form the dev split,
     * another {@code round(n × testFraction)} the test split, the rest the training split. Named
     * {@code <name>/train}, {@code /dev} and {@code /test}. Cost: O(n × width) to copy.
     *
     * @param data         the data set to split
     * @param devFraction  share of the dev split, in [0, 1)
     * @param testFraction share of the test split, in [0, 1)
     * @param seed         seed of the shuffle
     * @return the splits
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or the training split would
     *                                  be empty
     */
    public static Splits random(Dataset data, double devFraction, double testFraction, long seed) {
        Objects.requireNonNull(data, "data");
        checkFractions(devFraction, testFraction);
        int n = data.size();
        int devSize = (int) Math.round(n * devFraction);
        int testSize = (int) Math.round(n * testFraction);
        checkTrainLeft(data, n - devSize - testSize, devFraction, testFraction);
        int[] order = shuffled(n, new Random(seed));
        return fromAssignment(data, assign(order, 0, n, devSize, testSize, new byte[n]));
    }

    /**
     * A seeded random split that keeps each class's share in every split: within each class
     * {@code c} of {@code n_c} examples, {@code round(n_c × devFraction)} go to dev and
     * {@code round(n_c × testFraction)} to test, chosen at random; so the split sizes can differ
     * from {@link #random}'s by up to one per class. Named as in {@link #random}.
     *
     * @param data         the data set to split
     * @param devFraction  share of the dev split, in [0, 1)
     * @param testFraction share of the test split, in [0, 1)
     * @param seed         seed of the shuffles
     * @return the splits
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or the training split would
     *                                  be empty
     */
    public static Splits stratified(Dataset data, double devFraction, double testFraction, long seed) {
        Objects.requireNonNull(data, "data");
        checkFractions(devFraction, testFraction);
        int n = data.size();
        int[] y = data.y();
        int[] perClass = new int[data.classes()];
        for (int i = 0; i < n; i++) {
            perClass[y[i]]++;
        }
        // Indices grouped by class, each group in original order, then shuffled in place.
        int[] start = new int[data.classes() + 1];
        for (int c = 0; c < data.classes(); c++) {
            start[c + 1] = start[c] + perClass[c];
        }
        int[] grouped = new int[n];
        int[] fill = Arrays.copyOf(start, data.classes());
        for (int i = 0; i < n; i++) {
            grouped[fill[y[i]]++] = i;
        }
        Random rnd = new Random(seed);
        byte[] split = new byte[n];
        int train = 0;
        for (int c = 0; c < data.classes(); c++) {
            int from = start[c];
            int count = perClass[c];
            shuffle(grouped, from, count, rnd);
            int devSize = (int) Math.round(count * devFraction);
            int testSize = (int) Math.round(count * testFraction);
            devSize = Math.min(devSize, count);
            testSize = Math.min(testSize, count - devSize);
            train += count - devSize - testSize;
            assign(grouped, from, count, devSize, testSize, split);
        }
        checkTrainLeft(data, train, devFraction, testFraction);
        return fromAssignment(data, split);
    }

    private static final byte TRAIN = 0;
    private static final byte DEV = 1;
    private static final byte TEST = 2;

    private static void checkFractions(double devFraction, double testFraction) {
        if (!(devFraction >= 0 && devFraction < 1)) {
            throw new IllegalArgumentException("devFraction must be in [0, 1), was " + devFraction);
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1), was " + testFraction);
        }
        if (devFraction + testFraction >= 1) {
            throw new IllegalArgumentException("devFraction + testFraction must be < 1, was " + devFraction + " + "
                    + testFraction);
        }
    }

    private static void checkTrainLeft(Dataset data, int train, double devFraction, double testFraction) {
        if (train < 1) {
            throw new IllegalArgumentException("splitting the " + data.size() + " examples of " + data.name()
                    + " with dev " + devFraction + " and test " + testFraction + " leaves no training example");
        }
    }

    /** Marks the first devSize of order[from, from+count) as dev, the next testSize as test. */
    private static byte[] assign(int[] order, int from, int count, int devSize, int testSize, byte[] split) {
        for (int r = 0; r < count; r++) {
            split[order[from + r]] = r < devSize ? DEV : r < devSize + testSize ? TEST : TRAIN;
        }
        return split;
    }

    private static int[] shuffled(int n, Random rnd) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, 0, n, rnd);
        return order;
    }

    /** Fisher–Yates on a[from, from+count). */
    private static void shuffle(int[] a, int from, int count, Random rnd) {
        for (int i = count - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[from + i];
            a[from + i] = a[from + j];
            a[from + j] = t;
        }
    }

    private static Splits fromAssignment(Dataset data, byte[] split) {
        int[] counts = new int[3];
        for (byte s : split) {
            counts[s]++;
        }
        int[][] idx = {new int[counts[TRAIN]], new int[counts[DEV]], new int[counts[TEST]]};
        int[] fill = new int[3];
        for (int i = 0; i < split.length; i++) {
            idx[split[i]][fill[split[i]]++] = i;
        }
        return new Splits(data.select(data.name() + "/train", idx[TRAIN]), data.select(data.name() + "/dev", idx[DEV]),
                data.select(data.name() + "/test", idx[TEST]));
    }
}
