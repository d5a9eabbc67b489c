package io.github.meprop.bench;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * netlib's native BLAS path (JNI to the system's {@code libblas.so.3}, on Debian OpenBLAS from
 * {@code apt-get install -y libopenblas0-pthread}), and OpenBLAS's thread count, set per JMH fork
 * with {@code openblas_set_num_threads} through the FFM API (so one invocation can measure 1 and 2
 * threads; {@code OPENBLAS_NUM_THREADS} only takes effect at library load).
 */
final class OpenBlas {
    private OpenBlas() {}

    /** The native BLAS, or an exception whose message says why it is unavailable and how to install it. */
    static NativeBLAS load() {
        try {
            return NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("native BLAS unavailable (" + e.getMessage() + "): the native row is"
                    + " skipped. Install OpenBLAS with: apt-get install -y libopenblas0-pthread", e);
        }
    }

    /**
     * Sets OpenBLAS's thread count and returns a description such as "OpenBLAS 0.3.21 ... core Zen,
     * 2 threads", or throws if the loaded libblas.so.3 is not OpenBLAS.
     */
    static String setThreads(int threads) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
            MethodHandle set = linker.downcallHandle(find(lib, "openblas_set_num_threads"),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            MethodHandle get = linker.downcallHandle(find(lib, "openblas_get_num_threads"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            MethodHandle core = linker.downcallHandle(find(lib, "openblas_get_corename"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle config = linker.downcallHandle(find(lib, "openblas_get_config"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            set.invokeExact(threads);
            int now = (int) get.invokeExact();
            if (now != threads) {
                throw new IllegalStateException("OpenBLAS runs " + now + " threads, asked for " + threads);
            }
            MemorySegment c = (MemorySegment) core.invokeExact();
            MemorySegment g = (MemorySegment) config.invokeExact();
            return "OpenBLAS " + g.reinterpret(256).getString(0).trim() + ", core " + c.reinterpret(64).getString(0)
                    + ", " + now + " threads";
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set the OpenBLAS thread count (" + e + "): the native row is"
                    + " skipped. Install OpenBLAS with: apt-get install -y libopenblas0-pthread", e);
        }
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("libopenblas.so.0 has no " + name));
    }
}
