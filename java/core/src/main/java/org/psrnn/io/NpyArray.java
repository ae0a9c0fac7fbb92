package org.psrnn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.StringJoiner;
import org.psrnn.InvalidInputException;

/**
 * An n-dimensional array as stored in a {@code .npy} file: element type, shape (C order) and the
 * raw little-endian bytes. Conversions to Java arrays check that the values fit.
 */
public final class NpyArray {
    private final DType dtype;
    private final int[] shape;
    private final byte[] data;

    /** {@code data} holds {@code product(shape)} little-endian elements of {@code dtype}. */
    public NpyArray(DType dtype, int[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long count = count(this.shape);
        if (count * dtype.itemSize() != data.length) {
            throw new IllegalArgumentException(data.length + " bytes for shape " + shapeString(shape) + " of " + dtype.numpyName());
        }
        this.data = data;
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The number of elements: the product of the shape (1 for a scalar). */
    public long count() {
        return count(shape);
    }

    /** The raw little-endian element bytes (a copy). */
    public byte[] bytes() {
        return data.clone();
    }

    byte[] rawBytes() {
        return data;
    }

    static long count(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** A shape as numpy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    public static String shapeString(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : shape) j.add(Integer.toString(d));
        return j.toString();
    }

    public String shapeString() {
        return shapeString(shape);
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Every element as a double (exact for float32, float64, int32, uint8, bool; int64 beyond 2^53 rounds). */
    public double[] toDoubles() {
        int n = (int) count();
        double[] out = new double[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> b.getFloat(i * 4);
                case FLOAT64 -> b.getDouble(i * 8);
                case INT32 -> b.getInt(i * 4);
                case INT64 -> b.getLong(i * 8);
                case UINT8, BOOL -> data[i] & 0xFF;
            };
        }
        return out;
    }

    /** Every element as a long; fails for floating-point arrays. {@code what} names the array in the message. */
    public long[] toLongs(String what) {
        if (dtype.isFloat()) {
            throw new InvalidInputException(what + " must hold integers, but its dtype is " + dtype.numpyName());
        }
        int n = (int) count();
        long[] out = new long[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case INT32 -> b.getInt(i * 4);
                case INT64 -> b.getLong(i * 8);
                default -> data[i] & 0xFF;
            };
        }
        return out;
    }

    // ---------------------------------------------------------------- factories

    public static NpyArray float64(double[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        return new NpyArray(DType.FLOAT64, shape, b.array());
    }

    /** Rounds each value to the nearest float32. */
    public static NpyArray float32(double[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putFloat((float) v);
        return new NpyArray(DType.FLOAT32, shape, b.array());
    }

    /** {@code values} as float32 or float64. */
    public static NpyArray floating(DType type, double[] values, int... shape) {
        return switch (type) {
            case FLOAT32 -> float32(values, shape);
            case FLOAT64 -> float64(values, shape);
            default -> throw new IllegalArgumentException(type + " is not a floating-point type");
        };
    }

    public static NpyArray int32(int[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return new NpyArray(DType.INT32, shape, b.array());
    }

    public static NpyArray int64(long[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return new NpyArray(DType.INT64, shape, b.array());
    }

    public static NpyArray uint8(byte[] values, int... shape) {
        return new NpyArray(DType.UINT8, shape, values.clone());
    }

    public static NpyArray bool(boolean[] values, int... shape) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) (values[i] ? 1 : 0);
        return new NpyArray(DType.BOOL, shape, b);
    }
}
