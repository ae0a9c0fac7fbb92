package org.psrnn.engine.cuda;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.psrnn.engine.EngineException;
import org.psrnn.model.Activation;
import org.psrnn.model.LossKind;
import org.psrnn.model.ParamTensor;
import org.psrnn.rules.HebbianRule;
import org.psrnn.rules.HebbianTerm;
import org.psrnn.rules.SwitchMode;

/**
 * Every enumerated code the binding exchanges with libpsrnn_cuda.so, in one table: for each Java
 * value, the name cuda/psrnn_cuda.h gives it and its code there. The codes are written out here
 * rather than taken from an ordinal, so reordering a Java enum cannot change what the library is
 * told; CudaHeaderTest reads the header and fails when a name or a code here differs from it.
 */
final class CudaCodes {
    private CudaCodes() {}

    /** psrnn_status, the result of every call. */
    enum Status { OK, ERROR_ARGUMENT, ERROR_NO_DEVICE, ERROR_OUT_OF_MEMORY, ERROR_CUDA, ERROR_UNSUPPORTED }

    /** psrnn_config.recurrent_kernel: the form of the recurrent products. */
    enum KernelForm {
        AUTO, TILED, PERSISTENT, FUSED, BLOCKED;

        /** The name psrnn.cuda.kernel and a checkpoint's kernel_form use. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The form {@code key} names exactly, or null. */
        static KernelForm named(String key) {
            for (KernelForm f : values()) {
                if (f.key().equals(key)) return f;
            }
            return null;
        }
    }

    /** One Java value, the header's name for it, and its code. */
    record Entry<K>(K key, String name, int code) {}

    /**
     * The codes of one C enumeration or one int field of a struct. {@code where} says where the
     * header defines them: {@code "enum NAME"} for an enum's body, {@code "STRUCT.FIELD"} for the
     * comment on a field that lists them ({@code 0 relu, 1 tanh, ...}).
     */
    static final class Table<K extends Enum<K>> {
        private final String where;
        private final Map<K, Entry<K>> entries;

        @SafeVarargs
        private Table(String where, Class<K> type, Entry<K>... list) {
            this.where = where;
            Map<K, Entry<K>> m = new EnumMap<>(type);
            for (Entry<K> e : list) {
                if (m.put(e.key(), e) != null) throw new IllegalStateException(where + ": " + e.key() + " twice");
            }
            if (m.size() != type.getEnumConstants().length) {
                throw new IllegalStateException(where + ": no code for " + Arrays.stream(type.getEnumConstants()).filter(k -> !m.containsKey(k)).toList());
            }
            if (m.values().stream().map(Entry::code).distinct().count() != m.size()) throw new IllegalStateException(where + ": a code twice");
            this.entries = Collections.unmodifiableMap(m);
        }

        String where() {
            return where;
        }

        /** Every entry, in the Java enum's order. */
        Iterable<Entry<K>> entries() {
            return entries.values();
        }

        /** The code the library knows {@code key} by. */
        int code(K key) {
            return entries.get(key).code();
        }

        /** The Java value of a code the library returned; an unknown code means a library of another ABI. */
        K key(int code) {
            for (Entry<K> e : entries.values()) {
                if (e.code() == code) return e.key();
            }
            throw new EngineException("libpsrnn_cuda.so returned " + code + " for " + where + ", a code this binding does not know");
        }
    }

    private static <K> Entry<K> e(K key, String name, int code) {
        return new Entry<>(key, name, code);
    }

    static final Table<Status> STATUS = new Table<>("enum psrnn_status", Status.class,
            e(Status.OK, "PSRNN_OK", 0),
            e(Status.ERROR_ARGUMENT, "PSRNN_ERROR_ARGUMENT", 1),
            e(Status.ERROR_NO_DEVICE, "PSRNN_ERROR_NO_DEVICE", 2),
            e(Status.ERROR_OUT_OF_MEMORY, "PSRNN_ERROR_OUT_OF_MEMORY", 3),
            e(Status.ERROR_CUDA, "PSRNN_ERROR_CUDA", 4),
            e(Status.ERROR_UNSUPPORTED, "PSRNN_ERROR_UNSUPPORTED", 5));

