package org.psrnn.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headline numbers of a finished run: summary.json, written by training and read back by
 * comparisons, the learning-rate search and reports.
 *
 * @param task              the task's name
 * @param rule              the rule preset's key
 * @param seed              MODEL.md's seed (64 bits, used unsigned)
 * @param engine            the engine it trained on
 * @param reachedCriterion  whether it reached the criterion
 * @param trialsToCriterion trials seen when it did; null when it did not
 * @param criterion         the performance threshold
 * @param iterations        iterations trained
 * @param trials            trials seen at the last evaluation
 * @param finalPerformance  performance at the last evaluation
 * @param finalEvalLoss     held-out loss at the last evaluation
 * @param seconds           wall-clock seconds of training
 * @param structure         the structure metrics of the final W by name ({@code StructureMetrics.NAMES}), null where undefined
 * @param plasticity        STRONG-set turnover and Hebbian alignment over the evaluations by name
 *                          ({@link PlasticitySummary#NAMES}), null where undefined; empty (and not
 *                          written) in a summary from before they were measured
 * @param psychometric      the psychometric curve of the final network and its fit, for a task
 *                          that has one ({@code Task.psychometric()}); null (and not written) for
 *                          the others, for a run stopped by a signal, and in a summary from before
 *                          it was measured
 * @param ending            how training ended
 * @param written           when this summary was written (ISO-8601)
 * @param weightsSha256     the fingerprint of weights.npz's arrays
 * @param diverged          for a run that diverged, the message saying where; null otherwise
 */
@JsonPropertyOrder({"task", "rule", "seed", "engine", "reached_criterion", "trials_to_criterion", "criterion", "iterations", "trials",
    "final_performance", "final_eval_loss", "seconds", "structure", "plasticity", "psychometric", "ending", "written", "weights_sha256", "diverged"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSummary(String task, String rule,
                         @JsonSerialize(using = UnsignedLongJson.Writer.class) @JsonDeserialize(using = UnsignedLongJson.Reader.class) long seed,
                         String engine,
                         @JsonProperty("reached_criterion") boolean reachedCriterion,
                         @JsonProperty("trials_to_criterion") @JsonInclude(JsonInclude.Include.ALWAYS) Long trialsToCriterion,
                         double criterion, long iterations, long trials,
                         @JsonProperty("final_performance") double finalPerformance,
                         @JsonProperty("final_eval_loss") double finalEvalLoss,
                         double seconds, Map<String, Double> structure,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> plasticity,
                         @JsonInclude(JsonInclude.Include.NON_NULL) PsychometricCurve psychometric, Ending ending, String written,
                         @JsonProperty("weights_sha256") String weightsSha256,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String diverged) {

    public RunSummary {
        structure = structure == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(structure));
        plasticity = plasticity == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(plasticity));
    }

    /** A summary without a psychometric curve (a task without one), the other components as above. */
    public RunSummary(String task, String rule, long seed, String engine, boolean reachedCriterion, Long trialsToCriterion, double criterion,
                      long iterations, long trials, double finalPerformance, double finalEvalLoss, double seconds, Map<String, Double> structure,
                      Map<String, Double> plasticity, Ending ending, String written, String weightsSha256, String diverged) {
        this(task, rule, seed, engine, reachedCriterion, trialsToCriterion, criterion, iterations, trials, finalPerformance, finalEvalLoss,
                seconds, structure, plasticity, null, ending, written, weightsSha256, diverged);
    }

    /** The structure metric called {@code name}; NaN where it is undefined or not recorded. */
    public double structure(String name) {
        Double v = structure.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The plasticity metric called {@code name}; NaN where it is undefined or not recorded. */
    public double plasticity(String name) {
        Double v = plasticity.get(name);
        return v == null ? Double.NaN : v;
    }

    /** Whether training ended at its end (budget or criterion) rather than interrupted or diverged. */
    public boolean finishedNormally() {
        return ending == Ending.COMPLETED || ending == Ending.CRITERION;
    }
}
