package io.github.meprop.cli;

import io.github.meprop.compress.Activeness;
import io.github.meprop.compress.ActivenessRule;
import io.github.meprop.compress.CompressionRule;
import io.github.meprop.compress.AccuracyBudget;
import io.github.meprop.compress.CompressionRules;
import io.github.meprop.compress.DeadUnitRule;
import io.github.meprop.compress.LeastSquaresRefit;
import io.github.meprop.compress.TargetWidthRule;
import io.github.meprop.compress.MeSimp;
import io.github.meprop.compress.Merger;
import io.github.meprop.compress.PrunePoint;
import io.github.meprop.compress.PruneSchedule;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.EarlyStopping;
import io.github.meprop.nn.EpochStats;
import io.github.meprop.nn.TrainingListener;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Optimizer;
import io.github.meprop.nn.Optimizers;
import io.github.meprop.nn.Options;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.Selectors;
import io.github.meprop.nn.Sgd;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meprop train}: trains an MLP, or an LSTM reading each example as a sequence ({@code --model
 * lstm}), with meProp on an MNIST-format data set and reports what it achieved.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP or an LSTM with sparsified back propagation (meProp) and print a summary.")
final class TrainCommand implements Callable<Integer> {
    /** LSTM units when --hidden is not given with --model lstm. */
    static final int DEFAULT_LSTM_HIDDEN = 128;

