package io.github.meprop.example;

import io.github.meprop.compress.ActivenessRule;
import io.github.meprop.compress.MeSimp;
import io.github.meprop.compress.PruneSchedule;
import io.github.meprop.data.Dataset;
import io.github.meprop.data.Splits;
import io.github.meprop.data.Standardizer;
import io.github.meprop.eval.ClassificationReport;
import io.github.meprop.eval.Metrics;
import io.github.meprop.kernels.Kernels;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.ModelMetadata;
import io.github.meprop.nn.SavedModel;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * meprop used as a library: own float[][] data → split and standardise → meProp training with
 * meSimp → save with metadata → load → predict with probabilities → metrics. Exits with status 1
 * if the test accuracy is below {@value #REQUIRED_ACCURACY} or meSimp removed nothing.
 */
public final class Example {

    /** The test accuracy the example must reach (it reaches 0.94 with the seeds below). */
    static final double REQUIRED_ACCURACY = 0.90;

    static final List<String> CLASS_NAMES = List.of("north", "east", "south", "west");

    private Example() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("kernels: " + Kernels.describe() + ", Java " + Runtime.version());
        Path file = Files.createTempFile("meprop-example", ".safetensors");
        try {
            Outcome o = run(new SyntheticData(6000, 20, CLASS_NAMES.size(), 1.6, 7), file);
            System.out.print(o.report.format(CLASS_NAMES));
            System.out.printf(Locale.ROOT, "hidden %s -> %s, parameters %,d -> %,d%n", o.hiddenBefore, o.hiddenAfter,
                    o.parametersBefore, o.parametersAfter);
            System.out.printf(Locale.ROOT, "first test row: %s, p = %s%n", CLASS_NAMES.get(o.firstPrediction),
                    java.util.Arrays.toString(o.firstProbabilities));
            if (o.report.accuracy() < REQUIRED_ACCURACY || o.parametersAfter >= o.parametersBefore) {
                System.out.printf(Locale.ROOT, "FAILED: test accuracy %.4f (required %.2f), parameters %,d -> %,d%n",
                        o.report.accuracy(), REQUIRED_ACCURACY, o.parametersBefore, o.parametersAfter);
                System.exit(1);
            }
            System.out.printf(Locale.ROOT, "OK: test accuracy %.4f >= %.2f%n", o.report.accuracy(), REQUIRED_ACCURACY);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What a run produced. */
    record Outcome(ClassificationReport report, String hiddenBefore, String hiddenAfter, long parametersBefore,
            long parametersAfter, int firstPrediction, float[] firstProbabilities) {
    }

    static Outcome run(SyntheticData own, Path file) throws IOException {
        // 1. Your data: float[][] rows and int[] labels 0..C-1.
        Dataset all = Dataset.of("synthetic", own.rows, own.labels);
        Splits splits = Splits.stratified(all, 0.1, 0.2, 42);            // 70% train, 10% dev, 20% test
        Standardizer z = Standardizer.fit(splits.train());              // fitted on the training split only
        Dataset train = z.apply(splits.train());
        Dataset dev = z.apply(splits.dev());

        // 2. meProp: top-16 of each 128-wide hidden layer's gradient per example; meSimp prunes neurons
        //    that are among the top 16 in fewer than 5% of the examples (keep it below k/width = 12.5%).
        Model model = Model.mlp(new int[] {all.width(), 128, 128, all.classes()}, Activation.RELU, 1);
        String hiddenBefore = join(model.hiddenSizes());
        long parametersBefore = model.parameterCount();
        TrainConfig config = TrainConfig.builder().epochs(10).batchSize(50).selector(TopKSelector.of(16)).seed(3).build();
        Trainer trainer = new Trainer(config);
        new MeSimp(List.of(new ActivenessRule(0.05)), PruneSchedule.withCycle(2)).attach(trainer);
        TrainingResult result = trainer.train(model, train, dev, null);

        // 3. Save with what a user of the model needs: class names, feature names, the standardizer.
        List<String> features = new ArrayList<>();
        for (int j = 0; j < all.width(); j++) {
            features.add("f" + j);
        }
        ModelFile.save(file, model, ModelMetadata.EMPTY.withClassNames(CLASS_NAMES).withFeatureNames(features)
                .withStandardizer(z).with("trained_epochs", Integer.toString(result.epochs())));

        // 4. Load and predict raw rows one at a time, with probabilities.
        SavedModel saved = ModelFile.read(file);
        Model loaded = saved.model();
        Standardizer standardizer = saved.metadata().standardizer();
        Dataset test = splits.test();                                   // raw, not standardized
        int classes = loaded.outputs();
        float[] probabilities = new float[test.size() * classes];
        int[] predicted = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            float[] x = standardizer.apply(test.row(i));
            predicted[i] = loaded.predict(x);
            System.arraycopy(loaded.probabilities(x), 0, probabilities, i * classes, classes);
        }

        // 5. Metrics.
        ClassificationReport report = ClassificationReport.of(test.y(), predicted, probabilities, classes);
        float[] first = java.util.Arrays.copyOf(probabilities, classes);
        return new Outcome(report, hiddenBefore, join(loaded.hiddenSizes()), parametersBefore, loaded.parameterCount(),
                predicted[0], first);
    }

    private static String join(int[] a) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : "-").append(a[i]);
        }
        return s.toString();
    }
}
