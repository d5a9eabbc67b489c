package io.github.meprop.cli;

import io.github.meprop.compress.Activeness;
import io.github.meprop.compress.MeSimp;
import io.github.meprop.compress.Merger;
import io.github.meprop.compress.PrunePoint;
import io.github.meprop.compress.PruneRule;
import io.github.meprop.compress.PruneSchedule;
import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dropout;
import io.github.meprop.nn.MeProp;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Mlp;
import io.github.meprop.nn.Sgd;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0",
            description = "SGD's momentum, in [0, 1); needs --optimizer sgd (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--lazy-adam", description = "Row-sparse Adam: update only the rows that received gradient.")
    boolean lazy;

    @Option(names = "--clip", defaultValue = "5", description = "Element-wise gradient clip, 0 for none (default: ${DEFAULT-VALUE}).")
    float clip;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout rate on the hidden layers' outputs during training, in [0, 1) (default: ${DEFAULT-VALUE})."
                    + " With per-example top-k and Adam, 0.1-0.5 keeps training stable.")
    float dropout;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights, the shuffles, random-k and the dropout masks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "0",
            description = "Before training, warm up the kernels on a small model for this many seconds, so that"
                    + " the JIT compiles them before the first epoch; counted in the total time (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--dev", defaultValue = "5000", description = "Dev examples taken from the end of the training set (default: ${DEFAULT-VALUE}).")
    int devSize;

    @Option(names = "--simplify",
            description = "meSimp: prune hidden neurons that are rarely among the top-k during training (needs a sparse --mode).")
    boolean simplify;

    @Option(names = "--prune", paramLabel = "FRACTION",
            description = "With --simplify: remove a neuron active in fewer than this fraction of the examples since the last prune point (default: 0.1).")
    Double prune;

    @Option(names = "--cycle", paramLabel = "EPOCHS",
            description = "With --simplify: epochs per cycle; even cycles prune, odd cycles train the fixed model, Adam moments reset at cycle starts (default: 5).")
    Integer cycle;

    @Option(names = "--prune-points", paramLabel = "N",
            description = "With --simplify: prune points per epoch in a pruning cycle (default: 8).")
    Integer prunePoints;

    @Option(names = "--prune-every-cycle",
            description = "With --simplify: prune in every cycle (by default only even cycles prune and odd ones train the fixed model).")
    boolean pruneEveryCycle;

    @Option(names = "--no-moment-reset",
            description = "With --simplify: keep Adam's moments at cycle starts (by default they are reset).")
    boolean noMomentReset;

    @Option(names = "--merge", paramLabel = "TAU",
            description = "With --simplify: also merge neurons whose [incoming weights, bias] have cosine similarity >= TAU with another's, at every prune point (off by default).")
    Double merge;

    @Option(names = "--count", paramLabel = "nonzero|selected",
            description = "With --simplify: what counts as a hit: a selected neuron with a non-zero gradient, or any selected neuron (zeros picked by the tie rule included) (default: nonzero).")
    String count;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    Path json;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (safetensors) to FILE.")
    Path save;

    @Option(names = "--progress", paramLabel = "auto|bar|plain|none", defaultValue = "auto",
            description = "Progress display: a bar on a terminal, plain lines otherwise (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            Dropout.checkRate(dropout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dropout: " + e.getMessage());
        }
        try {
            Sgd.checkMomentum(momentum);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--momentum: " + e.getMessage());
        }
        if (momentum != 0f && !optimizer.trim().equalsIgnoreCase("sgd")) {
            throw new ParameterException(spec.commandLine(), "--momentum needs --optimizer sgd");
        }
        Activation act = Activation.parse(activation);
        MeProp policy = MeProp.of(MeProp.Mode.parse(mode), k);
        MeSimp mesimp = simplifier(policy, act);
        int nThreads = threads.count();
        OutputPaths.prepare(save, json);

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
        if (mesimp != null) {
            System.out.println("meSimp: prune " + mesimp.rule().prune() + ", cycles of " + mesimp.schedule().cycleEpochs()
                    + " epochs" + (mesimp.schedule().alternate() ? "" : " (all pruning)") + ", "
                    + mesimp.schedule().pointsPerEpoch() + " prune points per epoch"
                    + (mesimp.schedule().resetMoments() ? "" : ", no moment reset")
                    + (mesimp.merger() == null ? "" : ", merge at cosine >= " + mesimp.merger().tau()) + ", counting "
                    + mesimp.activeness().counting().name().toLowerCase(Locale.ROOT) + " selections");
        }

        try (Parallelism par = Parallelism.of(nThreads)) {
            TrainConfig.Builder cfg = TrainConfig.builder().epochs(epochs).batchSize(batch)
                    .optimizer(TrainConfig.OptimizerKind.parse(optimizer)).learningRate(lr).lazy(lazy).momentum(momentum).clip(clip)
                    .dropout(dropout).seed(seed).parallelism(par).meProp(policy);
            Trainer trainer;
            try {
                trainer = new Trainer(cfg.build()).warmup(warmup);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--warmup: " + e.getMessage());
            }
            ConsoleProgress console = new ConsoleProgress(System.out, ConsoleProgress.Style.parse(progress));
            trainer.listener(console);
            if (mesimp != null) {
                mesimp.attach(trainer);
            }
            long initialParameters = model.parameters();
            TrainingResult result = trainer.train(model, splits.train(), splits.dev(), splits.test());
            console.finish();
            System.out.print(Summary.of(result, splits, dropout));
            if (trainer.warmupSeconds() > 0) {
                System.out.printf(java.util.Locale.ROOT, "kernel warm-up %.2f s (included in the total)%n",
                        trainer.warmupSeconds());
            }
            if (mesimp != null) {
                System.out.println(simplificationLine(mesimp, sizes, initialParameters, result));
            }
            if (json != null) {
                var out = ResultJson.of(result, data, sizes, act, seed, nThreads, batch, lr, dropout);
                if (mesimp != null) {
                    out.put("simplification", ResultJson.simplification(mesimp));
                }
                ResultJson.write(json, out);
                System.out.println("results written to " + json);
            }
            if (save != null) {
                ModelFile.save(save, model);
                System.out.println("model saved to " + save);
            }
        }
        return 0;
    }

    /** The meSimp compressor the options ask for, or null; option errors are usage errors. */
    private MeSimp simplifier(MeProp policy, Activation act) {
        if (!simplify) {
            if (prune != null || cycle != null || prunePoints != null || merge != null || count != null
                    || pruneEveryCycle || noMomentReset) {
                throw new ParameterException(spec.commandLine(), "--prune, --cycle, --prune-points,"
                        + " --prune-every-cycle, --no-moment-reset, --merge and --count need --simplify");
            }
            return null;
        }
        if (policy.isDense()) {
            throw new ParameterException(spec.commandLine(), "--simplify needs a sparse --mode (topk, unified or randomk):"
                    + " activeness is counted from the top-k selections");
        }
        if (merge != null && act != Activation.RELU) {
            throw new ParameterException(spec.commandLine(), "--merge needs --activation relu (merging relies on"
                    + " relu(s*y) = s*relu(y)), was " + act.id());
        }
        try {
            PruneRule rule = new PruneRule(prune == null ? PruneRule.DEFAULT_PRUNE : prune);
            PruneSchedule schedule = new PruneSchedule(cycle == null ? PruneSchedule.DEFAULT_CYCLE : cycle,
                    prunePoints == null ? PruneSchedule.DEFAULT_POINTS : prunePoints, !pruneEveryCycle, !noMomentReset);
            Merger merger = merge == null ? null : new Merger(merge);
            Activeness.Counting counting = count == null ? Activeness.Counting.NONZERO
                    : Activeness.Counting.valueOf(count.trim().toUpperCase(Locale.ROOT));
            return new MeSimp(rule, schedule, merger, counting);
        } catch (IllegalArgumentException e) {
            String m = count != null && e.getMessage() != null && e.getMessage().startsWith("No enum constant")
                    ? "--count must be nonzero or selected, was '" + count + "'" : e.getMessage();
            throw new ParameterException(spec.commandLine(), m, e);
        }
    }

    private static String simplificationLine(MeSimp m, int[] sizes, long initialParameters, TrainingResult r) {
        int dropped = 0;
        int merged = 0;
        for (PrunePoint p : m.prunePoints()) {
            for (int l = 0; l < p.dropped().length; l++) {
                dropped += p.dropped()[l];
                merged += p.merged()[l];
            }
        }
        int[] hiddenBefore = Arrays.copyOfRange(sizes, 1, sizes.length - 1);
        return String.format(Locale.ROOT,
                "meSimp: %d prune points, hidden %s -> %s (%d dropped, %d merged), parameters %,d -> %,d (%.2fx smaller),"
                        + " average hidden size %.1f",
                m.prunePoints().size(), join(hiddenBefore), join(r.hiddenSizes()), dropped, merged, initialParameters,
                r.parameters(), initialParameters / (double) r.parameters(),
                Arrays.stream(r.hiddenSizes()).average().orElse(0));
    }

    static String join(int[] a) {
        return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
