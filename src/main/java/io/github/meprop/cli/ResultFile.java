package io.github.meprop.cli;

import io.github.meprop.io.files.FileErrors;
import io.github.meprop.io.json.Json;
import io.github.meprop.io.json.JsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of one {@code train --json} result file that {@code plot} draws. A value the JSON
 * holds as {@code null} (an accuracy that was NaN) is NaN here; a missing field, a value of the
 * wrong type, a file that is not UTF-8 JSON are {@link ResultFileException}s naming the file.
 *
 * @param k          k as a number, NaN for dense runs, percentages and selector settings
 * @param optimizer  the optimizer's description ({@code adam(lr=0.001, ...)})
 * @param dropout    the dropout rate (0 in files from before dropout existed)
 * @param seed       the seed, or null when the file has none
 * @param devCurve   dev accuracy (%) of each epoch that has one
 * @param meanK      the mean entries kept per example, over the hidden layers and epochs (NaN for
 *                   dense runs and files without {@code mean_k})
 */
record ResultFile(Path file, String data, String mode, double k, String kText, String optimizer, double dropout,
        Long seed, double testAccuracy, double backwardSeconds, List<Double> devCurve, double meanK) {

    /** "topk k=20" or "dense". */
    String label() {
        return mode.equals("dense") ? "dense" : mode + " k=" + kText;
    }

    /** "adam", "lazy adam", "sgd" or "sgd+momentum" (from the description's name and flags). */
    String optimizerFamily() {
        int paren = optimizer.indexOf('(');
        String name = (paren < 0 ? optimizer : optimizer.substring(0, paren)).trim();
        if (name.equals("adam") && optimizer.contains("lazy")) {
            return "lazy adam";
        }
        if (name.equals("sgd") && optimizer.contains("momentum")) {
            return "sgd+momentum";
        }
        return name;
    }

    /** Reads and checks a result file. */
    static ResultFile read(Path p) throws IOException {
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileErrors.naming(p, e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw new ResultFileException(p, "not a train --json result file: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new ResultFileException(p, "not a train --json result file: the JSON is not an object", null);
        }
        String mode = string(p, m, "mode");
        String kText = mode.equals("dense") ? "" : string(p, m, "k");
        double k = Double.NaN;
        // A count ("20") is placed on the k axis; a percentage or a selector's settings
        // ("mass=0.25,k-min=1,k-max=40", adaptive k) only on the mean-k axis.
        if (!kText.isEmpty() && !kText.endsWith("%") && !kText.contains("=")) {
            try {
                k = Double.parseDouble(kText);
            } catch (NumberFormatException e) {
                throw new ResultFileException(p, "field 'k' is \"" + kText + "\", expected a count such as 20 or a"
                        + " percentage such as 4%", e);
            }
        }
        List<Double> curve = new ArrayList<>();
        double kSum = 0;
        int kCount = 0;
        if (m.get("history") instanceof List<?> h) {
            for (Object o : h) {
                if (o instanceof Map<?, ?> e && e.get("dev_accuracy") instanceof Number n) {
                    curve.add(100 * n.doubleValue());
                }
                if (o instanceof Map<?, ?> e && e.get("mean_k") instanceof List<?> ks) {
                    for (Object v : ks) {
                        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                            kSum += n.doubleValue();
                            kCount++;
                        }
                    }
                }
            }
        }
        double meanK = mode.equals("dense") || kCount == 0 ? Double.NaN : kSum / kCount;
        Long seed = m.get("seed") instanceof Long s ? s : null;
        // A float rate: older files wrote it widened (0.30000001192092896), newer ones as 0.3; both are
        // read as the float's shortest decimal so that they fall into one series.
        double dropout = m.containsKey("dropout") ? Double.parseDouble(Float.toString((float) number(p, m, "dropout"))) : 0;
        return new ResultFile(p, string(p, m, "data"), mode, k, kText, string(p, m, "optimizer"), dropout, seed,
                number(p, m, "test_accuracy"), number(p, m, "backward_seconds"), curve, meanK);
    }

    private static String string(Path p, Map<?, ?> m, String key) throws ResultFileException {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new ResultFileException(p, "field '" + key + "' is " + (v == null ? "missing" : "not a string: "
                    + Json.write(v)), null);
        }
        return s;
    }

    /** A number, or NaN for {@code null} (how the result files store NaN). */
    private static double number(Path p, Map<?, ?> m, String key) throws ResultFileException {
        if (!m.containsKey(key)) {
            throw new ResultFileException(p, "field '" + key + "' is missing", null);
        }
        Object v = m.get(key);
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new ResultFileException(p, "field '" + key + "' is not a number: " + Json.write(v), null);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", label(), file);
    }
}
