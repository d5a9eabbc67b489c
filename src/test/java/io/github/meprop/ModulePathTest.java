package io.github.meprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The library on the module path: the compiled classes (with their module descriptor) are resolved
 * as the named module {@code io.github.meprop} in a new module layer, with none of the command
 * line's optional dependencies (picocli, XChart) present, and a kernel is called through that
 * layer. The rest of the suite runs on the class path.
 */
class ModulePathTest {

    @Test
    void resolvesAsANamedModuleWithoutTheOptionalDependencies() throws Exception {
        Path classes = Path.of(System.getProperty("meprop.test.classes", "target/classes"));
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), classes + " has no module-info.class");
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration()
                .resolve(ModuleFinder.of(classes), ModuleFinder.of(), Set.of("io.github.meprop"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Module m = layer.findModule("io.github.meprop").orElseThrow();
        assertTrue(m.isNamed());
        assertTrue(m.isExported("io.github.meprop.kernels"));
        assertTrue(m.isExported("io.github.meprop.nn"));
        assertFalse(m.isExported("io.github.meprop.kernels.internal"), "the unchecked kernels are not API");

        Class<?> topK = layer.findLoader("io.github.meprop").loadClass("io.github.meprop.kernels.TopK");
        assertEquals(m, topK.getModule());
        Method select = topK.getMethod("select", float[].class, int.class, int.class, int.class, int[].class,
                int.class);
        int[] idx = new int[2];
        select.invoke(null, new float[] {0.5f, -3f, 1f, 2f}, 0, 4, 2, idx, 0);
        assertArrayEquals(new int[] {1, 3}, idx);

        // A call split over two threads: the internal package reaches Parallelism through the
        // executor that io.github.meprop.kernels registers with it, inside the named module too.
        ClassLoader loader = layer.findLoader("io.github.meprop");
        Class<?> par = loader.loadClass("io.github.meprop.kernels.Parallelism");
        Method forward = loader.loadClass("io.github.meprop.kernels.Linear").getMethod("forward", par,
                float[].class, float[].class, float[].class, float[].class, int.class, int.class, int.class);
        int n = 40; // batch = in = out = 40: 64,000 multiply-adds, enough to be split
        float[] x = new float[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) - 3;
        }
        float[] serial = new float[n * n];
        forward.invoke(null, par.getMethod("serial").invoke(null), x, x, null, serial, n, n, n);
        try (AutoCloseable two = (AutoCloseable) par.getMethod("of", int.class).invoke(null, 2)) {
            float[] split = new float[n * n];
            forward.invoke(null, two, x, x, null, split, n, n, n);
            assertArrayEquals(serial, split);
        }
    }
}
