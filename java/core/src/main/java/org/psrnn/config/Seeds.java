package org.psrnn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.psrnn.InvalidInputException;

/**
 * Unsigned 64-bit integers, the Philox key: held in a {@code long} with the same bits, written
 * as the unsigned number so that config.json says what the user gave.
 */
public record Seeds() implements Domain<Long> {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Override
    public Long read(String key, JsonNode node) {
        if (!node.isIntegralNumber()) throw Domain.typeError(key, "an integer", node);
        BigInteger b = node.bigIntegerValue();
        if (b.signum() < 0 || b.compareTo(TWO_TO_64) >= 0) {
            throw new InvalidInputException(key + " = " + b + " is not allowed: must be in [0, 2^64)");
        }
        return b.longValue();
    }

    @Override
    public Object json(Long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    @Override
    public String allowed() {
        return "integer in [0, 2^64)";
    }
}
