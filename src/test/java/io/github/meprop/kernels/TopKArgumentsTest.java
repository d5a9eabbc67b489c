package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments to the {@link TopK} facade: the right exception type, naming the argument and its value. */
class TopKArgumentsTest {
    private final float[] v = new float[10];
    private final int[] idx = new int[10];

    private static void fails(Class<? extends Throwable> type, Executable call, String... mentions) {
        Throwable e = assertThrows(type, call);
        for (String word : mentions) {
            assertTrue(String.valueOf(e.getMessage()).contains(word), () -> "'" + e.getMessage() + "' should mention '" + word + "'");
        }
    }

    @Test
    void selectRejectsBadSizes() {
        fails(IllegalArgumentException.class, () -> TopK.select(v, 0, -1, 0, idx, 0), "n", "-1");
        fails(IllegalArgumentException.class, () -> TopK.select(v, 0, 5, -1, idx, 0), "k", "-1");
        fails(IllegalArgumentException.class, () -> TopK.select(v, 0, 5, 6, idx, 0), "k", "6", "n", "5");
    }

    @Test
    void selectRejectsNullArrays() {
        fails(NullPointerException.class, () -> TopK.select(null, 0, 5, 1, idx, 0), "v");
        fails(NullPointerException.class, () -> TopK.select(v, 0, 5, 1, null, 0), "idx");
    }

    @Test
    void selectRejectsRangesOutsideTheArrays() {
        fails(IndexOutOfBoundsException.class, () -> TopK.select(v, 6, 5, 1, idx, 0), "v", "6", "5", "10");
        fails(IndexOutOfBoundsException.class, () -> TopK.select(v, -1, 5, 1, idx, 0), "v", "-1");
        fails(IndexOutOfBoundsException.class, () -> TopK.select(v, 0, 5, 3, idx, 8), "idx", "8", "3", "10");
        fails(IndexOutOfBoundsException.class, () -> TopK.select(v, 0, 5, 3, idx, -2), "idx", "-2");
        fails(IndexOutOfBoundsException.class, () -> TopK.select(v, 0, 11, 3, idx, 0), "v", "11");
        fails(IndexOutOfBoundsException.class, () -> TopK.select(v, Integer.MAX_VALUE, 5, 3, idx, 0), "v");
    }

    @Test
    void selectRowsRejectsBadArguments() {
        fails(IllegalArgumentException.class, () -> TopK.selectRows(v, -2, 5, 1, idx), "rows", "-2");
        fails(IllegalArgumentException.class, () -> TopK.selectRows(v, 2, -5, 1, idx), "n", "-5");
        fails(IllegalArgumentException.class, () -> TopK.selectRows(v, 2, 5, 7, idx), "k", "7");
        fails(IllegalArgumentException.class, () -> TopK.selectRows(v, 2, 5, -1, idx), "k", "-1");
        fails(NullPointerException.class, () -> TopK.selectRows(null, 2, 5, 1, idx), "m");
        fails(NullPointerException.class, () -> TopK.selectRows(v, 2, 5, 1, null), "idx");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectRows(v, 3, 4, 1, idx), "m", "10", "12");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectRows(v, 2, 5, 5, new int[9]), "idx", "9", "10");
        // rows × n that overflows int must not wrap around to a small, accepted size
        fails(IndexOutOfBoundsException.class, () -> TopK.selectRows(v, 65536, 65536, 0, idx), "m");
    }

    @Test
    void selectUnifiedRejectsBadArguments() {
        fails(IllegalArgumentException.class, () -> TopK.selectUnified(v, -1, 5, 1, idx), "rows", "-1");
        fails(IllegalArgumentException.class, () -> TopK.selectUnified(v, 2, -3, 1, idx), "n", "-3");
        fails(IllegalArgumentException.class, () -> TopK.selectUnified(v, 2, 5, 6, idx), "k", "6");
        fails(NullPointerException.class, () -> TopK.selectUnified(null, 2, 5, 1, idx), "m");
        fails(NullPointerException.class, () -> TopK.selectUnified(v, 2, 5, 1, null), "idx");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectUnified(v, 3, 4, 1, idx), "m", "12");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectUnified(v, 2, 5, 4, new int[3]), "idx", "3", "4");
    }

    @Test
    void emptyAndZeroKAreFine() {
        TopK.select(new float[0], 0, 0, 0, new int[0], 0);
        TopK.select(v, 10, 0, 0, idx, 10);
        TopK.selectRows(new float[0], 0, 0, 0, new int[0]);
        TopK.selectRows(new float[0], 0, 7, 3, new int[0]);
        TopK.selectUnified(new float[0], 0, 0, 0, new int[0]);
        int[] out = new int[3];
        TopK.selectUnified(new float[0], 0, 3, 3, out); // no rows: every column sum is 0
        assertTrue(out[0] == 0 && out[1] == 1 && out[2] == 2);
    }
}
