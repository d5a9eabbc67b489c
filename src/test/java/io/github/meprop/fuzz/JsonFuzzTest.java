package io.github.meprop.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import io.github.meprop.io.json.JsonException;
import io.github.meprop.testing.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Damaged JSON text: {@link Json#parse} returns a value or throws a {@link JsonException}, nothing else, quickly. */
class JsonFuzzTest {
    private static final byte[] TEXT;

    static {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", "mnist");
        m.put("test_accuracy", 0.9812);
        m.put("k", "20");
        m.put("escapes", "q\" b\\ n\n t\t u\u0001 \u00e9 \ud83d\ude00");
        m.put("big", Long.MAX_VALUE);
        m.put("small", -1.5e-300);
        m.put("nothing", null);
        m.put("flags", List.of(true, false));
        m.put("history", List.of(Map.of("epoch", 1, "dev_accuracy", 0.97), Map.of("epoch", 2, "sizes", List.of(500, 500))));
        TEXT = Json.writePretty(m).getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 1000)
    void damagedJson(@ForAll long seed) {
        String text = new String(Mutations.mutate(TEXT, seed, 64, 1, true), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        try {
            Json.parse(text);
        } catch (JsonException expected) {
            // the only failure allowed
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 1000, () -> "took " + millis + " ms");
    }
}
