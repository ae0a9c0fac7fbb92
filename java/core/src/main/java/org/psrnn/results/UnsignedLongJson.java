package org.psrnn.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/** A 64-bit value used unsigned (MODEL.md's seed) as a JSON number from 0 to 2^64 - 1, as config.json writes it. */
final class UnsignedLongJson {
    private UnsignedLongJson() {}

    static final class Writer extends StdSerializer<Long> {
        Writer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    static final class Reader extends StdDeserializer<Long> {
        Reader() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext context) throws IOException {
            return p.getBigIntegerValue().longValue();
        }
    }
}
