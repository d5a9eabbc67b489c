package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code meprop --version}: the Maven version and git commit filled in at build time. */
class VersionOptionTest {

    @Test
    void buildInfoIsFilledIn() {
        BuildInfo b = BuildInfo.current();
        assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), b.version());
        assertTrue(b.commit().matches("[0-9a-f]{12}|unknown"), b.commit());
    }

    @Test
    void versionOptionPrintsVersionCommitJavaAndKernels() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run("--version");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status);
        BuildInfo b = BuildInfo.current();
        assertTrue(text.startsWith("meprop " + b.version() + " (commit " + b.commit() + ")"), text);
        assertTrue(text.contains("Java " + Runtime.version()), text);
    }
}
