package io.github.meprop.cli;

import io.github.meprop.compress.DeadNeurons;
import io.github.meprop.compress.Merger;
import io.github.meprop.data.Dataset;
import io.github.meprop.data.Splits;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.SavedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meprop compress}: shrinks a saved model after training: with {@code --data}, drops the
 * hidden neurons that are never active on the training split (exact on that data); with
 * {@code --merge TAU}, merges neurons whose incoming weights and bias are near positive multiples
 * of another's. Prints sizes and parameters before and after, and with data the test accuracy of
 * both and how much the logits moved.
 */
@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drop never-active hidden neurons (--data) and merge redundant ones (--merge TAU) of a saved model.")
final class CompressCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "IN", required = true, description = "The model to compress (safetensors).")
    Path model;

    @Option(names = "--out", paramLabel = "OUT", required = true, description = "Where to save the compressed model.")
    Path out;

    @Option(names = "--merge", paramLabel = "TAU",
            description = "Merge neurons whose [incoming weights, bias] have cosine similarity >= TAU (in (0, 1]) with another's.")
    Double merge;

    @Option(names = "--data", paramLabel = "mnist|fashion|DIR",
            description = "Drop neurons never active on this data set's training split, and report test accuracy before and after.")
    String data;

    @Option(names = "--dev", defaultValue = "5000",
            description = "Dev examples held out from the end of the training set, as in train (default: ${DEFAULT-VALUE}).")
    int devSize;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--allow-non-finite",
            description = "Load a model with NaN or infinite weights (refused by default); figures computed from non-finite logits are reported as undefined.")
    boolean allowNonFinite;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (merge == null && data == null) {
            throw new ParameterException(spec.commandLine(), "nothing to do: give --merge TAU and/or --data");
        }
        int nThreads = threads.count();
        Merger merger = merge == null ? null : OptionCheck.check(spec, "--merge", () -> new Merger(merge));
        OutputPaths.prepare(out);
        Stage.set("reading the model " + model);
        SavedModel saved = ModelFile.read(model, allowNonFinite);
        Model mlp = saved.model();
        if (merger != null && !Layouts.reluMlp(mlp)) {
            throw new IllegalArgumentException("cannot merge " + model + ": merging needs dense ReLU hidden layers, the"
                    + " model is " + Layouts.describe(mlp));
        }
        Splits splits = null;
        if (data != null) {
            Stage.set("loading the data set " + DataSource.resolve(data));
            splits = DataSource.load(spec, data, devSize);
        }
        Model original = mlp.copy();
        int[] dead = null;
        int[] merged = null;
        try (Parallelism par = Parallelism.of(nThreads)) {
            if (splits != null) {
                Stage.set("finding the never-active neurons of " + model);
                dead = DeadNeurons.drop(mlp, splits.train(), par, 1000);
            }
            if (merger != null) {
                Stage.set("merging the neurons of " + model);
                merged = merger.mergeAll(mlp);
            }
            Stage.set("saving the model to " + out);
            ModelFile.save(out, mlp, saved.metadata());

            TextTable t = new TextTable("", "before", "after");
            t.row("layer sizes", TrainCommand.join(original.sizes()), TrainCommand.join(mlp.sizes()));
            t.row("average hidden size", avg(original), avg(mlp));
            t.row("parameters", String.format(Locale.ROOT, "%,d", original.parameterCount()),
                    String.format(Locale.ROOT, "%,d", mlp.parameterCount()));
            if (dead != null) {
                t.row("never active on " + splits.train().size() + " training examples", "", TrainCommand.join(dead)
                        + " removed");
            }
            if (merged != null) {
                t.row("merged at cosine >= " + merge, "", TrainCommand.join(merged) + " removed");
            }
            if (splits != null && splits.test().size() > 0) {
                Stage.set("evaluating the compressed model");
                Dataset test = splits.test();
                t.row("test accuracy", Evaluation.of(original, test, par, 1000).accuracy(),
                        Evaluation.of(mlp, test, par, 1000).accuracy());
                Change c = change(original, mlp, test, par);
                if (c.nonFinite == 0) {
                    t.row("test predictions changed", "", String.format(Locale.ROOT, "%d of %d", c.changed, test.size()));
                    t.row("max |logit change| on test", "", String.format(Locale.ROOT, "%.3g", c.maxLogitChange));
                } else {
                    String undefined = Evaluation.undefined(c.nonFinite, test.size());
                    t.row("test predictions changed", "", undefined);
                    t.row("max |logit change| on test", "", undefined);
                }
            }
            System.out.print(t);
        }
        System.out.println("compressed model saved to " + out);
        return 0;
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
