package org.psrnn.engine.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.psrnn.engine.cuda.CudaStructs.setConfigDouble;
import static org.psrnn.engine.cuda.CudaStructs.setConfigInt;
import static org.psrnn.engine.cuda.CudaStructs.setConfigLong;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.psrnn.engine.StepStats;
import org.psrnn.model.Batch;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.SwitchConfig;

/**
 * psrnn's values in the structs of {@link CudaStructs} and back: a model's psrnn_config, a
 * batch's psrnn_batch (float32, labels int32) and a step's psrnn_stats, each through the
 * layouts' var handles.
 */
final class CudaMarshal {
    private CudaMarshal() {}

    /**
     * The library's {@code psrnn_config} for {@code config} and {@code shape}, in {@code arena}, with
     * the psrnn_config.recurrent_kernel and tensor_math codes given.
     */
    static MemorySegment configStruct(Arena arena, ModelConfig config, NetworkShape shape, int recurrentKernel, int tensorMath) {
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
        setConfigInt(cfg, "hebb_term", CudaCodes.HEBB_TERM.code(config.hebbian().term()));
        setConfigInt(cfg, "hebb_until", config.hebbian().until());
        setConfigInt(cfg, "tensor_math", tensorMath);
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

    /** What the psrnn_stats in {@code stats} says. */
    static StepStats statsOf(MemorySegment stats) {
        return new StepStats(
                (double) CudaStructs.STATS_LOSS.get(stats, 0L), (double) CudaStructs.STATS_GRAD_NORM.get(stats, 0L),
                (double) CudaStructs.STATS_CLIP_SCALE.get(stats, 0L),
                (int) (long) CudaStructs.STATS_SWITCHES_UP.get(stats, 0L), (int) (long) CudaStructs.STATS_SWITCHES_DOWN.get(stats, 0L),
                (int) (long) CudaStructs.STATS_STRONG_COUNT.get(stats, 0L));
    }
}
