package io.github.meprop.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Legend names for the series of a chart: what tells the runs apart, and unique (XChart refuses
 * a name used twice). A name gets the qualifiers that vary among the runs drawn together
 * (optimizer, dropout, seed); names still shared then get the file, and last a number.
 */
final class SeriesNames {
    private SeriesNames() {}

    /**
     * The qualifiers of {@code r} that vary among {@code runs}: the optimizer family, the dropout
     * rate and the seed, e.g. {@code " sgd, dropout 0.3, seed 2"}; empty when none varies.
     */
    static String qualifiers(ResultFile r, List<ResultFile> runs) {
        List<String> q = new ArrayList<>();
        if (varies(runs, ResultFile::optimizerFamily)) {
            q.add(r.optimizerFamily());
        }
        if (varies(runs, ResultFile::dropout)) {
            q.add("dropout " + (float) r.dropout()); // stored from a float: 0.3, not 0.30000001192092896
        }
        if (varies(runs, ResultFile::seed)) {
            q.add("seed " + r.seed());
        }
        return q.isEmpty() ? "" : " " + String.join(", ", q);
    }

    private static <T> boolean varies(List<ResultFile> runs, Function<ResultFile, T> attribute) {
        Set<Object> seen = new HashSet<>();
        for (ResultFile r : runs) {
            seen.add(attribute.apply(r));
        }
        return seen.size() > 1;
    }

    /**
     * {@code names} made unique: a name that occurs more than once gets its {@code files} entry
     * appended ({@code "topk k=20 (a.json)"}), and one still shared a number ({@code " #2"}).
     */
    static List<String> unique(List<String> names, List<String> files) {
        Map<String, Integer> count = new HashMap<>();
        names.forEach(n -> count.merge(n, 1, Integer::sum));
        List<String> withFiles = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            withFiles.add(count.get(n) > 1 ? n + " (" + files.get(i) + ")" : n);
        }
        Map<String, Integer> used = new HashMap<>();
        Set<String> taken = new HashSet<>(withFiles);
        List<String> out = new ArrayList<>(names.size());
        for (String n : withFiles) {
            int seen = used.merge(n, 1, Integer::sum);
            String name = n;
            if (seen > 1) {
                int i = seen;
                while (taken.contains(n + " #" + i)) {
                    i++;
                }
                name = n + " #" + i;
                taken.add(name);
            }
            out.add(name);
        }
        return out;
    }
}
