package io.github.meprop.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer of {@link InferenceBench}: the forward pass to the logits of an MLP 784-H1-H2-10 with
 * ReLU in DJL 0.36 / PyTorch 2.7.1 (CPU), one thread, on an input NDArray built beforehand. Each
 * call runs the block in inference mode in a sub-manager and reads the logits back into a Java
 * array (what a caller of a single prediction needs; ours returns a float[] too). The parameters
 * are frozen (no gradient), so PyTorch records no autograd graph.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@State(Scope.Thread)
public class DjlInferenceBench {
    @Param({"500-500", "140-277"})
    public String hidden;

    @Param({"1", "100"})
    public int batch;

    NDManager manager;
    SequentialBlock block;
    ParameterStore store;
    NDArray x;

    @Setup(Level.Trial)
    public void setUp() {
        Djl.threads(1);
        int[] sizes = StepData.mlp(hidden);
        manager = NDManager.newBaseManager();
        block = Djl.mlp(sizes);
        block.initialize(manager, DataType.FLOAT32, new Shape(batch, sizes[0]));
        block.freezeParameters(true); // no gradients: no autograd graph is recorded at inference
        store = new ParameterStore(manager, false);
        SplittableRandom rnd = new SplittableRandom(2);
        float[] v = new float[batch * sizes[0]];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble();
        }
        x = manager.create(v, new Shape(batch, sizes[0]));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float[] forward() {
        try (NDManager call = manager.newSubManager()) {
            x.tempAttach(call);
            NDList out = block.forward(store, new NDList(x), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }
}
