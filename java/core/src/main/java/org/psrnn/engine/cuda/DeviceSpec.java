package org.psrnn.engine.cuda;

import java.util.List;
import java.util.Locale;
import org.psrnn.InvalidInputException;

/**
 * The figures of a GPU that the napkin model of the kernels ({@link KernelModel}) needs.
 *
 * @param key the name {@code psrnn bench --device} takes
 * @param name the product's name
 * @param fp32FlopsPerSecond the float32 peak without tensor cores, a fused multiply-add counted as 2
 * @param dramBytesPerSecond the peak bandwidth of the device memory (HBM)
 * @param sms streaming multiprocessors
 * @param sharedBytesPerBlock the most shared memory one block may opt in to
 * @param tf32TensorFlopsPerSecond the dense TF32 tensor-core peak (without structured sparsity), a multiply-add counted as 2
 */
public record DeviceSpec(String key, String name, double fp32FlopsPerSecond, double dramBytesPerSecond, int sms, int sharedBytesPerBlock,
                         double tf32TensorFlopsPerSecond) {
    /**
     * NVIDIA H100 SXM5: 66.9 TFLOP/s FP32 (non-tensor), 494.7 TFLOP/s dense TF32 on tensor cores (989.4 with sparsity), 3.35 TB/s
     * HBM3, 132 SMs, 227 KiB of shared memory per block (vendor datasheet).
     */
    public static final DeviceSpec H100_SXM = new DeviceSpec("h100", "NVIDIA H100 SXM", 66.9e12, 3.35e12, 132, 232_448, 494.7e12);

    /**
     * NVIDIA H200 SXM: 66.9 TFLOP/s FP32 (non-tensor) and 494.7 TFLOP/s dense TF32 (the H100's chip), 4.8 TB/s HBM3e, 132 SMs,
     * 227 KiB per block (vendor datasheet).
     */
    public static final DeviceSpec H200 = new DeviceSpec("h200", "NVIDIA H200 SXM", 66.9e12, 4.8e12, 132, 232_448, 494.7e12);

    /** The devices {@link #named} knows. */
    public static final List<DeviceSpec> KNOWN = List.of(H100_SXM, H200);

    /** Checks the figures. */
    public DeviceSpec {
        if (!(fp32FlopsPerSecond > 0) || !(dramBytesPerSecond > 0) || sms < 1 || sharedBytesPerBlock < 1 || !(tf32TensorFlopsPerSecond > 0)) {
            throw new IllegalArgumentException("a device needs positive FLOP/s, bytes/s, SMs and shared memory: " + name);
        }
    }

    /** The known device whose key is {@code key} (any case); otherwise one line naming the known ones. */
    public static DeviceSpec named(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        for (DeviceSpec d : KNOWN) {
            if (d.key.equals(k)) return d;
        }
        throw new InvalidInputException("device = '" + key + "' is not allowed: must be one of "
                + String.join(", ", KNOWN.stream().map(DeviceSpec::key).toList()));
    }
}
