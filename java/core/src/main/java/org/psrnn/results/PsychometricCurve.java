package org.psrnn.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.psrnn.analysis.LogisticFit;
import org.psrnn.task.Psychometric;

/**
 * summary.json's "psychometric" (MODEL.md "Psychometric curve"): the share of the positive choice
 * among the trials that chose one of the two options, at each value of the task's stimulus
 * variable, and the logistic fit of those choices. Undefined numbers (a value where no trial
 * chose, a fit the choices do not determine) are null.
 *
 * @param variable  the stimulus variable ({@code "signed coherence"}, {@code "f1 - f2"})
 * @param unit      its unit
 * @param choice    the positive choice: its action and what it means in the task
 * @param points    one per value, ascending
 * @param bias      the point of subjective equality, where the fit gives {@code P = 1/2}
 * @param threshold the distance from the bias to {@code P = 0.75}, {@code s ln 3}
 * @param slope     {@code dP/dx} at the bias, {@code 1 / (4 s)}
 */
@JsonPropertyOrder({"variable", "unit", "choice", "points", "bias", "threshold", "slope"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record PsychometricCurve(String variable, String unit, String choice, List<Point> points,
                                @JsonInclude(JsonInclude.Include.ALWAYS) Double bias,
                                @JsonInclude(JsonInclude.Include.ALWAYS) Double threshold,
                                @JsonInclude(JsonInclude.Include.ALWAYS) Double slope) {

    public PsychometricCurve {
        points = points == null ? List.of() : List.copyOf(points);
    }

    /**
     * The choices at one value.
     *
     * @param x                the stimulus value
     * @param trials           trials run at it
     * @param positive         trials that chose the positive option
     * @param negative         trials that chose the other one
     * @param neither          trials that chose neither (kept fixating)
     * @param positiveFraction {@code positive / (positive + negative)}; null where no trial chose
     */
    @JsonPropertyOrder({"x", "trials", "positive", "negative", "neither", "positive_fraction"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(double x, long trials, long positive, long negative, long neither,
                        @JsonProperty("positive_fraction") @JsonInclude(JsonInclude.Include.ALWAYS) Double positiveFraction) {

        /** The point of these counts. */
        public static Point of(double x, long positive, long negative, long neither) {
            long chose = positive + negative;
            return new Point(x, chose + neither, positive, negative, neither, chose == 0 ? null : positive / (double) chose);
        }

        /** The share of trials that chose neither option. */
        public double neitherFraction() {
            return trials == 0 ? Double.NaN : neither / (double) trials;
        }
    }

    /** The curve of {@code design}'s variable with {@code points} (ascending x), fitted by {@link LogisticFit}. */
    public static PsychometricCurve of(Psychometric design, List<Point> points) {
        double[] x = new double[points.size()];
        long[] positive = new long[x.length], chose = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            Point p = points.get(i);
            x[i] = p.x();
            positive[i] = p.positive();
            chose[i] = p.positive() + p.negative();
        }
        LogisticFit fit = LogisticFit.of(x, positive, chose);
        return new PsychometricCurve(design.variable(), design.unit(), "action " + design.positiveChoice() + ": " + design.positiveMeaning(),
                new ArrayList<>(points), orNull(fit.bias()), orNull(fit.threshold()), orNull(fit.slope()));
    }

    /** The bias; NaN where undefined. */
    public double biasValue() {
        return bias == null ? Double.NaN : bias;
    }

    /** The threshold; NaN where undefined. */
    public double thresholdValue() {
        return threshold == null ? Double.NaN : threshold;
    }

    /** The slope; NaN where undefined. */
    public double slopeValue() {
        return slope == null ? Double.NaN : slope;
    }

    /** The fitted probability of the positive choice at {@code x}; NaN where the fit is undefined. */
    public double fitted(double x) {
        double s = thresholdValue() / Math.log(3);
        return 1 / (1 + Math.exp(-(x - biasValue()) / s));
    }

    /** The axis label: the variable and its unit ({@code "signed coherence (%)"}). */
    public String axisLabel() {
        return variable + " (" + unit + ")";
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
