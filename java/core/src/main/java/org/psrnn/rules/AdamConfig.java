package org.psrnn.rules;

import org.psrnn.Check;

/** Adam hyper-parameters (MODEL.md step 4); validated on construction. */
public record AdamConfig(double lr, double beta1, double beta2, double eps) {
    public static final AdamConfig DEFAULT = new AdamConfig(1e-3, 0.9, 0.999, 1e-8);

    public AdamConfig {
        Check.nonNegative("lr", lr);
        Check.inRange("beta1", beta1, 0, true, 1, false);
        Check.inRange("beta2", beta2, 0, true, 1, false);
        Check.positive("eps", eps);
    }
}
