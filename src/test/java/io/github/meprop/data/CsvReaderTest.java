package io.github.meprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void headerLabelByNameStringClassesSorted() throws IOException {
        Path f = write("iris.csv", """
                sepal_length,species,petal_length
                5.1,setosa,1.4
                6.3,virginica,6.0
                5.8,versicolor,4.1

                4.9,setosa,1.5
                """);
        CsvTable t = CsvReader.withHeader().labelColumn("species").read(f);
        assertEquals(List.of("sepal_length", "petal_length"), t.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), t.classNames());
        Dataset d = t.dataset();
        assertEquals("iris.csv", d.name());
        assertEquals(4, d.size());
        assertEquals(2, d.width());
        assertEquals(3, d.classes());
        assertArrayEquals(new float[] {5.1f, 1.4f, 6.3f, 6.0f, 5.8f, 4.1f, 4.9f, 1.5f}, d.x());
        assertArrayEquals(new int[] {0, 2, 1, 0}, d.y());
    }

    @Test
    void noHeaderLabelLastByDefaultIntegerLabelsAreTheClasses() throws IOException {
        Path f = write("digits.csv", "0.5,1e-3,3\n-2,.25,0\n+7,8.,1\n");
        CsvTable t = CsvReader.withoutHeader().read(f);
        assertEquals(List.of(), t.featureNames());
        assertEquals(List.of("0", "1", "2", "3"), t.classNames(), "C = largest label + 1");
        assertArrayEquals(new int[] {3, 0, 1}, t.dataset().y());
        assertArrayEquals(new float[] {0.5f, 1e-3f, -2f, 0.25f, 7f, 8f}, t.dataset().x());
        assertEquals(4, t.dataset().classes());
    }

    @Test
    void labelByIndexFromEitherEnd() throws IOException {
        Path f = write("first.csv", "b,1,2\na,3,4\n");
        CsvTable t = CsvReader.withoutHeader().labelColumn(0).read(f);
        assertArrayEquals(new int[] {1, 0}, t.dataset().y());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.dataset().x());
        CsvTable t2 = CsvReader.withoutHeader().labelColumn(-3).read(f);
        assertArrayEquals(t.dataset().x(), t2.dataset().x());
    }

    @Test
    void delimiterQuotesBomCrlfAndSpaces() throws IOException {
        Path f = write("semi.csv", "\uFEFF\"x; one\" ; y ;\"label\"\r\n 1,5 ; 2 ; \"big \"\"cat\"\"\"\r\n3;4;small\r\n");
        CsvReaderTest.assertThrowsCsv(() -> CsvReader.withHeader().delimiter(';').read(f), 2, "\"1,5\" is not a decimal number");
        Path g = write("semi2.csv", "\uFEFF\"x; one\" ; y ;\"label\"\r\n 1.5 ; 2 ; \"big \"\"cat\"\"\"\r\n3;4;small\r\n");
        CsvTable t = CsvReader.withHeader().delimiter(';').read(g);
        assertEquals(List.of("x; one", "y"), t.featureNames());
        assertEquals(List.of("big \"cat\"", "small"), t.classNames());
        assertArrayEquals(new float[] {1.5f, 2, 3, 4}, t.dataset().x());
        Path tab = write("tab.tsv", "1\t2\tyes\n3\t4\tno\n");
        assertArrayEquals(new int[] {1, 0}, CsvReader.withoutHeader().delimiter('\t').read(tab).dataset().y());
    }

    @Test
    void classNamesFixTheMappingForATestFile() throws IOException {
        CsvTable train = CsvReader.withHeader().read(write("train.csv", "f,label\n1,cat\n2,dog\n3,bird\n"));
        assertEquals(List.of("bird", "cat", "dog"), train.classNames());
        Path testFile = write("test.csv", "f,label\n4,dog\n5,dog\n");
        CsvTable alone = CsvReader.withHeader().read(testFile);
        assertArrayEquals(new int[] {0, 0}, alone.dataset().y(), "on its own, dog would be class 0");
        CsvTable test = CsvReader.withHeader().classNames(train.classNames()).read(testFile);
        assertArrayEquals(new int[] {2, 2}, test.dataset().y());
        assertEquals(3, test.dataset().classes());
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> CsvReader.withHeader().classNames(train.classNames()).read(write("t2.csv", "f,label\n1,cat\n2,cow\n")));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().endsWith("line 3, column 2 (label): label \"cow\" is not one of the classes [bird, cat, dog]"),
                e.getMessage());
        // Digits are names when the class names say so.
        CsvTable named = CsvReader.withoutHeader().classNames(List.of("5", "3")).read(write("d.csv", "0,3\n1,5\n"));
        assertArrayEquals(new int[] {1, 0}, named.dataset().y());
    }

    static void assertThrowsCsv(org.junit.jupiter.api.function.Executable read, long line, String fragment) {
        CsvFormatException e = assertThrows(CsvFormatException.class, read);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void badRowsNameFileLineAndColumn() throws IOException {
        Path f = write("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.withHeader().read(f));
        assertEquals(f, e.file());
        assertEquals(3, e.line());
        assertEquals(f + ": line 3, column 2 (b): \"oops\" is not a decimal number (features must be finite numbers;"
                + " there are no missing values)", e.getMessage());

        CsvReader r = CsvReader.withHeader();
        assertThrowsCsv(() -> r.read(write("n1.csv", "a,l\n1,x\nNaN,y\n")), 3, "\"NaN\" is not a decimal number");
        assertThrowsCsv(() -> r.read(write("n2.csv", "a,l\n1,x\n,y\n")), 3, "column 1 (a): empty value");
        assertThrowsCsv(() -> r.read(write("n3.csv", "a,l\n1e39,x\n")), 2, "1e39 is outside the float range");
        assertThrowsCsv(() -> r.read(write("n4.csv", "a,b,l\n1,2,x\n1,2\n")), 3,
                "line 3 has 2 fields, expected 3 (as the header has)");
        assertThrowsCsv(() -> CsvReader.withoutHeader().read(write("n5.csv", "1,2,x\n\n1,2,3,4\n")), 3,
                "expected 3 (as line 1 has)");
        assertThrowsCsv(() -> r.read(write("n6.csv", "a,l\n1,\n")), 2, "empty label");
        assertThrowsCsv(() -> r.read(write("n7.csv", "a,l\n\"1,x\n")), 2, "is not closed");
        assertThrowsCsv(() -> r.read(write("n8.csv", "a,l\n\"1\"2,x\n")), 2, "after the quoted field");
        assertThrowsCsv(() -> r.read(write("n9.csv", "a,l\n1x\",x\n")), 2, "a quote inside an unquoted field");
        assertThrowsCsv(() -> r.labelColumn("species").read(write("n10.csv", "a,l\n1,x\n")), 1,
                "the header has no column \"species\"; its columns are [a, l]");
        assertThrowsCsv(() -> r.read(write("n11.csv", "a,l\n")), 0, "no data rows after the header");
        assertThrowsCsv(() -> r.read(write("n12.csv", "a;l\n1;x\n")), 1, "is the delimiter ',' right?");
        assertThrowsCsv(() -> CsvReader.withoutHeader().labelColumn(5).read(write("n13.csv", "1,x\n")), 1,
                "label column index 5 is outside the 2 columns");
        assertThrowsCsv(() -> r.labelColumn("l").read(write("n14.csv", "l,a,l\n1,2,3\n")), 1, "twice");
        Files.write(dir.resolve("latin1.csv"), new byte[] {'a', ',', 'l', '\n', '1', ',', (byte) 0xE9, '\n'});
        assertThrowsCsv(() -> r.read(dir.resolve("latin1.csv")), 2, "not valid UTF-8");
        StringBuilder many = new StringBuilder("a,l\n");
        for (int i = 0; i < 20_000; i++) {
            many.append(i).append(",x\n");
        }
        byte[] text = many.toString().getBytes(StandardCharsets.UTF_8);
        byte[] broken = java.util.Arrays.copyOf(text, text.length + 4);
        System.arraycopy(new byte[] {'1', ',', (byte) 0xC3, '\n'}, 0, broken, text.length, 4);
        Files.write(dir.resolve("late.csv"), broken);
        assertThrowsCsv(() -> r.read(dir.resolve("late.csv")), 20_002, "line 20002 is not valid UTF-8");
        assertThrows(IllegalStateException.class, () -> CsvReader.withoutHeader().labelColumn("x"));
        assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().delimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().classNames(List.of("a", "a")));
    }

    @Test
    void readerInputNamesTheSource() throws IOException {
        CsvTable t = CsvReader.withoutHeader().read(new StringReader("1,a\n2,b\n"), "inline");
        assertEquals("inline", t.dataset().name());
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> CsvReader.withoutHeader().read(new StringReader("1,a\nx,b\n"), "upload.csv"));
        assertNull(e.file());
        assertEquals("upload.csv", e.source());
        assertTrue(e.getMessage().startsWith("upload.csv: line 2, column 1: \"x\""), e.getMessage());
    }

    @Test
    void decimalSyntax() {
        for (String ok : new String[] {"0", "-1", "+2", "1.", ".5", "1.5e3", "1E-3", "-0.0", "007"}) {
            assertTrue(CsvReader.isDecimal(ok), ok);
        }
        for (String bad : new String[] {"", "-", ".", "e3", "1e", "1e+", "1f", "0x10", "NaN", "Infinity", "1,5", "1 2",
            "--1", "1.2.3"}) {
            assertFalse(CsvReader.isDecimal(bad), bad);
        }
    }

    @Provide
    Arbitrary<Float> finiteFloats() {
        return Arbitraries.floats().filter(Float::isFinite);
    }

    /** Any finite float written with Float.toString reads back as the same float. */
    @Property(tries = 50)
    void writtenFloatsReadBackExactly(@ForAll @IntRange(min = 1, max = 30) int rows,
            @ForAll @IntRange(min = 1, max = 5) int width, @ForAll("finiteFloats") float seed) throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(Float.floatToIntBits(seed));
        float[] x = new float[rows * width];
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++) {
                float v;
                do {
                    v = Float.intBitsToFloat(r.nextInt());
                } while (!Float.isFinite(v));
                x[i * width + j] = v;
                String s = Float.toString(v);
                csv.append(s.equals("-0.0") || s.equals("0.0") ? s : s).append(',');
            }
            csv.append(i % 3).append('\n');
        }
        CsvTable t = CsvReader.withoutHeader().read(new StringReader(csv.toString()), "p");
        float[] back = t.dataset().x();
        for (int k = 0; k < x.length; k++) {
            assertEquals(Float.floatToIntBits(x[k]), Float.floatToIntBits(back[k]), "value " + k + " = " + x[k]);
        }
    }
}
