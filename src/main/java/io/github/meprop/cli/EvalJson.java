package io.github.meprop.cli;

import io.github.meprop.eval.ClassMetrics;
import io.github.meprop.eval.ClassificationReport;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.nn.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} output of {@code eval}: metrics as fractions, log-loss in nats, times in seconds. */
final class EvalJson {
    private EvalJson() {}

    static Map<String, Object> of(Path model, String data, int examples, Model mlp, ClassificationReport r,
            List<String> classNames, int threads, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.toString());
        m.put("data", data);
        m.put("examples", examples);
        m.put("layer_sizes", mlp.sizes());
        m.put("activation", Layouts.describe(mlp));
        m.put("parameters", mlp.parameterCount());
        m.put("accuracy", r.accuracy());
        m.put("macro_precision", r.macroPrecision());
        m.put("macro_recall", r.macroRecall());
        m.put("macro_f1", r.macroF1());
        m.put("log_loss", Double.isNaN(r.logLoss()) ? null : r.logLoss());
        List<Object> perClass = new ArrayList<>();
        for (ClassMetrics c : r.perClass()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", classNames.get(c.label()));
            e.put("precision", c.precision());
            e.put("recall", c.recall());
            e.put("f1", c.f1());
            e.put("support", c.support());
            perClass.add(e);
        }
        m.put("per_class", perClass);
        m.put("class_names", classNames);
        m.put("confusion_matrix", r.confusion().toArray());
        m.put("threads", threads);
        m.put("kernels", Kernels.describe());
        m.put("java", Runtime.version().toString());
        m.put("evaluation_seconds", seconds);
        return m;
    }
}