    @Option(names = "--model", paramLabel = "mlp|lstm", defaultValue = "mlp",
            description = "mlp: dense hidden layers (--hidden, --activation); lstm: one LSTM layer (--hidden N units) reading"
                    + " each example as --steps time steps of width/steps features (an MNIST image row by row), then a"
                    + " linear output layer on its last hidden state (default: ${DEFAULT-VALUE}).")
    String modelType;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "28",
            description = "With --model lstm: time steps per example; the data's width must be a multiple (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--data", paramLabel = "mnist|fashion|DIR", defaultValue = "mnist",
            description = "Data set: mnist, fashion (fetched into data/), or a folder with the four IDX files (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--hidden", paramLabel = "N[,N...]", defaultValue = "500,500", split = ",",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}; with --model lstm one number, the LSTM's units,"
                    + " default 128).")
    int[] hidden;

    @Option(names = "--activation", paramLabel = "relu|tanh|sigmoid", defaultValue = "relu",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--mode", paramLabel = "dense|topk|unified|randomk|adaptive", defaultValue = "topk",
            description = "Backward of the hidden layers: dense, top-k per example, unified top-k per batch, random k,"
                    + " or adaptive k per example (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--k", paramLabel = "N|P%",
            description = "With topk, unified, randomk: rows kept per hidden layer, a count or a percentage of the width"
                    + " (with --model lstm: of the 4 gates' 4*hidden pre-activation gradients per example and time step)"
                    + " (default: 20).")
    String k;

    @Option(names = "--mass", paramLabel = "RHO",
            description = "With --mode adaptive: keep per example the fewest rows whose |gradient| sum reaches this fraction of the row's (default: 0.9).")
    String mass;

    @Option(names = "--k-min", paramLabel = "N|P%", description = "With --mode adaptive: at least this many rows (default: 1).")
    String kMin;

    @Option(names = "--k-max", paramLabel = "N|P%", description = "With --mode adaptive: at most this many rows (default: 10%%).")
    String kMax;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", paramLabel = "adam|sgd", defaultValue = "adam",
            description = "Optimizer (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 1e-3 for adam, 0.1 for sgd).")
    String lr;

    @Option(names = "--momentum", paramLabel = "MU", description = "SGD's momentum, in [0, 1); needs --optimizer sgd (default: 0).")
    String momentum;

    @Option(names = "--lazy-adam", description = "Row-sparse Adam: update only the rows that received gradient.")
    boolean lazy;

    @Option(names = "--clip", paramLabel = "C", description = "Element-wise gradient clip, 0 for none (default: 5).")
    String clip;

    @Option(names = "--dropout", paramLabel = "P|auto", defaultValue = "auto",
            description = "Dropout rate on the hidden layers' outputs during training, in [0, 1), or auto: 0.3 when a"
                    + " sparse --mode keeps less than a quarter of a layer's units per example (per-example top-k with Adam"
                    + " needs it), else 0 (default: ${DEFAULT-VALUE}).")
    String dropout;

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

    @Option(names = "--keep", paramLabel = "best|last", defaultValue = "best",
            description = "Which weights to return and save: those of the epoch with the best dev accuracy (since the model last"
                    + " changed shape), or the last ones (default: ${DEFAULT-VALUE}).")
    String keep;

    @Option(names = "--patience", paramLabel = "EPOCHS",
            description = "Early stopping: stop when the dev score has not improved for this many evaluations (off by default).")
    Integer patience;

    @Option(names = "--monitor", paramLabel = "accuracy|loss", defaultValue = "accuracy",
            description = "The dev score for --keep best and --patience (default: ${DEFAULT-VALUE}).")
    String monitor;

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

    @Option(names = "--rules", paramLabel = "RULE[,RULE...]", split = ",",
            description = "With --simplify: the compression rules run at each prune point, in order: prune (activeness, --prune),"
                    + " merge (--merge TAU, default 0.5), dead (units never active on the training set) (default: prune, plus merge with --merge).")
    List<String> rules;

    @Option(names = "--count", paramLabel = "nonzero|selected|reference",
            description = "With --simplify: what counts as a hit: a selected neuron with a non-zero gradient, any selected neuron"
                    + " (zeros picked by the tie rule included), or what the reference code counts (its top-k heap over the"
                    + " original width, removed units masked) (default: nonzero).")
    String count;

    @Option(names = "--moment-reset", paramLabel = "cycle-start|reference|none",
            description = "With --simplify: when Adam's moments are reset: at the start of each cycle after the first, after each"
                    + " slice of the last epoch of each cycle (the reference code), or never (default: cycle-start).")
    String momentReset;

    @Option(names = "--refit",
            description = "With --simplify: at every prune point, refit the next layer by least squares on a sample of the"
                    + " training set so that its pre-activations change least (wraps the prune, merge and target rules).")
    boolean refit;

    @Option(names = "--ridge", paramLabel = "R",
            description = "With --refit: ridge, relative to the kept units' mean squared activation (default: 1e-3).")
    Double ridge;

    @Option(names = "--refit-samples", paramLabel = "N",
            description = "With --refit: training examples of each prune point's data pass, 0 for all (default: 10000).")
    Integer refitSamples;

    @Option(names = "--target-width", paramLabel = "W",
            description = "With --simplify: also shrink the hidden layers gradually (cubic schedule over the pruning cycles,"
                    + " least active units first) to a mean width of W.")
    Double targetWidth;

    @Option(names = "--max-loss", paramLabel = "POINTS",
            description = "With --simplify: stop pruning when the dev accuracy falls more than POINTS percentage points below"
                    + " the best so far (the model then trains on at its size).")
    Double maxLoss;

    @Option(names = "--init-gain", paramLabel = "G",
            description = "Multiply the Glorot-normal initial weights by G (the reference C# code's init is sqrt(3) = 1.732 times"
                    + " ours) (default: 1).")
    Double initGain;

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
        // Every option checked by the library's own validation before any file is touched.
        int nThreads = threads.count();
        if (initGain != null && !(initGain > 0 && Double.isFinite(initGain))) {
            throw OptionCheck.usage(spec, "--init-gain", "must be a finite number > 0, was " + initGain, null);
        }
        boolean lstm = lstm();
        if (lstm && initGain != null) {
            throw OptionCheck.usage(spec, "--init-gain", "applies to --model mlp only", null);
        }
        Activation act = settings(() -> Activation.parse(activation));
        Selector selector = selector();
        simplifier(act, lstm, 0); // validates the options before anything is read
        TrainConfig settings = config(selector, Parallelism.serial());
        settings(() -> new Trainer(settings).warmup(warmup));
        ConsoleProgress.Style style = OptionCheck.check(spec, "--progress", () -> ConsoleProgress.Style.parse(progress));
        if (save != null && json != null && save.toAbsolutePath().normalize().equals(json.toAbsolutePath().normalize())) {
            throw OptionCheck.usage(spec, "--json", "names the same file as --save", null);
        }
        OutputPaths.prepare(save, json);

        Stage.set("loading the data set " + DataSource.resolve(data));
        Splits splits = DataSource.load(spec, data, devSize);
        int[] hiddenSizes = lstm ? new int[] {lstmHidden()} : hidden;
        int[] sizes = new int[hiddenSizes.length + 2];
        sizes[0] = splits.train().width();
        System.arraycopy(hiddenSizes, 0, sizes, 1, hiddenSizes.length);
        sizes[sizes.length - 1] = splits.train().classes();
        int features = lstm ? lstmFeatures(sizes[0]) : 0;
        int evalBatch = Math.min(Memory.EVAL_BATCH, Math.max(splits.dev().size(), splits.test().size()));
        int effectiveBatch = Math.min(batch, Math.max(1, splits.train().size()));
        MeSimp mesimp = simplifier(act, lstm, (splits.train().size() + batch - 1) / Math.max(1, batch));
        if (lstm) {
            checkLstmMemory(features, sizes, effectiveBatch, evalBatch, settings);
        } else {
            checkMemory(sizes, effectiveBatch, evalBatch, settings);
        }
        Stage.set("building the model " + join(sizes));
        Model model = OptionCheck.check(spec, "--hidden", () -> lstm
                ? Model.lstm(steps, features, sizes[1], sizes[2], seed)
                : Model.mlp(sizes, act, seed));
        if (initGain != null && initGain != 1) {
            for (int l = 0; l < model.depth(); l++) {
                float[] w = model.dense(l).weights();
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (w[i] * initGain);
                }
            }
        }
        settings(() -> settings.checkSelectors(model.selectionWidths()));

        try (Parallelism par = Parallelism.of(nThreads)) {
            TrainConfig config = settings.toBuilder().parallelism(par).build();
            Trainer trainer = new Trainer(config).warmup(warmup);
            String described = lstm
                    ? "LSTM " + steps + " steps x " + features + " features, " + sizes[1] + " units, output " + sizes[2]
                    : "MLP " + join(sizes) + " " + act.id();
            System.out.println("meprop train: " + data + " (" + splits.train().size() + " train, " + splits.dev().size()
                    + " dev, " + splits.test().size() + " test), " + described + ", "
                    + selector + ", " + epochs + " epochs, batch " + batch + ", " + nThreads + " thread"
                    + (nThreads == 1 ? "" : "s"));
            System.out.println("kernels: " + Kernels.describe());
            if (mesimp != null) {
                System.out.println("meSimp: rules " + ruleNames(mesimp) + ", cycles of " + mesimp.schedule().cycleEpochs()
                        + " epochs" + (mesimp.schedule().alternate() ? "" : " (all pruning)") + ", "
                        + mesimp.schedule().pointsPerEpoch() + " prune points per epoch"
                        + ", moment reset " + mesimp.schedule().momentReset().id() + ", counting "
                        + mesimp.activeness().counting().name().toLowerCase(Locale.ROOT) + " selections");
            }
            ConsoleProgress console = new ConsoleProgress(System.out, style);
            trainer.listener(console);
            if (mesimp != null && maxLoss != null) {
                AccuracyBudget budget = new AccuracyBudget(mesimp, maxLoss);
                trainer.listener(new TrainingListener() {
                    @Override
                    public void onStart(int epochs, int batchesPerEpoch, long totalBatches) {
                        console.onStart(epochs, batchesPerEpoch, totalBatches);
                        budget.onStart(epochs, batchesPerEpoch, totalBatches);
                    }

                    @Override
                    public void onBatch(int epoch, int b, int batches, double loss, double examplesPerSecond) {
                        console.onBatch(epoch, b, batches, loss, examplesPerSecond);
                    }

                    @Override
                    public void onEpoch(EpochStats stats) {
                        console.onEpoch(stats);
                        budget.onEpoch(stats);
                    }

                    @Override
                    public void onEnd(TrainingResult r) {
                        console.onEnd(r);
                    }
                });
            }
            if (mesimp != null) {
                mesimp.attach(trainer);
            }
            long initialParameters = model.parameterCount();
            Stage.set("training the model " + join(sizes));
            TrainingResult result = settings(() -> trainer.train(model, splits.train(), splits.dev(), splits.test()));
            console.finish();
            System.out.print(Summary.of(result, splits, config));
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
                var out = ResultJson.of(result, data, sizes, act, config, nThreads);
                if (lstm) {
                    ResultJson.describeLstm(out, steps, features);
                }
                if (mesimp != null) {
                    out.put("simplification", ResultJson.simplification(mesimp));
                }
                if (initGain != null) {
                    out.put("init_gain", initGain);
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
    private void checkMemory(int[] sizes, int effectiveBatch, int evalBatch, TrainConfig config) {
        int slots = config.optimizer() instanceof Sgd.Spec s ? (s.momentum() > 0 ? 1 : 0) : 2;
        int[] hiddenWidths = Arrays.copyOfRange(sizes, 1, sizes.length - 1);
        boolean dropout = config.dropoutFor(hiddenWidths) > 0;
        Memory.Need need = Memory.training(sizes, effectiveBatch, evalBatch, slots, dropout, merge != null);
        if (Memory.longestBatchArray(sizes, effectiveBatch) > Memory.MAX_ARRAY) {
            throw OptionCheck.usage(spec, "--batch", "batch " + effectiveBatch + " × layer width " + join(sizes)
                    + " needs arrays longer than a Java array can be", null);
        }
        if (!Memory.fits(need.total())) {
            // --batch when a smaller batch would do, else the sizes are the problem.
            boolean model = !Memory.fits(need.model());
            String what = model
                    ? "--hidden " + join(hidden).replace('-', ',') + ": the model " + join(sizes) + " needs about "
                            + Memory.format(need.model()) + " for its weights, gradients, optimizer state and evaluation"
                            + " (and " + Memory.format(need.batch()) + " for batches of " + effectiveBatch + ")"
                    : "--batch " + batch + ": batches of " + effectiveBatch + " need about " + Memory.format(need.batch())
                            + " of buffers (and the model " + Memory.format(need.model()) + ")";
            throw new ParameterException(spec.commandLine(), what + ", more than the " + Memory.format(Memory.available())
                    + " this JVM can still use; choose smaller sizes or give the JVM more memory, e.g. MEPROP_JAVA_OPTS=-Xmx"
                    + Failures.suggestedHeap(Math.max(Runtime.getRuntime().maxMemory(), need.total())) + " for bin/meprop");
        }
    }

    /** True for --model lstm, false for mlp; options that only an MLP has are refused with lstm. */
    private boolean lstm() {
        String m = modelType.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("mlp") && !m.equals("lstm")) {
            throw OptionCheck.usage(spec, "--model", "must be mlp or lstm, was '" + modelType + "'", null);
        }
        boolean lstm = m.equals("lstm");
        if (lstm && given("--activation")) {
            throw OptionCheck.usage(spec, "--activation", "applies to --model mlp only: an LSTM's gates use sigmoid and"
                    + " tanh", null);
        }
        if (!lstm && given("--steps")) {
            throw OptionCheck.usage(spec, "--steps", "needs --model lstm", null);
        }
        if (lstm && steps < 1) {
            throw OptionCheck.usage(spec, "--steps", "must be >= 1, was " + steps, null);
        }
        return lstm;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The LSTM's units: --hidden N (one value), or {@link #DEFAULT_LSTM_HIDDEN}. */
    private int lstmHidden() {
        if (!given("--hidden")) {
            return DEFAULT_LSTM_HIDDEN;
        }
        if (hidden.length != 1) {
            throw OptionCheck.usage(spec, "--hidden", "with --model lstm give one number, the LSTM's units (was "
                    + join(hidden).replace('-', ',') + ")", null);
        }
        return hidden[0];
    }

    /** Features per time step: the data's width divided by --steps (which must divide it). */
    private int lstmFeatures(int width) {
        if (width % steps != 0) {
            throw OptionCheck.usage(spec, "--steps", steps + " does not divide the data's width " + width
                    + " (an example is read as steps x features)", null);
        }
        return width / steps;
    }

    /** {@link #checkMemory} for an LSTM model. */
    private void checkLstmMemory(int features, int[] sizes, int effectiveBatch, int evalBatch, TrainConfig config) {
        int slots = config.optimizer() instanceof Sgd.Spec s ? (s.momentum() > 0 ? 1 : 0) : 2;
        Memory.Need need = Memory.lstmTraining(steps, features, sizes[1], sizes[2], effectiveBatch, evalBatch, slots);
        if (Memory.longestLstmBatchArray(steps, sizes[1], effectiveBatch) > Memory.MAX_ARRAY) {
            throw OptionCheck.usage(spec, "--batch", "batch " + effectiveBatch + " × " + steps + " steps × 4 × " + sizes[1]
                    + " units needs arrays longer than a Java array can be", null);
        }
        if (!Memory.fits(need.total())) {
            boolean model = !Memory.fits(need.model());
            String what = model
                    ? "--hidden " + sizes[1] + ": the LSTM needs about " + Memory.format(need.model())
                            + " for its weights, gradients, optimizer state and evaluation"
                    : "--batch " + batch + ": batches of " + effectiveBatch + " need about " + Memory.format(need.batch())
                            + " for the states of " + steps + " time steps (and the model " + Memory.format(need.model())
                            + ")";
            throw new ParameterException(spec.commandLine(), what + ", more than the " + Memory.format(Memory.available())
                    + " this JVM can still use; choose smaller sizes or give the JVM more memory, e.g. MEPROP_JAVA_OPTS=-Xmx"
                    + Failures.suggestedHeap(Math.max(Runtime.getRuntime().maxMemory(), need.total())) + " for bin/meprop");
        }
    }

    /** Runs a step that validates settings; an invalid setting is a usage error naming its option. */
    private <T> T settings(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidSettingException e) {
            throw OptionCheck.usage(spec, optionOf(e.setting()), e.getMessage(), e);
        }
    }

    private void settings(Runnable step) {
        settings(() -> {
            step.run();
            return null;
        });
    }

    /** The option that sets a library setting. */
    static String optionOf(String setting) {
        return switch (setting) {
            case "selector" -> "--mode";
            case "lazy" -> "--lazy-adam";
            case "tau" -> "--merge";
            case "compression rule", "samples" -> "--rules";
            case "batch" -> "--batch";
            default -> "--" + setting;
        };
    }

    /** The selector --mode, --k, --mass, --k-min and --k-max ask for. */
    private Selector selector() {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "k", k);
        put(o, "mass", mass);
        put(o, "k-min", kMin);
        put(o, "k-max", kMax);
        return settings(() -> Selectors.create(mode, Options.of(o)));
    }

    /** The training settings; the optimizer from --optimizer, --lr, --clip, --momentum, --lazy-adam. */
    private TrainConfig config(Selector selector, Parallelism par) {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "lr", lr);
        put(o, "clip", clip);
        put(o, "momentum", momentum);
        if (lazy) {
            o.put("lazy", "true");
        }
        return settings(() -> {
            Optimizer.Spec opt = Optimizers.create(optimizer, Options.of(o));
            EarlyStopping stopping = patience == null ? null
                    : new EarlyStopping(patience, EarlyStopping.Monitor.parse(monitor));
            boolean best = switch (keep.trim().toLowerCase(Locale.ROOT)) {
                case "best" -> true;
                case "last" -> false;
                default -> throw new InvalidSettingException("keep", "--keep must be best or last, was '" + keep + "'");
            };
            return TrainConfig.builder().epochs(epochs).batchSize(batch).optimizer(opt).dropout(dropoutRate()).seed(seed)
                    .parallelism(par).selector(selector).earlyStopping(stopping).keepBest(best).build();
        });
    }

    /** --dropout as a rate, or {@link TrainConfig#AUTO_DROPOUT} for "auto". */
    private float dropoutRate() {
        if (dropout.trim().equalsIgnoreCase("auto")) {
            return TrainConfig.AUTO_DROPOUT;
        }
        try {
            float rate = Float.parseFloat(dropout.trim());
            if (Float.isNaN(rate)) {
                throw new NumberFormatException("NaN");
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("dropout", "--dropout must be a rate in [0, 1) or auto, was '" + dropout + "'");
        }
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * The meSimp compressor the options ask for, or null; option errors are usage errors.
     *
     * @param lstm            whether the model is an LSTM (merging, the dead-unit rule and the
     *                        data-aware rules do not apply to it)
     * @param batchesPerEpoch mini-batches per epoch (for --target-width's schedule), 0 when not known yet
     */
    private MeSimp simplifier(Activation act, boolean lstm, int batchesPerEpoch) {
        if (!simplify) {
            if (prune != null || cycle != null || prunePoints != null || merge != null || count != null
                    || pruneEveryCycle || noMomentReset || momentReset != null || rules != null || refit || ridge != null
                    || refitSamples != null || targetWidth != null || maxLoss != null) {
                throw OptionCheck.usage(spec, "--simplify", "--prune, --cycle, --prune-points, --prune-every-cycle,"
                        + " --no-moment-reset, --moment-reset, --merge, --rules, --count, --refit, --ridge, --refit-samples,"
                        + " --target-width and --max-loss need --simplify", null);
            }
            return null;
        }
        if (!refit && (ridge != null || refitSamples != null)) {
            throw OptionCheck.usage(spec, ridge != null ? "--ridge" : "--refit-samples", "applies to --refit only", null);
        }
        if (maxLoss != null) {
            OptionCheck.run(spec, "--max-loss", () -> InvalidSettingException.check(maxLoss >= 0
                    && Double.isFinite(maxLoss), "max-loss", "(percentage points) must be >= 0", maxLoss));
        }
        if (mode.trim().equalsIgnoreCase("dense")) {
            throw OptionCheck.usage(spec, "--simplify", "needs a sparse --mode (topk, unified, randomk or adaptive):"
                    + " activeness is counted from the selections", null);
        }
        List<String> names = new java.util.ArrayList<>(rules != null ? rules
                : merge == null ? List.of("prune") : List.of("prune", "merge"));
        if (targetWidth != null && names.stream().noneMatch(n -> n.trim().equalsIgnoreCase("target"))) {
            names.add("target");
        }
        if (lstm) {
            if (count != null && count.trim().equalsIgnoreCase("reference")) {
                throw OptionCheck.usage(spec, "--count", "reference applies to --model mlp only (an LSTM unit counts"
                        + " once per example and step over its four gates); use nonzero or selected", null);
            }
            if (refit || targetWidth != null || maxLoss != null) {
                String o = refit ? "--refit" : targetWidth != null ? "--target-width" : "--max-loss";
                throw OptionCheck.usage(spec, o, "applies to --model mlp only (the data-aware and target rules"
                        + " refit or rank dense layers)", null);
            }
            for (String n : names) {
                String r = n.trim().toLowerCase(Locale.ROOT);
                if (!r.equals("prune")) {
                    throw OptionCheck.usage(spec, merge != null && r.equals("merge") ? "--merge" : "--rules", r
                            + " does not apply to --model lstm: " + (r.equals("merge")
                                    ? "merging relies on relu(s*y) = s*relu(y), and an LSTM's gates are sigmoid and tanh"
                                    : r.equals("dead")
                                    ? "an LSTM unit whose last output is 0 may still feed the recurrence at earlier steps"
                                    : "only the activeness rule is implemented for LSTM units")
                            + "; use prune", null);
                }
            }
        }
        if (names.stream().anyMatch(n -> n.trim().equalsIgnoreCase("merge")) && act != Activation.RELU) {
            throw OptionCheck.usage(spec, "--merge", "merging needs --activation relu (it relies on"
                    + " relu(s*y) = s*relu(y)), was " + act.id(), null);
        }
        return settings(() -> {
            List<CompressionRule> list = new java.util.ArrayList<>();
            for (String n : names) {
                String name = n.trim().toLowerCase(Locale.ROOT);
                Map<String, String> o = new LinkedHashMap<>();
                if (name.equals("prune") && prune != null) {
                    o.put("prune", Double.toString(prune));
                }
                if (name.equals("merge") && merge != null) {
                    o.put("tau", Double.toString(merge));
                }
                list.add(CompressionRules.create(name, Options.of(o)));
            }
            if (noMomentReset && momentReset != null) {
                throw new InvalidSettingException("moment-reset", "--no-moment-reset and --moment-reset " + momentReset
                        + " contradict each other; give one");
            }
            PruneSchedule.MomentReset reset = noMomentReset ? PruneSchedule.MomentReset.NONE
                    : momentReset == null ? PruneSchedule.MomentReset.CYCLE_START
                    : PruneSchedule.MomentReset.parse(momentReset);
            PruneSchedule schedule = new PruneSchedule(cycle == null ? PruneSchedule.DEFAULT_CYCLE : cycle,
                    prunePoints == null ? PruneSchedule.DEFAULT_POINTS : prunePoints, !pruneEveryCycle, reset);
            if (targetWidth != null) {
                int perEpoch = batchesPerEpoch > 0 ? Math.min(schedule.pointsPerEpoch(), batchesPerEpoch)
                        : schedule.pointsPerEpoch();
                int pruningEpochs = 0;
                for (int e = 0; e < epochs; e++) {
                    pruningEpochs += schedule.prunes(e) ? 1 : 0;
                }
                int points = Math.max(1, pruningEpochs * perEpoch);
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof TargetWidthRule) {
                        list.set(i, new TargetWidthRule(targetWidth, points));
                    }
                }
            }
            if (refit) {
                double rr = ridge == null ? LeastSquaresRefit.DEFAULT_RIDGE : ridge;
                int ss = refitSamples == null ? LeastSquaresRefit.DEFAULT_SAMPLES : refitSamples;
                for (int i = 0; i < list.size(); i++) {
                    CompressionRule r = list.get(i);
                    if (!(r instanceof DeadUnitRule) && !(r instanceof LeastSquaresRefit)) {
                        list.set(i, new LeastSquaresRefit(r, rr, ss));
                    }
                }
            }
            Activeness.Counting counting = count == null ? Activeness.Counting.NONZERO : Activeness.Counting.parse(count);
            return new MeSimp(list, schedule, counting);
        });
    }

    private static String ruleNames(MeSimp m) {
        List<String> r = new java.util.ArrayList<>();
        for (CompressionRule c : m.rules()) {
            r.add(ruleName(c));
        }
        return String.join(", ", r);
    }

    private static String ruleName(CompressionRule c) {
        return c instanceof ActivenessRule a ? "prune " + a.prune()
                : c instanceof Merger g ? "merge at cosine >= " + g.tau()
                : c instanceof TargetWidthRule t ? "target mean width " + t.width() + " over " + t.points() + " prune points"
                : c instanceof LeastSquaresRefit f ? ruleName(f.select()) + " with a least-squares refit"
                : c.name();
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
