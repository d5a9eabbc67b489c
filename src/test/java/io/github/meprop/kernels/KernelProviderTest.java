package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.provider.KernelProvider;
import org.junit.jupiter.api.Test;

/**
 * Each Surefire execution states which provider it expects (pom.xml sets
 * {@code meprop.test.expectProvider} and {@code meprop.test.expectBits}); this test fails if the
 * JVM flags did not select it, so a broken execution cannot silently test the wrong path.
 */
class KernelProviderTest {

    @Test
    void theExpectedProviderIsChosen() {
        String expected = System.getProperty("meprop.test.expectProvider");
        if (expected == null) {
            // Run from an IDE without the pom's properties: only check consistency.
            assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), Kernels.simd());
            return;
        }
        assertEquals(expected, Kernels.implementation());
        String bits = System.getProperty("meprop.test.expectBits");
        if (bits != null) {
            assertEquals(Integer.parseInt(bits), Kernels.vectorBits());
        }
    }

    @Test
    void scalarProviderIsAlwaysAvailable() {
        KernelProvider scalar = KernelProvider.scalar();
        assertEquals("scalar", scalar.name());
        assertEquals(0, scalar.vectorBits());
        assertTrue(scalar.describe().contains("plain-Java"));
    }

    @Test
    void descriptionNamesTheWidth() {
        String d = Kernels.describe();
        if (Kernels.simd()) {
            assertTrue(d.contains(Kernels.vectorBits() + "-bit"), d);
        } else {
            assertFalse(d.contains("SIMD"), d);
        }
    }
}
