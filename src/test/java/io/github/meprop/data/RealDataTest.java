package io.github.meprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Loads the real data sets that {@code bin/fetch-data all} downloads and checks the sanity values
 * of DATA.md. Runs only in the {@code real-data} Maven profile ({@code mvn -P real-data verify});
 * the data folder is the system property {@code meprop.data} (default {@code data/}). Fails, not
 * skips, when the data is absent.
 */
@Tag("real-data")
class RealDataTest {

    private static Path dataSet(String name) {
        Path dir = Path.of(System.getProperty("meprop.data", "data")).resolve(name);
        assertTrue(Files.isDirectory(dir), () -> dir.toAbsolutePath() + " does not exist: run bin/fetch-data "
                + name + " first (or set -Dmeprop.data)");
        return dir;
    }

    /** Mean of all 60,000 training images' pixels, each in [0, 1]. */
    private static double meanTrainingPixel(Splits s) {
        double sum = 0;
        for (Dataset d : new Dataset[] {s.train(), s.dev()}) {
            for (float v : d.x()) {
                sum += v;
            }
        }
        return sum / ((double) (s.train().size() + s.dev().size()) * s.train().width());
    }

    private static void assertShape(Splits s) {
        assertEquals(55_000, s.train().size());
        assertEquals(5_000, s.dev().size());
        assertEquals(10_000, s.test().size());
        assertEquals(784, s.train().width());
        assertEquals(10, s.train().classes());
    }

    private static int[] classCounts(int[]... labelArrays) {
        int[] counts = new int[10];
        for (int[] labels : labelArrays) {
            for (int y : labels) {
                counts[y]++;
            }
        }
        return counts;
    }

    @Test
    void mnistMatchesItsSanityValues() throws IOException {
        Splits s = MnistFormat.load(dataSet("mnist"));
        assertShape(s);
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, Arrays.copyOf(s.train().y(), 5));
        assertEquals(0.1307, meanTrainingPixel(s), 5e-5);
        // Published class counts of the MNIST training and test sets.
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                classCounts(s.train().y(), s.dev().y()));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                classCounts(s.test().y()));
    }

    @Test
    void fashionMnistMatchesItsSanityValues() throws IOException {
        Splits s = MnistFormat.load(dataSet("fashion"));
        assertShape(s);
        assertEquals(0.2860, meanTrainingPixel(s), 5e-5);
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6_000);
        assertArrayEquals(sixThousand, classCounts(s.train().y(), s.dev().y()));
        int[] oneThousand = new int[10];
        Arrays.fill(oneThousand, 1_000);
        assertArrayEquals(oneThousand, classCounts(s.test().y()));
    }
}
