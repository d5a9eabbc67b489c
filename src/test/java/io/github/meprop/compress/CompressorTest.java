package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Model;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CompressorTest {

    private static double mean(int[] a) {
        return Arrays.stream(a).average().orElse(0);
    }

    @Test
    void applyCompressesACopy() {
        Model m = Model.mlp(new int[] {6, 20, 10, 3}, Activation.RELU, 4);
        float[] before = m.dense(0).weights().clone();
        Model c = Compressor.apply(m, new MagnitudeRule(0.5), CompressionContext.weightsOnly());
        assertArrayEquals(new int[] {10, 5}, c.hiddenSizes());
        assertArrayEquals(new int[] {20, 10}, m.hiddenSizes(), "the input model is not changed");
        assertArrayEquals(before, m.dense(0).weights());
    }

    @Test
    void toWidthFindsTheLeastCompressionThatReachesTheTarget() {
        Model m = Model.mlp(new int[] {6, 40, 20, 3}, Activation.RELU, 4);
        Compressor.Outcome o = Compressor.toWidth(m, MagnitudeRule::new, CompressionContext.weightsOnly(), 12, 12);
        assertTrue(o.reached());
        assertTrue(mean(o.model().hiddenSizes()) <= 12, Arrays.toString(o.model().hiddenSizes()));
        // One more unit per layer would exceed it: the bisection found the largest fraction (to 2^-12).
        assertArrayEquals(new int[] {16, 8}, o.model().hiddenSizes());
        assertEquals(o.trials().size(), 13, "the full-strength trial and 12 steps");
        // Already small enough: nothing removed.
        Compressor.Outcome none = Compressor.toWidth(m, MagnitudeRule::new, CompressionContext.weightsOnly(), 30, 12);
        assertArrayEquals(new int[] {40, 20}, none.model().hiddenSizes());
        assertEquals(1.0, none.strength());
    }

    @Test
    void toWidthSaysWhenTheTargetCannotBeReached() {
        // Merging needs positive cosines: orthogonal units never merge, so the width cannot fall.
        Model m = Model.mlp(new int[] {4, 4, 2}, Activation.RELU, 1);
        float[] w = m.dense(0).weights();
        Arrays.fill(w, 0);
        for (int j = 0; j < 4; j++) {
            w[j * 4 + j] = 1;
        }
        Compressor.Outcome o = Compressor.toWidth(m, Merger::new, CompressionContext.weightsOnly(), 2, 6);
        assertFalse(o.reached());
        assertArrayEquals(new int[] {4}, o.model().hiddenSizes());
    }

    @Test
    void toScoreFindsTheStrongestCompressionAboveTheFloor() {
        Model m = Model.mlp(new int[] {6, 40, 3}, Activation.RELU, 4);
        // Score = width (falls as the compression grows): the floor 10 allows down to 10 units; tune
        // runs on every trial.
        int[] tuned = {0};
        Compressor.Outcome o = Compressor.toScore(m, MagnitudeRule::new, CompressionContext.weightsOnly(),
                c -> tuned[0]++, c -> c.hiddenSizes()[0], 10, 12);
        assertTrue(o.reached());
        assertArrayEquals(new int[] {10}, o.model().hiddenSizes());
        assertEquals(13, tuned[0]);
        Compressor.Outcome no = Compressor.toScore(m, MagnitudeRule::new, CompressionContext.weightsOnly(), null,
                c -> 0.5, 0.9, 4);
        assertFalse(no.reached());
        assertArrayEquals(new int[] {40}, no.model().hiddenSizes());
    }
}
