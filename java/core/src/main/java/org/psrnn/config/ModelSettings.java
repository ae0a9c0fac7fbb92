package org.psrnn.config;

import static org.psrnn.config.ConfigKeys.*;

import org.psrnn.InvalidInputException;
import org.psrnn.model.InitConfig;
import org.psrnn.model.LossKind;
import org.psrnn.model.ModelConfig;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.SwitchConfig;

/**
 * MODEL.md's configuration records from {@link Settings}: what training and {@code psrnn step}
 * share. Each value is checked by its key as it is read, so the records' own checks, which hold
 * the same ranges, find nothing left to refuse.
 */
public final class ModelSettings {
    private ModelSettings() {}

    /** Every MODEL.md hyper-parameter, each as set or at its default; {@code fallbackLoss} when no loss is set. */
    public static ModelConfig model(Settings s, LossKind fallbackLoss) {
        double alpha = alpha(s);
        AdamConfig adam = new AdamConfig(s.get(LR), s.get(BETA1), s.get(BETA2), s.get(EPS));
        HebbianConfig hebbian = new HebbianConfig(s.get(HEBB_RULE), s.get(ETA_H), s.get(LAMBDA), s.get(W_MAX), s.get(HEBB_TERM),
                s.get(HEBB_UNTIL));
        SwitchConfig switching = new SwitchConfig(s.get(SWITCH_MODE), s.get(THETA), s.get(HYSTERESIS), s.get(KAPPA), s.get(TEMP));
        LossKind loss = s.get(LOSS, fallbackLoss);
        return new ModelConfig(alpha, s.get(ACTIVATION), loss, s.get(SIGMA_REC), adam, s.get(CLIP), hebbian, switching, s.get(SEED));
    }

    /** The initialisation settings {@code g} and {@code strong_fraction}. */
    public static InitConfig init(Settings s) {
        return new InitConfig(s.get(G), s.get(STRONG_FRACTION));
    }

    /** {@code alpha} when given, else {@code dt / tau} when either is given, else alpha's default. */
    static double alpha(Settings s) {
        if (s.has(ALPHA) || !(s.has(DT) || s.has(TAU))) return s.get(ALPHA);
        double dt = s.get(DT);
        double tau = s.get(TAU);
        if (dt > tau) {
            throw s.concerning(s.has(DT) ? DT : TAU, new InvalidInputException("dt = " + dt + " > tau = " + tau
                    + " is not allowed: alpha = dt / tau must be in (0, 1]"));
        }
        return dt / tau;
    }
}
