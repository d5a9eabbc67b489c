package io.github.meprop.cli;

import io.github.meprop.compress.ActivenessRule;
import io.github.meprop.compress.CompressionRule;
import io.github.meprop.compress.LeastSquaresRefit;
import io.github.meprop.compress.TargetWidthRule;
import io.github.meprop.compress.MeSimp;
import io.github.meprop.compress.Merger;
import io.github.meprop.compress.PrunePoint;
import io.github.meprop.io.files.AtomicFile;
import io.github.meprop.io.json.Json;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.Optimizer;
import io.github.meprop.nn.Sgd;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.EpochStats;
import io.github.meprop.nn.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} output of {@code train}: accuracies as fractions, times in seconds. */
final class ResultJson {
    private ResultJson() {}

    /**
     * The run's results. test_accuracy, dev_accuracy, hidden_sizes and parameters describe the model
     * the run returned and saved (model_epoch); final_test_accuracy is the last epoch's.
     */
    static Map<String, Object> of(TrainingResult r, String data, int[] initialSizes, Activation act,
            TrainConfig config, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("test_accuracy", nullIfNaN(r.testAccuracy()));
        m.put("final_test_accuracy", nullIfNaN(r.finalTestAccuracy()));
        m.put("dev_accuracy", nullIfNaN(r.devAccuracy()));
        m.put("model_epoch", r.modelEpoch() + 1);
        m.put("keep", config.keepBest() ? "best" : "last");
        m.put("epochs", r.epochs());
        m.put("stopped_early", r.stoppedEarly());
        m.put("train_seconds", r.timings().step());
        m.put("forward_seconds", r.timings().forward());
        m.put("backward_seconds", r.timings().backward());
        m.put("optimizer_seconds", r.timings().optimizer());
        m.put("simplify_seconds", r.timings().hooks());
        m.put("evaluation_seconds", r.timings().evaluation());
        m.put("total_seconds", r.timings().total());
        m.put("hidden_sizes", ints(r.hiddenSizes()));
        m.put("initial_hidden_sizes", ints(java.util.Arrays.copyOfRange(initialSizes, 1, initialSizes.length - 1)));
        m.put("mean_hidden_size", java.util.Arrays.stream(r.hiddenSizes()).average().orElse(0));
        m.put("parameters", r.parameters());
        m.put("mode", r.mode());
        m.put("k", r.k());
        m.put("activation", act.id());
        m.put("optimizer", r.optimizer());
        m.put("learning_rate", learningRate(config.optimizer()));
        m.put("dropout", Double.parseDouble(Float.toString(r.dropout())));
        m.put("dropout_setting", config.autoDropout() ? "auto" : Double.toString(config.dropout()));
        m.put("batch", config.batchSize());
        m.put("seed", config.seed());
        m.put("threads", threads);
        m.put("kernels", Kernels.describe());
        m.put("java", Runtime.version().toString());
        List<Object> history = new ArrayList<>();
        for (EpochStats s : r.history()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", s.epoch() + 1);
            e.put("train_loss", nullIfNaN(s.trainLoss()));
            e.put("train_accuracy", nullIfNaN(s.trainAccuracy()));
            e.put("dev_accuracy", nullIfNaN(s.devAccuracy()));
            e.put("dev_loss", nullIfNaN(s.devLoss()));
            e.put("test_accuracy", nullIfNaN(s.testAccuracy()));
            List<Object> mk = new ArrayList<>();
            for (double v : s.meanK()) {
                mk.add(nullIfNaN(v));
            }
            e.put("mean_k", mk);
            e.put("forward_seconds", s.timings().forward());
            e.put("backward_seconds", s.timings().backward());
            e.put("optimizer_seconds", s.timings().optimizer());
            e.put("hidden_sizes", ints(s.hiddenSizes()));
            e.put("parameters", s.parameters());
            history.add(e);
        }
        m.put("history", history);
        return m;
    }

