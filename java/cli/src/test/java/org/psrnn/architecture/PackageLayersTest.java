package org.psrnn.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * psrnn's packages depend on each other one way only, read off the compiled classes: every
 * reference to another psrnn class in a class file's constant pool (class entries and the type
 * descriptors of fields, methods and signatures) is a dependency of its package. A package may
 * use those in its own layer or below, never above, so no cycle can form; a new package must be
 * given its layer here.
 */
class PackageLayersTest {
    /** The layers, lowest first (docs/ARCHITECTURE order): each package may depend on its own layer and those before it. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("org.psrnn"),
            Set.of("org.psrnn.rng"),
            Set.of("org.psrnn.rules"),
            Set.of("org.psrnn.model"),
            Set.of("org.psrnn.engine"),
            Set.of("org.psrnn.engine.reference", "org.psrnn.engine.cpu", "org.psrnn.engine.cuda"),
            Set.of("org.psrnn.analysis"),
            Set.of("org.psrnn.task"),
            Set.of("org.psrnn.results"),
            Set.of("org.psrnn.config"),
            Set.of("org.psrnn.io"),
            Set.of("org.psrnn.train"),
            Set.of("org.psrnn.train.slurm"),
            Set.of("org.psrnn.report"),
            Set.of("org.psrnn.cli"));

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(org/psrnn/[\\w/$]+)[;<]");

    @Test
    void everyDependencyPointsToAnEarlierLayerOrTheSameOne() throws IOException {
        Map<String, Map<String, String>> deps = packageDependencies(classes());
        Map<String, Integer> layer = new LinkedHashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) for (String p : LAYERS.get(i)) layer.put(p, i);
        List<String> wrong = new ArrayList<>();
        for (var e : deps.entrySet()) {
            Integer from = layer.get(e.getKey());
            if (from == null) {
                wrong.add("package " + e.getKey() + " has no layer in PackageLayersTest.LAYERS: give it one");
                continue;
            }
            for (var d : e.getValue().entrySet()) {
                Integer to = layer.get(d.getKey());
                if (to != null && to > from) wrong.add(e.getKey() + " -> " + d.getKey() + " (" + d.getValue() + ")");
            }
        }
        assertTrue(wrong.isEmpty(), "dependencies against the layers:\n  " + String.join("\n  ", wrong));
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Map<String, String>> deps = packageDependencies(classes());
        for (String start : deps.keySet()) {
            List<String> cycle = cycleFrom(start, deps);
            if (cycle != null) fail("package cycle: " + String.join(" -> ", cycle));
        }
    }

    /** The test sees the classes: a reference from one package to another shows up as a dependency. */
    @Test
    void theClassesAreFoundAndReadCompletely() throws IOException {
        Map<String, Map<String, String>> deps = packageDependencies(classes());
        assertTrue(deps.size() >= LAYERS.stream().mapToInt(Set::size).sum() - 1, "packages found: " + deps.keySet());
        // Trainer takes a StopRequest (same package) and an Engine: a descriptor-only use must count too.
        assertTrue(deps.get("org.psrnn.train").containsKey("org.psrnn.engine"), "train -> engine: " + deps.get("org.psrnn.train"));
        assertEquals(List.of("a", "b", "a"), cycleFrom("a", Map.of("a", Map.of("b", "x"), "b", Map.of("a", "y"))));
    }

    /** A path start -> ... -> start, or null. */
    static List<String> cycleFrom(String start, Map<String, Map<String, String>> deps) {
        List<String> path = new ArrayList<>(List.of(start));
        return search(start, start, deps, path, new TreeSet<>()) ? path : null;
    }

    private static boolean search(String at, String start, Map<String, Map<String, String>> deps, List<String> path, Set<String> seen) {
        for (String next : deps.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(start)) {
                path.add(next);
                return true;
            }
            if (!seen.add(next)) continue;
            path.add(next);
            if (search(next, start, deps, path, seen)) return true;
            path.remove(path.size() - 1);
        }
        return false;
    }

    /** Every compiled psrnn class of the main code, read from the class-path entries (folders or jars) holding core's and cli's. */
    static List<byte[]> classes() throws IOException {
        List<byte[]> files = new ArrayList<>();
        for (Path root : roots()) {
            if (Files.isDirectory(root)) {
                readClasses(root, files);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(root)) {
                    readClasses(jar.getPath("/"), files);
                }
            }
        }
        return files;
    }

    private static void readClasses(Path root, List<byte[]> into) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".class") && p.toString().contains("org/psrnn/"))::iterator) {
                into.add(Files.readAllBytes(p));
            }
        }
    }

    private static Set<Path> roots() {
        Set<Path> roots = new TreeSet<>();
        for (String anchor : List.of("org.psrnn.engine.Engines", "org.psrnn.cli.Main")) {
            try {
                roots.add(Path.of(Class.forName(anchor).getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new AssertionError("cannot locate " + anchor + "'s classes", e);
            }
        }
        assertEquals(2, roots.size(), "core and cli are separate class-path entries: " + roots);
        return roots;
    }

    /** package -> (package it uses -> one class that uses it, for the message); psrnn's own packages only. */
    static Map<String, Map<String, String>> packageDependencies(List<byte[]> classFiles) {
        Map<String, Map<String, String>> deps = new TreeMap<>();
        for (byte[] f : classFiles) {
            ClassModel model = ClassFile.of().parse(f);
            String self = model.thisClass().asInternalName();
            String from = packageOf(self);
            Map<String, String> mine = deps.computeIfAbsent(from, k -> new TreeMap<>());
            for (PoolEntry entry : model.constantPool()) {
                List<String> used = new ArrayList<>();
                if (entry instanceof ClassEntry c) {
                    String name = c.asInternalName();
                    if (name.startsWith("[")) addDescriptorTypes(name, used);
                    else used.add(name);
                } else if (entry instanceof Utf8Entry u) {
                    addDescriptorTypes(u.stringValue(), used);
                }
                for (String name : used) {
                    if (!name.startsWith("org/psrnn/")) continue;
                    String to = packageOf(name);
                    if (!to.equals(from)) mine.putIfAbsent(to, self.replace('/', '.') + " uses " + name.replace('/', '.'));
                }
            }
        }
        return deps;
    }

    private static void addDescriptorTypes(String text, List<String> out) {
        Matcher m = DESCRIPTOR_TYPE.matcher(text);
        while (m.find()) out.add(m.group(1));
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return internalName.substring(0, slash).replace('/', '.');
    }
}
