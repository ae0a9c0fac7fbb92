package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding against the text of cuda/psrnn_cuda.h, without the library or a GPU: every code
 * of {@link CudaCodes} has the name and value the header gives it, and every layout of
 * {@link CudaStructs} has the fields, order, sizes and offsets a C compiler gives the struct on
 * x86-64. A struct or an enum that changes in the header and not in the binding fails here,
 * before it can reach a device as a wrong setting or a misread statistic.
 */
class CudaHeaderTest {
    private static final CHeader HEADER = CHeader.cuda("psrnn_cuda.h");

    /** The header's constants for a table: an enum's body, or the codes a struct field's comment lists. */
    private static Map<String, Long> constants(CudaCodes.Table<?> t) {
        String where = t.where();
        if (where.startsWith("enum ")) return HEADER.enumConstants(where.substring("enum ".length()));
        String[] sf = where.split("\\.");
        return HEADER.fieldCodes(sf[0], sf[1]);
    }

    @Test
    void everyCodeTheBindingExchangesIsTheHeaders() {
        List<String> wrong = new ArrayList<>();
        for (CudaCodes.Table<?> t : CudaCodes.ALL) {
            Map<String, Long> c = constants(t);
            for (CudaCodes.Entry<?> e : t.entries()) {
                Long value = c.get(e.name());
                if (value == null) {
                    wrong.add(t.where() + ": " + e.key() + " is sent as " + e.name() + ", which psrnn_cuda.h does not name (it has " + c.keySet() + ")");
                } else if (value != e.code()) {
                    wrong.add(t.where() + ": " + e.key() + " is sent as " + e.code() + ", but psrnn_cuda.h has " + e.name() + " = " + value);
                }
            }
        }
        if (!wrong.isEmpty()) fail(String.join("\n", wrong));
    }

    /** A constant the header adds (a new status, a new activation) needs a Java value; only the *_COUNT sentinels have none. */
    @Test
    void everyConstantOfTheHeaderHasAJavaValue() {
        Map<String, Set<String>> named = new LinkedHashMap<>();
        for (CudaCodes.Table<?> t : CudaCodes.ALL) {
            Set<String> names = named.computeIfAbsent(t.where(), w -> new LinkedHashSet<>());
            for (CudaCodes.Entry<?> e : t.entries()) names.add(e.name());
        }
        List<String> missing = new ArrayList<>();
        for (CudaCodes.Table<?> t : CudaCodes.ALL) {
            for (String c : constants(t).keySet()) {
                if (!named.get(t.where()).contains(c) && !c.endsWith("_COUNT")) missing.add(t.where() + ": " + c);
            }
        }
        assertEquals(List.of(), missing.stream().distinct().toList(), "constants of psrnn_cuda.h the binding has no Java value for");
        Set<String> tabled = new LinkedHashSet<>();
        for (String w : named.keySet()) if (w.startsWith("enum ")) tabled.add(w.substring("enum ".length()));
        assertEquals(Set.copyOf(HEADER.enumNames()), tabled, "the enums of psrnn_cuda.h and the binding's tables of them");
    }

    /** The kernels switch on psrnn_math.h's enums; the header's comments promise the same codes. */
    @Test
    void theKernelsEnumsAgreeWithTheHeader() {
        CHeader math = CHeader.cuda("psrnn_math.h");
        Map<CudaCodes.Table<?>, String[]> kernels = Map.of(
                CudaCodes.ACTIVATION, new String[] {"Activation", "ACT_"},
                CudaCodes.HEBB_RULE, new String[] {"HebbRule", "HEBB_"},
                CudaCodes.HEBB_TERM, new String[] {"HebbTerm", "HEBB_TERM_"},
                CudaCodes.SWITCH_MODE, new String[] {"SwitchMode", "SWITCH_"});
        for (var k : kernels.entrySet()) {
            Map<String, Long> header = constants(k.getKey()), expected = new LinkedHashMap<>();
            header.forEach((name, code) -> expected.put(k.getValue()[1] + name.toUpperCase(java.util.Locale.ROOT), code));
            assertEquals(expected, math.enumConstants(k.getValue()[0]), k.getKey().where() + " in psrnn_cuda.h against enum "
                    + k.getValue()[0] + " of psrnn_math.h");
        }
    }

