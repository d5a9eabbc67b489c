package io.github.meprop.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random damage to a valid file, for the fuzz tests: bytes overwritten, the file cut short or
 * extended, a range repeated, or a header field replaced by a value that readers must not trust
 * (0, -1, the largest int, two billion, ...). The same seed gives the same damage.
 */
public final class Mutations {
    private Mutations() {}

    /** Values a header field is replaced with: boundaries and huge claims. */
    private static final long[] HOSTILE = {0, 1, -1, 0x7FFF_FFFFL, 0x8000_0000L, 2_000_000_000L, 0xFFFF_FFFFL,
            Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

    /**
     * A damaged copy of {@code valid}: one to three mutations drawn from {@code seed}.
     *
     * @param headerBytes the length of the header, where field replacements land
     * @param fieldBytes  the width of a header field (4 for IDX, 8 for the safetensors length)
     * @param bigEndian   the byte order of header fields
     */
    public static byte[] mutate(byte[] valid, long seed, int headerBytes, int fieldBytes, boolean bigEndian) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] b = valid.clone();
        int count = 1 + rnd.nextInt(3);
        for (int m = 0; m < count; m++) {
            b = switch (rnd.nextInt(6)) {
                case 0 -> flip(b, rnd);
                case 1 -> b.length == 0 ? b : Arrays.copyOf(b, rnd.nextInt(b.length));
                case 2 -> extend(b, rnd);
                case 3 -> repeat(b, rnd);
                default -> field(b, rnd, headerBytes, fieldBytes, bigEndian);
            };
        }
        return b;
    }

    private static byte[] flip(byte[] b, SplittableRandom rnd) {
        if (b.length == 0) {
            return b;
        }
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    private static byte[] extend(byte[] b, SplittableRandom rnd) {
        byte[] e = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
        for (int i = b.length; i < e.length; i++) {
            e[i] = (byte) rnd.nextInt(256);
        }
        return e;
    }

    private static byte[] repeat(byte[] b, SplittableRandom rnd) {
        if (b.length == 0) {
            return b;
        }
        int from = rnd.nextInt(b.length);
        int len = 1 + rnd.nextInt(Math.min(64, b.length - from));
        byte[] e = new byte[b.length + len];
        System.arraycopy(b, 0, e, 0, from + len);
        System.arraycopy(b, from, e, from + len, b.length - from);
        return e;
    }

    private static byte[] field(byte[] b, SplittableRandom rnd, int headerBytes, int fieldBytes, boolean bigEndian) {
        int fields = Math.min(headerBytes, b.length) / fieldBytes;
        if (fields == 0) {
            return flip(b, rnd);
        }
        int at = rnd.nextInt(fields) * fieldBytes;
        long v = rnd.nextInt(3) == 0 ? rnd.nextLong() : HOSTILE[rnd.nextInt(HOSTILE.length)];
        for (int i = 0; i < fieldBytes; i++) {
            int shift = 8 * (bigEndian ? fieldBytes - 1 - i : i);
            b[at + i] = (byte) (v >>> shift);
        }
        return b;
    }
}
