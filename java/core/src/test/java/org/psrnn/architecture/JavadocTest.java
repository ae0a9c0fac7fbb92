package org.psrnn.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psrnn-core's API documentation builds without a warning: the javadoc tool over every main
 * source, with every doclint check but "missing" (a comment on each parameter would restate its
 * name), so a broken {@code {@link}}, bad HTML or a wrong {@code @param} name fails the build.
 * The JDK's note that jdk.incubator.vector is incubating is the one warning it cannot avoid.
 */
class JavadocTest {
    @TempDir
    Path out;

    @Test
    void theCoreApiDocumentationBuildsWithoutWarnings() throws Exception {
        List<String> problems = javadoc(Path.of("src", "main", "java"));
        assertTrue(problems.isEmpty(), problems.size() + " javadoc warnings or errors:\n" + String.join("\n", problems));
    }

    /** The check sees what it should: a dangling link in a source of its own is reported. */
    @Test
    void aBrokenLinkIsCaught() throws Exception {
        Path src = Files.createDirectories(out.resolve("src/demo"));
        Files.writeString(src.resolve("Demo.java"), "package demo;\n/** See {@link NoSuchType}. */\npublic final class Demo {}\n");
        List<String> problems = javadoc(out.resolve("src"));
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("Demo.java:2: reference not found"), problems.get(0));
    }

    private List<String> javadoc(Path sourceRoot) throws Exception {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        List<String> problems = new ArrayList<>();
        try (StandardJavaFileManager files = tool.getStandardFileManager(null, Locale.ROOT, null);
             var walk = Files.walk(sourceRoot)) {
            List<Path> sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            List<String> options = List.of("-Xdoclint:all,-missing", "-quiet", "-Xmaxwarns", "10000", "--add-modules", "jdk.incubator.vector",
                    "-d", Files.createDirectories(out.resolve("doc-" + sourceRoot.getFileName())).toString(),
                    "-classpath", System.getProperty("java.class.path"));
            StringWriter log = new StringWriter();
            boolean ok = tool.getTask(log, files, d -> {
                String text = d.getMessage(Locale.ROOT);
                if (d.getKind() == Diagnostic.Kind.NOTE || text.contains("incubating")) return;
                problems.add(d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ") + text);
            }, null, options, units).call();
            if (!ok && problems.isEmpty()) problems.add("javadoc failed: " + log);
        }
        return problems;
    }
}
