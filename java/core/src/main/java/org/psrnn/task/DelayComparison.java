package org.psrnn.task;

import java.util.SplittableRandom;

/**
 * Parametric working memory (NeuroGym {@code DelayComparison}; Romo et al. 1999): hold a
 * vibration frequency through a delay and report whether the second one was lower or higher.
 */
public final class DelayComparison extends Task implements Psychometric {
    private static final double FIXATION = 500, STIMULUS1 = 500, DELAY = 1000, STIMULUS2 = 500, DECISION = 100;
    private static final double[][] PAIRS = {{18, 10}, {22, 14}, {26, 18}, {30, 22}, {34, 26}};
    private static final double V_MIN = 10, V_MAX = 34;
    /** f1 - f2 of the psychometric trials: the trained 8 Hz either way, finer steps down to 1 Hz, 16 Hz beyond, and 0. */
    private static final double[] DIFFERENCES = {-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16};
    /** The means (f1 + f2) / 2 of the psychometric trials: trained means that keep f1 and f2 within [10, 34] Hz at every difference. */
    private static final double[] MEANS = {18, 22, 26};

    public DelayComparison(TaskConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "DelayComparison";
    }

    @Override
    public String description() {
        return "Periods: fixation 500 ms, stimulus1 500, delay 1000, stimulus2 500, decision 100. Inputs (2): fixation "
                + "cue (1 until the decision period, when every input is 0) and one channel coding a frequency f as "
                + "(1 + (f - 10)/24) / 2 during each stimulus, pairs (f1, f2) from {(18,10), (22,14), (26,18), (30,22), "
                + "(34,26)} in either order, with input noise on both channels during the stimuli. Actions (3): 0 fixate, "
                + "1 when f1 > f2, 2 when f1 < f2. Correct: the action with the largest output summed over the decision "
                + "period. Chance: 1/2.";
    }

    @Override
    public int inputs() {
        return 2;
    }

    @Override
    public int outputs() {
        return 3;
    }

    @Override
    public int maxSteps() {
        return steps(FIXATION + STIMULUS1 + DELAY + STIMULUS2 + DECISION);
    }

    private static double represent(double f) {
        return (1 + (f - V_MIN) / (V_MAX - V_MIN)) / 2;
    }

    @Override
    public Trial trial(SplittableRandom rng) {
        int answer = 1 + rng.nextInt(2);
        double[] pair = PAIRS[rng.nextInt(PAIRS.length)];
        double f1 = answer == 1 ? pair[0] : pair[1];
        double f2 = answer == 1 ? pair[1] : pair[0];
        return trial(f1, f2, answer, rng);
    }

    /** The trial of frequencies {@code f1} then {@code f2}, labelled {@code answer}, its input noise from {@code rng}. */
    private Trial trial(double f1, double f2, int answer, SplittableRandom rng) {
        TrialBuilder b = builder().period("fixation", FIXATION).period("stimulus1", STIMULUS1).period("delay", DELAY)
                .period("stimulus2", STIMULUS2).period("decision", DECISION);
        b.addInput(null, 0, 1.0).addInput("stimulus1", 1, represent(f1)).addInput("stimulus2", 1, represent(f2));
        b.setInput("decision", -1, 0.0);
        b.addNoise(rng, config.inputNoiseSd(), "stimulus1").addNoise(rng, config.inputNoiseSd(), "stimulus2");
        b.label("decision", answer).info("f1", f1).info("f2", f2);
        return b.build(answer, config.decisionWeight());
    }

    @Override
    public String variable() {
        return "f1 - f2";
    }

    @Override
    public String unit() {
        return "Hz";
    }

    @Override
    public double[] values() {
        return DIFFERENCES.clone();
    }

    /** Action 1, "f1 > f2": a positive f1 - f2 calls for it. */
    @Override
    public int positiveChoice() {
        return 1;
    }

    @Override
    public int negativeChoice() {
        return 2;
    }

    @Override
    public String positiveMeaning() {
        return "f1 > f2";
    }

    /**
     * The trial at {@code f1 - f2 = value}: the pair's mean drawn from {18, 22, 26} Hz, so f1 and f2
     * stay within the trained range [10, 34]. At 0 the two frequencies are equal: the label (f1 > f2)
     * is arbitrary, and no answer is correct.
     */
    @Override
    public Trial trialAt(double value, SplittableRandom rng) {
        double mean = choice(rng, MEANS);
        return trial(mean + value / 2, mean - value / 2, value < 0 ? 2 : 1, rng);
    }

    @Override
    public double chance() {
        return 0.5;
    }

    /**
     * The inputs say what they can about the answer through the frequency channel's means over the
     * two stimuli, normal around the coded {@code f1} and {@code f2} with s.d. the input noise over
     * {@code sqrt(steps)}. An ideal observer weighs the ten (f1, f2) the task draws by their
     * likelihood and answers the likelier side: its score is the integral, over both means, of the
     * larger side's probability, taken here on a grid fine against the noise (at the default noise
     * about 0.996).
     */
    @Override
    public double ceiling() {
        int n1 = stepsBetween(FIXATION, FIXATION + STIMULUS1);
        double start2 = FIXATION + STIMULUS1 + DELAY;
        int n2 = stepsBetween(start2, start2 + STIMULUS2);
        double sd1 = config.inputNoiseSd() / Math.sqrt(n1), sd2 = config.inputNoiseSd() / Math.sqrt(n2);
        // Codes of different frequencies lie at least 4 Hz = 1/12 apart: more than 16 s.d. and the
        // likelihoods never overlap (tails below 1e-15), and the grid below would grow without need.
        if (Math.max(sd1, sd2) < (represent(14) - represent(10)) / 16) return 1.0;
        int per = 20; // grid points per s.d.: the midpoint rule is then good to about 1e-5
        double lo = represent(V_MIN), hi = represent(V_MAX);
        double from1 = lo - 8 * sd1, from2 = lo - 8 * sd2, h1 = sd1 / per, h2 = sd2 / per;
        int k1 = (int) Math.ceil((hi - lo + 16 * sd1) / h1), k2 = (int) Math.ceil((hi - lo + 16 * sd2) / h2);
        double[][] first = new double[2 * PAIRS.length][k1], second = new double[2 * PAIRS.length][k2];
        for (int p = 0; p < PAIRS.length; p++) {
            for (int order = 0; order < 2; order++) { // order 0: f1 > f2 (answer 1), 1: f1 < f2 (answer 2)
                int h = 2 * p + order;
                double f1 = PAIRS[p][order], f2 = PAIRS[p][1 - order];
                for (int i = 0; i < k1; i++) first[h][i] = density(from1 + (i + 0.5) * h1, represent(f1), sd1);
                for (int j = 0; j < k2; j++) second[h][j] = density(from2 + (j + 0.5) * h2, represent(f2), sd2);
            }
        }
        double right = 0;
        for (int i = 0; i < k1; i++) {
            for (int j = 0; j < k2; j++) {
                double one = 0, two = 0;
                for (int p = 0; p < PAIRS.length; p++) {
                    one += first[2 * p][i] * second[2 * p][j];
                    two += first[2 * p + 1][i] * second[2 * p + 1][j];
                }
                right += Math.max(one, two);
            }
        }
        return right * h1 * h2 / (2 * PAIRS.length);
    }

    private static double density(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }
}
