package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Java runtime the suite runs on. The jdk21 profile of pom.xml sets
 * {@code meprop.test.expectJavaFeature=21} and points Surefire at the JDK 21 of bin/fetch-jdk21;
 * this test fails if the tests ran on another JVM. (In kernels/ so that all four Surefire
 * executions run it.)
 */
class JavaRuntimeTest {

    @Test
    void runsOnTheExpectedJava() {
        int feature = Runtime.version().feature();
        assertTrue(feature >= 21, "meprop supports Java 21 and newer, this is " + Runtime.version());
        String expected = System.getProperty("meprop.test.expectJavaFeature");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), feature, "java.home = " + System.getProperty("java.home"));
        }
    }
}