    /** The network's parameters in psrnn_tensor; their Adam moments follow in {@link #FIRST_MOMENTS} and {@link #SECOND_MOMENTS}. */
    static final Table<ParamTensor> PARAMETERS = new Table<>("enum psrnn_tensor", ParamTensor.class,
            e(ParamTensor.W_IN, "PSRNN_W_IN", 0),
            e(ParamTensor.W_REC, "PSRNN_W_REC", 1),
            e(ParamTensor.W_OUT, "PSRNN_W_OUT", 2),
            e(ParamTensor.B_REC, "PSRNN_B_REC", 3),
            e(ParamTensor.B_OUT, "PSRNN_B_OUT", 4));

    static final Table<ParamTensor> FIRST_MOMENTS = new Table<>("enum psrnn_tensor", ParamTensor.class,
            e(ParamTensor.W_IN, "PSRNN_M_W_IN", 5),
            e(ParamTensor.W_REC, "PSRNN_M_W_REC", 6),
            e(ParamTensor.W_OUT, "PSRNN_M_W_OUT", 7),
            e(ParamTensor.B_REC, "PSRNN_M_B_REC", 8),
            e(ParamTensor.B_OUT, "PSRNN_M_B_OUT", 9));

    static final Table<ParamTensor> SECOND_MOMENTS = new Table<>("enum psrnn_tensor", ParamTensor.class,
            e(ParamTensor.W_IN, "PSRNN_V_W_IN", 10),
            e(ParamTensor.W_REC, "PSRNN_V_W_REC", 11),
            e(ParamTensor.W_OUT, "PSRNN_V_W_OUT", 12),
            e(ParamTensor.B_REC, "PSRNN_V_B_REC", 13),
            e(ParamTensor.B_OUT, "PSRNN_V_B_OUT", 14));

    static final Table<Activation> ACTIVATION = new Table<>("psrnn_config.activation", Activation.class,
            e(Activation.RELU, "relu", 0),
            e(Activation.TANH, "tanh", 1),
            e(Activation.SOFTPLUS, "softplus", 2),
            e(Activation.RETANH, "retanh", 3));

    static final Table<LossKind> LOSS = new Table<>("psrnn_config.loss", LossKind.class,
            e(LossKind.MSE, "mse", 0),
            e(LossKind.XENT, "xent", 1));

    static final Table<HebbianRule> HEBB_RULE = new Table<>("psrnn_config.hebb_rule", HebbianRule.class,
            e(HebbianRule.PLAIN, "plain", 0),
            e(HebbianRule.OJA, "oja", 1),
            e(HebbianRule.COVARIANCE, "covariance", 2));

    static final Table<HebbianTerm> HEBB_TERM = new Table<>("psrnn_config.hebb_term", HebbianTerm.class,
            e(HebbianTerm.ACTIVITY, "activity", 0),
            e(HebbianTerm.RANDOM, "random", 1));

    static final Table<SwitchMode> SWITCH_MODE = new Table<>("psrnn_config.switch_mode", SwitchMode.class,
            e(SwitchMode.THRESHOLD, "threshold", 0),
            e(SwitchMode.STOCHASTIC, "stochastic", 1),
            e(SwitchMode.NONE, "none", 2));

    static final Table<KernelForm> RECURRENT_KERNEL = new Table<>("psrnn_config.recurrent_kernel", KernelForm.class,
            e(KernelForm.AUTO, "auto", 0),
            e(KernelForm.TILED, "tiled", 1),
            e(KernelForm.PERSISTENT, "persistent", 2),
            e(KernelForm.FUSED, "fused", 3),
            e(KernelForm.BLOCKED, "blocked", 4));

    static final Table<TensorMath> TENSOR_MATH = new Table<>("psrnn_config.tensor_math", TensorMath.class,
            e(TensorMath.FP32, "fp32", 0),
            e(TensorMath.TF32X3, "tf32x3", 1),
            e(TensorMath.TF32, "tf32", 2));

    /** Every table, for the test that holds them against the header. */
    static final List<Table<?>> ALL = List.of(STATUS, PARAMETERS, FIRST_MOMENTS, SECOND_MOMENTS, ACTIVATION, LOSS,
            HEBB_RULE, HEBB_TERM, SWITCH_MODE, RECURRENT_KERNEL, TENSOR_MATH);
}
