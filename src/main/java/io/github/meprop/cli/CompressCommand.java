package io.github.meprop.cli;

import io.github.meprop.compress.Activeness;
import io.github.meprop.compress.CompressionContext;
import io.github.meprop.compress.CompressionRule;
import io.github.meprop.compress.Compressor;
import io.github.meprop.compress.DeadNeurons;
import io.github.meprop.compress.LeastSquaresRefit;
import io.github.meprop.compress.MagnitudeRule;
import io.github.meprop.compress.Merger;
import io.github.meprop.data.Dataset;
import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.EpochStats;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Options;
import io.github.meprop.nn.SavedModel;
import io.github.meprop.nn.Selector;
import io.github.meprop.nn.Selectors;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meprop compress}: shrinks a saved model after training. With {@code --data}, first drops
 * the hidden units that are never active on the training split (exact on that data). Then one
 * method: {@code --merge TAU} merges units whose incoming weights and bias are near positive
 * multiples of another's; {@code --magnitude KEEP} keeps the fraction KEEP of each layer's units
 * with the largest incoming × outgoing weight norms; {@code --method merge|magnitude} with
 * {@code --target-width W} finds the strength (τ or the fraction) that brings the mean hidden
 * width to W, with {@code --max-loss P} the strongest compression whose dev accuracy stays within
 * P points of the input model's. {@code --refit} refits the next layer by least squares on the
 * training split so that its pre-activations change least ({@link LeastSquaresRefit});
 * {@code --fine-tune E} trains the compressed model E more epochs with meProp (keeping the best
 * dev epoch). Prints sizes, parameters and accuracies before and after; {@code --json} writes
 * them.
 */
@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compress a saved model: drop never-active hidden units (--data), merge (--merge TAU) or magnitude-prune"
                + " (--magnitude KEEP) units, or aim at a width (--target-width) or an accuracy loss (--max-loss); optionally"
                + " refit the next layer by least squares (--refit) and fine-tune (--fine-tune E).")
