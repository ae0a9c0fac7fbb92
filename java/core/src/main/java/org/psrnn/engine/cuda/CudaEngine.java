package org.psrnn.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.psrnn.engine.cuda.CudaStructs.setConfigDouble;
import static org.psrnn.engine.cuda.CudaStructs.setConfigInt;
import static org.psrnn.engine.cuda.CudaStructs.setConfigLong;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import org.psrnn.InvalidInputException;
import org.psrnn.engine.Engine;
import org.psrnn.engine.EngineException;
import org.psrnn.engine.EngineProvider;
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
import org.psrnn.rules.SwitchConfig;

/**
 * MODEL.md in float32 on one NVIDIA GPU: the state lives in device memory for the engine's life
 * (libpsrnn_cuda.so, cuda/psrnn_cuda.cu); each call uploads its batch once and reads back a few
 * scalars. Errors from the library arrive as {@link CudaException}s carrying its message.
 *
 * <p>System properties: {@code psrnn.cuda.device} (default 0) and {@code psrnn.cuda.kernel}
 * ({@code auto}, {@code tiled} or {@code persistent}: the form of the recurrent products). The two
 * forms sum in different orders and auto's choice depends on the GPU, so a run records its form
 * ({@link #kernelForm()}) and resumes in it; naming a form in the property overrides that.
 */
public final class CudaEngine implements Engine {
    public static final String NAME = "cuda";
    public static final String KERNEL_PROPERTY = "psrnn.cuda.kernel";

    private final CudaLibrary lib;
    private final ModelConfig config;
    private final NetworkShape shape;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stats;
    private final String form;
    private MemorySegment context;

    public CudaEngine(ModelConfig config, NetworkState initial) {
        this(config, initial, Integer.getInteger("psrnn.cuda.device", 0), kernelToAsk(null, System.getProperty(KERNEL_PROPERTY)));
    }

