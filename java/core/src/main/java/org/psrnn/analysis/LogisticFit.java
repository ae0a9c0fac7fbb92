package org.psrnn.analysis;

/**
 * The maximum-likelihood logistic psychometric function {@code P(x) = 1 / (1 + exp(-(x - bias) / scale))}
 * of binomial counts (MODEL.md "Psychometric curve"): at each stimulus value {@code x[i]},
 * {@code positive[i]} of {@code choices[i]} trials chose the option the positive side of x calls
 * for. Every trial is a Bernoulli observation, so the likelihood is the binomial one of the
 * counts.
 *
 * <p>Newton's method on {@code logit P = a + c z}, {@code z = (x - m) / h} with {@code m} and
 * {@code h} the midpoint and half the range of the values that have choices (so that the numbers
 * are of order 1 whatever the unit, and shifting every x shifts the bias alone), with step
 * halving wherever a full step would lower the objective: every sum runs over the values in their
 * order, so the answer does not depend on anything but the counts. The objective is the
 * log-likelihood less a ridge {@code RIDGE c^2 / 2} on the slope term: negligible where the data
 * fix the slope, it keeps the fit finite where a boundary separates every choice (the slope would
 * grow without end; the threshold is then below what the values resolve).
 *
 * @param bias       the point of subjective equality, where {@code P = 1/2}; NaN where undefined
 * @param scale      {@code s}: negative for a curve that falls with x; NaN where undefined
 * @param iterations Newton iterations taken
 */
public record LogisticFit(double bias, double scale, int iterations) {
    /** The ridge on the slope term {@code c = h / s}, in the units of the log-likelihood. */
    public static final double RIDGE = 1e-3;

    /** The most Newton iterations; the fit converges in far fewer (each step at least halves the distance near the optimum). */
    static final int MAX_ITERATIONS = 200;

    private static final LogisticFit UNDEFINED = new LogisticFit(Double.NaN, Double.NaN, 0);

    /**
     * The distance from the bias to {@code P = 0.75}: {@code s ln 3} (negative for a falling curve).
     * The halfway point between the bias and certainty; NaN where undefined.
     */
    public double threshold() {
        return scale * Math.log(3);
    }

    /** {@code dP/dx} at the bias: {@code 1 / (4 s)}; NaN where undefined. */
    public double slope() {
        return 1 / (4 * scale);
    }

    /** Whether the counts determined a curve: choices of both kinds at two or more values. */
    public boolean defined() {
        return !Double.isNaN(bias);
    }

    /** The fitted probability of the positive choice at {@code x}. */
    public double probability(double x) {
        return sigmoid((x - bias) / scale);
    }

    /**
     * The fit of the counts; undefined (NaN) where no curve is determined: every choice of one kind,
     * or choices at fewer than two values.
     */
    public static LogisticFit of(double[] x, long[] positive, long[] choices) {
        if (x.length != positive.length || x.length != choices.length) {
            throw new IllegalArgumentException("x, positive and choices have " + x.length + ", " + positive.length + " and " + choices.length
                    + " entries");
        }
        long pos = 0, all = 0;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (positive[i] < 0 || positive[i] > choices[i] || !Double.isFinite(x[i])) {
                throw new IllegalArgumentException("value " + i + ": x = " + x[i] + ", " + positive[i] + " of " + choices[i] + " choices");
            }
            if (choices[i] == 0) continue;
            pos += positive[i];
            all += choices[i];
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        if (pos == 0 || pos == all || !(hi > lo)) return UNDEFINED;
        double mid = (lo + hi) / 2, half = (hi - lo) / 2;
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) z[i] = (x[i] - mid) / half;
        double a = 0, c = 0;
        double objective = objective(z, positive, choices, a, c);
        int k = 0;
        while (k < MAX_ITERATIONS) {
            k++;
            // Gradient and (negated) Hessian of the objective in (a, c).
            double ga = 0, gc = -RIDGE * c, haa = 0, hac = 0, hcc = RIDGE;
            for (int i = 0; i < z.length; i++) {
                if (choices[i] == 0) continue;
                double p = sigmoid(a + c * z[i]);
                double r = positive[i] - choices[i] * p;
                double w = choices[i] * p * (1 - p);
                ga += r;
                gc += r * z[i];
                haa += w;
                hac += w * z[i];
                hcc += w * z[i] * z[i];
            }
            double det = haa * hcc - hac * hac;
            double da = (hcc * ga - hac * gc) / det, dc = (haa * gc - hac * ga) / det;
            if (!Double.isFinite(da) || !Double.isFinite(dc)) break;
            double step = 1;
            double next = objective(z, positive, choices, a + da, c + dc);
            for (int halvings = 0; next < objective && halvings < 60; halvings++) {
                step /= 2;
                next = objective(z, positive, choices, a + step * da, c + step * dc);
            }
            if (next < objective) break; // no step up from here: the optimum to rounding
            a += step * da;
            c += step * dc;
            objective = next;
            if (Math.abs(step * da) + Math.abs(step * dc) < 1e-12 * (1 + Math.abs(a) + Math.abs(c))) break;
        }
        if (c == 0) return UNDEFINED;
        double scale = half / c;
        return new LogisticFit(mid - a * scale, scale, k);
    }

    /** The log-likelihood of the counts at {@code logit P = a + c z}, less the ridge. */
    private static double objective(double[] z, long[] positive, long[] choices, double a, double c) {
        double sum = -RIDGE * c * c / 2;
        for (int i = 0; i < z.length; i++) {
            if (choices[i] == 0) continue;
            double eta = a + c * z[i];
            sum += positive[i] * eta - choices[i] * softplus(eta);
        }
        return sum;
    }

    /** {@code ln(1 + e^eta)} without overflow. */
    private static double softplus(double eta) {
        return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
    }

    private static double sigmoid(double eta) {
        return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
    }
}
