package io.github.meprop.bench;

import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
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
 * The peer of {@link TrainStepBench}'s dense step in DL4J 1.0.0-M2.1 (ND4J native backend, the
 * AVX-512 build, OpenBLAS): MLP 784-500-500-10 with ReLU, softmax output with multi-class
 * cross-entropy (mean over the batch), Adam lr 1e-3 (β 0.9/0.999, ε 1e-8), element-wise gradient
 * clip ±5, batch 100, the same 20 batches ({@link StepData}) as DataSets built beforehand (one-hot
 * labels), workspaces on (DL4J's default: no allocation per step). One step = {@code net.fit(batch)}.
 *
 * <p>Threads: ND4J's environment ({@code Nd4j.getEnvironment().setMaxThreads/MaxMasterThreads})
 * and OpenBLAS ({@code Nd4j.factory().blas().setMaxThreads}) set to {@code threads}; run with
 * {@code OMP_NUM_THREADS} and {@code OPENBLAS_NUM_THREADS} set to the same count where only one
 * count is measured (jmh/run-peer-benchmarks.sh).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Dl4jTrainStepBench {
    @Param({"1"})
    public int threads;

    MultiLayerNetwork net;
    DataSet[] batches;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        StepData data = new StepData();
        int[] sizes = StepData.SIZES;
        int classes = sizes[sizes.length - 1];
        batches = new DataSet[StepData.BATCHES];
        for (int b = 0; b < StepData.BATCHES; b++) {
            INDArray features = Nd4j.create(data.xs[b], new long[] {StepData.BATCH, sizes[0]}, 'c');
            float[] oneHot = new float[StepData.BATCH * classes];
            for (int r = 0; r < StepData.BATCH; r++) {
                oneHot[r * classes + data.ys[b][r]] = 1f;
            }
            INDArray labels = Nd4j.create(oneHot, new long[] {StepData.BATCH, classes}, 'c');
            batches[b] = new DataSet(features, labels);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-8))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(5)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new DenseLayer.Builder().nIn(sizes[0]).nOut(sizes[1]).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(sizes[1]).nOut(sizes[2]).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(sizes[2]).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        net = new MultiLayerNetwork(conf);
        net.init();
        System.out.println("# DL4J: backend " + Nd4j.getBackend().getClass().getSimpleName() + ", blas threads "
                + Nd4j.factory().blas().getMaxThreads() + ", env threads " + Nd4j.getEnvironment().maxThreads()
                + ", native " + System.getProperty("org.bytedeco.javacpp.platform.extension", "(platform default)"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public MultiLayerNetwork step() {
        int b = next;
        next = b + 1 == StepData.BATCHES ? 0 : b + 1;
        net.fit(batches[b]);
        return net;
    }
}
