package io.github.meprop.cli;

import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.MeProp;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Mlp;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meprop train}: trains an MLP with meProp on an MNIST-format data set and reports what it achieved. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP with sparsified back propagation (meProp) and print a summary.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "mnist|fashion|DIR", defaultValue = "mnist",
            description = "Data set: mnist, fashion (fetched into data/), or a folder with the four IDX files (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--hidden", paramLabel = "N[,N...]", defaultValue = "500,500", split = ",",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--activation", paramLabel = "relu|tanh|sigmoid", defaultValue = "relu",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--mode", paramLabel = "dense|topk|unified|randomk", defaultValue = "topk",
            description = "Backward of the hidden layers: dense, top-k per example, unified top-k per batch, random k (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--k", paramLabel = "N|P%", defaultValue = "20",
            description = "Rows kept per hidden layer: a count or a percentage of the width (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", paramLabel = "adam|sgd", defaultValue = "adam",
            description = "Optimizer (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--lazy-adam", description = "Row-sparse Adam: update only the rows that received gradient.")
    boolean lazy;

    @Option(names = "--clip", defaultValue = "5", description = "Element-wise gradient clip, 0 for none (default: ${DEFAULT-VALUE}).")
    float clip;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights, the shuffles and random-k (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Option(names = "--dev", defaultValue = "5000", description = "Dev examples taken from the end of the training set (default: ${DEFAULT-VALUE}).")
    int devSize;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    Path json;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (safetensors) to FILE.")
    Path save;

    @Option(names = "--progress", paramLabel = "auto|bar|plain|none", defaultValue = "auto",
            description = "Progress display: a bar on a terminal, plain lines otherwise (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Activation act = Activation.parse(activation);
        MeProp policy = MeProp.of(MeProp.Mode.parse(mode), k);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;

        Splits splits = DataSource.load(data, devSize);
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = splits.train().width();
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = splits.train().classes();
        Mlp model = Mlp.create(sizes, act, seed);
        for (int l = 0; l < hidden.length; l++) {
            policy.validate(l, hidden[l]);
        }

        System.out.println("meprop train: " + data + " (" + splits.train().size() + " train, " + splits.dev().size()
                + " dev, " + splits.test().size() + " test), MLP " + join(sizes) + " " + act.id() + ", "
                + policy + ", " + epochs + " epochs, batch " + batch + ", " + nThreads + " thread"
                + (nThreads == 1 ? "" : "s"));
        System.out.println("kernels: " + Kernels.describe());

        try (Parallelism par = Parallelism.of(nThreads)) {
            TrainConfig.Builder cfg = TrainConfig.builder().epochs(epochs).batchSize(batch)
                    .optimizer(TrainConfig.OptimizerKind.parse(optimizer)).learningRate(lr).lazy(lazy).clip(clip)
                    .seed(seed).parallelism(par).meProp(policy);
            Trainer trainer = new Trainer(cfg.build());
            ConsoleProgress console = new ConsoleProgress(System.out, ConsoleProgress.Style.parse(progress));
            trainer.listener(console);
            TrainingResult result = trainer.train(model, splits.train(), splits.dev(), splits.test());
            console.finish();
            System.out.print(Summary.of(result, splits));
            if (json != null) {
                ResultJson.write(json, ResultJson.of(result, data, sizes, act, seed, nThreads, batch, lr));
                System.out.println("results written to " + json);
            }
            if (save != null) {
                ModelFile.save(save, model);
                System.out.println("model saved to " + save);
            }
        }
        return 0;
    }

    static String join(int[] a) {
        return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
