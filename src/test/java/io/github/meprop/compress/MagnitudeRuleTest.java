package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.meprop.nn.Activation;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import org.junit.jupiter.api.Test;

class MagnitudeRuleTest {

    @Test
    void keepsTheUnitsWithTheLargestIncomingTimesOutgoingNorms() {
        Model m = Model.mlp(new int[] {2, 4, 2}, Activation.RELU, 1);
        float[] w = m.dense(0).weights();
        float[] b = m.dense(0).biases();
        float[] w2 = m.dense(1).weights();
        // Incoming norms (with bias): 1, 2, 3, 0.5; outgoing norms: 4, 1, 1, 10 -> scores 4, 2, 3, 5.
        float[][] in = {{1, 0}, {0, 2}, {3, 0}, {0, 0.5f}};
        float[] out = {4, 1, 1, 10};
        for (int j = 0; j < 4; j++) {
            w[2 * j] = in[j][0];
            w[2 * j + 1] = in[j][1];
            b[j] = 0;
            w2[j] = out[j];
            w2[4 + j] = 0;
        }
        assertArrayEquals(new double[] {4, 2, 3, 5}, MagnitudeRule.scores(m, 0), 1e-6);
        assertArrayEquals(new int[] {0, 3}, new MagnitudeRule(0.5).keep(m, 0, CompressionContext.weightsOnly()));
        assertArrayEquals(new int[] {0, 2, 3}, new MagnitudeRule(0.75).keep(m, 0, CompressionContext.weightsOnly()));
        assertNull(new MagnitudeRule(1).keep(m, 0, CompressionContext.weightsOnly()), "keeps everything");
        assertArrayEquals(new int[] {3}, new MagnitudeRule(0.01).keep(m, 0, CompressionContext.weightsOnly()),
                "never the last unit");
        assertEquals(1, new MagnitudeRule(0.01).kept(4));
    }

    @Test
    void tiesKeepTheLowerPosition() {
        assertArrayEquals(new int[] {0, 2}, MagnitudeRule.top(new double[] {1, 0.5, 1, 1}, 2));
    }

    @Test
    void validatesKeep() {
        assertEquals("keep", assertThrows(InvalidSettingException.class, () -> new MagnitudeRule(0)).setting());
        assertEquals("keep", assertThrows(InvalidSettingException.class, () -> new MagnitudeRule(1.5)).setting());
        assertEquals(0.25, ((MagnitudeRule) CompressionRules.create("magnitude", Options.of("keep", "0.25"))).fraction());
    }
}