    /**
     * An engine on {@code device} with the recurrent products in the form whose
     * psrnn_config.recurrent_kernel code is {@code recurrentKernel} (0 auto, 1 tiled per-step
     * kernels in a CUDA graph, 2 the persistent cooperative kernel).
     */
    public CudaEngine(ModelConfig config, NetworkState initial, int device, int recurrentKernel) {
        config.switching().requireResolved();
        this.lib = CudaLibrary.load();
        this.config = config;
        this.shape = initial.shape();
        this.stats = arena.allocate(CudaStructs.STATS);
        MemorySegment cfg = configStruct(arena, config, shape, recurrentKernel);
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
            form = recurrentKernel();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The recurrent_kernel code to ask the library for: the form {@code property} (the value of
     * psrnn.cuda.kernel, null when unset) names; where it is unset or auto and the run recorded a
     * form ({@code recorded}, null when none), that one, so a resumed run sums as it did.
     */
    static int kernelToAsk(String recorded, String property) {
        return CudaCodes.RECURRENT_KERNEL.code(formToAsk(recorded, property));
    }

    private static KernelForm formToAsk(String recorded, String property) {
        String k = property == null ? "auto" : property.strip().toLowerCase(Locale.ROOT);
        KernelForm asked = KernelForm.named(k);
        if (asked == null) {
            throw new InvalidInputException(KERNEL_PROPERTY + " = '" + k + "' is not allowed: must be one of auto, tiled, persistent");
        }
        if (asked != KernelForm.AUTO || recorded == null) return asked;
        KernelForm form = KernelForm.named(recorded);
        if (form == null || form == KernelForm.AUTO) {
            throw new InvalidInputException("the checkpoint's kernel_form = '" + recorded
                    + "' is not allowed: the cuda engine's forms are tiled and persistent");
        }
        return form;
    }

    /**
     * An engine from {@code make} in the form {@link #kernelToAsk} picks. Where that form cannot
     * run on this GPU, one line that says so and names the option that accepts the other form.
     */
    static CudaEngine inForm(String recorded, String property, IntFunction<CudaEngine> make) {
        KernelForm asked = formToAsk(recorded, property);
        try {
            return make.apply(CudaCodes.RECURRENT_KERNEL.code(asked));
        } catch (CudaException e) {
            if (e.status() != CudaLibrary.ERROR_UNSUPPORTED || asked == KernelForm.AUTO) throw e;
            String form = asked.key(), other = (asked == KernelForm.TILED ? KernelForm.PERSISTENT : KernelForm.TILED).key();
            String why = "on this GPU " + e.getMessage().replaceFirst("^psrnn_create: ", "");
            if (formToAsk(null, property) != KernelForm.AUTO) {
                throw new InvalidInputException(KERNEL_PROPERTY + " = " + form + " is not allowed here: " + why + "; set it to " + other
                        + " or auto", e);
            }
            throw new InvalidInputException("the run trained with the cuda engine's " + form + " kernels (its checkpoint records them), but "
                    + why + "; to continue with the " + other + " kernels, whose sums round differently, set -D" + KERNEL_PROPERTY + "="
                    + other + " (for ./psrnn: PSRNN_JAVA_OPTS=-D" + KERNEL_PROPERTY + "=" + other + ")", e);
        }
    }

    /** The library's {@code psrnn_config} for {@code config} and {@code shape}, in {@code arena}. */
    static MemorySegment configStruct(Arena arena, ModelConfig config, NetworkShape shape, int recurrentKernel) {
        MemorySegment cfg = arena.allocate(CudaStructs.CONFIG);
        SwitchConfig sw = config.switching();
        setConfigInt(cfg, "n_in", shape.nIn());
        setConfigInt(cfg, "hidden", shape.hidden());
        setConfigInt(cfg, "n_out", shape.nOut());
        setConfigInt(cfg, "max_steps", 1);  // the buffers grow to the first batch
        setConfigInt(cfg, "max_batch", 1);
        setConfigInt(cfg, "activation", CudaCodes.ACTIVATION.code(config.activation()));
        setConfigInt(cfg, "loss", CudaCodes.LOSS.code(config.loss()));
        setConfigInt(cfg, "hebb_rule", CudaCodes.HEBB_RULE.code(config.hebbian().rule()));
        setConfigInt(cfg, "switch_mode", CudaCodes.SWITCH_MODE.code(sw.mode()));
        setConfigInt(cfg, "recurrent_kernel", recurrentKernel);
        setConfigDouble(cfg, "alpha", config.alpha());
        setConfigDouble(cfg, "sigma_rec", config.sigmaRec());
        setConfigDouble(cfg, "lr", config.adam().lr());
        setConfigDouble(cfg, "beta1", config.adam().beta1());
        setConfigDouble(cfg, "beta2", config.adam().beta2());
        setConfigDouble(cfg, "eps", config.adam().eps());
        setConfigDouble(cfg, "clip", config.clip());
        setConfigDouble(cfg, "eta_h", config.hebbian().etaH());
        setConfigDouble(cfg, "lambda", config.hebbian().lambda());
        setConfigDouble(cfg, "w_max", config.hebbian().wMax());
        setConfigDouble(cfg, "theta", sw.theta());
        setConfigDouble(cfg, "hysteresis", sw.hysteresis());
        setConfigDouble(cfg, "kappa", sw.kappa());
        setConfigDouble(cfg, "temp", sw.effectiveTemp());
        setConfigLong(cfg, "seed", config.seed());
        return cfg;
    }

    @Override
    public String name() {
        return NAME;
    }

    private MemorySegment context() {
        if (context == null) throw new IllegalStateException("the cuda engine is closed");
        return context;
    }

    /** The recurrent products' form this context chose: "tiled" or "persistent". */
    public String recurrentKernel() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(JAVA_INT);
            lib.call("psrnn_recurrent_kernel", lib.recurrentKernel, context(), k);
            KernelForm form = CudaCodes.RECURRENT_KERNEL.key(k.get(JAVA_INT, 0));
            if (form == KernelForm.AUTO) throw new EngineException("psrnn_recurrent_kernel reported auto, not the form it chose");
            return form.key();
        }
    }

    @Override
    public String kernelForm() {
        return form;
    }

    /** The batch as a psrnn_batch in {@code a}, once it fits this engine's network and loss. */
    private MemorySegment batch(Arena a, Batch b) {
        b.requireFits(shape, config.loss());
        return batchStruct(a, b);
    }

    /** {@code b} as a psrnn_batch in {@code a}, float32 (labels int32). */
    static MemorySegment batchStruct(Arena a, Batch b) {
        // Each value is a MemorySegment local first: the handles are exact, and a conditional
        // expression passed straight to VarHandle.set would be typed Object.
        MemorySegment inputs = CudaLibrary.floats(a, b.inputs()), mask = CudaLibrary.floats(a, b.mask());
        MemorySegment targets = b.targets() == null ? MemorySegment.NULL : CudaLibrary.floats(a, b.targets());
        MemorySegment noise = b.noise() == null ? MemorySegment.NULL : CudaLibrary.floats(a, b.noise());
        MemorySegment labels = MemorySegment.NULL;
        if (b.labels() != null) {
            labels = a.allocate(JAVA_INT, b.labels().length);
            MemorySegment.copy(b.labels(), 0, labels, JAVA_INT, 0, b.labels().length);
        }
        MemorySegment s = a.allocate(CudaStructs.BATCH);
        CudaStructs.BATCH_STEPS.set(s, 0L, b.steps());
        CudaStructs.BATCH_SIZE.set(s, 0L, b.size());
        CudaStructs.BATCH_INPUTS.set(s, 0L, inputs);
        CudaStructs.BATCH_TARGETS.set(s, 0L, targets);
        CudaStructs.BATCH_LABELS.set(s, 0L, labels);
        CudaStructs.BATCH_MASK.set(s, 0L, mask);
        CudaStructs.BATCH_NOISE.set(s, 0L, noise);
        return s;
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
            return statsOf(stats);
        }
    }

    /** What the psrnn_stats in {@code stats} says. */
    static StepStats statsOf(MemorySegment stats) {
        return new StepStats(
                (double) CudaStructs.STATS_LOSS.get(stats, 0L), (double) CudaStructs.STATS_GRAD_NORM.get(stats, 0L),
                (double) CudaStructs.STATS_CLIP_SCALE.get(stats, 0L),
                (int) (long) CudaStructs.STATS_SWITCHES_UP.get(stats, 0L), (int) (long) CudaStructs.STATS_SWITCHES_DOWN.get(stats, 0L),
                (int) (long) CudaStructs.STATS_STRONG_COUNT.get(stats, 0L));
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

    // ---------------------------------------------------------------- provider

    /** Registers the cuda engine with {@link org.psrnn.engine.Engines}. */
    public static final class Provider implements EngineProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            if (Availability.get().emulated()) {
                return "float32 on the EMULATED device (" + CudaLibrary.EMULATED_ENV + "): the CUDA kernels run on the CPU "
                        + "(libpsrnn_cuda_emu.so), a slow correctness instrument, not a GPU";
            }
            return "float32 on one NVIDIA GPU, hand-written kernels (libpsrnn_cuda.so)";
        }

        @Override
        public Optional<String> unavailableReason() {
            return Availability.get().reason();
        }

        @Override
        public Optional<String> notChosenByAuto() {
            return Availability.get().emulated() ? Optional.of("its device is the emulated one, a test instrument; auto never picks it")
                    : Optional.empty();
        }

        @Override
        public List<String> details() {
            return Availability.get().details();
        }

        @Override
        public Engine create(ModelConfig config, NetworkState state) {
            return create(config, state, 0, null);
        }

        @Override
        public Engine create(ModelConfig config, NetworkState state, int threads, String kernelForm) {
            unavailableReason().ifPresent(why -> {
                throw new InvalidInputException("engine 'cuda' is not available here: " + why);
            });
            int device = Integer.getInteger("psrnn.cuda.device", 0);
            return inForm(kernelForm, System.getProperty(KERNEL_PROPERTY), kind -> new CudaEngine(config, state, device, kind));
        }
    }

    /** What this machine offers the cuda engine, found once a process; emulated when the library is the emulated device's. */
    record Availability(Optional<String> reason, List<String> details, boolean emulated) {
        Availability(Optional<String> reason, List<String> details) {
            this(reason, details, false);
        }

        private static volatile Availability cached;

        static Availability get() {
            Availability a = cached;
            if (a == null) cached = a = probe();
            return a;
        }

        private static Availability probe() {
            List<String> details = new ArrayList<>();
            CudaLibrary lib;
            try {
                lib = CudaLibrary.load();
            } catch (EngineException e) {
                return new Availability(Optional.of(e.getMessage()), details);
            }
            details.add("library: " + lib.path);
            try {
                details.add(lib.versions());
            } catch (EngineException e) {
                details.add("versions: " + e.getMessage());
            }
            if (lib.emulated()) {
                List<CudaLibrary.Device> devices;
                try {
                    devices = lib.devices();
                } catch (EngineException e) {
                    return new Availability(Optional.of("the emulated device does not work: " + e.getMessage()), details, true);
                }
                for (CudaLibrary.Device d : devices) details.add(d.describe());
                return new Availability(Optional.empty(), details, true);
            }
            if (!CudaLibrary.driverPresent()) {
                return new Availability(Optional.of("no NVIDIA driver: libcuda.so.1 is not installed (it comes with the GPU driver)"), details);
            }
            try {
                int[] v = lib.versionNumbers();
                Optional<String> old = CudaLibrary.driverTooOld(v[0], v[1]);
                if (old.isPresent()) return new Availability(old, details);
            } catch (EngineException e) {
                // the device query below says what is wrong
            }
            List<CudaLibrary.Device> devices;
            try {
                devices = lib.devices();
            } catch (EngineException e) {
                return new Availability(Optional.of("no usable CUDA device: " + e.getMessage()), details);
            }
            for (CudaLibrary.Device d : devices) details.add(d.describe());
            int device = Integer.getInteger("psrnn.cuda.device", 0);
            if (device < 0 || device >= devices.size()) {
                return new Availability(Optional.of("psrnn.cuda.device = " + device + " is not allowed: there "
                        + (devices.size() == 1 ? "is 1 device (0)" : "are " + devices.size() + " devices (0-" + (devices.size() - 1) + ")")), details);
            }
            if (!devices.get(device).hasCode()) {
                CudaLibrary.Device d = devices.get(device);
                return new Availability(Optional.of("this libpsrnn_cuda.so has no code for " + d.name() + " (compute capability "
                        + d.ccMajor() + "." + d.ccMinor() + "); rebuild with PSRNN_CUDA_ARCHS=" + d.ccMajor() + d.ccMinor()
                        + " native-build/build.sh"), details);
            }
            return new Availability(Optional.empty(), details);
        }
    }
}
