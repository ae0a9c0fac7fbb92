package org.psrnn.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trial of a task, padded to the task's {@code maxSteps}: the steps past {@code steps} have
 * zero input, label 0 and mask 0.
 *
 * @param steps       the trial's own length in steps
 * @param inputs      {@code u[t][k]}, {@code maxSteps * n_in}
 * @param labels      the action to take at each step (0 = fixate), for {@code xent}
 * @param targets     {@code target[t][k]}, {@code maxSteps * n_out}, for {@code mse}
 * @param mask        the loss weight of each step
 * @param groundTruth the action expected in the decision period (classification tasks), else -1
 * @param periods     the trial's periods in order
 * @param info        what was drawn for this trial (coherence, sample, ...), for analyses
 */
public record Trial(int steps, double[] inputs, int[] labels, double[] targets, double[] mask, int groundTruth,
                    List<Period> periods, Map<String, Double> info) {

    public Optional<Period> period(String name) {
        return periods.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
