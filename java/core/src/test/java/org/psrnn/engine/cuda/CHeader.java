package org.psrnn.engine.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the binding's tests need of a C header, read from its text: the constants of an enum, a
 * struct's fields placed by the x86-64 System V rules (each field at the next multiple of its
 * alignment, the struct padded to its largest), the codes a field's comment lists ("0 relu, 1
 * tanh"), and a numeric #define. It knows the plain C of cuda/*.h, not C at large, and says so
 * rather than guess when it meets more.
 */
final class CHeader {
    /** A struct field: its C type (pointers as "T*"), size, alignment and offset. */
    record Field(String name, String type, long size, long offset) {
        boolean pointer() {
            return type.endsWith("*");
        }

        boolean floating() {
            return type.equals("float") || type.equals("double");
        }
    }

    record Struct(String name, List<Field> fields, long size, long alignment) {
        /** The byte offset of field {@code field}. */
        long offset(String field) {
            return fields.stream().filter(f -> f.name().equals(field)).findFirst()
                    .orElseThrow(() -> new AssertionError("struct " + name + " has no field " + field)).offset();
        }
    }

    private static final Map<String, Integer> SIZES = sizes();

    private final Path path;
    private final String raw, code;

    private CHeader(Path path, String raw) {
        this.path = path;
        this.raw = raw;
        this.code = stripComments(raw);
    }

    /** {@code file} of the checkout's cuda/: the tests run in java/, so one folder up. */
    static CHeader cuda(String file) {
        for (Path dir : List.of(Path.of("../../cuda"), Path.of("../cuda"), Path.of("cuda"))) {
            if (Files.isRegularFile(dir.resolve(file))) return read(dir.resolve(file).toAbsolutePath().normalize());
        }
        throw new AssertionError("no cuda/" + file + " next to " + Path.of("").toAbsolutePath());
    }

