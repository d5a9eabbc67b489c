package io.github.meprop.bench;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** Shared setup of the DJL benchmarks. */
final class Djl {
    private Djl() {}

    /** Threads of the PyTorch engine; must run before the engine loads. */
    static void threads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        System.setProperty("ai.djl.offline", "true");
    }

    /** Linear + ReLU for every hidden width, then a linear output layer (the logits). */
    static SequentialBlock mlp(int[] sizes) {
        SequentialBlock block = new SequentialBlock();
        for (int l = 1; l < sizes.length; l++) {
            block.add(Linear.builder().setUnits(sizes[l]).build());
            if (l < sizes.length - 1) {
                block.add(Activation.reluBlock());
            }
        }
        return block;
    }
}
