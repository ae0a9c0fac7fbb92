package org.psrnn.model;

import org.psrnn.Keyed;

/** The rate nonlinearity {@code phi} of MODEL.md "Dynamics", with its derivative. */
public enum Activation implements Keyed {
    RELU("relu") {
        @Override
        public double apply(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1.0 : 0.0;
        }
    },
    TANH("tanh") {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1.0 - t * t;
        }
    },
    SOFTPLUS("softplus") {
        @Override
        public double apply(double x) {
            // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)
            return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
        }

        @Override
        public double derivative(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
    },
    /** {@code tanh(relu(x))}: rectified, saturating. */
    RETANH("retanh") {
        @Override
        public double apply(double x) {
            return x > 0 ? Math.tanh(x) : 0.0;
        }

        @Override
        public double derivative(double x) {
            if (x <= 0) return 0.0;
            double t = Math.tanh(x);
            return 1.0 - t * t;
        }
    };

    private final String key;

    Activation(String key) {
        this.key = key;
    }

    /** {@code phi(x)}. */
    public abstract double apply(double x);

    /** {@code phi'(x)}; at a kink (x = 0 for relu, retanh) the right-continuous choice 0 is used. */
    public abstract double derivative(double x);

    @Override
    public String key() {
        return key;
    }

    public static Activation parse(String value) {
        return Keyed.parse(Activation.class, "activation", value);
    }
}