final class CompressCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "IN", required = true, description = "The model to compress (safetensors).")
    Path model;

    @Option(names = "--out", paramLabel = "OUT", required = true, description = "Where to save the compressed model.")
    Path out;

    @Option(names = "--merge", paramLabel = "TAU",
            description = "Merge units whose [incoming weights, bias] have cosine similarity >= TAU (in (0, 1]) with another's.")
    Double merge;

    @Option(names = "--magnitude", paramLabel = "KEEP",
            description = "Keep the fraction KEEP (in (0, 1]) of each hidden layer's units with the largest incoming x outgoing"
                    + " weight norms (plain magnitude pruning).")
    Double magnitude;

    @Option(names = "--method", paramLabel = "merge|magnitude",
            description = "The method whose strength --target-width or --max-loss chooses.")
    String method;

    @Option(names = "--target-width", paramLabel = "W",
            description = "Compress (with --method) until the mean hidden width is at most W.")
    Double targetWidth;

    @Option(names = "--max-loss", paramLabel = "POINTS",
            description = "Compress (with --method) as far as the dev accuracy stays within POINTS percentage points of the"
                    + " input model's (after --refit and --fine-tune when given; needs --data).")
    Double maxLoss;

    @Option(names = "--refit",
            description = "Refit the next layer of every compressed layer by least squares on the training split (needs --data).")
    boolean refit;

    @Option(names = "--ridge", paramLabel = "R",
            description = "With --refit: ridge, relative to the kept units' mean squared activation (default: 1e-3).")
    Double ridge;

    @Option(names = "--samples", paramLabel = "N",
            description = "With --refit: training examples of the data pass, 0 for all (default: 10000).")
    Integer samples;

    @Option(names = "--fine-tune", paramLabel = "EPOCHS",
            description = "Train the compressed model this many epochs with meProp, keeping the best dev epoch (needs --data).")
    Integer fineTune;

    @Option(names = "--k", paramLabel = "N|P%", defaultValue = "160",
            description = "With --fine-tune: top-k rows kept per hidden layer and example (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.001",
            description = "With --fine-tune: Adam's learning rate (default: ${DEFAULT-VALUE}).")
    String lr;

    @Option(names = "--seed", defaultValue = "1",
            description = "With --fine-tune: seed of the shuffles and dropout masks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "mnist|fashion|DIR",
            description = "Drop units never active on this data set's training split, and report dev and test accuracy before and"
                    + " after.")
    String data;

    @Option(names = "--dev", defaultValue = "5000",
            description = "Dev examples held out from the end of the training set, as in train (default: ${DEFAULT-VALUE}).")
    int devSize;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    Path json;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--allow-non-finite",
            description = "Load a model with NaN or infinite weights (refused by default); figures computed from non-finite logits are reported as undefined.")
    boolean allowNonFinite;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** The method chosen on the command line: the rule for a strength, and how to describe it. */
    private record Method(String name, DoubleFunction<CompressionRule> rule, Double fixed) {}

    @Override
    public Integer call() throws Exception {
        Method m = method();
        if (m == null && data == null) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to do: give --merge TAU, --magnitude KEEP, --method with --target-width or --max-loss, and/or --data");
        }
        if (data == null) {
            for (String[] needs : new String[][] {{"--refit", refit ? "" : null}, {"--fine-tune", str(fineTune)},
                    {"--max-loss", str(maxLoss)}}) {
                if (needs[1] != null) {
                    throw OptionCheck.usage(spec, needs[0], "needs --data (a data pass, training or a dev set)", null);
                }
            }
        }
        if (!refit && (ridge != null || samples != null)) {
            throw OptionCheck.usage(spec, ridge != null ? "--ridge" : "--samples", "applies to --refit only", null);
        }
        if (fineTune != null && fineTune < 1) {
            throw OptionCheck.usage(spec, "--fine-tune", "must be >= 1 epoch, was " + fineTune, null);
        }
        int nThreads = threads.count();
        TrainConfig tuneConfig = fineTune == null ? null : fineTuneConfig(Parallelism.serial(), null);
        OutputPaths.prepare(json == null ? new Path[] {out} : new Path[] {out, json});
        Stage.set("reading the model " + model);
        SavedModel saved = ModelFile.read(model, allowNonFinite);
        Model mlp = saved.model();
        if (m != null && m.name.equals("merge") && !Layouts.reluMlp(mlp)) {
            throw new IllegalArgumentException("cannot merge " + model + ": merging needs dense ReLU hidden layers, the"
                    + " model is " + Layouts.describe(mlp));
        }
        if (data != null) {
            Stage.set("loading the data set " + DataSource.resolve(data));
        }
        Splits splits = data == null ? null : DataSource.load(spec, data, devSize);
        if (maxLoss != null && splits.dev().size() == 0) {
            throw OptionCheck.usage(spec, "--max-loss", "needs a dev set (--dev > 0)", null);
        }
        Model original = mlp.copy();
        int[] dead = null;
        int[] afterDead = null;
        Compressor.Outcome outcome = null;
        Model compressed = null;
        TrainingResult tuned = null;
        try (Parallelism par = Parallelism.of(nThreads)) {
            if (splits != null) {
                Stage.set("finding the never-active units of " + model);
                dead = DeadNeurons.drop(mlp, splits.train(), par, 1000);
                afterDead = mlp.hiddenSizes();
            }
            Model result = mlp;
            if (m != null) {
                CompressionContext evidence = new CompressionContext(new Activeness(),
                        splits == null ? null : splits.train(), par);
                if (m.fixed != null) {
                    Stage.set("compressing " + model + " (" + describe(m, m.fixed) + ")");
                    outcome = OptionCheck.check(spec, m.name.equals("merge") ? "--merge" : "--magnitude",
                            () -> new Compressor.Outcome(Compressor.apply(mlp, m.rule.apply(m.fixed), evidence),
                                    m.fixed, true, List.of()));
                } else if (targetWidth != null) {
                    Stage.set("compressing " + model + " to a mean hidden width of " + targetWidth);
                    outcome = settings(() -> Compressor.toWidth(mlp, m.rule, evidence, targetWidth,
                            Compressor.DEFAULT_STEPS));
                } else {
                    Stage.set("compressing " + model + " within " + maxLoss + " points of dev accuracy");
                    Dataset dev = splits.dev();
                    double floor = accuracy(original, dev, par) - maxLoss / 100;
                    outcome = settings(() -> Compressor.toScore(mlp, m.rule, evidence, tuneCopy(tuneConfig, par,
                            splits), c -> accuracy(c, dev, par), floor, Compressor.DEFAULT_STEPS));
                }
                result = outcome.model();
                compressed = result.copy();
                if (tuneConfig != null && maxLoss == null) {
                    Stage.set("fine-tuning the compressed model (" + fineTune + " epochs)");
                    tuned = fineTune(result, par, splits);
                }
            } else if (tuneConfig != null) {
                compressed = result.copy();
                Stage.set("fine-tuning the model (" + fineTune + " epochs)");
                tuned = fineTune(result, par, splits);
            }
            Stage.set("saving the model to " + out);
            ModelFile.save(out, result, saved.metadata());

            TextTable t = new TextTable("", "before", "after");
            t.row("layer sizes", TrainCommand.join(original.sizes()), TrainCommand.join(result.sizes()));
            t.row("average hidden size", avg(original), avg(result));
            t.row("parameters", String.format(Locale.ROOT, "%,d", original.parameterCount()),
                    String.format(Locale.ROOT, "%,d", result.parameterCount()));
            if (dead != null) {
                t.row("never active on " + splits.train().size() + " training examples", "", TrainCommand.join(dead)
                        + " removed");
            }
            if (outcome != null) {
                int[] before = afterDead != null ? afterDead : original.hiddenSizes();
                int[] removed = new int[before.length];
                for (int l = 0; l < removed.length; l++) {
                    removed[l] = before[l] - outcome.model().hiddenSizes()[l];
                }
                t.row(describe(m, outcome.strength()) + (refit ? ", least-squares refit" : ""), "",
                        TrainCommand.join(removed) + " removed" + (outcome.reached() ? "" : " (target not reached)"));
            }
            Map<String, Object> j = new LinkedHashMap<>();
            if (splits != null) {
                Stage.set("evaluating the compressed model");
                Dataset test = splits.test();
                Dataset dev = splits.dev();
                if (dev.size() > 0) {
                    t.row("dev accuracy", Evaluation.of(original, dev, par, 1000).accuracy(),
                            Evaluation.of(result, dev, par, 1000).accuracy());
                }
                if (test.size() > 0) {
                    if (compressed != null && tuned != null) {
                        t.row("test accuracy before fine-tuning", "", Evaluation.of(compressed, test, par, 1000).accuracy());
                    }
                    t.row("test accuracy", Evaluation.of(original, test, par, 1000).accuracy(),
                            Evaluation.of(result, test, par, 1000).accuracy());
                    Change c = change(original, result, test, par);
                    if (c.nonFinite == 0) {
                        t.row("test predictions changed", "", String.format(Locale.ROOT, "%d of %d", c.changed, test.size()));
                        t.row("max |logit change| on test", "", String.format(Locale.ROOT, "%.3g", c.maxLogitChange));
                    } else {
                        String undefined = Evaluation.undefined(c.nonFinite, test.size());
                        t.row("test predictions changed", "", undefined);
                        t.row("max |logit change| on test", "", undefined);
                    }
                }
            }
            System.out.print(t);
            if (json != null) {
                Stage.set("writing " + json);
                j.put("kind", "compress");
                j.put("data", data);
                j.put("model", model.toString());
                j.put("out", out.toString());
                j.put("method", m == null ? null : m.name);
                j.put("strength", outcome == null ? null : outcome.strength());
                j.put("target_width", targetWidth);
                j.put("max_loss_points", maxLoss);
                j.put("target_reached", outcome == null ? null : outcome.reached());
                j.put("refit", refit);
                if (refit) {
                    j.put("ridge", ridge == null ? LeastSquaresRefit.DEFAULT_RIDGE : ridge);
                    j.put("samples", samples == null ? LeastSquaresRefit.DEFAULT_SAMPLES : samples);
                }
                j.put("fine_tune_epochs", fineTune);
                if (tuneConfig != null) {
                    j.put("fine_tune", Map.of("k", k, "lr", Double.parseDouble(lr), "seed", seed));
                }
                j.put("dead_removed", dead == null ? null : ResultJson.ints(dead));
                j.put("before", describe(original, splits, par));
                if (compressed != null && tuned != null) {
                    j.put("compressed", describe(compressed, splits, par));
                }
                j.put("after", describe(result, splits, par));
                // The figures a plot of accuracy against parameters uses: those of the saved model.
                Map<String, Object> after = describe(result, splits, par);
                j.put("test_accuracy", after.get("test_accuracy"));
                j.put("dev_accuracy", after.get("dev_accuracy"));
                j.put("parameters", result.parameterCount());
                j.put("hidden_sizes", ResultJson.ints(result.hiddenSizes()));
                if (outcome != null && !outcome.trials().isEmpty()) {
                    List<Object> trials = new ArrayList<>();
                    for (Compressor.Trial tr : outcome.trials()) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("strength", tr.strength());
                        e.put("hidden_sizes", ResultJson.ints(tr.hiddenSizes()));
                        e.put("dev_accuracy", ResultJson.nullIfNaN(tr.score()));
                        trials.add(e);
                    }
                    j.put("search", trials);
                }
                if (tuned != null) {
                    List<Object> history = new ArrayList<>();
                    for (EpochStats s : tuned.history()) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("epoch", s.epoch() + 1);
                        e.put("dev_accuracy", ResultJson.nullIfNaN(s.devAccuracy()));
                        e.put("test_accuracy", ResultJson.nullIfNaN(s.testAccuracy()));
                        history.add(e);
                    }
                    j.put("fine_tune_history", history);
                    j.put("fine_tune_model_epoch", tuned.modelEpoch() + 1);
                }
                j.put("threads", nThreads);
                j.put("java", Runtime.version().toString());
                ResultJson.write(json, j);
            }
        }
        System.out.println("compressed model saved to " + out);
        if (json != null) {
            System.out.println("results written to " + json);
        }
        return 0;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** The fine-tuning of each candidate of a --max-loss search, or null without --fine-tune. */
    private Consumer<Model> tuneCopy(TrainConfig tuneConfig, Parallelism par, Splits splits) {
        return tuneConfig == null ? null : c -> fineTune(c, par, splits);
    }

    /** Trains the model in place for --fine-tune epochs (see {@link #fineTuneConfig}). */
    private TrainingResult fineTune(Model m, Parallelism par, Splits splits) {
        TrainConfig cfg = fineTuneConfig(par, m.hiddenSizes());
        return settings(() -> new Trainer(cfg).train(m, splits.train(), splits.dev(), splits.test()));
    }

    private static double accuracy(Model m, Dataset d, Parallelism par) {
        Evaluation e = Evaluation.of(m, d, par, 1000);
        return e.defined() && e.total() > 0 ? e.correct() / (double) e.total() : Double.NaN;
    }

    private static Map<String, Object> describe(Model m, Splits splits, Parallelism par) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sizes", ResultJson.ints(m.sizes()));
        e.put("hidden_sizes", ResultJson.ints(m.hiddenSizes()));
        e.put("mean_hidden_size", Arrays.stream(m.hiddenSizes()).average().orElse(0));
        e.put("parameters", m.parameterCount());
        if (splits != null) {
            e.put("dev_accuracy", splits.dev().size() == 0 ? null : ResultJson.nullIfNaN(accuracy(m, splits.dev(), par)));
            e.put("test_accuracy", splits.test().size() == 0 ? null : ResultJson.nullIfNaN(accuracy(m, splits.test(), par)));
        }
        return e;
    }

    private String describe(Method m, double strength) {
        return m.name.equals("merge") ? String.format(Locale.ROOT, "merged at cosine >= %.4g", strength)
                : String.format(Locale.ROOT, "magnitude pruning keeping %.4g of the units", strength);
    }

    /** The method the options ask for, or null (only dead units, or only fine-tuning). */
    private Method method() {
        int given = (merge != null ? 1 : 0) + (magnitude != null ? 1 : 0) + (method != null ? 1 : 0);
        if (given > 1) {
            throw OptionCheck.usage(spec, method != null ? "--method" : "--magnitude",
                    "give one of --merge TAU, --magnitude KEEP and --method", null);
        }
        if (targetWidth != null && maxLoss != null) {
            throw OptionCheck.usage(spec, "--max-loss", "give --target-width or --max-loss, not both", null);
        }
        boolean aim = targetWidth != null || maxLoss != null;
        if (method != null && !aim) {
            throw OptionCheck.usage(spec, "--method", "needs --target-width W or --max-loss POINTS", null);
        }
        if (aim && method == null) {
            throw OptionCheck.usage(spec, targetWidth != null ? "--target-width" : "--max-loss",
                    "needs --method merge|magnitude (the method whose strength it chooses)", null);
        }
        if (targetWidth != null) {
            OptionCheck.run(spec, "--target-width", () -> InvalidSettingException.check(targetWidth >= 1
                    && Double.isFinite(targetWidth), "target-width", "must be >= 1", targetWidth));
        }
        if (maxLoss != null) {
            OptionCheck.run(spec, "--max-loss", () -> InvalidSettingException.check(maxLoss >= 0
                    && Double.isFinite(maxLoss), "max-loss", "(percentage points) must be >= 0", maxLoss));
        }
        double rr = ridge == null ? LeastSquaresRefit.DEFAULT_RIDGE : ridge;
        int ss = samples == null ? LeastSquaresRefit.DEFAULT_SAMPLES : samples;
        if (refit) {
            OptionCheck.run(spec, ridge != null ? "--ridge" : "--samples",
                    () -> new LeastSquaresRefit(new MagnitudeRule(1), rr, ss));
        }
        String name;
        Double fixed = null;
        if (merge != null) {
            name = "merge";
            fixed = merge;
            OptionCheck.run(spec, "--merge", () -> new Merger(merge));
        } else if (magnitude != null) {
            name = "magnitude";
            fixed = magnitude;
            OptionCheck.run(spec, "--magnitude", () -> new MagnitudeRule(magnitude));
        } else if (method != null) {
            name = method.trim().toLowerCase(Locale.ROOT);
            if (!name.equals("merge") && !name.equals("magnitude")) {
                throw OptionCheck.usage(spec, "--method", "must be merge or magnitude, was '" + method + "'", null);
            }
        } else {
            return null;
        }
        boolean isMerge = name.equals("merge");
        DoubleFunction<CompressionRule> base = s -> isMerge ? new Merger(s) : new MagnitudeRule(s);
        DoubleFunction<CompressionRule> rule = refit ? s -> new LeastSquaresRefit(base.apply(s), rr, ss) : base;
        return new Method(name, rule, fixed);
    }

    /**
     * The fine-tuning settings: meProp top-k (--k; a count at or above a layer's width selects the
     * whole layer, as meSimp's clamp does), Adam (--lr), batch 100, automatic dropout, keep the best
     * dev epoch. With widths null, only validates the options.
     */
    private TrainConfig fineTuneConfig(Parallelism par, int[] widths) {
        return settings(() -> {
            Selector sel = Selectors.create("topk", Options.of("k", k));
            List<Selector> perLayer = new ArrayList<>();
            if (widths != null) {
                for (int w : widths) {
                    perLayer.add(sel.expectedRate(w) >= 1 ? Selectors.create("dense", Options.none())
                            : Selectors.create("topk", Options.of("k", k)));
                }
            }
            Adam.Spec opt = Adam.Spec.reference().withLearningRate(parseRate(lr));
            TrainConfig.Builder b = TrainConfig.builder().epochs(fineTune).batchSize(100).optimizer(opt).seed(seed)
                    .parallelism(par).keepBest(true);
            return (widths == null ? b.selector(sel) : b.selectors(perLayer)).build();
        });
    }

    private static float parseRate(String v) {
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("lr", "must be a number, was '" + v + "'");
        }
    }

    /** Runs a step that validates settings; an invalid setting is a usage error naming its option. */
    private <T> T settings(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidSettingException e) {
            String option = switch (e.setting()) {
                case "tau" -> "--merge";
                case "keep" -> "--magnitude";
                case "k", "selector" -> "--k";
                default -> "--" + e.setting();
            };
            throw OptionCheck.usage(spec, option, e.getMessage(), e);
        }
    }

    private static String avg(Model m) {
        return String.format(Locale.ROOT, "%.1f", Arrays.stream(m.hiddenSizes()).average().orElse(0));
    }

    /**
     * @param changed        examples whose arg-max differs (among those with finite logits in both)
     * @param maxLogitChange the largest absolute difference of a logit (same examples)
     * @param nonFinite      examples with a non-finite logit in either model
     */
    private record Change(int changed, double maxLogitChange, int nonFinite) {}

    /** How many arg-max predictions differ, and the largest absolute difference of a logit. */
    private static Change change(Model a, Model b, Dataset data, Parallelism par) {
        int classes = a.outputs();
        int batch = 1000;
        float[] x = new float[batch * data.width()];
        float[] la = new float[batch * classes];
        float[] lb = new float[batch * classes];
        int changed = 0;
        int nonFinite = 0;
        double max = 0;
        for (int from = 0; from < data.size(); from += batch) {
            int n = Math.min(batch, data.size() - from);
            System.arraycopy(data.x(), from * data.width(), x, 0, n * data.width());
            a.logits(par, x, n, la);
            b.logits(par, x, n, lb);
            for (int r = 0; r < n; r++) {
                boolean finite = true;
                for (int c = 0; c < classes; c++) {
                    int i = r * classes + c;
                    finite &= Float.isFinite(la[i]) && Float.isFinite(lb[i]);
                }
                if (!finite) {
                    nonFinite++;
                    continue;
                }
                int pa = 0;
                int pb = 0;
                for (int c = 0; c < classes; c++) {
                    int i = r * classes + c;
                    max = Math.max(max, Math.abs((double) la[i] - lb[i]));
                    if (la[i] > la[r * classes + pa]) {
                        pa = c;
                    }
                    if (lb[i] > lb[r * classes + pb]) {
                        pb = c;
                    }
                }
                if (pa != pb) {
                    changed++;
                }
            }
        }
        return new Change(changed, max, nonFinite);
    }
}
