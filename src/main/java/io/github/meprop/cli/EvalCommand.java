package io.github.meprop.cli;

import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Mlp;
import io.github.meprop.nn.TrainConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Option(names = "--allow-non-finite",
            description = "Load a model with NaN or infinite weights (refused by default); its accuracy is then reported as undefined.")
    boolean allowNonFinite;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int nThreads = threads.count();
        OptionCheck.run(spec, "--batch", () -> TrainConfig.builder().evalBatchSize(batch).build());
        Stage.set("reading the model " + model);
        Mlp mlp = ModelFile.load(model, allowNonFinite);
        Stage.set("loading the data set " + DataSource.resolve(data));
        Splits splits = DataSource.load(spec, data, 0);
        Evaluation ev;
        long t0 = System.nanoTime();
        Stage.set("evaluating the model " + model);
        try (Parallelism par = Parallelism.of(nThreads)) {
            ev = Evaluation.of(mlp, splits.test(), par, batch);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        TextTable t = new TextTable("model", "value");
        t.row("file", model);
        t.row("layer sizes", TrainCommand.join(mlp.sizes()) + " (" + mlp.hiddenActivation().id() + ")");
        t.row("average hidden size", String.format(Locale.ROOT, "%.1f",
                Arrays.stream(mlp.hiddenSizes()).average().orElse(0)));
        t.row("parameters", String.format(Locale.ROOT, "%,d", mlp.parameters()));
        t.row("test accuracy", ev.accuracy() + (ev.defined() ? " (" + splits.test().size() + " examples of " + data + ")" : ""));
        t.row("evaluation seconds", String.format(Locale.ROOT, "%.2f", seconds));
        System.out.print(t);
        if (!ev.defined()) {
            // The one result of this command is not a figure: say so in the exit status too.
            throw new IllegalStateException(model + ": test accuracy " + ev.accuracy());
        }
        return Main.SUCCESS;
    }
}
