package io.github.meprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void fitsMeanAndPopulationStandardDeviation() {
        // feature 0: 1, 2, 3, 4 -> mean 2.5, population std sqrt(1.25); feature 1 is constant.
        Dataset d = Dataset.of("t", new float[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}}, new int[] {0, 1, 0, 1});
        Standardizer s = Standardizer.fit(d);
        assertArrayEquals(new float[] {2.5f, 7f}, s.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), 1f}, s.scale(), "a constant feature gets scale 1");
        Dataset z = s.apply(d);
        assertEquals(d.name(), z.name());
        assertArrayEquals(d.y(), z.y());
        for (int i = 0; i < 4; i++) {
            assertEquals((float) ((i + 1 - 2.5) / Math.sqrt(1.25)), z.x()[2 * i], 1e-6f);
            assertEquals(0f, z.x()[2 * i + 1]);
        }
        assertEquals(1f, d.x()[0], "apply does not change its input");
    }

    @Test
    void standardizedTrainingDataHasMeanZeroAndStdOne() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 2000;
        int w = 7;
        float[] x = new float[n * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * (1 + i % w) * 3 + 100 * (i % w));
        }
        Dataset d = Dataset.ofFlat("g", x, w, new int[n], 1);
        Dataset z = Standardizer.fit(d).apply(d);
        for (int j = 0; j < w; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                sum += z.x()[i * w + j];
                sq += (double) z.x()[i * w + j] * z.x()[i * w + j];
            }
            assertEquals(0, sum / n, 1e-4);
            assertEquals(1, sq / n, 1e-4);
        }
    }

    @Test
    void trainStatisticsApplyToOtherSplitsAndRows() {
        Standardizer s = Standardizer.of(new float[] {1, -1}, new float[] {2, 0.5f});
        assertArrayEquals(new float[] {0.5f, 4f}, s.apply(new float[] {2, 1}));
        Dataset test = Dataset.of("test", new float[][] {{1, -1}, {5, 0}}, new int[] {0, 0});
        assertArrayEquals(new float[] {0, 0, 2, 2}, s.apply(test).x());
        float[] buf = {9, 9, 3, 0, 9};
        s.applyInPlace(buf, 2, 1);
        assertArrayEquals(new float[] {9, 9, 1, 2, 9}, buf);
        assertEquals(s, Standardizer.of(s.mean(), s.scale()));
        assertEquals(s.hashCode(), Standardizer.of(s.mean(), s.scale()).hashCode());
    }

    @Test
    void widthsMustMatch() {
        Standardizer s = Standardizer.of(new float[3], new float[] {1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(new float[2]));
        assertEquals("row has 2 features, the standardizer was fitted on 3", e.getMessage());
        Dataset d = Dataset.of("four", new float[][] {{1, 2, 3, 4}}, new int[] {0});
        e = assertThrows(IllegalArgumentException.class, () -> s.apply(d));
        assertTrue(e.getMessage().startsWith("data set four has 4 features"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> s.applyInPlace(new float[5], 0, 2));
    }

    @Test
    void invalidStatisticsAndDataAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new float[2], new float[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new float[2], new float[] {1, 0}));
        assertEquals("scale of feature 1 is 0.0, must be finite and > 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new float[] {Float.NaN}, new float[] {1}));
        assertThrows(DatasetException.class, () -> Standardizer.fit(new Dataset("e", new float[0], new int[0], 0, 3, 1)));
        Dataset withNaN = new Dataset("nan", new float[] {1, Float.NaN, 2, 3}, new int[] {0, 0}, 2, 2, 1);
        DatasetException d = assertThrows(DatasetException.class, () -> Standardizer.fit(withNaN));
        assertEquals(1, d.column());
    }
}
