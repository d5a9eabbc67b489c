package io.github.meprop.kernels.provider;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses, once per JVM, the implementation behind every kernel: the Vector API one
 * ({@code io.github.meprop.kernels.panama}) when {@code jdk.incubator.vector} is in the boot layer,
 * the plain-Java one ({@code io.github.meprop.kernels.scalar}) otherwise. One log line says which.
 *
 * <p>The Vector API classes are never touched unless the module is present: they are loaded
 * reflectively, so a JVM started without {@code --add-modules jdk.incubator.vector} never links
 * against the incubator module and everything still works, only slower.
 *
 * <p>System properties (read once, at first use):
 * <ul>
 *   <li>{@value #PROP_KERNELS} = {@code scalar} forces the plain-Java kernels; {@code panama}
 *       insists on the Vector API (an error if it is unavailable); unset chooses automatically.</li>
 *   <li>{@value #PROP_BITS} = 128, 256 or 512 forces the vector width (tests use it to exercise
 *       every tail path on one machine; widths above the hardware's are emulated and slow).</li>
 * </ul>
 */
public abstract class KernelProvider {

    /** System property choosing the implementation: {@code scalar}, {@code panama} or unset. */
    public static final String PROP_KERNELS = "meprop.kernels";
    /** System property forcing the vector width in bits: 128, 256 or 512. */
    public static final String PROP_BITS = "meprop.vector.bits";

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PANAMA_PROVIDER = "io.github.meprop.kernels.panama.PanamaKernelProvider";
    private static final System.Logger LOG = System.getLogger("io.github.meprop.kernels");

    /** Name of this implementation: {@code "panama"} or {@code "scalar"}. */
    public abstract String name();

    /** Vector width in bits used by the kernels, 0 for the plain-Java implementation. */
    public abstract int vectorBits();

    /** Top-k selection kernels. */
    public abstract TopKKernel topK();

    /** Dense and sparse linear-layer kernels. */
    public abstract LinearKernel linear();

    /** Element-wise kernels (activations, optimizer updates, reductions). */
    public abstract ElementwiseKernel elementwise();

    /** One line describing this implementation, for logs and summaries. */
    public String describe() {
        if (vectorBits() == 0) {
            return "plain-Java kernels (scalar)";
        }
        return "SIMD kernels (Vector API, " + vectorBits() + "-bit, " + (vectorBits() / 32) + " float lanes)";
    }

    /** The implementation chosen for this JVM. */
    public static KernelProvider get() {
        return Holder.INSTANCE;
    }

    /** The plain-Java implementation, always available (tests compare every kernel with it). */
    public static KernelProvider scalar() {
        return ScalarKernelProvider.INSTANCE;
    }

    private static final class Holder {
        static final KernelProvider INSTANCE = lookup();
    }

    private static KernelProvider lookup() {
        String forced = System.getProperty(PROP_KERNELS, "").trim().toLowerCase(Locale.ROOT);
        if (!forced.isEmpty() && !forced.equals("scalar") && !forced.equals("panama")) {
            throw new IllegalStateException("system property " + PROP_KERNELS + " must be 'scalar' or 'panama', was '"
                    + System.getProperty(PROP_KERNELS) + "'");
        }
        if (forced.equals("scalar")) {
            LOG.log(System.Logger.Level.INFO, "meprop: using plain-Java kernels (forced by -D" + PROP_KERNELS + "=scalar)");
            return scalar();
        }
        Optional<Module> vectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (vectorModule.isEmpty()) {
            if (forced.equals("panama")) {
                throw new IllegalStateException("-D" + PROP_KERNELS + "=panama needs the Vector API: add --add-modules "
                        + VECTOR_MODULE + " to the java command");
            }
            LOG.log(System.Logger.Level.INFO, "meprop: using plain-Java kernels; for the SIMD kernels run java with"
                    + " --add-modules " + VECTOR_MODULE);
            return scalar();
        }
        // On the module path our module 'requires static' the incubator module, which gives the
        // read edge once it is resolved; on the class path the unnamed module reads everything.
        KernelProvider.class.getModule().addReads(vectorModule.get());
        try {
            Class<?> cls = Class.forName(PANAMA_PROVIDER, true, KernelProvider.class.getClassLoader());
            KernelProvider provider = (KernelProvider) MethodHandles.lookup()
                    .findConstructor(cls, MethodType.methodType(void.class)).invoke();
            LOG.log(System.Logger.Level.INFO, "meprop: using " + provider.describe());
            return provider;
        } catch (UnsupportedOperationException e) {
            if (forced.equals("panama")) {
                throw new IllegalStateException("-D" + PROP_KERNELS + "=panama: " + e.getMessage(), e);
            }
            LOG.log(System.Logger.Level.WARNING, "meprop: using plain-Java kernels: " + e.getMessage());
            return scalar();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot load " + PANAMA_PROVIDER, e);
        }
    }
}
