package io.github.meprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

        Class<?> topK = layer.findLoader("io.github.meprop").loadClass("io.github.meprop.kernels.TopK");
        assertEquals(m, topK.getModule());
        Method select = topK.getMethod("select", float[].class, int.class, int.class, int.class, int[].class,
                int.class);
        int[] idx = new int[2];
        select.invoke(null, new float[] {0.5f, -3f, 1f, 2f}, 0, 4, 2, idx, 0);
        assertArrayEquals(new int[] {1, 3}, idx);
    }
}
