package io.github.meprop.cli;

import io.github.meprop.data.Dataset;
import io.github.meprop.data.Splits;
import io.github.meprop.eval.ClassificationReport;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelMetadata;
import io.github.meprop.nn.SavedModel;
import io.github.meprop.nn.SoftmaxCrossEntropy;
import io.github.meprop.nn.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meprop eval}: test accuracy, per-class precision/recall/F1, macro-F1, log-loss, the
 * confusion matrix, sizes and parameter count of a saved model; {@code --json} writes them.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model (safetensors) on a data set's test split.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "The model file (safetensors).")
    Path model;

    @Option(names = "--data", paramLabel = "mnist|fashion|DIR", defaultValue = "mnist",
            description = "Data set: mnist, fashion (fetched into data/), or a folder with the four IDX files (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--batch", defaultValue = "1000", description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the metrics as JSON to FILE.")
    Path json;

    @Option(names = "--allow-non-finite",
            description = "Load a model with NaN or infinite weights (refused by default); its figures are then reported as undefined.")
    boolean allowNonFinite;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int nThreads = threads.count();
        OptionCheck.run(spec, "--batch", () -> TrainConfig.builder().evalBatchSize(batch).build());
        OutputPaths.prepare(json);
        Stage.set("reading the model " + model);
        SavedModel saved = ModelFile.read(model, allowNonFinite);
        Model mlp = saved.model();
        ModelMetadata meta = saved.metadata();
        Stage.set("loading the data set " + DataSource.resolve(data));
        Splits splits = DataSource.load(spec, data, 0);
        Dataset test = meta.standardizer() == null ? splits.test() : meta.standardizer().apply(splits.test());
        if (test.width() != mlp.inputs()) {
            throw new IllegalArgumentException("data set " + data + " has " + test.width() + " features, the model "
                    + model + " expects " + mlp.inputs());
        }
        int n = test.size();
        int classes = mlp.outputs();
        int[] predicted = new int[n];
        float[] probabilities = new float[n * classes];
        int step = Math.max(1, batch);
        long t0 = System.nanoTime();
        int nonFinite = 0;
        Stage.set("evaluating the model " + model);
        try (Parallelism par = Parallelism.of(nThreads)) {
            float[] logits = new float[step * classes];
            int[] pred = new int[step];
            for (int from = 0; from < n; from += step) {
                int rows = Math.min(step, n - from);
                float[] x = Arrays.copyOfRange(test.x(), from * test.width(), (from + rows) * test.width());
                mlp.logits(par, x, rows, logits);
                for (int i = 0; i < rows * classes; i += classes) {
                    for (int c = 0; c < classes; c++) {
                        if (!Float.isFinite(logits[i + c])) {
                            nonFinite++;
                            break;
                        }
                    }
                }
                Ops.argmaxRows(logits, rows, classes, pred);
                System.arraycopy(pred, 0, predicted, from, rows);
                SoftmaxCrossEntropy.softmax(logits, rows, classes);
                System.arraycopy(logits, 0, probabilities, from * classes, rows * classes);
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        int[] truth = Arrays.copyOf(test.y(), n);
        if (test.classes() > classes) {
            throw new IllegalArgumentException("data set " + data + " has " + test.classes() + " classes, the model "
                    + model + " has " + classes + " outputs");
        }
        if (nonFinite > 0) {
            // NaN logits have an arbitrary arg-max: no figure computed from them is a result.
            TextTable t = new TextTable("model", "value");
            t.row("file", model);
            t.row("layer sizes", TrainCommand.join(mlp.sizes()) + " (" + Layouts.describe(mlp) + ")");
            t.row("test accuracy", Evaluation.undefined(nonFinite, n));
            System.out.print(t);
            throw new IllegalStateException(model + ": test accuracy " + Evaluation.undefined(nonFinite, n));
        }
        ClassificationReport report = ClassificationReport.of(truth, predicted, probabilities, classes);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(meta.className(c));
        }

        TextTable t = new TextTable("model", "value");
        t.row("file", model);
        t.row("layer sizes", TrainCommand.join(mlp.sizes()) + " (" + Layouts.describe(mlp) + ")");
        t.row("average hidden size", String.format(Locale.ROOT, "%.1f",
                Arrays.stream(mlp.hiddenSizes()).average().orElse(0)));
        t.row("parameters", String.format(Locale.ROOT, "%,d", mlp.parameterCount()));
        t.row("test accuracy", TrainCommand.percent(report.accuracy()) + " (" + n + " examples of " + data + ")");
        t.row("macro F1", String.format(Locale.ROOT, "%.4f", report.macroF1()));
        t.row("log-loss", String.format(Locale.ROOT, "%.4f", report.logLoss()));
        t.row("evaluation seconds", String.format(Locale.ROOT, "%.2f", seconds));
        System.out.print(t);
        System.out.println();
        System.out.print(report.format(names));
        System.out.println();
        System.out.print(confusion(report, names));
        if (json != null) {
            ResultJson.write(json, EvalJson.of(model, data, n, mlp, report, names, nThreads, seconds));
        }
        return Main.SUCCESS;
    }

    /** The confusion matrix: one row per true class, one column per predicted class. */
    private static String confusion(ClassificationReport r, List<String> names) {
        int classes = names.size();
        String[] header = new String[classes + 1];
        header[0] = "true \\ predicted";
        for (int c = 0; c < classes; c++) {
            header[c + 1] = names.get(c);
        }
        TextTable t = new TextTable(header);
        long[][] m = r.confusion().toArray();
        for (int truth = 0; truth < classes; truth++) {
            Object[] row = new Object[classes + 1];
            row[0] = names.get(truth);
            for (int p = 0; p < classes; p++) {
                row[p + 1] = m[truth][p];
            }
            t.row(row);
        }
        return t.toString();
    }
}
