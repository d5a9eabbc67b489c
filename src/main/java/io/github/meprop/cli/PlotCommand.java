package io.github.meprop.cli;

import io.github.meprop.io.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meprop plot}: PNG charts from {@code train --json} result files, one set per data set:
 * test accuracy against k (top-k, unified, random-k, with the dense run as a line), backward
 * seconds against k, and the dev accuracy of each epoch for every run.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw PNG charts (accuracy and backward time against k, dev accuracy per epoch) from train --json files.")
final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULT.json", arity = "1..*", description = "Result files written by train --json.")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/img",
            description = "Folder for the PNG files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    /** One result file, the fields the charts use. */
    record Run(Path file, String data, String mode, double k, String kText, String optimizer, double testAccuracy,
            double backwardSeconds, double stepSeconds, List<Double> devCurve) {

        String label() {
            String opt = optimizer.contains("lazy") ? " lazy" : "";
            return mode.equals("dense") ? "dense" + opt : mode + " k=" + kText + opt;
        }
    }

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<Run>> byData = new TreeMap<>();
        for (Path p : inputs) {
            Run r = read(p);
            byData.computeIfAbsent(r.data(), d -> new ArrayList<>()).add(r);
        }
        Files.createDirectories(out);
        for (Map.Entry<String, List<Run>> e : byData.entrySet()) {
            String data = e.getKey().replaceAll("[^A-Za-z0-9_-]", "_");
            List<Run> runs = e.getValue();
            save(versusK(data, runs, "test accuracy (%)", r -> 100 * r.testAccuracy(), false),
                    out.resolve(data + "-accuracy-vs-k.png"));
            save(versusK(data, runs, "backward seconds (20 epochs)", Run::backwardSeconds, true),
                    out.resolve(data + "-backward-vs-k.png"));
            save(curves(data, runs), out.resolve(data + "-dev-accuracy.png"));
            System.out.println("wrote " + out.resolve(data + "-{accuracy-vs-k,backward-vs-k,dev-accuracy}.png"));
        }
        return 0;
    }

    private static Run read(Path p) throws IOException {
        Object parsed = Json.parse(Files.readString(p, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IOException(p + ": not a JSON object");
        }
        String mode = string(p, m, "mode");
        String kText = mode.equals("dense") ? "" : string(p, m, "k");
        double k = Double.NaN;
        if (!kText.isEmpty() && !kText.endsWith("%")) {
            k = Double.parseDouble(kText);
        }
        List<Double> curve = new ArrayList<>();
        if (m.get("history") instanceof List<?> h) {
            for (Object o : h) {
                if (o instanceof Map<?, ?> e && e.get("dev_accuracy") instanceof Number n) {
                    curve.add(100 * n.doubleValue());
                }
            }
        }
        return new Run(p, string(p, m, "data"), mode, k, kText, string(p, m, "optimizer"),
                number(p, m, "test_accuracy"), number(p, m, "backward_seconds"), number(p, m, "train_seconds"), curve);
    }

    private static String string(Path p, Map<?, ?> m, String key) throws IOException {
        Object v = m.get(key);
        if (v == null) {
            throw new IOException(p + ": field '" + key + "' is missing");
        }
        return v.toString();
    }

    private static double number(Path p, Map<?, ?> m, String key) throws IOException {
        if (m.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IOException(p + ": field '" + key + "' is missing or not a number");
    }

    private interface Metric {
        double of(Run r);
    }

    /** One line per (mode, optimizer) over k; dense runs as horizontal lines across the k range. */
    private static XYChart versusK(String data, List<Run> runs, String yTitle, Metric metric, boolean logY) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(data + ": " + yTitle + " against k")
                .xAxisTitle("k (rows kept per hidden layer, of 500)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setDecimalPattern("#,##0.##");
        Map<String, List<Run>> lines = new LinkedHashMap<>();
        double kMin = Double.MAX_VALUE;
        double kMax = 0;
        for (Run r : runs) {
            if (!Double.isNaN(r.k())) {
                String key = r.mode() + (r.optimizer().contains("lazy") ? " (lazy Adam)" : "");
                lines.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
                kMin = Math.min(kMin, r.k());
                kMax = Math.max(kMax, r.k());
            }
        }
        if (kMax == 0) {
            kMin = 1;
            kMax = 500;
        }
        for (Map.Entry<String, List<Run>> e : lines.entrySet()) {
            List<Run> pts = new ArrayList<>(e.getValue());
            pts.sort(Comparator.comparingDouble(Run::k));
            double[] xs = pts.stream().mapToDouble(Run::k).toArray();
            double[] ys = pts.stream().mapToDouble(metric::of).toArray();
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        for (Run r : runs) {
            if (r.mode().equals("dense")) {
                double y = metric.of(r);
                XYSeries s = chart.addSeries(r.label() + String.format(Locale.ROOT, " (%.2f)", y),
                        new double[] {kMin, kMax}, new double[] {y, y});
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    private static XYChart curves(String data, List<Run> runs) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(data + ": dev accuracy per epoch")
                .xAxisTitle("epoch").yAxisTitle("dev accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::label));
        for (Run r : sorted) {
            if (r.devCurve().isEmpty()) {
                continue;
            }
            double[] xs = new double[r.devCurve().size()];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i + 1;
                ys[i] = r.devCurve().get(i);
            }
            XYSeries s = chart.addSeries(r.label(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
