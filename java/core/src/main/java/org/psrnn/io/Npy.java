package org.psrnn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.psrnn.InvalidInputException;

/**
 * The {@code .npy} format (numpy's NEP 1, versions 1.0 to 3.0): C-order arrays of the types in
 * {@link DType}. Reading checks everything a damaged or foreign file can get wrong and names the
 * file and the problem.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Parses one {@code .npy} image; {@code source} names it in error messages. */
    public static NpyArray read(byte[] file, String source) {
        if (file.length < 10 || !startsWithMagic(file)) {
            throw bad(source, "not a .npy array (missing the \\x93NUMPY signature)");
        }
        int major = file[6] & 0xFF;
        int headerStart;
        long headerLength;
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (file.length < 12) throw bad(source, "truncated in the header");
            headerLength = b.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw bad(source, "unsupported .npy format version " + major + "." + (file[7] & 0xFF) + " (supported: 1.0 to 3.0)");
        }
        if (headerStart + headerLength > file.length) throw bad(source, "truncated in the header");
        String header = new String(file, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher descr = DESCR.matcher(header);
        if (!descr.find()) throw bad(source, "header has no 'descr' string (structured dtypes are not supported): " + header.strip());
        DType dtype = parseDescr(descr.group(1), source);

        Matcher fortran = FORTRAN.matcher(header);
        if (!fortran.find()) throw bad(source, "header has no 'fortran_order': " + header.strip());
        if (fortran.group(1).equals("True")) {
            throw bad(source, "array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }

        Matcher shapeMatch = SHAPE.matcher(header);
        if (!shapeMatch.find()) throw bad(source, "header has no 'shape': " + header.strip());
        int[] shape = parseShape(shapeMatch.group(1), source);

        long count = NpyArray.count(shape);
        long bytes = count * dtype.itemSize();
        int dataStart = (int) (headerStart + headerLength);
        long available = file.length - dataStart;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw bad(source, "array of shape " + NpyArray.shapeString(shape) + " is too large (" + bytes + " bytes)");
        }
        if (available < bytes) {
            throw bad(source, "truncated: shape " + NpyArray.shapeString(shape) + " of " + dtype.numpyName() + " needs "
                    + bytes + " bytes of data, the file has " + available);
        }
        byte[] data = new byte[(int) bytes];
        System.arraycopy(file, dataStart, data, 0, (int) bytes);
        if (descr.group(1).startsWith(">") && dtype.itemSize() > 1) swapBytes(data, dtype.itemSize());
        if (dtype == DType.BOOL) {
            for (byte v : data) {
                if (v != 0 && v != 1) throw bad(source, "bool array holds the byte " + (v & 0xFF) + " (expected 0 or 1)");
            }
        }
        return new NpyArray(dtype, shape, data);
    }

    private static boolean startsWithMagic(byte[] file) {
        for (int i = 0; i < MAGIC.length; i++) if (file[i] != MAGIC[i]) return false;
        return true;
    }

    private static DType parseDescr(String descr, String source) {
        if (descr.length() >= 3) {
            char order = descr.charAt(0);
            char kind = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                size = -1;
            }
            DType d = DType.of(kind, size);
            boolean orderOk = order == '<' || order == '>' || order == '|' || order == '=';
            if (d != null && orderOk) return d;
        }
        throw bad(source, "unsupported dtype '" + descr + "' (supported: float32, float64, int32, int64, uint8, bool)");
    }

    private static int[] parseShape(String text, String source) {
        List<Integer> dims = new ArrayList<>();
        long count = 1;
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) p = p.substring(0, p.length() - 1); // written by Python 2
            if (p.isEmpty()) continue;
            long d;
            try {
                d = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw bad(source, "shape (" + text + ") is not a tuple of integers");
            }
            if (d < 0 || d > Integer.MAX_VALUE) throw bad(source, "shape (" + text + ") has an impossible dimension " + d);
            count *= Math.max(d, 1);
            if (count > Integer.MAX_VALUE) throw bad(source, "shape (" + text + ") has too many elements");
            dims.add((int) d);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void swapBytes(byte[] data, int itemSize) {
        for (int off = 0; off < data.length; off += itemSize) {
            for (int i = 0, j = itemSize - 1; i < j; i++, j--) {
                byte t = data[off + i];
                data[off + i] = data[off + j];
                data[off + j] = t;
            }
        }
    }

    private static InvalidInputException bad(String source, String problem) {
        return new InvalidInputException(source + ": " + problem);
    }

    /** The {@code .npy} image of {@code array}: version 1.0, little-endian, C order. */
    public static byte[] toBytes(NpyArray array) {
        String dict = "{'descr': '" + array.dtype().descr() + "', 'fortran_order': False, 'shape': "
                + array.shapeString() + ", }";
        // Pad with spaces so that magic + version + length + header is a multiple of 64 bytes.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(unpadded + padding + array.rawBytes().length);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(array.rawBytes());
        return out.toByteArray();
    }

    /** Writes the {@code .npy} image of {@code array} to {@code out}. */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        out.write(toBytes(array));
    }
}
