package io.github.meprop.io.json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer and a strict JSON parser (RFC 8259), enough for model-file headers and the
 * command line's {@code --json} output. Internal: this package is not exported by the module.
 *
 * <h2>Writing</h2>
 * {@link #write} accepts {@code null}, {@link Boolean}, {@link CharSequence}, {@link Integer},
 * {@link Long}, {@link Short}, {@link Byte}, {@link Float}, {@link Double}, {@link Map} with
 * {@link String} keys (written in the map's iteration order), {@link Iterable}, {@code Object[]},
 * {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]} and {@code boolean[]}, nested
 * freely. Strings are escaped ({@code " \ } and control characters; lone surrogates as
 * {@code \\uXXXX}). Doubles are written with {@link Double#toString} (the shortest decimal that
 * parses back to the same double); floats with {@link Float#toString} when that parses back, as a
 * double, to the same float, and as the exact double otherwise. NaN and infinities are rejected,
 * as is anything else, with an {@link IllegalArgumentException} naming the value's path
 * ({@code $.layers[2].bias}).
 *
 * <h2>Parsing</h2>
 * {@link #parse} returns {@link Map} (a {@link LinkedHashMap} in document order), {@link List},
 * {@link String}, {@link Long} (numbers without fraction or exponent that fit a long),
 * {@link Double} (all other numbers; finite), {@link Boolean} or {@code null}. It is strict:
 * no comments, trailing commas, single quotes, leading zeros, NaN, unescaped control characters,
 * duplicate object keys or content after the value; nesting is limited to
 * {@value #MAX_DEPTH} levels. Errors are {@link JsonException}s stating the position.
 */
public final class Json {

    /** Deepest nesting of arrays and objects that {@link #parse} accepts. */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /**
     * The value as compact JSON (no whitespace).
     *
     * @param value a value of one of the types listed above
     * @return its JSON text
     * @throws IllegalArgumentException naming the path of a value that cannot be written
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, null).value(value);
        return out.toString();
    }

    /**
     * The value as JSON indented by two spaces per level, one member or element per line.
     *
     * @param value a value of one of the types listed above
     * @return its JSON text
     * @throws IllegalArgumentException naming the path of a value that cannot be written
     */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, "  ").value(value);
        return out.toString();
    }

    /**
     * Parses strict JSON text.
     *
     * @param text the text
     * @return the value, of one of the types listed above
     * @throws JsonException stating the position of the first problem
     */
    public static Object parse(String text) {
        return new Parser(text).document();
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    static void quote(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, out); // lone surrogate: not encodable as UTF-8
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }

    /** {@code f} as the shortest text that {@link #parse} reads back (as a double) to exactly {@code f}. */
    static String formatFloat(float f) {
        String shortest = Float.toString(f);
        return (float) Double.parseDouble(shortest) == f ? shortest : Double.toString(f);
    }

    private static final class Writer {
        private final StringBuilder out;
        private final String indent;
        private final Deque<Object> path = new ArrayDeque<>();
        private int depth;

        Writer(StringBuilder out, String indent) {
            this.out = out;
            this.indent = indent;
        }

        void value(Object v) {
            switch (v) {
                case null -> out.append("null");
                case Boolean b -> out.append(b);
                case CharSequence s -> quote(s, out);
                case Integer i -> out.append(i);
                case Long l -> out.append(l);
                case Short s -> out.append(s);
                case Byte b -> out.append(b);
                case Double d -> {
                    requireFinite(d, d);
                    out.append(Double.toString(d));
                }
                case Float f -> {
                    requireFinite(f, f);
                    out.append(formatFloat(f));
                }
                case Map<?, ?> m -> object(m);
                case Iterable<?> it -> {
                    List<Object> items = new ArrayList<>();
                    it.forEach(items::add);
                    array(items.size(), i -> value(items.get(i)));
                }
                case Object[] a -> array(a.length, i -> value(a[i]));
                case int[] a -> array(a.length, i -> out.append(a[i]));
                case long[] a -> array(a.length, i -> out.append(a[i]));
                case boolean[] a -> array(a.length, i -> out.append(a[i]));
                case double[] a -> array(a.length, i -> {
                    requireFinite(a[i], a[i]);
                    out.append(Double.toString(a[i]));
                });
                case float[] a -> array(a.length, i -> {
                    requireFinite(a[i], a[i]);
                    out.append(formatFloat(a[i]));
                });
                default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getName()
                        + " as JSON at " + path());
            }
        }

        private void requireFinite(double d, Object shown) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no " + shown + ": non-finite number at " + path());
            }
        }

        private void object(Map<?, ?> m) {
            out.append('{');
            depth++;
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()) + " at " + path());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline();
                quote(key, out);
                out.append(indent == null ? ":" : ": ");
                path.push(key);
                value(e.getValue());
                path.pop();
            }
            depth--;
            if (!first) {
                newline();
            }
            out.append('}');
        }

        private void array(int length, java.util.function.IntConsumer element) {
            out.append('[');
            depth++;
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                newline();
                path.push(i);
                element.accept(i);
                path.pop();
            }
            depth--;
            if (length > 0) {
                newline();
            }
            out.append(']');
        }

        private void newline() {
            if (indent != null) {
                out.append('\n');
                out.append(indent.repeat(depth));
            }
        }

        private String path() {
            StringBuilder p = new StringBuilder("$");
            var it = path.descendingIterator();
            while (it.hasNext()) {
                Object step = it.next();
                if (step instanceof Integer i) {
                    p.append('[').append(i).append(']');
                } else {
                    p.append('.').append(step);
                }
            }
            return p.toString();
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = java.util.Objects.requireNonNull(s, "text");
        }

        Object document() {
            skipWhitespace();
            Object v = value();
            skipWhitespace();
            if (pos < s.length()) {
                throw error("unexpected " + describe(pos) + " after the JSON value");
            }
            return v;
        }

        private Object value() {
            if (pos >= s.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected " + describe(pos) + ", expected a value");
                }
            };
        }

        private Map<String, Object> object() {
            int start = pos;
            enter();
            pos++; // '{'
            Map<String, Object> m = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                depth--;
                return m;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key in the object that starts at position " + start + ", found "
                            + describe(pos));
                }
                int keyPos = pos;
                String key = string();
                skipWhitespace();
                if (peek() != ':') {
                    throw error("expected ':' after object key, found " + describe(pos));
                }
                pos++;
                skipWhitespace();
                Object v = value();
                if (m.containsKey(key)) {
                    pos = keyPos;
                    throw error("duplicate key " + Json.write(key) + " in the object that starts at position " + start);
                }
                m.put(key, v);
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    depth--;
                    return m;
                } else {
                    throw error("expected ',' or '}' in the object that starts at position " + start + ", found "
                            + describe(pos));
                }
            }
        }

        private List<Object> array() {
            int start = pos;
            enter();
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value());
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    depth--;
                    return list;
                } else {
                    throw error("expected ',' or ']' in the array that starts at position " + start + ", found "
                            + describe(pos));
                }
            }
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }

        private String string() {
            int start = pos;
            pos++; // opening quote
            StringBuilder b = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    pos = start;
                    throw error("unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String result = b == null ? s.substring(runStart, pos) : b.append(s, runStart, pos).toString();
                    pos++;
                    return result;
                }
                if (c < 0x20) {
                    throw error("unescaped control character " + describe(pos) + " in string");
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(s, runStart, pos);
                if (pos + 1 >= s.length()) {
                    throw error("unterminated escape sequence");
                }
                char e = s.charAt(pos + 1);
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            int at = pos + 2 + k;
                            int digit = at < s.length() ? hexDigit(s.charAt(at)) : -1;
                            if (digit < 0) {
                                throw error("invalid \\u escape: expected 4 hexadecimal digits");
                            }
                            code = code * 16 + digit;
                        }
                        b.append((char) code);
                        pos += 4;
                    }
                    default -> throw error("invalid escape sequence \\" + e);
                }
                pos += 2;
                runStart = pos;
            }
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw error("leading zero in number");
                }
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw error("expected a digit in number, found " + describe(pos));
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after the decimal point, found " + describe(pos));
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in the exponent, found " + describe(pos));
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            String text = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException outOfLongRange) {
                    // falls through to a double
                }
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                pos = start;
                throw error("number " + text + " is out of the range of a double");
            }
            return d;
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("invalid literal starting with " + describe(pos) + ", expected " + word);
            }
            pos += word.length();
            return value;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        /** The value of an ASCII hexadecimal digit, or -1 (RFC 8259 allows no other digits in a {@code \\u} escape). */
        private static int hexDigit(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private String describe(int at) {
            if (at >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(at);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                return String.format("character U+%04X", (int) c);
            }
            return "'" + c + "'";
        }

        private JsonException error(String problem) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < pos && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new JsonException(problem, pos, line, pos - lineStart + 1);
        }
    }
}
