package org.psrnn.engine.cuda;

import java.util.Locale;

/**
 * The arithmetic of the cuda engine's tiled step products and G/H pass (psrnn.cuda.math,
 * psrnn_config.tensor_math; cuda/tensor.cuh).
 */
public enum TensorMath {
    /** float32 multiply-adds on the CUDA cores. */
    FP32(0),
    /** Tensor cores, each float32 operand split in two TF32 parts, three products: float32-level accuracy. */
    TF32X3(3),
    /** Tensor cores on TF32 operands (10-bit mantissas): fastest, least accurate. */
    TF32(1);

    private final int tensorProducts;

    TensorMath(int tensorProducts) {
        this.tensorProducts = tensorProducts;
    }

    /** Tensor-core products per product of the model: 0 (CUDA cores), 1 (tf32) or 3 (tf32x3). */
    public int tensorProducts() {
        return tensorProducts;
    }

    /** The name psrnn.cuda.math and a checkpoint's kernel_form (after the '+') use. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The arithmetic {@code key} names exactly, or null. */
    public static TensorMath named(String key) {
        for (TensorMath m : values()) {
            if (m.key().equals(key)) return m;
        }
        return null;
    }
}
