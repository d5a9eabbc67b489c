package io.github.meprop.io.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    // ---------------------------------------------------------------------------------- writer

    @Test
    void writesScalars() {
        assertEquals("null", Json.write(null));
        assertEquals("true", Json.write(true));
        assertEquals("false", Json.write(false));
        assertEquals("42", Json.write(42));
        assertEquals("-9223372036854775808", Json.write(Long.MIN_VALUE));
        assertEquals("7", Json.write((short) 7));
        assertEquals("-3", Json.write((byte) -3));
        assertEquals("1.5", Json.write(1.5));
        assertEquals("-0.0", Json.write(-0.0));
        assertEquals("1.0E-5", Json.write(1e-5));
        assertEquals("0.1", Json.write(0.1f));
        assertEquals("\"hi\"", Json.write("hi"));
        assertEquals("\"sb\"", Json.write(new StringBuilder("sb")));
    }

    @Test
    void writesNestedStructuresInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(1, "two", 3.5, false));
        m.put("empty", Map.of());
        m.put("none", List.of());
        m.put("ints", new int[] {1, -2});
        m.put("longs", new long[] {1L << 40});
        m.put("floats", new float[] {0.25f, -1f});
        m.put("doubles", new double[] {0.1});
        m.put("bools", new boolean[] {true});
        m.put("objects", new Object[] {null, "x"});
        assertEquals("{\"z\":1,\"a\":[1,\"two\",3.5,false],\"empty\":{},\"none\":[],\"ints\":[1,-2],"
                + "\"longs\":[1099511627776],\"floats\":[0.25,-1.0],\"doubles\":[0.1],\"bools\":[true],"
                + "\"objects\":[null,\"x\"]}", Json.write(m));
    }

    @Test
    void writesPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "mlp");
        m.put("sizes", List.of(784, 500));
        m.put("empty", List.of());
        m.put("inner", Map.of("k", true));
        assertEquals("""
                {
                  "name": "mlp",
                  "sizes": [
                    784,
                    500
                  ],
                  "empty": [],
                  "inner": {
                    "k": true
                  }
                }""", Json.writePretty(m));
    }

    @Test
    void escapesStrings() {
        assertEquals("\"q\\\" b\\\\ s/ n\\n r\\r t\\t b\\b f\\f \\u0001 \\u001f \\u007f\"",
                Json.write("q\" b\\ s/ n\n r\r t\t b\b f\f \u0001 \u001f \u007f"));
        assertEquals("\"é 日本 😀\"", Json.write("é 日本 😀"));
        assertEquals("\"\\ud800x\\udc00\"", Json.write("\ud800x\udc00"));
    }

    @Test
    void stringsRoundTrip() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            for (int k = 0; k < n; k++) {
                b.append((char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0x10000)));
            }
            String s = b.toString();
            assertEquals(s, Json.parse(Json.write(s)), () -> "string " + Json.write(s));
        }
    }

    @Test
    void doublesRoundTripExactly() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.1, 1e-300, 1e300, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 123456789.123456789,
                2.2250738585072011e-308, 4.9e-324, 9007199254740993.0, 1e23, 5e-324, 0.30000000000000004));
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(d)) {
                values.add(d);
            }
            values.add(r.nextDouble() * 1000 - 500);
        }
        for (double d : values) {
            Object back = Json.parse(Json.write(d));
            assertEquals(Double.class, back.getClass());
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back),
                    () -> d + " written as " + Json.write(d));
        }
    }

    @Test
    void floatsRoundTripExactly() {
        List<Float> values = new ArrayList<>(List.of(0f, -0f, 0.1f, 1f / 3, Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MIN_NORMAL, Float.MAX_VALUE, 1e-40f, 16777217f, 3.4e38f));
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < 100_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isFinite(f)) {
                values.add(f);
            }
        }
        for (float f : values) {
            float back = (float) (double) (Double) Json.parse(Json.write(f));
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(back), () -> f + " written as "
                    + Json.write(f));
            float back2 = (float) (double) (Double) ((List<?>) Json.parse(Json.write(new float[] {f}))).get(0);
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(back2));
        }
    }

    @Test
    void rejectsNonFiniteNumbersNamingThePath() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", List.of(Map.of("bias", new float[] {1f, Float.NaN})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(m));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("$.layers[0].bias[1]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(1, Double.NEGATIVE_INFINITY)));
        assertTrue(e.getMessage().contains("-Infinity") && e.getMessage().contains("$[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new double[] {Double.NaN}));
    }

    @Test
    void rejectsUnsupportedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.write(Map.of("when", new java.util.Date(0))));
        assertTrue(e.getMessage().contains("java.util.Date") && e.getMessage().contains("$.when"), e.getMessage());
        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(1, "x");
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(badKey));
        assertTrue(e.getMessage().contains("keys must be strings"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------- parser

    @Test
    void parsesTypes() {
        assertEquals(12L, Json.parse("12"));
        assertEquals(-7L, Json.parse(" -7 "));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(100.0, Json.parse("1e2"));
        assertEquals(-0.025, Json.parse("-2.5E-2"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) Json.parse("-0.0")));
        assertEquals(true, Json.parse("true"));
        assertEquals(false, Json.parse("false"));
        assertNull(Json.parse("null"));
        assertEquals("a\"\\/\b\f\n\r\té😀", Json.parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
        assertEquals(List.of(1L, List.of(), Map.of()), Json.parse("[1,[],{}]"));
        Object m = Json.parse("\t{\r\n \"b\" : 1 , \"a\":[ true , null ] }\n");
        assertEquals(LinkedHashMap.class, m.getClass());
        assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) m).keySet()));
    }

    @Test
    void roundTripsStructures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "x\u0000y");
        m.put("n", 3L);
        m.put("d", -2.75);
        m.put("list", List.of(List.of(1L, 2L), Map.of("k", "v")));
        m.put("null", null);
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals(m, Json.parse(Json.writePretty(m)));
    }

    @ParameterizedTest(name = "[{index}] «{0}»")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                    | 0 | unexpected end of input",
        "`   `                 | 3 | unexpected end of input",
        "`[1,2,]`              | 5 | unexpected ']'",
        "`{\"a\":1,}`          | 7 | expected a string key",
        "`01`                  | 1 | leading zero",
        "`-`                   | 1 | expected a digit",
        "`1.`                  | 2 | after the decimal point",
        "`.5`                  | 0 | unexpected '.'",
        "`+1`                  | 0 | unexpected '+'",
        "`1e`                  | 2 | exponent",
        "`NaN`                 | 0 | unexpected 'N'",
        "`Infinity`            | 0 | unexpected 'I'",
        "`'a'`                 | 0 | unexpected '''",
        "`[1 2]`               | 3 | expected ',' or ']'",
        "`{\"a\" 1}`           | 5 | expected ':'",
        "`{\"a\":1 \"b\":2}`   | 7 | expected ',' or '}'",
        "`{a:1}`               | 1 | expected a string key",
        "`\"abc`               | 0 | unterminated string",
        "`\"a\\x\"`            | 2 | invalid escape sequence \\x",
        "`\"\\u12G4\"`         | 1 | invalid \\u escape",
        "`\"\\u12\"`           | 1 | invalid \\u escape",
        "`tru`                 | 0 | expected true",
        "`nul`                 | 0 | expected null",
        "`1 2`                 | 2 | after the JSON value",
        "`{} x`                | 3 | after the JSON value",
        "`// c\n1`             | 0 | unexpected '/'",
        "`1e999`               | 0 | out of the range of a double",
        "`{\"a\":1,\"a\":2}`   | 7 | duplicate key \"a\"",
        "`[{\"k\":[],\"k\":{}}]` | 9 | duplicate key \"k\""
    })
    void rejectsWithPosition(String text, int position, String fragment) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text.replace("\\n", "\n")));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("JSON error at position " + position + " (line "), e.getMessage());
    }

    @Test
    void rejectsControlCharactersAndBomAndOtherWhitespace() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
        assertEquals(2, e.position());
        assertTrue(e.getMessage().contains("U+000A"), e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("\ufeff1"));
        assertThrows(JsonException.class, () -> Json.parse("\u00a01"));
        assertThrows(JsonException.class, () -> Json.parse("\f1"));
    }

    @Test
    void unicodeEscapesTakeAsciiHexDigitsOnly() {
        assertEquals("\u00e9\u00e9", Json.parse("\"\\u00e9\\u00E9\""));
        // Character.digit would accept these: ARABIC-INDIC DIGIT ONE, FULLWIDTH DIGIT ONE and LATIN A.
        for (String digit : new String[] {"\u0661", "\uff11", "\uff21"}) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"\\u00" + digit + "1\""));
            assertTrue(e.getMessage().contains("invalid \\u escape"), e.getMessage());
        }
    }

    @Test
    void reportsLineAndColumn() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": ]\n}"));
        assertEquals(3, e.line());
        assertEquals(8, e.column());
        assertEquals(19, e.position());
        assertTrue(e.getMessage().contains("(line 3, column 8)"), e.getMessage());
    }

    @Test
    void limitsNesting() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(ok) instanceof List);
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertEquals(Json.MAX_DEPTH, e.position());
        assertTrue(e.getMessage().contains("nesting deeper than"), e.getMessage());
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThrows(JsonException.class, () -> Json.parse(deepObjects));
    }
}
