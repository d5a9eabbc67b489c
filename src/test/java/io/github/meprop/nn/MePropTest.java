package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MePropTest {

    @Test
    void countsAndPercentagesResolveAgainstTheWidth() {
        MeProp c = MeProp.topK("20");
        assertEquals(20, c.k(500));
        assertEquals(20, c.k(20));
        assertEquals(7, c.k(7), "clamped to the width when the layer shrank below k");
        MeProp p = MeProp.topK("4%");
        assertEquals(20, p.k(500));
        assertEquals(6, p.k(154), "4% of 154 = 6.16 → 6");
        assertEquals(1, p.k(5), "never below 1");
        assertEquals(3, MeProp.of(MeProp.Mode.UNIFIED, "2.5%").k(100), "2.5 rounds half up");
        assertEquals(500, MeProp.dense().k(500));
        assertEquals(500, MeProp.parse("topk:100%").k(500));
    }

    @Test
    void parsesAndPrintsRoundTrip() {
        for (String s : new String[] {"dense", "topk:20", "unified:4%", "randomk:20", "topk:2.5%"}) {
            assertEquals(s, MeProp.parse(s).toString());
        }
        assertEquals(MeProp.Mode.TOPK, MeProp.parse("Top-K:80").mode());
        assertEquals("80", MeProp.parse("topk:80").kSpec());
        assertEquals("", MeProp.dense().kSpec());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> MeProp.parse("topk"));
        assertThrows(IllegalArgumentException.class, () -> MeProp.parse("topk:0"));
        assertThrows(IllegalArgumentException.class, () -> MeProp.parse("topk:-3"));
        assertThrows(IllegalArgumentException.class, () -> MeProp.parse("topk:0%"));
        assertThrows(IllegalArgumentException.class, () -> MeProp.parse("topk:101%"));
        assertThrows(IllegalArgumentException.class, () -> MeProp.parse("topk:abc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeProp.parse("bottom:3"));
        assertTrue(e.getMessage().contains("bottom"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MeProp(MeProp.Mode.DENSE, 3, 0));
    }

    @Test
    void anExplicitCountLargerThanTheLayerIsAnErrorNamingLayerAndWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeProp.topK(600).validate(1, 500));
        assertTrue(e.getMessage().contains("hidden layer 1") && e.getMessage().contains("width 500")
                && e.getMessage().contains("600"), e.getMessage());
        MeProp.topK(500).validate(1, 500);
        MeProp.topK("100%").validate(0, 3);
        MeProp.dense().validate(0, 3);
    }
}
