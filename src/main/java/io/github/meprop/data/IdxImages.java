package io.github.meprop.data;

import java.util.Objects;

/**
 * The contents of an IDX image file (magic {@code 0x00000803}): {@code count} images of
 * {@code rows × cols} unsigned bytes, stored image after image, row-major, in {@code pixels}.
 * The array is held as given, not copied.
 *
 * @param count  the number of images
 * @param rows   rows per image
 * @param cols   columns per image
 * @param pixels {@code count × rows × cols} unsigned bytes
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /**
     * Checks that the pixels fit the dimensions.
     *
     * @throws IllegalArgumentException if a dimension is negative or the pixel count differs
     */
    public IdxImages {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 0 || rows < 0 || cols < 0) {
            throw new IllegalArgumentException("count " + count + ", rows " + rows + " and cols " + cols
                    + " must be >= 0");
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected count × rows × cols = "
                    + count + " × " + rows + " × " + cols);
        }
    }

    /**
     * Pixels per image.
     *
     * @return {@code rows × cols}
     */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /**
     * Images {@code from .. to)} as floats in [0, 1]: each unsigned byte {@code b} becomes
     * {@code b / 255f} (exactly 0 for 0 and 1 for 255).
     *
     * @param from first image (inclusive)
     * @param to   last image (exclusive)
     * @return a new array of {@code (to - from) × rows × cols} values
     */
    public float[] scaledPixels(int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        int width = pixelsPerImage();
        int begin = from * width;
        float[] out = new float[(to - from) * width];
        for (int i = 0; i < out.length; i++) {
            out[i] = SCALED[pixels[begin + i] & 0xFF];
        }
        return out;
    }

    /** {@code SCALED[b] = b / 255f}, the correctly rounded quotient. */
    private static final float[] SCALED = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            SCALED[b] = b / 255f;
        }
    }
}
