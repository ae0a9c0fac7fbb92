package org.psrnn.io;

/** The element types psrnn reads and writes in {@code .npy} files. */
public enum DType {
    FLOAT32('f', 4),
    FLOAT64('f', 8),
    INT32('i', 4),
    INT64('i', 8),
    UINT8('u', 1),
    BOOL('b', 1);

    private final char kind;
    private final int itemSize;

    DType(char kind, int itemSize) {
        this.kind = kind;
        this.itemSize = itemSize;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean isFloat() {
        return kind == 'f';
    }

    /** The numpy {@code descr} this type is written as (little-endian). */
    public String descr() {
        return (itemSize == 1 ? "|" : "<") + kind + itemSize;
    }

    /** The numpy name, for messages. */
    public String numpyName() {
        return switch (this) {
            case FLOAT32 -> "float32";
            case FLOAT64 -> "float64";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case UINT8 -> "uint8";
            case BOOL -> "bool";
        };
    }

    /** The type for a numpy kind letter and size, or null when psrnn does not support it. */
    static DType of(char kind, int itemSize) {
        for (DType d : values()) if (d.kind == kind && d.itemSize == itemSize) return d;
        return null;
    }
}
