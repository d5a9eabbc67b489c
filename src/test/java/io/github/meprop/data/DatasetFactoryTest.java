package io.github.meprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Dataset#of} and {@link Dataset#ofFlat}: users' own arrays, with errors naming row and column. */
class DatasetFactoryTest {

    private static final float[][] ROWS = {{1, 2, 3}, {4, 5, 6}};

    @Test
    void fromRowsCopiesIntoOneRowMajorArray() {
        float[][] rows = {{1, 2, 3}, {4, 5, 6}};
        Dataset d = Dataset.of("mine", rows, new int[] {2, 0});
        assertEquals("mine", d.name());
        assertEquals(2, d.size());
        assertEquals(3, d.width());
        assertEquals(3, d.classes(), "classes = largest label + 1");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.x());
        rows[0][0] = 99;
        assertEquals(1f, d.x()[0], "copied");
        assertArrayEquals(new float[] {4, 5, 6}, d.row(1));
        assertEquals(5, Dataset.of("mine", ROWS, new int[] {2, 0}, 5).classes());
    }

    @Test
    void fromFlatHoldsTheArrays() {
        float[] x = {1, 2, 3, 4, 5, 6};
        int[] y = {1, 1, 0};
        Dataset d = Dataset.ofFlat("flat", x, 2, y);
        assertSame(x, d.x());
        assertSame(y, d.y());
        assertEquals(3, d.size());
        assertEquals(2, d.classes());
    }

    @Test
    void raggedRowsNameTheRow() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Dataset.of("r", new float[][] {{1, 2}, {3, 4}, {5}}, new int[] {0, 0, 0}));
        assertEquals("dataset r: row 2 has 1 values, row 0 has 2", e.getMessage());
        assertEquals(2, e.row());
        assertEquals(-1, e.column());
        e = assertThrows(DatasetException.class, () -> Dataset.of("r", new float[][] {{1}, null}, new int[] {0, 0}));
        assertEquals(1, e.row());
    }

    @Test
    void labelsOutOfRangeNameTheRow() {
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.of("l", ROWS, new int[] {0, 3}, 3));
        assertEquals("dataset l: label 3 of row 1 is outside 0..2", e.getMessage());
        assertEquals(1, e.row());
        e = assertThrows(DatasetException.class, () -> Dataset.of("l", ROWS, new int[] {-1, 0}));
        assertEquals(0, e.row());
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> new Dataset("c", new float[2], new int[] {0, 4}, 2, 1, 4));
        assertEquals(1, e.row(), "the canonical constructor throws the typed exception too");
        e = assertThrows(DatasetException.class, () -> Dataset.of("l", ROWS, new int[] {0}));
        assertEquals("dataset l: 1 labels for 2 rows", e.getMessage());
    }

    @Test
    void nonFiniteValuesNameRowAndColumn() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            DatasetException e = assertThrows(DatasetException.class,
                    () -> Dataset.of("n", new float[][] {{1, 2, 3}, {4, 5, bad}}, new int[] {0, 1}));
            assertEquals(1, e.row());
            assertEquals(2, e.column());
            assertEquals("dataset n: row 1, column 2 is " + bad + " (values must be finite)", e.getMessage());
            e = assertThrows(DatasetException.class, () -> Dataset.ofFlat("n", new float[] {0, bad, 0, 0}, 2,
                    new int[] {0, 0}, 1));
            assertEquals(0, e.row());
            assertEquals(1, e.column());
        }
    }

    @Test
    void sizesThatDoNotFitAreRefused() {
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.ofFlat("f", new float[5], 2,
                new int[] {0, 0}, 1));
        assertEquals("dataset f: x has 5 values, expected 2 labels × width 2 = 4", e.getMessage());
        assertThrows(DatasetException.class, () -> Dataset.ofFlat("f", new float[0], 0, new int[0], 1));
        e = assertThrows(DatasetException.class, () -> Dataset.of("e", new float[0][], new int[0]));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        assertThrows(DatasetException.class, () -> Dataset.of("c", ROWS, new int[] {0, 0}, 0));
    }

    @Test
    void selectCopiesTheChosenExamplesInOrder() {
        Dataset d = Dataset.of("s", new float[][] {{0}, {1}, {2}, {3}}, new int[] {0, 1, 0, 1});
        Dataset s = d.select("picked", new int[] {3, 0, 3});
        assertArrayEquals(new float[] {3, 0, 3}, s.x());
        assertArrayEquals(new int[] {1, 0, 1}, s.y());
        assertEquals(2, s.classes());
        assertThrows(IndexOutOfBoundsException.class, () -> d.select("x", new int[] {4}));
    }
}
