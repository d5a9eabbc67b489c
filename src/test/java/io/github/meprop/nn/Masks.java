package io.github.meprop.nn;

/** Test helper: a selection as a {@code [rows × width]} mask of the kept entries. */
final class Masks {
    private Masks() {}

    static boolean[] of(Selection s) {
        int rows = s.rows();
        int width = s.width();
        boolean[] m = new boolean[rows * width];
        for (int r = 0; r < rows; r++) {
            switch (s.form()) {
                case ALL -> java.util.Arrays.fill(m, r * width, (r + 1) * width, true);
                case SHARED -> {
                    for (int i = 0; i < s.sharedCount(); i++) {
                        m[r * width + s.index()[i]] = true;
                    }
                }
                case PER_ROW -> {
                    int prev = -1;
                    for (int i = s.offsets()[r]; i < s.offsets()[r + 1]; i++) {
                        int j = s.index()[i];
                        if (j <= prev || j >= width) {
                            throw new AssertionError("row " + r + ": positions must be ascending and in range, got " + j);
                        }
                        prev = j;
                        m[r * width + j] = true;
                    }
                }
            }
        }
        return m;
    }
}
