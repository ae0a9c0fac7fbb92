package org.psrnn.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.psrnn.InvalidInputException;
import org.psrnn.analysis.StrongSetHistory;
import org.psrnn.model.NetworkShape;
import org.psrnn.model.NetworkState;
import org.psrnn.results.MetricsRow;
import org.psrnn.results.Provenance;
import org.psrnn.results.RunSummary;

/**
 * A run's folder (ARCHITECTURE.md "Run directory"): {@code config.json} (resolved, with
 * provenance), {@code metrics.csv}, {@code weights.npz} (PsychRNN names plus {@code S_rec} and
 * {@code W_rec_init}), {@code checkpoint.npz}, and {@code plots/} where a reporter draws them. Every file is written atomically.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String WEIGHTS = "weights.npz";
    public static final String CHECKPOINT = "checkpoint.npz";
    public static final String PLOTS = "plots";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    /** The iteration of the last checkpoint written or read through this object; -1 before the first. */
    private long lastCheckpoint = -1;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * A folder for a new run: created if missing; refused if it already holds a run (unless
     * {@code overwrite}) or cannot be written, before any training starts.
     */
    public static RunDirectory create(Path root, boolean overwrite) {
        if (Files.exists(root) && !Files.isDirectory(root)) throw new InvalidInputException(root + " exists and is not a folder");
        if (!overwrite && Files.exists(root.resolve(CONFIG))) {
            throw new InvalidInputException(root + " already holds a run; choose another --out, or add --overwrite to replace it");
        }
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the run folder " + root + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return new RunDirectory(root);
    }

    /** An existing run, for analysis. */
    public static RunDirectory open(Path root) {
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new InvalidInputException(root + " is not a psrnn run folder (it has no " + CONFIG + ")");
        }
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path path(String name) {
        return root.resolve(name);
    }

    public Path plots() {
        return root.resolve(PLOTS);
    }

    // ---------------------------------------------------------------- config.json

    /** Writes the resolved configuration and where it came from. */
    public void writeConfig(Map<String, Object> resolved, Provenance provenance) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>(resolved);
        doc.put("provenance", provenance);
        AtomicFiles.writeString(path(CONFIG), JSON.writeValueAsString(doc) + "\n");
    }

    /** The configuration of this run, without its provenance. */
    public Map<String, Object> readConfig() {
        try {
            Map<String, Object> doc = JSON.readValue(path(CONFIG).toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
            doc.remove("provenance");
            return doc;
        } catch (IOException e) {
            throw new InvalidInputException(path(CONFIG) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Where this run came from, from config.json; null when not recorded. */
    public Provenance readProvenance() {
        try {
            var node = JSON.readTree(path(CONFIG).toFile()).path("provenance");
            return node.isObject() ? JSON.treeToValue(node, Provenance.class) : null;
        } catch (IOException e) {
            throw new InvalidInputException(path(CONFIG) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The engine the run trained on, from config.json's provenance; null when not recorded. */
    public String recordedEngine() {
        Provenance p = readProvenance();
        return p == null ? null : p.engine();
    }

    /** A JSON object written by {@link #writeJson}. */
    public Map<String, Object> readJsonObject(String name) {
        try {
            return JSON.readValue(path(name).toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new InvalidInputException(path(name) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The run's summary.json. */
    public RunSummary readSummary() {
        try {
            return JSON.readValue(path(SUMMARY).toFile(), RunSummary.class);
        } catch (IOException e) {
            throw new InvalidInputException(path(SUMMARY) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Writes the run's summary.json. */
    public void writeSummary(RunSummary summary) throws IOException {
        writeJson(SUMMARY, summary);
    }

    /** Writes any JSON document into the run folder. */
    public void writeJson(String name, Object value) throws IOException {
        AtomicFiles.writeString(path(name), JSON.writeValueAsString(value) + "\n");
    }

    // ---------------------------------------------------------------- metrics.csv

    public void writeMetrics(List<MetricsRow> rows) throws IOException {
        StringBuilder s = new StringBuilder(MetricsRow.HEADER).append('\n');
        for (MetricsRow r : rows) s.append(r.toCsv()).append('\n');
        AtomicFiles.writeString(path(METRICS), s.toString());
    }

    public List<MetricsRow> readMetrics() {
        try {
            List<String> lines = Files.readAllLines(path(METRICS), StandardCharsets.UTF_8);
            if (lines.isEmpty() || !MetricsRow.isHeader(lines.get(0))) {
                throw new InvalidInputException(path(METRICS) + ": not a psrnn metrics file (unexpected header)");
            }
            List<MetricsRow> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                try {
                    rows.add(MetricsRow.parse(lines.get(i)));
                } catch (RuntimeException e) {
                    throw new InvalidInputException(path(METRICS) + ": line " + (i + 1) + " cannot be read: " + e.getMessage());
                }
            }
            return rows;
        } catch (IOException e) {
            throw new InvalidInputException(path(METRICS) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    // ---------------------------------------------------------------- weights.npz, checkpoint.npz

    /**
     * {@code weights.npz}: PsychRNN's {@code W_in, W_rec, W_out, b_rec, b_out}, plus {@code S_rec} and
     * {@code W_rec_init}; float32. Returns the run's {@link Fingerprint}, of the arrays written.
     */
    public String writeWeights(NetworkState state, double[] wRecInit) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        NetworkShape shape = state.shape();
        for (var t : org.psrnn.model.ParamTensor.values()) {
            arrays.put(t.fileName(), NpyArray.float32(state.params().get(t), t.shape(shape)));
        }
        arrays.put("S_rec", NpyArray.uint8(state.strong(), shape.hidden(), shape.hidden()));
        arrays.put("W_rec_init", NpyArray.float32(wRecInit, shape.hidden(), shape.hidden()));
        Npz.write(path(WEIGHTS), arrays);
        return Fingerprint.of(arrays);
    }

    /** The array of {@code checkpoint.npz} holding the training loop's own state; a state file with it is a training checkpoint. */
    public static final String TRAINER = "trainer";

    /** The array of {@code checkpoint.npz} naming the kernel form the run trained in. */
    public static final String KERNEL_FORM = "kernel_form";

    /**
     * The arrays of {@code checkpoint.npz} holding the STRONG sets turnover is measured against
     * ({@link StrongSetHistory}: initial, previous evaluation's, ever STRONG), uint8 (N, N).
     */
    public static final List<String> STRONG_HISTORY = List.of("S_rec_initial", "S_rec_previous", "S_rec_ever");

    /**
     * {@code checkpoint.npz}: the whole training state in float64 (exact for every engine),
     * {@code W_rec_init}, the training loop's own state ({@code trainer}), the STRONG sets of its
     * evaluations ({@link #STRONG_HISTORY}; not written when {@code history} is null or has seen
     * no evaluation) and, where the engine
     * has kernel forms that sum in different orders, the one it ran ({@code kernel_form}, its
     * name as ASCII bytes; {@code kernelForm} null: none). The form lives here, not in
     * config.json: it is known only once the engine exists (auto chooses by the GPU), and it
     * belongs with the state the engine made, so it is rewritten by whichever engine continues.
     */
    public void writeCheckpoint(NetworkState state, double[] wRecInit, double[] trainer, StrongSetHistory history, String kernelForm)
            throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>(StateFiles.stateArrays(state, DType.FLOAT64));
        int n = state.shape().hidden();
        arrays.put("W_rec_init", NpyArray.float64(wRecInit, n, n));
        arrays.put(TRAINER, NpyArray.float64(trainer, trainer.length));
        if (history != null && history.started()) {
            byte[][] masks = {history.initial(), history.previous(), history.ever()};
            for (int i = 0; i < masks.length; i++) arrays.put(STRONG_HISTORY.get(i), NpyArray.uint8(masks[i], n, n));
        }
        if (kernelForm != null) {
            byte[] name = kernelForm.getBytes(StandardCharsets.US_ASCII);
            arrays.put(KERNEL_FORM, NpyArray.uint8(name, name.length));
        }
        try {
            Npz.write(path(CHECKPOINT), arrays);
        } catch (AtomicFiles.WriteFailedException e) {
            throw lastCheckpointKept(e, lastCheckpoint);
        }
        lastCheckpoint = state.iteration();
    }

    /**
     * A checkpoint that could not be written, in words: the file it kept is the last checkpoint
     * of this run, the one a resume continues from, of {@code iteration}. With {@code iteration}
     * -1 (none of this run written or read yet) the kept file may be another run's, replaced with
     * --overwrite, and the words stay general.
     */
    static AtomicFiles.WriteFailedException lastCheckpointKept(AtomicFiles.WriteFailedException e, long iteration) {
        if (!e.previousKept() || iteration < 0) return e;
        return e.saying("it still holds the last complete checkpoint, of iteration " + iteration);
    }

    /**
     * A checkpoint read back; {@code history} null where none was recorded (a checkpoint from
     * before turnover was measured), {@code kernelForm} null where none was recorded.
     */
    public record Checkpoint(NetworkState state, double[] wRecInit, double[] trainer, StrongSetHistory history, String kernelForm) {}

    public Checkpoint readCheckpoint() {
        Path file = path(CHECKPOINT);
        StateFiles.LoadedState loaded = StateFiles.readState(file);
        Map<String, NpyArray> arrays = Npz.read(file);
        int n = loaded.state().shape().hidden();
        NpyArray init = arrays.get("W_rec_init");
        NpyArray trainer = arrays.get(TRAINER);
        if (init == null || !init.hasShape(n, n) || trainer == null || trainer.rank() != 1) {
            throw new InvalidInputException(file + ": not a psrnn training checkpoint (W_rec_init or trainer missing)");
        }
        NpyArray form = arrays.get(KERNEL_FORM);
        String kernelForm = null;
        if (form != null) {
            if (form.dtype() != DType.UINT8 || form.rank() != 1 || form.count() == 0) {
                throw new InvalidInputException(file + ": " + KERNEL_FORM + " has dtype " + form.dtype().numpyName() + " and shape "
                        + form.shapeString() + "; expected the name of a kernel form as uint8 ASCII bytes");
            }
            kernelForm = new String(form.bytes(), StandardCharsets.US_ASCII);
        }
        StrongSetHistory history = strongHistory(file, arrays, n);
        lastCheckpoint = loaded.state().iteration(); // the complete checkpoint on disk, until the next is written
        return new Checkpoint(loaded.state(), init.toDoubles(), trainer.toDoubles(), history, kernelForm);
    }

    /** The {@link #STRONG_HISTORY} arrays of a checkpoint, checked; null where the checkpoint has none of them. */
    private static StrongSetHistory strongHistory(Path file, Map<String, NpyArray> arrays, int n) {
        if (STRONG_HISTORY.stream().noneMatch(arrays::containsKey)) return null;
        byte[][] masks = new byte[STRONG_HISTORY.size()][];
        for (int m = 0; m < masks.length; m++) {
            String name = STRONG_HISTORY.get(m);
            NpyArray a = arrays.get(name);
            if (a == null || a.dtype() != DType.UINT8 || !a.hasShape(n, n)) {
                throw new InvalidInputException(file + ": " + name + (a == null ? " is missing" : " has dtype " + a.dtype().numpyName()
                        + " and shape " + a.shapeString()) + "; expected uint8 (" + n + ", " + n + ") beside " + String.join(", ", STRONG_HISTORY));
            }
            masks[m] = a.bytes();
            for (byte b : masks[m]) {
                if (b != 0 && b != 1) throw new InvalidInputException(file + ": " + name + " holds " + b + "; must be 0 (WEAK) or 1 (STRONG)");
            }
        }
        return StrongSetHistory.restore(masks[0], masks[1], masks[2]);
    }

    /** The weights of a finished run. */
    public Map<String, NpyArray> readWeights() {
        return Npz.read(path(WEIGHTS));
    }
}
