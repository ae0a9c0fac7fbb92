package org.psrnn.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineException;
import org.psrnn.engine.ForwardResult;
import org.psrnn.engine.Gradients;
import org.psrnn.engine.StepStats;
import org.psrnn.engine.cuda.CudaCodes.KernelForm;
import org.psrnn.model.Batch;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkState;
import org.psrnn.model.ParamTensor;
import org.psrnn.model.Parameters;

/**
 * MODEL.md in float32 on one NVIDIA GPU: the state lives in device memory for the engine's life
 * (libpsrnn_cuda.so, cuda/psrnn_cuda.cu); each call uploads its batch once and reads back a few
 * scalars. Errors from the library arrive as {@link CudaException}s carrying its message.
 *
 * <p>System properties: {@code psrnn.cuda.device} (default 0), {@code psrnn.cuda.kernel}
 * ({@code auto}, {@code tiled}, {@code persistent} or {@code blocked}: the form of the recurrent
 * products; auto picks tiled or persistent) and {@code psrnn.cuda.math} ({@code fp32}, the
 * default; {@code tf32x3} or {@code tf32}: the tiled form's step products and the G/H pass on
 * tensor cores, docs/CUDA-MODEL.md). The forms sum in different orders, auto's choice depends on
 * the GPU and tf32 changes the numbers, so a run records its form and arithmetic
 * ({@link #kernelForm()}: "tiled", "persistent", "blocked", "tiled+tf32x3", "tiled+tf32") and
 * resumes in them; naming either in its property overrides that.
 */
public final class CudaEngine implements Engine {
    public static final String NAME = "cuda";
    public static final String KERNEL_PROPERTY = "psrnn.cuda.kernel";
    public static final String MATH_PROPERTY = "psrnn.cuda.math";

    private final CudaLibrary lib;
    private final ModelConfig config;
    private final NetworkShape shape;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stats;
    private final String form;
    private final TensorMath math;
    private MemorySegment context;

    public CudaEngine(ModelConfig config, NetworkState initial) {
        this(config, initial, Integer.getInteger("psrnn.cuda.device", 0),
                CudaKernelForms.kernelToAsk(null, System.getProperty(KERNEL_PROPERTY)),
                CudaKernelForms.mathToAsk(null, System.getProperty(MATH_PROPERTY)));
    }

    /** An engine on {@code device} in the form whose recurrent_kernel code is {@code recurrentKernel}, in fp32. */
    public CudaEngine(ModelConfig config, NetworkState initial, int device, int recurrentKernel) {
        this(config, initial, device, recurrentKernel, CudaCodes.TENSOR_MATH.code(TensorMath.FP32));
    }

