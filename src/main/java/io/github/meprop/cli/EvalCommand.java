package io.github.meprop.cli;

import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meprop eval}: test accuracy, sizes and parameter count of a saved model. */
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

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Model mlp = ModelFile.load(model);
        Splits splits = DataSource.load(data, 0);
        int nThreads = threads.count();
        double acc;
        long t0 = System.nanoTime();
        try (Parallelism par = Parallelism.of(nThreads)) {
            acc = mlp.accuracy(splits.test(), par, Math.max(1, batch));
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        TextTable t = new TextTable("model", "value");
        t.row("file", model);
        t.row("layer sizes", TrainCommand.join(mlp.sizes()) + " (" + Layouts.describe(mlp) + ")");
        t.row("average hidden size", String.format(Locale.ROOT, "%.1f",
                Arrays.stream(mlp.hiddenSizes()).average().orElse(0)));
        t.row("parameters", String.format(Locale.ROOT, "%,d", mlp.parameterCount()));
        t.row("test accuracy", TrainCommand.percent(acc) + " (" + splits.test().size() + " examples of " + data + ")");
        t.row("evaluation seconds", String.format(Locale.ROOT, "%.2f", seconds));
        System.out.print(t);
        return 0;
    }
}