    /** The reader itself, on C whose answers are known: implicit enum values, and padding where alignment asks for it. */
    @Test
    void theReaderPlacesFieldsAndCountsEnumsAsACompilerDoes(@TempDir Path dir) throws java.io.IOException {
        Path h = dir.resolve("t.h");
        Files.writeString(h, """
                #define T_VERSION 7
                enum t_kind { T_A, T_B = 5, T_C, T_D = T_B, T_E = 0x10, };
                /* struct t_commented { int no; }; */
                typedef struct t_padded {
                    int32_t a;          /* 0 zero, 1 one first, 2 two */
                    double b;
                    uint8_t c, *d;
                    const float* e;
                    int32_t f;
                } t_padded;
                """);
        CHeader t = CHeader.read(h);
        assertEquals(7, t.define("T_VERSION"));
        assertEquals(Map.of("T_A", 0L, "T_B", 5L, "T_C", 6L, "T_D", 5L, "T_E", 16L), t.enumConstants("t_kind"));
        assertEquals(List.of("t_padded"), t.structNames());
        CHeader.Struct s = t.struct("t_padded");
        assertEquals(List.of("a@0:4", "b@8:8", "c@16:1", "d@24:8", "e@32:8", "f@40:4"),
                s.fields().stream().map(f -> f.name() + "@" + f.offset() + ":" + f.size()).toList());
        assertEquals(List.of("int32_t", "double", "uint8_t", "uint8_t*", "float*", "int32_t"), s.fields().stream().map(CHeader.Field::type).toList());
        assertEquals(48, s.size(), "padded to its 8-byte alignment");
        assertEquals(Map.of("zero", 0L, "one", 1L, "two", 2L), t.fieldCodes("t_padded", "a"));
    }

    @Test
    void theAbiVersionIsTheHeaders() {
        assertEquals(HEADER.define("PSRNN_ABI_VERSION"), CudaLibrary.ABI_VERSION, "PSRNN_ABI_VERSION");
    }

    @Test
    void everyStructLayoutIsTheHeadersStruct() {
        List<String> names = CudaStructs.ALL.stream().map(l -> l.name().orElseThrow()).toList();
        assertEquals(Set.copyOf(HEADER.structNames()), Set.copyOf(names), "the structs of psrnn_cuda.h and the binding's layouts");
        for (StructLayout layout : CudaStructs.ALL) {
            CHeader.Struct c = HEADER.struct(layout.name().orElseThrow());
            List<MemoryLayout> fields = layout.memberLayouts().stream().filter(m -> !(m instanceof PaddingLayout)).toList();
            assertEquals(c.fields().stream().map(CHeader.Field::name).toList(), fields.stream().map(m -> m.name().orElse("?")).toList(),
                    c.name() + ": the fields, in order");
            for (int i = 0; i < fields.size(); i++) {
                CHeader.Field f = c.fields().get(i);
                MemoryLayout j = fields.get(i);
                String at = c.name() + "." + f.name() + " (" + f.type() + ")";
                assertEquals(f.size(), j.byteSize(), at + ": size");
                assertEquals(f.offset(), layout.byteOffset(PathElement.groupElement(f.name())), at + ": offset");
                assertEquals(kind(f), kind(j), at + ": kind");
            }
            assertEquals(c.size(), layout.byteSize(), c.name() + ": sizeof");
            assertEquals(c.alignment(), layout.byteAlignment(), c.name() + ": alignment");
        }
    }

    private static String kind(CHeader.Field f) {
        return f.pointer() ? "pointer" : f.floating() ? "floating" : "integer";
    }

    private static String kind(MemoryLayout j) {
        if (j instanceof AddressLayout) return "pointer";
        Class<?> carrier = ((ValueLayout) j).carrier();
        return carrier == float.class || carrier == double.class ? "floating" : "integer";
    }
}
