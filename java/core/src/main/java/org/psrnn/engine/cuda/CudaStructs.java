package org.psrnn.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The C structs of cuda/psrnn_cuda.h as memory layouts, each named after its struct and with the
 * fields in the header's order, as the x86-64 System V ABI places them. Every field is reached
 * through a var handle from its layout path, so no byte offset is written down twice;
 * CudaHeaderTest reads the header and fails when a name, an order, a size or an offset here
 * differs from it, and psrnn_abi lets the library refuse a binding whose struct sizes differ.
 *
 * <p>Padding is explicit, a {@link MemoryLayout#paddingLayout} where the C compiler puts one:
 * psrnn_config's thirteen int32 settings leave 4 bytes before its first double.
 *
 * <p>Each handle takes the segment and a base offset: {@code H.set(segment, 0L, value)}.
 */
final class CudaStructs {
    private CudaStructs() {}

    /** psrnn_config: thirteen int32 settings, 4 bytes of padding, fourteen doubles, the seed. */
    static final StructLayout CONFIG = MemoryLayout.structLayout(
            JAVA_INT.withName("n_in"), JAVA_INT.withName("hidden"), JAVA_INT.withName("n_out"),
            JAVA_INT.withName("max_steps"), JAVA_INT.withName("max_batch"),
            JAVA_INT.withName("activation"), JAVA_INT.withName("loss"), JAVA_INT.withName("hebb_rule"),
            JAVA_INT.withName("switch_mode"), JAVA_INT.withName("recurrent_kernel"),
            JAVA_INT.withName("hebb_term"), JAVA_INT.withName("hebb_until"), JAVA_INT.withName("tensor_math"),
            MemoryLayout.paddingLayout(4),
            JAVA_DOUBLE.withName("alpha"), JAVA_DOUBLE.withName("sigma_rec"),
            JAVA_DOUBLE.withName("lr"), JAVA_DOUBLE.withName("beta1"), JAVA_DOUBLE.withName("beta2"),
            JAVA_DOUBLE.withName("eps"), JAVA_DOUBLE.withName("clip"),
            JAVA_DOUBLE.withName("eta_h"), JAVA_DOUBLE.withName("lambda"), JAVA_DOUBLE.withName("w_max"),
            JAVA_DOUBLE.withName("theta"), JAVA_DOUBLE.withName("hysteresis"), JAVA_DOUBLE.withName("kappa"),
            JAVA_DOUBLE.withName("temp"),
            JAVA_LONG.withName("seed")).withName("psrnn_config");

    /** psrnn_batch: steps, size, then five host pointers. */
    static final StructLayout BATCH = MemoryLayout.structLayout(
            JAVA_INT.withName("steps"), JAVA_INT.withName("size"),
            ADDRESS.withName("inputs"), ADDRESS.withName("targets"), ADDRESS.withName("labels"),
            ADDRESS.withName("mask"), ADDRESS.withName("noise")).withName("psrnn_batch");

    /** psrnn_stats: what one iteration reports. */
    static final StructLayout STATS = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("loss"), JAVA_DOUBLE.withName("grad_norm"), JAVA_DOUBLE.withName("clip_scale"),
            JAVA_LONG.withName("switches_up"), JAVA_LONG.withName("switches_down"), JAVA_LONG.withName("strong_count"))
            .withName("psrnn_stats");

    /** Every struct the binding passes, for the ABI check and the header test. */
    static final List<StructLayout> ALL = List.of(CONFIG, BATCH, STATS);

    /**
     * The handle of field {@code name} of {@code struct}; throws when the struct has no such field.
     * Exact: a value of another type than the field's is refused, not converted.
     */
    static VarHandle field(StructLayout struct, String name) {
        return struct.varHandle(PathElement.groupElement(name)).withInvokeExactBehavior();
    }

    // psrnn_batch, written for every call that takes a batch
    static final VarHandle BATCH_STEPS = field(BATCH, "steps"), BATCH_SIZE = field(BATCH, "size");
    static final VarHandle BATCH_INPUTS = field(BATCH, "inputs"), BATCH_TARGETS = field(BATCH, "targets"),
            BATCH_LABELS = field(BATCH, "labels"), BATCH_MASK = field(BATCH, "mask"), BATCH_NOISE = field(BATCH, "noise");

    // psrnn_stats, read after every step
    static final VarHandle STATS_LOSS = field(STATS, "loss"), STATS_GRAD_NORM = field(STATS, "grad_norm"),
            STATS_CLIP_SCALE = field(STATS, "clip_scale");
    static final VarHandle STATS_SWITCHES_UP = field(STATS, "switches_up"), STATS_SWITCHES_DOWN = field(STATS, "switches_down"),
            STATS_STRONG_COUNT = field(STATS, "strong_count");

    /** Sets the int32 field {@code name} of the psrnn_config in {@code config}. */
    static void setConfigInt(MemorySegment config, String name, int value) {
        field(CONFIG, name).set(config, 0L, value);
    }

    /** Sets the double field {@code name} of the psrnn_config in {@code config}. */
    static void setConfigDouble(MemorySegment config, String name, double value) {
        field(CONFIG, name).set(config, 0L, value);
    }

    /** Sets the int64 field {@code name} of the psrnn_config in {@code config}. */
    static void setConfigLong(MemorySegment config, String name, long value) {
        field(CONFIG, name).set(config, 0L, value);
    }
}
