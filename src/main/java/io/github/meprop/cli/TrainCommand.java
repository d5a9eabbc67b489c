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
import java.io.IOException;
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
        // Every option on its own, by the library's own check, before any file is touched.
        int nThreads = threads.count();
        OptionCheck.run(spec, "--dropout", () -> Dropout.checkRate(dropout));
        TrainConfig.OptimizerKind kind = OptionCheck.check(spec, "--optimizer",
                () -> TrainConfig.OptimizerKind.parse(optimizer));
        OptionCheck.run(spec, "--momentum", () -> Sgd.checkMomentum(momentum));
        if (momentum != 0f && kind != TrainConfig.OptimizerKind.SGD) {
            throw OptionCheck.usage(spec, "--momentum", "needs --optimizer sgd", null);
        }
        Activation act = OptionCheck.check(spec, "--activation", () -> Activation.parse(activation));
        MeProp.Mode backprop = OptionCheck.check(spec, "--mode", () -> MeProp.Mode.parse(mode));
        MeProp policy = OptionCheck.check(spec, "--k", () -> MeProp.of(backprop, k));
        OptionCheck.run(spec, "--epochs", () -> TrainConfig.builder().epochs(epochs).build());
        OptionCheck.run(spec, "--batch", () -> TrainConfig.builder().batchSize(batch).build());
        OptionCheck.run(spec, "--lr", () -> TrainConfig.builder().optimizer(kind).learningRate(lr).build());
        OptionCheck.run(spec, "--clip", () -> TrainConfig.builder().optimizer(kind).clip(clip).build());
        OptionCheck.run(spec, "--warmup", () -> new Trainer(TrainConfig.builder().build()).warmup(warmup));
        ConsoleProgress.Style style = OptionCheck.check(spec, "--progress", () -> ConsoleProgress.Style.parse(progress));
        MeSimp mesimp = simplifier(policy, act);
        TrainConfig.Builder cfg = TrainConfig.builder().epochs(epochs).batchSize(batch).optimizer(kind).learningRate(lr)
                .lazy(lazy).momentum(momentum).clip(clip).dropout(dropout).seed(seed).meProp(policy);
        if (save != null && json != null && save.toAbsolutePath().normalize().equals(json.toAbsolutePath().normalize())) {
            throw OptionCheck.usage(spec, "--json", "names the same file as --save", null);
        }
        OutputPaths.prepare(save, json);

        Stage.set("loading the data set " + DataSource.resolve(data));
        Splits splits = DataSource.load(spec, data, devSize);
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = splits.train().width();
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = splits.train().classes();
        int evalBatch = Math.min(Memory.EVAL_BATCH, Math.max(splits.dev().size(), splits.test().size()));
        checkMemory(sizes, Math.min(batch, Math.max(1, splits.train().size())), evalBatch, kind);
        Stage.set("building the model " + join(sizes));
        Mlp model = OptionCheck.check(spec, "--hidden", () -> Mlp.create(sizes, act, seed));
        for (int l = 0; l < hidden.length; l++) {
            int layer = l;
            OptionCheck.run(spec, "--k", () -> policy.validate(layer, hidden[layer]));
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
            Trainer trainer = new Trainer(cfg.parallelism(par).build()).warmup(warmup);
            ConsoleProgress console = new ConsoleProgress(System.out, style);
            trainer.listener(console);
            if (mesimp != null) {
                mesimp.attach(trainer);
            }
            long initialParameters = model.parameters();
            Stage.set("training the model " + join(sizes));
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
            // The model first: the JSON then says whether it was saved, and a failed save never
            // leaves a JSON that looks complete.
            IOException saveFailure = null;
            if (save != null) {
                Stage.set("saving the model to " + save);
                try {
                    ModelFile.save(save, model);
                    System.out.println("model saved to " + save);
                } catch (IOException e) {
                    saveFailure = e;
                }
            }
            if (json != null) {
                Stage.set("writing " + json);
                var out = ResultJson.of(result, data, sizes, act, seed, nThreads, batch, lr, dropout);
                if (mesimp != null) {
                    out.put("simplification", ResultJson.simplification(mesimp));
                }
                ResultJson.recordSave(out, save, saveFailure);
                ResultJson.write(json, out);
                System.out.println("results written to " + json);
            }
            if (saveFailure != null) {
                throw saveFailure;
            }
        }
        return 0;
    }

    /**
     * Fails with a usage error when the run cannot fit in the heap that is left, naming
     * {@code --batch} when the model alone would fit and {@code --hidden} otherwise, or when its
     * per-batch arrays cannot fit in a Java array.
     */
    private void checkMemory(int[] sizes, int effectiveBatch, int evalBatch, TrainConfig.OptimizerKind kind) {
        int slots = kind == TrainConfig.OptimizerKind.ADAM ? 2 : momentum != 0f ? 1 : 0;
        Memory.Need need = Memory.training(sizes, effectiveBatch, evalBatch, slots, dropout > 0, merge != null);
        if (Memory.longestBatchArray(sizes, effectiveBatch) > Memory.MAX_ARRAY) {
            throw OptionCheck.usage(spec, "--batch", "batch " + effectiveBatch + " × layer width " + join(sizes)
                    + " needs arrays longer than a Java array can be", null);
        }
        if (!Memory.fits(need.total())) {
            // --batch when a smaller batch would do, else the sizes are the problem.
            boolean model = !Memory.fits(need.model());
            String what = model
                    ? "--hidden " + join(hidden).replace('-', ',') + ": the model " + join(sizes) + " needs about "
                            + Memory.format(need.model()) + " for its weights, gradients, " + kind.name().toLowerCase(Locale.ROOT)
                            + " state and evaluation (and " + Memory.format(need.batch()) + " for batches of " + effectiveBatch + ")"
                    : "--batch " + batch + ": batches of " + effectiveBatch + " need about " + Memory.format(need.batch())
                            + " of buffers (and the model " + Memory.format(need.model()) + ")";
            throw new ParameterException(spec.commandLine(), what + ", more than the " + Memory.format(Memory.available())
                    + " this JVM can still use; choose smaller sizes or give the JVM more memory, e.g. MEPROP_JAVA_OPTS=-Xmx"
                    + Failures.suggestedHeap(Math.max(Runtime.getRuntime().maxMemory(), need.total())) + " for bin/meprop");
        }
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
            throw OptionCheck.usage(spec, "--simplify", "needs a sparse --mode (topk, unified or randomk):"
                    + " activeness is counted from the top-k selections", null);
        }
        if (merge != null && act != Activation.RELU) {
            throw OptionCheck.usage(spec, "--merge", "needs --activation relu (merging relies on"
                    + " relu(s*y) = s*relu(y)), was " + act.id(), null);
        }
        PruneRule rule = OptionCheck.check(spec, "--prune",
                () -> new PruneRule(prune == null ? PruneRule.DEFAULT_PRUNE : prune));
        int cycleEpochs = cycle == null ? PruneSchedule.DEFAULT_CYCLE : cycle;
        int points = prunePoints == null ? PruneSchedule.DEFAULT_POINTS : prunePoints;
        OptionCheck.run(spec, "--cycle", () -> new PruneSchedule(cycleEpochs, PruneSchedule.DEFAULT_POINTS, true, true));
        OptionCheck.run(spec, "--prune-points", () -> new PruneSchedule(PruneSchedule.DEFAULT_CYCLE, points, true, true));
        PruneSchedule schedule = new PruneSchedule(cycleEpochs, points, !pruneEveryCycle, !noMomentReset);
        Merger merger = merge == null ? null : OptionCheck.check(spec, "--merge", () -> new Merger(merge));
        Activeness.Counting counting = count == null ? Activeness.Counting.NONZERO
                : OptionCheck.check(spec, "--count", () -> counting(count));
        return new MeSimp(rule, schedule, merger, counting);
    }

    private static Activeness.Counting counting(String s) {
        try {
            return Activeness.Counting.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected nonzero or selected, was '" + s + "'", e);
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
