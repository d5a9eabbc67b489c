package io.github.meprop.examples;

import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Layer;
import io.github.meprop.nn.Layers;
import io.github.meprop.nn.LinearGradients;
import io.github.meprop.nn.Parameter;
import io.github.meprop.nn.Selection;
import io.github.meprop.nn.Sparsifier;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Worked example of a layer added from outside the library (docs/architecture.md): a gated linear
 * unit, {@code y = (A x + a) ⊙ σ(G x + g)}, with out units. Unit j owns row j of A, a, G and g, so
 * meProp selects units (by the value map's gradient) and both maps' backward passes use that selection;
 * meSimp removes units by keeping rows of all four parameters.
 *
 * <p>Backward from {@code dy}: {@code dv = dy ⊙ σ(s)} for the value map and
 * {@code ds = dy ⊙ v ⊙ σ(s)(1 − σ(s))} for the gate map, then {@link LinearGradients} for each;
 * dx is the sum of the two maps' input gradients. Cost: twice a dense layer's.
 */
public final class GatedLinear implements Layer {
    private final Parameter valueW;
    private final Parameter valueB;
    private final Parameter gateW;
    private final Parameter gateB;
    private float[] v = new float[0];
    private float[] sig = new float[0];
    private float[] dv = new float[0];
    private float[] dxGate = new float[0];

    /** Random weights (std 1/√in), zero biases. */
    public static GatedLinear random(int in, int out, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[out * in];
        float[] g = new float[out * in];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() / Math.sqrt(in));
            g[i] = (float) (r.nextGaussian() / Math.sqrt(in));
        }
        return new GatedLinear(new Parameter("value.weight", out, in, a), Parameter.vector("value.bias", new float[out]),
                new Parameter("gate.weight", out, in, g), Parameter.vector("gate.bias", new float[out]));
    }

    private GatedLinear(Parameter vw, Parameter vb, Parameter gw, Parameter gb) {
        valueW = vw;
        valueB = vb;
        gateW = gw;
        gateB = gb;
    }

    /** For the {@link Layers} registry: rebuilds the layer from a model file's tensors. */
    public static GatedLinear fromFile(Map<String, String> config, Layers.TensorSource t) {
        int[] s = t.shape("value.weight");
        return new GatedLinear(new Parameter("value.weight", s[0], s[1], t.get("value.weight", s[0], s[1])),
                Parameter.vector("value.bias", t.get("value.bias", s[0])),
                new Parameter("gate.weight", s[0], s[1], t.get("gate.weight", s[0], s[1])),
                Parameter.vector("gate.bias", t.get("gate.bias", s[0])));
    }

    @Override
    public String type() {
        return "glu";
    }

    @Override
    public int inputWidth() {
        return valueW.cols();
    }

    @Override
    public int outputWidth() {
        return valueW.rows();
    }

    @Override
    public int units() {
        return valueW.rows();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(valueW, valueB, gateW, gateB);
    }

    @Override
    public void forward(Parallelism par, float[] x, float[] y, int batch) {
        float[] s = new float[batch * units()];
        run(par, x, y, s, batch);
        for (int i = 0; i < batch * units(); i++) {
            y[i] *= s[i];
        }
    }

    @Override
    public void forwardForTraining(Parallelism par, float[] x, float[] y, int batch) {
        int n = batch * units();
        if (v.length < n) {
            v = new float[n];
            sig = new float[n];
            dv = new float[n];
        }
        run(par, x, v, sig, batch);
        for (int i = 0; i < n; i++) {
            y[i] = v[i] * sig[i];
        }
    }

    /** v = A x + a and s = σ(G x + g). */
    private void run(Parallelism par, float[] x, float[] v, float[] s, int batch) {
        int in = inputWidth();
        int out = units();
        Linear.forward(par, x, valueW.values(), valueB.values(), v, batch, in, out);
        Linear.forward(par, x, gateW.values(), gateB.values(), s, batch, in, out);
        for (int i = 0; i < batch * out; i++) {
            s[i] = (float) (1 / (1 + Math.exp(-s[i])));
        }
    }

    @Override
    public void backward(Parallelism par, float[] x, float[] y, float[] dy, float[] dx, int batch, Sparsifier sparse) {
        int n = batch * units();
        for (int i = 0; i < n; i++) {
            dv[i] = dy[i] * sig[i];
            dy[i] = dy[i] * v[i] * sig[i] * (1 - sig[i]);
        }
        Selection s = sparse.select(dv, batch, units());
        LinearGradients.backward(par, x, valueW, valueB, dv, s, dx, batch);
        if (dx != null && dxGate.length < batch * inputWidth()) {
            dxGate = new float[batch * inputWidth()];
        }
        LinearGradients.backward(par, x, gateW, gateB, dy, s, dx == null ? null : dxGate, batch);
        if (dx != null) {
            for (int i = 0; i < batch * inputWidth(); i++) {
                dx[i] += dxGate[i];
            }
        }
    }

    @Override
    public void keepUnits(int[] keep) {
        for (Parameter p : parameters()) {
            p.keepRows(keep);
        }
    }

    @Override
    public void keepInputs(int[] keep) {
        valueW.keepColumns(keep);
        gateW.keepColumns(keep);
    }

    @Override
    public GatedLinear copy() {
        return new GatedLinear(valueW.copy(), valueB.copy(), gateW.copy(), gateB.copy());
    }

    @Override
    public Map<String, String> config() {
        return Map.of();
    }
}