    static CHeader read(Path path) {
        try {
            return new CHeader(path, Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> sizes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String t : List.of("char", "signed char", "unsigned char", "int8_t", "uint8_t", "bool", "_Bool")) m.put(t, 1);
        for (String t : List.of("short", "unsigned short", "int16_t", "uint16_t")) m.put(t, 2);
        for (String t : List.of("int", "unsigned", "unsigned int", "int32_t", "uint32_t", "float")) m.put(t, 4);
        for (String t : List.of("long", "unsigned long", "long long", "unsigned long long", "int64_t", "uint64_t", "size_t", "ptrdiff_t",
                "intptr_t", "uintptr_t", "double")) m.put(t, 8);
        return m;
    }

    private static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    /** The value of {@code #define name N}. */
    long define(String name) {
        Matcher m = Pattern.compile("(?m)^\\s*#\\s*define\\s+" + Pattern.quote(name) + "\\s+(\\S+)\\s*$").matcher(code);
        if (!m.find()) throw new AssertionError(path + " has no #define " + name);
        return literal(m.group(1), name);
    }

    /** The body of {@code KIND NAME { ... }}, from {@code text}. */
    private String body(String text, String kind, String name) {
        Matcher m = Pattern.compile("\\b" + kind + "\\s+" + Pattern.quote(name) + "\\s*\\{([^{}]*)\\}").matcher(text);
        if (!m.find()) throw new AssertionError(path + " has no " + kind + " " + name + " { ... }");
        return m.group(1);
    }

    /** Every constant of {@code enum name}, in order, with its value; one without "= value" is the one before plus one. */
    Map<String, Long> enumConstants(String name) {
        Map<String, Long> out = new LinkedHashMap<>();
        long next = 0;
        for (String item : body(code, "enum", name).split(",")) {
            item = item.strip();
            if (item.isEmpty()) continue;
            Matcher m = Pattern.compile("([A-Za-z_]\\w*)\\s*(?:=\\s*(.+))?").matcher(item);
            if (!m.matches()) throw new AssertionError("enum " + name + ": cannot read '" + item + "'");
            long value = m.group(2) == null ? next : m.group(2).strip().matches("[A-Za-z_]\\w*") ? known(out, m.group(2).strip(), name)
                    : literal(m.group(2).strip(), name);
            if (out.put(m.group(1), value) != null) throw new AssertionError("enum " + name + ": " + m.group(1) + " twice");
            next = value + 1;
        }
        return out;
    }

    private static long known(Map<String, Long> so, String ref, String where) {
        Long v = so.get(ref);
        if (v == null) throw new AssertionError("enum " + where + ": cannot evaluate " + ref);
        return v;
    }

    private long literal(String s, String where) {
        String digits = s.replaceAll("[uUlL]+$", "");
        try {
            return digits.matches("-?0[xX][0-9a-fA-F]+") ? Long.decode(digits) : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new AssertionError(path + ": " + where + " = " + s + " is not a number this reader evaluates");
        }
    }

    /** The names of every struct the header defines with a body. */
    List<String> structNames() {
        return names("struct");
    }

    /** The names of every enum the header defines. */
    List<String> enumNames() {
        return names("enum");
    }

    private List<String> names(String kind) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\b" + kind + "\\s+(\\w+)\\s*\\{").matcher(code);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** {@code struct name} with its fields placed as the x86-64 System V ABI places them. */
    Struct struct(String name) {
        List<Field> fields = new ArrayList<>();
        long offset = 0, alignment = 1;
        for (String decl : body(code, "struct", name).split(";")) {
            decl = decl.replaceAll("\\b(const|volatile)\\b", " ").strip();
            if (decl.isEmpty()) continue;
            if (!decl.matches("[\\w\\s*,]+")) throw new AssertionError("struct " + name + ": cannot read '" + decl + "' (arrays, bit fields?)");
            String[] declarators = decl.split(",");
            // the first declarator carries the base type: every word but the last, before any '*'
            Matcher first = Pattern.compile("([\\w\\s]+?)\\s*(\\**)\\s*(\\w+)").matcher(declarators[0].strip());
            if (!first.matches()) throw new AssertionError("struct " + name + ": cannot read '" + decl + "'");
            String base = first.group(1).strip().replaceAll("\\s+", " ");
            for (int i = 0; i < declarators.length; i++) {
                String stars, field;
                if (i == 0) {
                    stars = first.group(2);
                    field = first.group(3);
                } else {
                    Matcher m = Pattern.compile("(\\**)\\s*(\\w+)").matcher(declarators[i].strip());
                    if (!m.matches()) throw new AssertionError("struct " + name + ": cannot read '" + declarators[i] + "'");
                    stars = m.group(1);
                    field = m.group(2);
                }
                String type = stars.isEmpty() ? base : base + "*";
                long size;
                if (!stars.isEmpty()) {
                    size = 8;
                } else {
                    Integer s = SIZES.get(base);
                    if (s == null) throw new AssertionError("struct " + name + "." + field + ": no size known for C type '" + base + "'");
                    size = s;
                }
                offset = (offset + size - 1) / size * size;  // a scalar's alignment is its size here
                fields.add(new Field(field, type, size, offset));
                offset += size;
                alignment = Math.max(alignment, size);
            }
        }
        long size = (offset + alignment - 1) / alignment * alignment;
        return new Struct(name, List.copyOf(fields), size, alignment);
    }

    /**
     * The codes the comment on {@code struct.field}'s line lists, as "N name" items separated by
     * commas ({@code 0 auto, 1 tiled per-step kernels, 2 persistent}): each name is the word after N.
     */
    Map<String, Long> fieldCodes(String struct, String field) {
        String rawBody = body(raw, "struct", struct);
        Matcher m = Pattern.compile("[\\s,*]" + Pattern.quote(field) + "\\s*[,;][^\\n]*?/\\*(.*?)\\*/").matcher(rawBody);
        if (!m.find()) throw new AssertionError(path + ": struct " + struct + " has no field " + field + " with a comment on its line");
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher item = Pattern.compile("(?:^|,)\\s*(-?\\d+)\\s+([A-Za-z_]\\w*)").matcher(m.group(1).strip());
        while (item.find()) {
            if (out.put(item.group(2), Long.parseLong(item.group(1))) != null) {
                throw new AssertionError(struct + "." + field + ": the comment names " + item.group(2) + " twice");
            }
        }
        if (out.isEmpty()) throw new AssertionError(struct + "." + field + ": its comment lists no codes: '" + m.group(1).strip() + "'");
        return out;
    }
}
