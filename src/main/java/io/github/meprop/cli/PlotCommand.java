package io.github.meprop.cli;

import io.github.meprop.io.files.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * seconds against k, the dev accuracy of each epoch for every run, and, when the files report the
 * mean k per example (adaptive k included), test accuracy against that mean k with the seeds of
 * each setting averaged. Series are named by what
 * tells the runs apart ({@link SeriesNames}); every error names the input or output file.
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

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        Stage.set("reading the result files");
        Map<String, List<ResultFile>> byData = new TreeMap<>();
        Set<Path> seen = new HashSet<>();
        for (Path p : inputs) {
            ResultFile r = ResultFile.read(p);
            if (!seen.add(p.toRealPath())) {
                warn(p + ": given more than once; plotted once");
                continue;
            }
            // Keyed by the name as it appears in the file names, so two sets never write the same PNG.
            byData.computeIfAbsent(r.data().replaceAll("[^A-Za-z0-9_-]", "_"), d -> new ArrayList<>()).add(r);
        }
        // Every chart is drawn in memory before any file is written, and each file is written
        // through a temporary file and a rename: a failure leaves no partial set and no half PNG.
        Stage.set("drawing the charts");
        Map<Path, byte[]> pngs = new LinkedHashMap<>();
        for (Map.Entry<String, List<ResultFile>> e : byData.entrySet()) {
            String data = e.getKey();
            List<ResultFile> runs = e.getValue();
            pngs.put(out.resolve(data + "-accuracy-vs-k.png"),
                    png(versusK(data, runs, "test accuracy (%)", ResultFile::testAccuracy, 100, false)));
            pngs.put(out.resolve(data + "-backward-vs-k.png"),
                    png(versusK(data, runs, "backward seconds (20 epochs)", ResultFile::backwardSeconds, 1, true)));
            pngs.put(out.resolve(data + "-dev-accuracy.png"), png(curves(data, runs)));
            if (runs.stream().anyMatch(r -> !Double.isNaN(r.meanK()))) {
                pngs.put(out.resolve(data + "-accuracy-vs-mean-k.png"), png(versusMeanK(data, runs)));
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new FileSystemException(out.toString(), null, "not a directory (--out names the folder for the PNG files)");
        }
        OutputPaths.prepare(pngs.keySet().toArray(Path[]::new));
        for (Map.Entry<Path, byte[]> png : pngs.entrySet()) {
            Stage.set("writing " + png.getKey());
            AtomicFile.write(png.getKey(), png.getValue());
        }
        for (String data : byData.keySet()) {
            System.out.println("wrote " + out.resolve(data + "-{accuracy-vs-k,backward-vs-k,dev-accuracy"
                    + (pngs.containsKey(out.resolve(data + "-accuracy-vs-mean-k.png")) ? ",accuracy-vs-mean-k" : "")
                    + "}.png"));
        }
        return 0;
    }

    private static void warn(String message) {
        System.err.println("meprop: warning: " + message);
    }

    private interface Metric {
        double of(ResultFile r);
    }

    /**
     * One line per mode (and per optimizer, dropout or seed when those vary) over k; dense runs as
     * horizontal lines across the k range. Points that a logarithmic axis cannot show (k or a
     * value ≤ 0) and values that are not numbers are left out, with a warning naming the file.
     */
    private static XYChart versusK(String data, List<ResultFile> runs, String yTitle, Metric metric, double scale,
            boolean logY) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(data + ": " + yTitle + " against k")
                .xAxisTitle("k (rows kept per hidden layer, of 500)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setDecimalPattern("#,##0.##");
        Map<String, List<ResultFile>> lines = new LinkedHashMap<>();
        List<ResultFile> dense = new ArrayList<>();
        double kMin = Double.MAX_VALUE;
        double kMax = 0;
        for (ResultFile r : runs) {
            if (!drawable(r, yTitle, metric.of(r), logY)) {
                continue;
            }
            if (r.mode().equals("dense")) {
                dense.add(r);
            } else if (!Double.isNaN(r.k())) {
                if (!(r.k() > 0) || Double.isInfinite(r.k())) {
                    warn(r.file() + ": k = " + r.kText() + " cannot be placed on the logarithmic k axis; left out of the k charts");
                    continue;
                }
                lines.computeIfAbsent(r.mode() + SeriesNames.qualifiers(r, runs), x -> new ArrayList<>()).add(r);
                kMin = Math.min(kMin, r.k());
                kMax = Math.max(kMax, r.k());
            }
        }
        if (kMax == 0) {
            kMin = 1;
            kMax = 500;
        }
        // A line with two runs at the same k would zig-zag: such runs (differing in something not
        // in the name, e.g. the learning rate) become lines of their own, named by file.
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<double[][]> points = new ArrayList<>();
        for (Map.Entry<String, List<ResultFile>> e : lines.entrySet()) {
            List<ResultFile> pts = new ArrayList<>(e.getValue());
            pts.sort(Comparator.comparingDouble(ResultFile::k));
            boolean repeatedK = pts.stream().mapToDouble(ResultFile::k).distinct().count() < pts.size();
            List<List<ResultFile>> split = repeatedK ? pts.stream().map(List::of).toList() : List.of(pts);
            for (List<ResultFile> line : split) {
                names.add(e.getKey());
                files.add(line.size() == 1 ? line.get(0).file().toString() : "");
                points.add(new double[][] {line.stream().mapToDouble(ResultFile::k).toArray(),
                        line.stream().mapToDouble(r -> scale * metric.of(r)).toArray()});
            }
        }
        int sparseLines = names.size();
        for (ResultFile r : dense) {
            double y = scale * metric.of(r);
            names.add(r.label() + SeriesNames.qualifiers(r, runs) + String.format(Locale.ROOT, " (%.2f)", y));
            files.add(r.file().toString());
            points.add(new double[][] {{kMin, kMax}, {y, y}});
        }
        List<String> unique = SeriesNames.unique(names, files);
        for (int i = 0; i < unique.size(); i++) {
            XYSeries s = chart.addSeries(unique.get(i), points.get(i)[0], points.get(i)[1]);
            s.setMarker(i < sparseLines ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Test accuracy against the mean k per example (over hidden layers and epochs): one point per
     * setting (mode and k as given, optimizer, dropout), the mean over its seeds, one line per mode;
     * dense runs as horizontal lines. Fixed and adaptive k side by side at the k they really kept.
     */
    private static XYChart versusMeanK(String data, List<ResultFile> runs) {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title(data + ": test accuracy against the mean k kept per example (mean over seeds)")
                .xAxisTitle("mean k per example and hidden layer").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setDecimalPattern("#,##0.##");
        Map<String, Map<String, List<ResultFile>>> byMode = new TreeMap<>();
        List<ResultFile> dense = new ArrayList<>();
        double kMin = Double.MAX_VALUE;
        double kMax = 0;
        for (ResultFile r : runs) {
            if (!drawable(r, "test accuracy (%)", r.testAccuracy(), false)) {
                continue;
            }
            if (r.mode().equals("dense")) {
                dense.add(r);
                continue;
            }
            if (Double.isNaN(r.meanK())) {
                warn(r.file() + ": no mean_k in the file (written before it was recorded); left out of the mean-k chart");
                continue;
            }
            String line = r.mode() + " (" + r.optimizerFamily() + ", dropout " + r.dropout() + ")";
            byMode.computeIfAbsent(line, x -> new TreeMap<>()).computeIfAbsent(r.kText(), x -> new ArrayList<>()).add(r);
            kMin = Math.min(kMin, r.meanK());
            kMax = Math.max(kMax, r.meanK());
        }
        if (kMax == 0) {
            kMin = 1;
            kMax = 500;
        }
        for (Map.Entry<String, Map<String, List<ResultFile>>> e : byMode.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (List<ResultFile> setting : e.getValue().values()) {
                double k = setting.stream().mapToDouble(ResultFile::meanK).average().orElse(Double.NaN);
                double acc = setting.stream().mapToDouble(ResultFile::testAccuracy).average().orElse(Double.NaN);
                pts.add(new double[] {k, 100 * acc});
            }
            pts.sort(Comparator.comparingDouble(p -> p[0]));
            XYSeries s = chart.addSeries(e.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (!dense.isEmpty()) {
            double acc = 100 * dense.stream().mapToDouble(ResultFile::testAccuracy).average().orElse(Double.NaN);
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "dense (%.2f)", acc), new double[] {kMin, kMax},
                    new double[] {acc, acc});
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Whether {@code value} can be drawn; if not, a warning naming the file says why. */
    private static boolean drawable(ResultFile r, String what, double value, boolean logY) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            warn(r.file() + ": " + what + " is not a number; left out of that chart");
            return false;
        }
        if (logY && !(value > 0)) {
            warn(r.file() + ": " + what + " is " + value + ", which the logarithmic axis cannot show; left out of that chart");
            return false;
        }
        return true;
    }

    private static XYChart curves(String data, List<ResultFile> runs) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(data + ": dev accuracy per epoch")
                .xAxisTitle("epoch").yAxisTitle("dev accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        List<ResultFile> sorted = new ArrayList<>();
        for (ResultFile r : runs) {
            if (!r.devCurve().isEmpty()) {
                sorted.add(r);
            }
        }
        sorted.sort(Comparator.comparing(ResultFile::label));
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (ResultFile r : sorted) {
            names.add(r.label() + SeriesNames.qualifiers(r, runs));
            files.add(r.file().toString());
        }
        List<String> unique = SeriesNames.unique(names, files);
        for (int i = 0; i < sorted.size(); i++) {
            List<Double> curve = sorted.get(i).devCurve();
            double[] xs = new double[curve.size()];
            double[] ys = new double[xs.length];
            for (int e = 0; e < xs.length; e++) {
                xs[e] = e + 1;
                ys[e] = curve.get(e);
            }
            XYSeries s = chart.addSeries(unique.get(i), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static byte[] png(XYChart chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
        return bytes.toByteArray();
    }
}
