package org.psrnn.io;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's fingerprint: sha256 over the bytes of every array of its {@code weights.npz}, in name
 * order, each as stored (C order, little-endian) — what numpy gives with
 * {@code hashlib.sha256(b"".join(z[k].tobytes() for k in sorted(z.files))).hexdigest()}. The cpu
 * engine computes the same bits on every x86-64 machine at any thread count, so the same command
 * gives the same fingerprint everywhere; the README lists one to check a machine against.
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** The sha256, in hex, of the arrays' bytes in name order. */
    public static String of(Map<String, NpyArray> arrays) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (NpyArray a : new TreeMap<>(arrays).values()) sha.update(a.rawBytes());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
