package io.github.meprop.cli;

import io.github.meprop.kernels.Kernels;
import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.TopK;
import io.github.meprop.kernels.provider.KernelProvider;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meprop kernels}: which kernels this JVM uses, a self-check of the SIMD kernels against
 * their plain-Java twins on one meProp-sized problem, and a rough timing of each (medians of
 * repeated calls; the JMH benchmarks in jmh/ are the measurements to quote).
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Show which kernels run here, check them against the plain-Java twins, time them roughly.")
final class KernelsCommand implements Callable<Integer> {

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() {
        System.out.println("meprop kernels: " + Kernels.describe());
        System.out.println("Java " + Runtime.version() + " on " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " processors");
        if (!Kernels.simd()) {
            System.out.println("(run java with --add-modules jdk.incubator.vector for the SIMD kernels)");
        }
        int batch = 100;
        int in = 784;
        int out = 500;
        int k = 20;
        SplittableRandom rnd = new SplittableRandom(42);
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        float[] y = new float[batch * out];
        int[] idx = new int[batch * k];
        float[] dx = new float[batch * in];
        float[] dw = new float[out * in];

        // Self-check against the plain-Java twins.
        KernelProvider scalar = KernelProvider.scalar();
        int[] idxRef = new int[batch * k];
        TopK.selectRows(dy, batch, out, k, idx);
        scalar.topK().selectRows(dy, batch, out, k, idxRef);
        boolean topkSame = Arrays.equals(idx, idxRef);
        float[] yRef = new float[batch * out];
        Linear.forward(x, w, null, y, batch, in, out);
        scalar.linear().gemm().forward(x, w, null, yRef, batch, in, out, 0, out);
        double err = maxRelativeError(y, yRef);
        System.out.printf(Locale.ROOT, "self-check: top-k %s the plain-Java twin; forward max relative difference %.2e%n",
                topkSame ? "equals" : "DIFFERS FROM", err);

        System.out.println("rough timings, batch " + batch + ", " + in + " -> " + out + ", k = " + k
                + " (median of repeated calls; see docs/benchmarks.md for JMH figures):");
        TextTable t = new TextTable("kernel", "time");
        t.row("top-k per row (" + batch + " x " + out + ")", micros(() -> TopK.selectRows(dy, batch, out, k, idx)));
        t.row("forward y = x W^T", micros(() -> Linear.forward(x, w, null, y, batch, in, out)));
        t.row("dense backward (dx, dW)", micros(() -> Linear.backward(x, w, dy, dx, dw, null, batch, in, out)));
        t.row("meProp backward, top-" + k + " per example",
                micros(() -> Linear.backwardSparse(x, w, dy, idx, k, dx, dw, null, batch, in, out)));
        System.out.print(t);
        return topkSame && err < 1e-4 ? 0 : Main.FAILURE;
    }

    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller, one value per pair is enough here.
            double u = 1.0 - rnd.nextDouble();
            a[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble()));
        }
        return a;
    }

    private static double maxRelativeError(float[] a, float[] b) {
        double scale = 1e-6;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]) / scale);
        }
        return m;
    }

    private static String micros(Runnable r) {
        // Warm up for a second: until C2 has compiled the kernels the Vector API code runs
        // without intrinsics, one to two orders of magnitude slower.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            r.run();
        }
        long[] t = new long[31];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return String.format(Locale.ROOT, "%.1f us", t[t.length / 2] / 1e3);
    }
}