    /**
     * An engine on {@code device} with the recurrent products in the form whose
     * psrnn_config.recurrent_kernel code is {@code recurrentKernel} (0 auto, 1 tiled per-step
     * kernels in a CUDA graph, 2 the persistent cooperative kernel, 4 the blocked per-step kernels)
     * and the arithmetic of the tiled form's products whose psrnn_config.tensor_math code is
     * {@code tensorMath} (0 fp32, 1 tf32x3, 2 tf32).
     */
    public CudaEngine(ModelConfig config, NetworkState initial, int device, int recurrentKernel, int tensorMath) {
        config.switching().requireResolved();
        this.lib = CudaLibrary.load();
        this.config = config;
        this.shape = initial.shape();
        this.stats = arena.allocate(CudaStructs.STATS);
        MemorySegment cfg = CudaMarshal.configStruct(arena, config, shape, recurrentKernel, tensorMath);
        MemorySegment out = arena.allocate(ADDRESS);
        try {
            lib.call("psrnn_create", lib.create, cfg, device, out);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        context = out.get(ADDRESS, 0);
        try {
            importState(initial);
            math = CudaCodes.TENSOR_MATH.key(tensorMath);
            form = CudaKernelForms.formName(KernelForm.named(recurrentKernel()), math);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    private MemorySegment context() {
        if (context == null) throw new IllegalStateException("the cuda engine is closed");
        return context;
    }

    /** The recurrent products' form this context chose: "tiled", "persistent" or "blocked". */
    public String recurrentKernel() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(JAVA_INT);
            lib.call("psrnn_recurrent_kernel", lib.recurrentKernel, context(), k);
            KernelForm form = CudaCodes.RECURRENT_KERNEL.key(k.get(JAVA_INT, 0));
            if (form == KernelForm.AUTO) throw new EngineException("psrnn_recurrent_kernel reported auto, not the form it chose");
            return form.key();
        }
    }

    /** The arithmetic of this engine's tiled products (psrnn.cuda.math). */
    public TensorMath tensorMath() {
        return math;
    }

    /** The form and arithmetic this engine runs, as a run records them: "tiled", "persistent", "tiled+tf32x3", "tiled+tf32". */
    @Override
    public String kernelForm() {
        return form;
    }

    /** The batch as a psrnn_batch in {@code a}, once it fits this engine's network and loss. */
    private MemorySegment batch(Arena a, Batch b) {
        b.requireFits(shape, config.loss());
        return CudaMarshal.batchStruct(a, b);
    }

    @Override
    public StepStats step(Batch b) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment batch = batch(a, b);
            int status;
            try {
                status = (int) lib.step.invokeExact(context(), batch, stats);
            } catch (Throwable t) {
                throw rethrow("psrnn_step", t);
            }
            lib.check(status, "psrnn_step");
            return CudaMarshal.statsOf(stats);
        }
    }

    private static RuntimeException rethrow(String call, Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new EngineException(call + " failed: " + t, t);
    }

    @Override
    public ForwardResult forward(Batch b) {
        try (Arena a = Arena.ofConfined()) {
            int count = b.steps() * b.size() * shape.nOut();
            MemorySegment y = a.allocate(JAVA_FLOAT, count), loss = a.allocate(JAVA_DOUBLE);
            lib.call("psrnn_forward", lib.forward, context(), batch(a, b), y, loss);
            return new ForwardResult(CudaLibrary.doubles(y, count), loss.get(JAVA_DOUBLE, 0));
        }
    }

    @Override
    public Gradients gradients(Batch b) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment[] g = new MemorySegment[ParamTensor.values().length];
            for (ParamTensor t : ParamTensor.values()) g[t.ordinal()] = a.allocate(JAVA_FLOAT, t.size(shape));
            int nn = shape.hidden() * shape.hidden();
            MemorySegment h = a.allocate(JAVA_FLOAT, nn), loss = a.allocate(JAVA_DOUBLE), norm = a.allocate(JAVA_DOUBLE);
            lib.call("psrnn_gradients", lib.gradients, context(), batch(a, b), g[ParamTensor.W_IN.ordinal()], g[ParamTensor.W_REC.ordinal()],
                    g[ParamTensor.W_OUT.ordinal()], g[ParamTensor.B_REC.ordinal()], g[ParamTensor.B_OUT.ordinal()], h, loss, norm);
            Parameters grads = Parameters.zeros(shape);
            for (ParamTensor t : ParamTensor.values()) grads.set(t, CudaLibrary.doubles(g[t.ordinal()], t.size(shape)));
            return new Gradients(loss.get(JAVA_DOUBLE, 0), grads, CudaLibrary.doubles(h, nn), norm.get(JAVA_DOUBLE, 0));
        }
    }

    /** The psrnn_tensor tables of the parameters, their first moments and their second, in NetworkState's order. */
    private static final List<CudaCodes.Table<ParamTensor>> TENSORS =
            List.of(CudaCodes.PARAMETERS, CudaCodes.FIRST_MOMENTS, CudaCodes.SECOND_MOMENTS);

    /** The psrnn_tensor code of parameter {@code t} ({@code which} 0), its first moment (1) or second (2). */
    private static int tensorIndex(ParamTensor t, int which) {
        return TENSORS.get(which).code(t);
    }

    @Override
    public NetworkState exportState() {
        try (Arena a = Arena.ofConfined()) {
            Parameters[] out = {Parameters.zeros(shape), Parameters.zeros(shape), Parameters.zeros(shape)};
            for (int which = 0; which < 3; which++) {
                for (ParamTensor t : ParamTensor.values()) {
                    int size = t.size(shape);
                    MemorySegment s = a.allocate(JAVA_FLOAT, size);
                    lib.call("psrnn_download", lib.download, context(), tensorIndex(t, which), s, (long) size);
                    out[which].set(t, CudaLibrary.doubles(s, size));
                }
            }
            int nn = shape.hidden() * shape.hidden();
            MemorySegment s = a.allocate(JAVA_BYTE, nn), k = a.allocate(JAVA_LONG);
            lib.call("psrnn_download_strong", lib.downloadStrong, context(), s, (long) nn);
            lib.call("psrnn_get_iteration", lib.getIteration, context(), k);
            return new NetworkState(shape, out[0], out[1], out[2], s.toArray(JAVA_BYTE), k.get(JAVA_LONG, 0));
        }
    }

    @Override
    public void importState(NetworkState st) {
        if (!st.shape().equals(shape)) throw new IllegalArgumentException("state shape " + st.shape() + " != engine shape " + shape);
        try (Arena a = Arena.ofConfined()) {
            Parameters[] in = {st.params(), st.adamM(), st.adamV()};
            for (int which = 0; which < 3; which++) {
                for (ParamTensor t : ParamTensor.values()) {
                    double[] v = in[which].get(t);
                    lib.call("psrnn_upload", lib.upload, context(), tensorIndex(t, which), CudaLibrary.floats(a, v), (long) v.length);
                }
            }
            lib.call("psrnn_upload_strong", lib.uploadStrong, context(), CudaLibrary.bytes(a, st.strong()), (long) st.strong().length);
            lib.call("psrnn_set_iteration", lib.setIteration, context(), st.iteration());
        }
    }

    @Override
    public void close() {
        if (context != null) {
            MemorySegment c = context;
            context = null;
            lib.call("psrnn_destroy", lib.destroy, c);
        }
        if (arena.scope().isAlive()) arena.close();
    }
}
