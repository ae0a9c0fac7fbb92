package org.psrnn.analysis;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The structure metrics of MODEL.md on a square matrix stored row-major. Singular values and
 * eigenvalues come from EJML; everything else is a sum.
 */
public final class Structure {
    private Structure() {}

    /**
     * Every metric of W (and of its change from {@code wInit}), with the share of STRONG synapses
     * and, around the switching threshold {@code theta} (NaN where unknown), the WEAK synapses'
     * growth and the bimodality split.
     */
    public static StructureMetrics of(double[] w, double[] wInit, byte[] strong, double theta, int n) {
        double[] change = new double[w.length];
        for (int i = 0; i < w.length; i++) change[i] = w[i] - wInit[i];
        int strongCount = 0;
        for (byte b : strong) strongCount += b;
        double[] abs = new double[w.length];
        for (int i = 0; i < w.length; i++) abs[i] = Math.abs(w[i]);
        return new StructureMetrics(antisymmetry(w, n), pairCorrelation(w, n), sarleBimodality(abs), sarleBimodality(log10NonZero(abs)),
                Ranks.ofMatrix(w, n), Ranks.ofMatrix(change, n), nonNormality(w, n), strongCount / (double) strong.length,
                WeakGrowth.of(w, strong, theta), BimodalitySplit.of(w, strong, theta));
    }

    /** {@code ||W_a||_F / (||W_s||_F + ||W_a||_F)} with {@code W_s, W_a} the symmetric and antisymmetric parts. */
    public static double antisymmetry(double[] w, int n) {
        double sym = 0, anti = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = (w[i * n + j] + w[j * n + i]) / 2, a = (w[i * n + j] - w[j * n + i]) / 2;
                sym += s * s;
                anti += a * a;
            }
        }
        double denominator = Math.sqrt(sym) + Math.sqrt(anti);
        return denominator == 0 ? Double.NaN : Math.sqrt(anti) / denominator;
    }

    /** Pearson correlation of {@code (W[i][j], W[j][i])} over {@code i < j}. */
    public static double pairCorrelation(double[] w, int n) {
        int m = n * (n - 1) / 2;
        double[] x = new double[m], y = new double[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                x[k] = w[i * n + j];
                y[k++] = w[j * n + i];
            }
        }
        return correlation(x, y);
    }

    static double correlation(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /**
     * Sarle's bimodality coefficient {@code (g^2 + 1) / (k + 3 (n-1)^2 / ((n-2)(n-3)))} with the
     * bias-corrected sample skewness g and excess kurtosis k (as {@code scipy.stats} with
     * {@code bias=False}); NaN for fewer than 4 values or no spread.
     */
    public static double sarleBimodality(double[] x) {
        int n = x.length;
        if (n < 4) return Double.NaN;
        double mu = mean(x), m2 = 0, m3 = 0, m4 = 0;
        for (double v : x) {
            double d = v - mu, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        if (m2 == 0) return Double.NaN;
        double g = Math.sqrt((double) n * (n - 1)) / (n - 2) * m3 / Math.pow(m2, 1.5);
        double k = (n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * m4 / (m2 * m2) - 3.0 * (n - 1.0));
        return (g * g + 1) / (k + 3.0 * (n - 1.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0)));
    }

    /** {@code log10} of the non-zero entries. */
    public static double[] log10NonZero(double[] abs) {
        return java.util.Arrays.stream(abs).filter(v -> v > 0).map(Math::log10).toArray();
    }

    /** Singular values of the n-by-n row-major matrix (EJML SVD). */
    public static double[] singularValues(double[] m, int n) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, n, false, false, true);
        if (!svd.decompose(new DMatrixRMaj(n, n, true, m))) throw new ArithmeticException("SVD did not converge");
        return svd.getSingularValues().clone();
    }

    /** {@code exp(-sum p ln p)} with {@code p = s / sum s} (Roy and Vetterli); NaN for the zero matrix. */
    public static double effectiveRank(double[] s) {
        double total = 0;
        for (double v : s) total += v;
        if (total == 0) return Double.NaN;
        double entropy = 0;
        for (double v : s) {
            double p = v / total;
            if (p > 0) entropy -= p * Math.log(p);
        }
        return Math.exp(entropy);
    }

    /** {@code (sum s^2)^2 / sum s^4}; NaN for the zero matrix. */
    public static double participationRatio(double[] s) {
        double s2 = 0, s4 = 0;
        for (double v : s) {
            s2 += v * v;
            s4 += v * v * v * v;
        }
        return s4 == 0 ? Double.NaN : s2 * s2 / s4;
    }

    /** {@code 1 - sum |lambda_i|^2 / ||W||_F^2} (Henrici's departure from normality, squared and normalised). */
    public static double nonNormality(double[] w, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(new DMatrixRMaj(n, n, true, w))) throw new ArithmeticException("eigen-decomposition did not converge");
        double lambda2 = 0, frobenius2 = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 l = eig.getEigenvalue(i);
            lambda2 += l.real * l.real + l.imaginary * l.imaginary;
        }
        for (double v : w) frobenius2 += v * v;
        return frobenius2 == 0 ? Double.NaN : 1.0 - lambda2 / frobenius2;
    }
}
