package org.psrnn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psrnn.cli.Main;
import org.psrnn.io.Npz;
import org.psrnn.io.NpyArray;

/**
 * Same seed, same numbers: short training runs in child JVMs at every vector width (128, 256 and
 * 512 bits, forced with {@code psrnn.vector.bits} so that every width runs on any machine, wider
 * than the hardware in the Vector API's Java fallback), on 1, 2 and 3 threads, and with the
 * plain-loop kernels, end bit for bit alike: every array of checkpoint.npz (weights, S, Adam
 * moments) and weights.npz, every column of metrics.csv but the wall clock, and summary.json.
 * The runs cover every activation, both losses, each Hebbian rule, threshold and stochastic
 * switching, Philox noise, and a hidden size (37) that ends inside every vector, panel and group
 * of logical lanes.
 */
class WidthInvarianceTest {
    @TempDir
    Path dir;

    /** The runs each child trains: the first for 30 iterations (one is the first of them), the others for 2. */
    static final List<List<String>> RUNS = List.of(
            List.of("dms-switch-relu", "--task", "dms", "--rule", "switch", "--hidden", "37", "--batch", "6", "--iterations", "30",
                    "--eval-every", "10", "--eval-batch", "8", "--seed", "5"),
            List.of("flipflop-stochastic-softplus-covariance", "--task", "flipflop", "--rule", "switch-stochastic", "--hidden", "37",
                    "--batch", "5", "--iterations", "2", "--eval-every", "1", "--eval-batch", "7", "--seed", "6",
                    "--set", "activation=softplus", "--set", "hebb_rule=covariance"),
            List.of("cdm-fixed-retanh-oja", "--task", "cdm", "--rule", "fixed", "--hidden", "37", "--batch", "7", "--iterations", "2",
                    "--eval-every", "1", "--eval-batch", "5", "--seed", "7", "--set", "activation=retanh", "--set", "hebb_rule=oja",
                    "--set", "eta_h=1e-3"),
            List.of("gonogo-switch-tanh", "--task", "gonogo", "--rule", "switch", "--hidden", "37", "--batch", "4", "--iterations", "2",
                    "--eval-every", "1", "--eval-batch", "6", "--seed", "8", "--set", "activation=tanh", "--set", "eta_h=1e-2"));

    /** One child JVM's settings: vector width (0: plain loops) and threads. */
    record Setting(int bits, int threads) {
        String label() {
            return (bits == 0 ? "plain loops" : bits + "-bit vectors") + ", " + threads + " thread" + (threads == 1 ? "" : "s");
        }

        List<String> jvmOptions() {
            List<String> o = new ArrayList<>(List.of("-Dpsrnn.threads=" + threads));
            if (bits == 0) o.add("-Dpsrnn.vector=false");
            else o.addAll(List.of("-XX:MaxVectorSize=" + bits / 8, "-Dpsrnn.vector.bits=" + bits));
            return o;
        }
    }

    @Test
    void everyWidthThreadCountAndKernelSetComputesTheSameBits() throws Exception {
        List<Setting> settings = new ArrayList<>();
        for (int threads = 1; threads <= 3; threads++) {
            for (int bits : new int[] {0, 128, 256, 512}) settings.add(new Setting(bits, threads));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, String>>> digests = new ArrayList<>();
            for (Setting s : settings) digests.add(pool.submit(() -> train(s)));
            Map<String, String> expected = digests.get(0).get();
            assertTrue(expected.size() > 40, "arrays and files compared: " + expected.keySet());
            for (int i = 1; i < settings.size(); i++) {
                Map<String, String> actual = digests.get(i).get();
                List<String> differ = new ArrayList<>();
                for (var e : expected.entrySet()) if (!e.getValue().equals(actual.get(e.getKey()))) differ.add(e.getKey());
                assertEquals(expected.keySet(), actual.keySet(), settings.get(i).label());
                assertTrue(differ.isEmpty(), settings.get(i).label() + " differs from " + settings.get(0).label() + " in " + differ);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Trains {@link #RUNS} in a child JVM with the setting; returns a digest of every result, by name. */
    private Map<String, String> train(Setting s) throws Exception {
        Path out = dir.resolve((s.bits() == 0 ? "loops" : "v" + s.bits()) + "-t" + s.threads());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-Xshare:auto"));
        cmd.addAll(s.jvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), out.toString()));
        Files.createDirectories(out);
        Path log = out.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done && p.exitValue() == 0, s.label() + ": the child failed:\n" + text);
        String kernels = s.bits() == 0 ? "scalar loops" : "Vector API, " + s.bits() + "-bit";
        assertTrue(text.contains("kernels: " + kernels), s.label() + ": the child ran other kernels:\n" + text);
        Map<String, String> digests = new TreeMap<>();
        for (List<String> run : RUNS) {
            Path r = out.resolve(run.get(0));
            for (String file : new String[] {"checkpoint.npz", "weights.npz"}) {
                for (var e : Npz.read(r.resolve(file)).entrySet()) {
                    NpyArray array = e.getValue();
                    if (e.getKey().equals("trainer")) {                    // the training loop's state; its last number is the wall clock
                        double[] v = array.toDoubles();
                        array = NpyArray.float64(java.util.Arrays.copyOf(v, v.length - 1), v.length - 1);
                    }
                    digests.put(run.get(0) + "/" + file + "/" + e.getKey(), digest(array));
                }
            }
            digests.put(run.get(0) + "/metrics.csv", sha(withoutColumn(Files.readAllLines(r.resolve("metrics.csv")), "seconds")));
            digests.put(run.get(0) + "/summary.json", sha(Files.readAllLines(r.resolve("summary.json")).stream()
                    .filter(l -> !l.contains("\"seconds\"") && !l.contains("\"written\"")).toList()));
        }
        return digests;
    }

    private static String digest(NpyArray a) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(NpyArray.shapeString(a.shape()).getBytes(StandardCharsets.UTF_8));
        sha.update(a.bytes());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha(List<String> lines) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    /** A CSV's lines without the named column. */
    static List<String> withoutColumn(List<String> lines, String column) {
        int drop = List.of(lines.get(0).split(",", -1)).indexOf(column);
        assertTrue(drop >= 0, "metrics.csv has a '" + column + "' column: " + lines.get(0));
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(drop);
            kept.add(String.join(",", cells));
        }
        return kept;
    }

    /** The child JVM: trains {@link #RUNS} on the cpu engine into the folder given, printing which kernels it used. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            Path out = Path.of(args[0]);
            PrintWriter o = new PrintWriter(System.out, true), e = new PrintWriter(System.err, true);
            o.println("kernels: " + Kernels.best().name());
            for (List<String> run : RUNS) {
                List<String> a = new ArrayList<>(List.of("train", "--engine", "cpu", "--out", out.resolve(run.get(0)).toString()));
                a.addAll(run.subList(1, run.size()));
                int code = Main.run(a.toArray(String[]::new), o, e);
                if (code != 0) System.exit(code);
            }
            System.exit(0);
        }
    }
}
