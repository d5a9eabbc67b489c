package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The version check of {@link Launcher}, the entry point of meprop.jar. */
class LauncherTest {

    @Test
    void featureReleaseReadsOldAndNewVersionStrings() {
        assertEquals(8, Launcher.featureRelease("1.8"));
        assertEquals(11, Launcher.featureRelease("11"));
        assertEquals(17, Launcher.featureRelease("17"));
        assertEquals(21, Launcher.featureRelease("21"));
        assertEquals(25, Launcher.featureRelease("25"));
        assertEquals(26, Launcher.featureRelease("26-ea"));
        assertEquals(-1, Launcher.featureRelease(null));
        assertEquals(-1, Launcher.featureRelease("abc"));
        assertEquals(-1, Launcher.featureRelease(""));
    }

    @Test
    void olderJavaGetsOneLineNamingBothVersions() {
        String m = Launcher.versionProblem("17", "/usr/lib/jvm/java-17");
        assertEquals("meprop: needs Java 21 or newer, but runs on Java 17 (/usr/lib/jvm/java-17); install a JDK 21+"
                + " and put it first on PATH or in JAVA_HOME", m);
        assertTrue(Launcher.versionProblem("1.8", null).contains("runs on Java 1.8;"));
    }

    @Test
    void java21AndNewerAndUnknownVersionsPass() {
        assertNull(Launcher.versionProblem("21", "/x"));
        assertNull(Launcher.versionProblem("25", "/x"));
        assertNull(Launcher.versionProblem("99", "/x"));
        assertNull(Launcher.versionProblem("not-a-version", "/x"));
        assertNull(Launcher.versionProblem(System.getProperty("java.specification.version"), null));
    }

    /** Class-file major version 52 = Java 8: any JVM from 8 on can load the launcher. */
    @Test
    void launcherIsCompiledForJava8() throws IOException {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class")) {
            byte[] header = in.readNBytes(8);
            assertEquals(0xCAFEBABE, (header[0] & 0xFF) << 24 | (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8
                    | (header[3] & 0xFF));
            assertEquals(52, (header[6] & 0xFF) << 8 | (header[7] & 0xFF));
        }
        try (InputStream in = Main.class.getResourceAsStream("Main.class")) {
            byte[] header = in.readNBytes(8);
            assertEquals(65, (header[6] & 0xFF) << 8 | (header[7] & 0xFF), "the rest is compiled for Java 21");
        }
    }
}
