package org.psrnn.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.psrnn.InvalidInputException;
import org.psrnn.config.ConfigKeys;
import org.psrnn.io.ConfigFile;
import org.psrnn.model.Batch;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.model.NetworkShape;
import org.psrnn.rules.SwitchMode;
import org.psrnn.task.TaskBatches;
import org.psrnn.train.RunConfig;

/**
 * The hyper-parameters of one {@code psrnn step}. A file with MODEL.md's keys only is step's own
 * configuration: absent keys take MODEL.md's defaults. A file with training keys (a run's
 * {@code config.json}, or a file for {@code psrnn train --config}) is resolved exactly as training
 * resolves it, as {@code --resume} does: the run's learning rates, switch mode and the theta it
 * fixed at initialisation, so that a step re-does an iteration of that run. Its training keys
 * (task, hidden, batch, iterations, ...) change nothing in one iteration; task and hidden are
 * checked against the state.
 */
final class StepSettings {
    /** Entries of a run's config.json that record how the run came about rather than set it. */
    static final Set<String> RUN_RECORDS = Set.of("provenance", "theta_from");

    private final ConfigFile file;
    /** The training configuration the file describes; null for step's own configuration. */
    private final RunConfig training;
    private final String source;

    private StepSettings(ConfigFile file, RunConfig training, String source) {
        this.file = file;
        this.training = training;
        this.source = source;
    }

    /** MODEL.md's defaults throughout. */
    static StepSettings defaults() {
        return new StepSettings(ConfigFile.empty(), null, null);
    }

    static StepSettings read(Path path) {
        ConfigFile file = ConfigFile.read(path, RunConfig.allKeys(), RUN_RECORDS);
        boolean training = file.keys().stream().anyMatch(k -> !ConfigKeys.modelMdNames().contains(k));
        return new StepSettings(file, training ? RunConfig.from(file) : null, path.toString());
    }

    /** The loss the configuration decides, if it does (else the batch's arrays decide). */
    Optional<LossKind> loss() {
        return training != null ? Optional.of(training.model().loss()) : file.loss();
    }

    /** The configuration of the iteration, for a batch of {@code batchLoss}; every setting it needs is known. */
    ModelConfig model(LossKind batchLoss) {
        ModelConfig m = training != null ? training.model() : file.modelConfig(batchLoss);
        if (m.switching().mode() != SwitchMode.NONE && !m.switching().thetaGiven()) {
            throw new InvalidInputException((source == null ? "" : source + ": ") + "theta is not set: switch_mode '"
                    + m.switching().mode().key() + "' needs theta >= 0; a run's config.json records the theta the run trained with");
        }
        m.switching().requireResolved();
        return m;
    }

    /**
     * The training batch a run with these settings draws at {@code iteration}, as the trainer
     * draws it (noise from Philox, as MODEL.md says); empty for step's own configuration, which
     * has no task.
     */
    Optional<Batch> trainingBatch(long iteration) {
        if (training == null) return Optional.empty();
        return Optional.of(TaskBatches.training(training.createTask(), training.model().seed(), iteration, training.training().batch(),
                training.model().loss()).batch());
    }

    /** Fails unless the network the configuration describes (task and hidden, where given) is the state's. */
    void requireFits(NetworkShape state, Path stateFile) {
        if (training == null || !(file.has("task") || file.has("hidden"))) return;
        NetworkShape described = training.shape();
        NetworkShape expected = new NetworkShape(file.has("task") ? described.nIn() : state.nIn(),
                file.has("hidden") ? described.hidden() : state.hidden(), file.has("task") ? described.nOut() : state.nOut());
        if (!expected.equals(state)) {
            String given = (file.has("task") ? "task " + training.task() : "") + (file.has("task") && file.has("hidden") ? ", " : "")
                    + (file.has("hidden") ? "hidden " + training.hidden() : "");
            throw new InvalidInputException(source + ": describes a network of " + words(expected) + " (" + given + "); "
                    + stateFile + " holds one of " + words(state));
        }
    }

    private static String words(NetworkShape s) {
        return "n_in = " + s.nIn() + ", N = " + s.hidden() + ", n_out = " + s.nOut();
    }
}