    /**
     * Marks the results of an LSTM run: {@code model} = "lstm", {@code steps}, {@code features}, and
     * {@code activation} = null (the gates' sigmoid and tanh are fixed). MLP results have no
     * {@code model} key.
     */
    static void describeLstm(Map<String, Object> json, int steps, int features) {
        json.put("model", "lstm");
        json.put("steps", steps);
        json.put("features", features);
        json.put("activation", null);
    }

    /** The {@code simplification} object: meSimp's settings and what each prune point did. */
    static Map<String, Object> simplification(MeSimp mesimp) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> rules = new ArrayList<>();
        Double prune = null;
        Double tau = null;
        Double target = null;
        LeastSquaresRefit refit = null;
        for (CompressionRule rule : mesimp.rules()) {
            rules.add(rule.name());
            CompressionRule c = rule;
            if (rule instanceof LeastSquaresRefit f) {
                refit = f;
                c = f.select();
            }
            if (c instanceof TargetWidthRule t && target == null) {
                target = t.width();
            }
            if (c instanceof ActivenessRule a && prune == null) {
                prune = a.prune();
            }
            if (c instanceof Merger g && tau == null) {
                tau = g.tau();
            }
        }
        m.put("rules", rules);
        m.put("prune", prune);
        m.put("cycle_epochs", mesimp.schedule().cycleEpochs());
        m.put("prune_points_per_epoch", mesimp.schedule().pointsPerEpoch());
        m.put("alternate_cycles", mesimp.schedule().alternate());
        m.put("reset_moments", mesimp.schedule().resetMoments());
        m.put("moment_reset", mesimp.schedule().momentReset().id());
        m.put("merge_tau", tau);
        m.put("counting", mesimp.activeness().counting().name().toLowerCase(java.util.Locale.ROOT));
        m.put("refit", refit != null);
        if (refit != null) {
            m.put("ridge", refit.ridge());
            m.put("refit_samples", refit.samples());
        }
        if (target != null) {
            m.put("target_width", target);
        }
        if (mesimp.stoppedAfterEpoch() >= 0) {
            m.put("pruning_stopped_after_epoch", mesimp.stoppedAfterEpoch() + 1);
        }
        m.put("moment_resets", mesimp.momentResets());
        List<Object> points = new ArrayList<>();
        for (PrunePoint p : mesimp.prunePoints()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", p.epoch() + 1);
            e.put("batch", p.batch() + 1);
            e.put("step", p.step());
            e.put("hidden_sizes", ints(p.after()));
            e.put("dropped", ints(p.dropped()));
            e.put("merged", ints(p.merged()));
            if (p.rules().contains("dead")) {
                e.put("dead", ints(p.removedBy("dead")));
            }
            points.add(e);
        }
        m.put("prune_points", points);
        return m;
    }

    /**
     * Records the model file: {@code model_file} (the path, or null without {@code --save}),
     * {@code model_saved}, and {@code save_error} when saving failed.
     */
    static void recordSave(Map<String, Object> json, Path save, IOException failure) {
        json.put("model_file", save == null ? null : save.toString());
        json.put("model_saved", save != null && failure == null);
        if (failure != null) {
            json.put("save_error", Failures.describe(failure));
        }
    }

    /**
     * Writes through a temporary file and a rename ({@link AtomicFile}), so a reader never sees
     * half a file. The folder exists: the command prepared it before training ({@link OutputPaths}).
     */
    static void write(Path file, Map<String, Object> json) throws IOException {
        AtomicFile.write(file, (Json.writePretty(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The learning rate of the built-in optimizers, else null. */
    private static Object learningRate(Optimizer.Spec spec) {
        if (spec instanceof Adam.Spec a) {
            return (double) a.learningRate();
        }
        if (spec instanceof Sgd.Spec g) {
            return (double) g.learningRate();
        }
        return null;
    }

    static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static List<Integer> ints(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
