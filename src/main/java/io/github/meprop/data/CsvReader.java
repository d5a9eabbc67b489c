package io.github.meprop.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads a data set from a CSV file: one example per line, one column holding the label, every
 * other column a feature.
 *
 * <pre>{@code
 * CsvTable iris = CsvReader.withHeader().labelColumn("species").read(Path.of("iris.csv"));
 * Dataset data = iris.dataset();                 // 150 × 4 floats, labels 0..2
 * List<String> classes = iris.classNames();      // [setosa, versicolor, virginica]
 * }</pre>
 *
 * <h2>Format</h2>
 * <ul>
 *   <li>UTF-8 (a leading byte-order mark is skipped); lines end with LF or CRLF; blank lines are
 *       skipped.</li>
 *   <li>Fields are separated by the {@linkplain #delimiter(char) delimiter} (a comma by default)
 *       and trimmed of spaces. A field may be quoted ({@code "a, b"}, with {@code ""} for a quote);
 *       a quoted field cannot span lines.</li>
 *   <li>With {@link #withHeader()} the first non-blank line names the columns; every row must have
 *       as many fields as the header (without a header, as the first row).</li>
 *   <li>Features are decimal numbers ({@code -1}, {@code 0.5}, {@code .5}, {@code 1e-3}), parsed with
 *       {@link Float#parseFloat} (correctly rounded); NaN, infinities, empty fields and numbers out
 *       of float range are errors. There is no notion of a missing value.</li>
 *   <li>The label column is the last one unless {@link #labelColumn(String)} or
 *       {@link #labelColumn(int)} says otherwise.</li>
 * </ul>
 *
 * <h2>Labels → classes 0..C−1</h2>
 * <ol>
 *   <li>With {@link #classNames(List)}: each label must be one of the names, and class k is
 *       {@code names.get(k)}. Use this to read a test file with the training file's classes:
 *       {@code .classNames(train.classNames())}.</li>
 *   <li>Otherwise, if every label is a non-negative integer ({@code 0}, {@code 7}, {@code 12}):
 *       the label is the class, C = the largest + 1, and the class names are
 *       {@code "0" .. "C-1"}.</li>
 *   <li>Otherwise the distinct labels, sorted by {@link String#compareTo} (Unicode code units),
 *       are classes 0..C−1: {@code [cat, dog, bird]} → bird = 0, cat = 1, dog = 2. The order does
 *       not depend on the order of the rows.</li>
 * </ol>
 *
 * <p>Errors are {@link CsvFormatException}s naming the file, the line (1-based) and the column
 * (1-based, with its header name). Memory: the data as floats, plus the label strings. A reader
 * is immutable; its settings methods return a new reader.
 */
public final class CsvReader {

    private final boolean header;
    private final char delimiter;
    /** The label column's header name, or null when it is given by index. */
    private final String labelName;
    /** The label column's index (0-based; negative counts from the end), used when labelName is null. */
    private final int labelIndex;
    /** The class names labels must be one of, or null to infer them. */
    private final List<String> classNames;

    private CsvReader(boolean header, char delimiter, String labelName, int labelIndex, List<String> classNames) {
        this.header = header;
        this.delimiter = delimiter;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.classNames = classNames;
    }

    /**
     * A reader for files whose first non-blank line is a header naming the columns; comma
     * delimiter, label in the last column.
     *
     * @return the reader
     */
    public static CsvReader withHeader() {
        return new CsvReader(true, ',', null, -1, null);
    }

    /**
     * A reader for files without a header; comma delimiter, label in the last column.
     *
     * @return the reader
     */
    public static CsvReader withoutHeader() {
        return new CsvReader(false, ',', null, -1, null);
    }

    /**
     * The field delimiter, e.g. {@code ';'} or {@code '\t'}.
     *
     * @param d the delimiter; not a quote, CR or LF
     * @return a reader with this delimiter
     */
    public CsvReader delimiter(char d) {
        if (d == '"' || d == '\n' || d == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote, CR or LF");
        }
        return new CsvReader(header, d, labelName, labelIndex, classNames);
    }

    /**
     * The label column by its header name.
     *
     * @param name the column's name in the header
     * @return a reader that takes labels from that column
     * @throws IllegalStateException if this reader has no header
     */
    public CsvReader labelColumn(String name) {
        Objects.requireNonNull(name, "name");
        if (!header) {
            throw new IllegalStateException("a label column by name needs a header (use CsvReader.withHeader())");
        }
        return new CsvReader(header, delimiter, name, -1, classNames);
    }

    /**
     * The label column by index.
     *
     * @param index 0-based from the left, or negative from the right ({@code -1} = the last)
     * @return a reader that takes labels from that column
     */
    public CsvReader labelColumn(int index) {
        return new CsvReader(header, delimiter, null, index, classNames);
    }

    /**
     * The classes the labels name: class k is {@code names.get(k)}; any other label is an error.
     *
     * @param names distinct class names
     * @return a reader that maps labels by these names
     * @throws IllegalArgumentException if the list is empty or has duplicates
     */
    public CsvReader classNames(List<String> names) {
        List<String> copy = List.copyOf(names);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty");
        }
        if (new java.util.HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException("classNames has duplicates: " + copy);
        }
        return new CsvReader(header, delimiter, labelName, labelIndex, copy);
    }

    /**
     * Reads a CSV file.
     *
     * @param file the file (UTF-8)
     * @return the data set (named after the file) with its feature and class names
     * @throws CsvFormatException naming the file and line if the contents are not a data set
     * @throws IOException        if the file cannot be read
     */
    public CsvTable read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path name = file.getFileName();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, new Where(file, file.toString()), name == null ? file.toString() : name.toString());
        }
    }

    /**
     * Reads CSV text from a reader (not closed).
     *
     * @param in     the text
     * @param source a name for the input in messages and as the data set's name
     * @return the data set with its feature and class names
     * @throws CsvFormatException naming {@code source} and the line if the contents are not a data set
     * @throws IOException        if reading fails
     */
    public CsvTable read(Reader in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
        return parse(buffered, new Where(null, source), source);
    }

    /** Where an error is: the file (or null for a stream) and the name messages start with. */
    private record Where(Path file, String source) {
        CsvFormatException error(long line, String problem) {
            return file != null ? new CsvFormatException(file, line, problem) : new CsvFormatException(source, line, problem);
        }
    }

    private CsvTable parse(BufferedReader in, Where where, String datasetName) throws IOException {
        long lineNo = 0;
        List<String> names = null;
        int columns = -1;
        int labelCol = -1;
        long columnsFrom = 0;
        float[] x = new float[1024];
        int used = 0;
        List<String> labels = new ArrayList<>();
        List<Long> labelLines = new ArrayList<>();
        String line;
        try {
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line, where, lineNo);
                if (columns < 0) {
                    columns = fields.size();
                    columnsFrom = lineNo;
                    if (header) {
                        names = fields;
                    }
                    labelCol = labelColumn(names, columns, where, lineNo);
                    if (columns < 2) {
                        throw where.error(lineNo, "line " + lineNo + " has " + columns
                                + " column; a data set needs a label column and at least one feature column"
                                + " (is the delimiter '" + printable(delimiter) + "' right?)");
                    }
                    if (header) {
                        continue;
                    }
                }
                if (fields.size() != columns) {
                    throw where.error(lineNo, "line " + lineNo + " has " + fields.size() + " fields, expected " + columns
                            + " (as " + (header ? "the header" : "line " + columnsFrom) + " has)");
                }
                if (used > Integer.MAX_VALUE - 8 - columns) {
                    throw where.error(lineNo, "more values than one Java array holds at line " + lineNo);
                }
                if (used + columns - 1 > x.length) {
                    x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(used + columns, x.length * 3L / 2)));
                }
                for (int c = 0; c < columns; c++) {
                    String f = fields.get(c);
                    if (c == labelCol) {
                        if (f.isEmpty()) {
                            throw where.error(lineNo, "line " + lineNo + ", column " + describe(c, names) + ": empty label");
                        }
                        labels.add(f);
                        labelLines.add(lineNo);
                    } else {
                        x[used++] = number(f, where, lineNo, c, names);
                    }
                }
            }
        } catch (CharacterCodingException e) {
            long bad = where.file() == null ? lineNo + 1 : firstInvalidUtf8Line(where.file());
            throw where.error(bad, "line " + bad + " is not valid UTF-8");
        }
        if (labels.isEmpty()) {
            throw where.error(0, "no data rows" + (header && names != null ? " after the header" : ""));
        }
        int width = columns - 1;
        List<String> features = new ArrayList<>();
        if (names != null) {
            for (int c = 0; c < columns; c++) {
                if (c != labelCol) {
                    features.add(names.get(c));
                }
            }
        }
        List<String> classes = classNames != null ? classNames : inferClasses(labels);
        int[] y = new int[labels.size()];
        if (classNames == null && isIntegers(labels)) {
            for (int i = 0; i < y.length; i++) {
                y[i] = Integer.parseInt(labels.get(i));
            }
        } else {
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < classes.size(); k++) {
                index.put(classes.get(k), k);
            }
            for (int i = 0; i < y.length; i++) {
                Integer k = index.get(labels.get(i));
                if (k == null) {
                    throw where.error(labelLines.get(i), "line " + labelLines.get(i) + ", column "
                            + describe(labelCol, names) + ": label \"" + labels.get(i) + "\" is not one of the classes "
                            + classes);
                }
                y[i] = k;
            }
        }
        Dataset data = new Dataset(datasetName, used == x.length ? x : Arrays.copyOf(x, used), y, y.length, width,
                classes.size());
        return new CsvTable(data, features, classes);
    }

    /**
     * The line (1-based) holding the file's first byte that is not valid UTF-8. The decoding reader
     * reads ahead, so its error does not tell the line.
     */
    private static long firstInvalidUtf8Line(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        try (InputStream raw = Files.newInputStream(file)) {
            boolean end = false;
            while (!end) {
                int n = raw.read(in.array(), in.position(), in.remaining());
                end = n < 0;
                if (n > 0) {
                    in.position(in.position() + n);
                }
                in.flip();
                int start = in.position();
                CoderResult result = decoder.decode(in, out, end);
                for (int i = start; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        line++;
                    }
                }
                if (result.isError()) {
                    return line;
                }
                out.clear();
                in.compact();
            }
        }
        return line;
    }

    private int labelColumn(List<String> names, int columns, Where where, long lineNo) throws CsvFormatException {
        if (labelName != null) {
            int found = -1;
            for (int c = 0; c < names.size(); c++) {
                if (names.get(c).equals(labelName)) {
                    if (found >= 0) {
                        throw where.error(lineNo, "the header names the label column \"" + labelName + "\" twice (columns "
                                + (found + 1) + " and " + (c + 1) + ")");
                    }
                    found = c;
                }
            }
            if (found < 0) {
                throw where.error(lineNo, "the header has no column \"" + labelName + "\"; its columns are " + names);
            }
            return found;
        }
        int c = labelIndex < 0 ? columns + labelIndex : labelIndex;
        if (c < 0 || c >= columns) {
            throw where.error(lineNo, "label column index " + labelIndex + " is outside the " + columns + " columns of line "
                    + lineNo);
        }
        return c;
    }

    /** The fields of one line, trimmed, with quoted fields unquoted. */
    private List<String> split(String line, Where where, long lineNo) throws CsvFormatException {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            int start = i;
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                int open = i;
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw where.error(lineNo, "line " + lineNo + ": the quote at character " + (open + 1)
                                + " is not closed (quoted fields cannot span lines)");
                    }
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(ch);
                    i++;
                }
                while (i < n && isBlank(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw where.error(lineNo, "line " + lineNo + ": unexpected '" + line.charAt(i) + "' after the quoted field"
                            + " that starts at character " + (open + 1));
                }
                out.add(sb.toString());
            } else {
                i = start;
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    end = n;
                }
                String f = line.substring(i, end).strip();
                if (f.indexOf('"') >= 0) {
                    throw where.error(lineNo, "line " + lineNo + ", field " + (out.size() + 1) + ": a quote inside an"
                            + " unquoted field (" + f + ")");
                }
                out.add(f);
                i = end;
            }
            if (i >= n) {
                return out;
            }
            i++; // the delimiter
            if (i == n) {
                out.add("");
                return out;
            }
        }
    }

    private boolean isBlank(char c) {
        return (c == ' ' || c == '\t') && c != delimiter;
    }

    private static float number(String f, Where where, long lineNo, int column, List<String> names)
            throws CsvFormatException {
        if (!isDecimal(f)) {
            throw where.error(lineNo, "line " + lineNo + ", column " + describe(column, names) + ": "
                    + (f.isEmpty() ? "empty value" : "\"" + f + "\" is not a decimal number")
                    + " (features must be finite numbers; there are no missing values)");
        }
        float v = Float.parseFloat(f);
        if (!Float.isFinite(v)) {
            throw where.error(lineNo, "line " + lineNo + ", column " + describe(column, names) + ": " + f
                    + " is outside the float range");
        }
        return v;
    }

    /** [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIntegers(List<String> labels) {
        for (String s : labels) {
            if (s.isEmpty() || s.length() > 9) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (!isDigit(s.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> inferClasses(List<String> labels) {
        if (isIntegers(labels)) {
            int max = 0;
            for (String s : labels) {
                max = Math.max(max, Integer.parseInt(s));
            }
            List<String> names = new ArrayList<>(max + 1);
            for (int k = 0; k <= max; k++) {
                names.add(Integer.toString(k));
            }
            return names;
        }
        return new ArrayList<>(new TreeSet<>(labels));
    }

    private static String describe(int column, List<String> names) {
        return (column + 1) + (names != null ? " (" + names.get(column) + ")" : "");
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }
}
