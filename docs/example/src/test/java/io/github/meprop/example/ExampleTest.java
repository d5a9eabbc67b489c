package io.github.meprop.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.Kernels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's pipeline under Surefire, whose argLine adds the Vector API module. */
class ExampleTest {

    @TempDir
    Path dir;

    @Test
    void surefireArgLineEnablesTheSimdKernels() {
        assertTrue(Kernels.simd(), Kernels.describe());
    }

    @Test
    void trainsToTheRequiredAccuracyAndShrinks() throws Exception {
        Example.Outcome o = Example.run(new SyntheticData(3000, 20, 4, 1.6, 11), dir.resolve("m.safetensors"));
        assertTrue(o.report().accuracy() >= Example.REQUIRED_ACCURACY, "accuracy " + o.report().accuracy());
        assertTrue(o.parametersAfter() < o.parametersBefore(), o.hiddenBefore() + " -> " + o.hiddenAfter());
    }
}
