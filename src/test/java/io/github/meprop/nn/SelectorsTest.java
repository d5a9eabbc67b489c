package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectorsTest {

    @Test
    void countsAndPercentagesResolveAgainstTheWidth() {
        KSpec c = KSpec.parse("20");
        assertEquals(20, c.resolve(500));
        assertEquals(20, c.resolve(20));
        assertEquals(7, c.resolve(7), "clamped to the width when the layer shrank below k");
        KSpec p = KSpec.parse("4%");
        assertEquals(20, p.resolve(500));
        assertEquals(6, p.resolve(154), "4% of 154 = 6.16 → 6");
        assertEquals(1, p.resolve(5), "never below 1");
        assertEquals(3, KSpec.parse("2.5%").resolve(100), "2.5 rounds half up");
        assertEquals(500, KSpec.parse("100%").resolve(500));
    }

    @Test
    void parsesAndPrintsRoundTrip() {
        for (String s : new String[] {"topk:20", "unified:4%", "randomk:20", "topk:2.5%"}) {
            assertEquals(s, Selectors.parse(s).toString());
        }
        assertEquals("dense", Selectors.parse("dense").toString());
        assertEquals("topk", Selectors.parse("TopK:80").name());
        assertEquals("80", Selectors.parse("topk:k=80").settings());
        assertEquals("20", Selectors.parse("topk").settings(), "k defaults to 20");
        assertEquals("", Selectors.parse("dense").settings());
        assertFalse(Selectors.parse("dense").sparse());
        assertTrue(Selectors.names().containsAll(java.util.List.of("dense", "topk", "unified", "randomk")));
    }

    @Test
    void rejectsBadInputNamingTheSetting() {
        for (String bad : new String[] {"topk:0", "topk:-3", "topk:0%", "topk:101%", "topk:abc"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Selectors.parse(bad), bad);
            assertEquals("k", e.setting(), bad);
        }
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Selectors.parse("bottom:3"));
        assertEquals("selector", e.setting());
        assertTrue(e.getMessage().contains("bottom") && e.getMessage().contains("topk"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> Selectors.create("dense", Options.of("k", "3")));
        assertEquals("k", e.setting());
        assertTrue(e.getMessage().contains("does not apply to selector dense"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> Selectors.create("topk", Options.of("mass", "0.5")));
        assertEquals("mass", e.setting());
        assertThrows(IllegalArgumentException.class, () -> new KSpec(3, 0.5));
    }

    @Test
    void anExplicitCountLargerThanTheLayerIsAnErrorNamingLayerAndWidth() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TopKSelector.of(600).validate(1, 500));
        assertEquals("k", e.setting());
        assertTrue(e.getMessage().contains("hidden layer 1") && e.getMessage().contains("width 500")
                && e.getMessage().contains("600"), e.getMessage());
        TopKSelector.of(500).validate(1, 500);
        new TopKSelector(KSpec.parse("100%")).validate(0, 3);
        DenseSelector.INSTANCE.validate(0, 3);
    }

    @Test
    void selectionsHaveTheFormTheirSelectorPromises() {
        float[] g = {0.5f, -2f, 0.1f, 0f, 1.5f, -0.3f, 0f, 0.9f, 0.7f, 0f};
        Selection s = new Selection();
        SplittableRandom rnd = new SplittableRandom(1);
        TopKSelector.of(2).select(g, 2, 5, s, rnd);
        assertEquals(Selection.Form.PER_ROW, s.form());
        assertArrayEquals(new int[] {0, 2, 4}, java.util.Arrays.copyOf(s.offsets(), 3));
        assertArrayEquals(new int[] {1, 4, 2, 3}, java.util.Arrays.copyOf(s.index(), 4));
        assertEquals(4, s.selected());
        UnifiedSelector.of(2).select(g, 2, 5, s, rnd);
        assertEquals(Selection.Form.SHARED, s.form());
        assertEquals(2, s.sharedCount());
        assertArrayEquals(new int[] {1, 4}, java.util.Arrays.copyOf(s.index(), 2), "column sums 0.8, 2, 1, 0.7, 1.5");
        TopKSelector.of(5).select(g, 2, 5, s, rnd);
        assertEquals(Selection.Form.ALL, s.form(), "k = width keeps everything");
        DenseSelector.INSTANCE.select(g, 2, 5, s, rnd);
        assertEquals(Selection.Form.ALL, s.form());
        assertEquals(10, s.selected());
        RandomKSelector.of(3).select(g, 2, 5, s, rnd);
        assertEquals(6, s.selected());
        for (int r = 0; r < 2; r++) {
            assertEquals(3, s.count(r));
        }
    }
}
