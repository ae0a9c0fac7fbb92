package org.psrnn.model;

import java.util.Objects;
import org.psrnn.Check;
import org.psrnn.rules.AdamConfig;
import org.psrnn.rules.HebbianConfig;
import org.psrnn.rules.SwitchConfig;

/**
 * Every hyper-parameter of one training iteration of MODEL.md, validated on construction. Sizes
 * live in {@link NetworkShape}; initialisation settings in {@link InitConfig}.
 *
 * @param alpha    {@code dt / tau}, in (0, 1]
 * @param sigmaRec recurrent noise scale {@code sigma_rec >= 0}
 * @param clip     global gradient-norm clip; 0 disables
 * @param seed     the Philox key (64 bits, used unsigned)
 */
public record ModelConfig(double alpha, Activation activation, LossKind loss, double sigmaRec,
                          AdamConfig adam, double clip, HebbianConfig hebbian, SwitchConfig switching, long seed) {

    public static final double DEFAULT_ALPHA = 0.2;
    public static final Activation DEFAULT_ACTIVATION = Activation.RELU;
    public static final double DEFAULT_SIGMA_REC = 0.05;
    public static final double DEFAULT_CLIP = 1.0;
    public static final long DEFAULT_SEED = 1;

    public ModelConfig {
        Check.inRange("alpha", alpha, 0, false, 1, true);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(loss, "loss");
        Check.nonNegative("sigma_rec", sigmaRec);
        Objects.requireNonNull(adam, "adam");
        Check.nonNegative("clip", clip);
        Objects.requireNonNull(hebbian, "hebbian");
        Objects.requireNonNull(switching, "switching");
    }

    /** MODEL.md's defaults, with the given loss. */
    public static ModelConfig defaults(LossKind loss) {
        return new ModelConfig(DEFAULT_ALPHA, DEFAULT_ACTIVATION, loss, DEFAULT_SIGMA_REC, AdamConfig.DEFAULT,
                DEFAULT_CLIP, HebbianConfig.DEFAULT, SwitchConfig.DEFAULT, DEFAULT_SEED);
    }

    public ModelConfig withSwitching(SwitchConfig s) {
        return new ModelConfig(alpha, activation, loss, sigmaRec, adam, clip, hebbian, s, seed);
    }

    public ModelConfig withHebbian(HebbianConfig h) {
        return new ModelConfig(alpha, activation, loss, sigmaRec, adam, clip, h, switching, seed);
    }

    public ModelConfig withAdam(AdamConfig a) {
        return new ModelConfig(alpha, activation, loss, sigmaRec, a, clip, hebbian, switching, seed);
    }

    public ModelConfig withActivation(Activation a) {
        return new ModelConfig(alpha, a, loss, sigmaRec, adam, clip, hebbian, switching, seed);
    }

    public ModelConfig withLoss(LossKind l) {
        return new ModelConfig(alpha, activation, l, sigmaRec, adam, clip, hebbian, switching, seed);
    }

    public ModelConfig withSigmaRec(double s) {
        return new ModelConfig(alpha, activation, loss, s, adam, clip, hebbian, switching, seed);
    }

    public ModelConfig withAlpha(double a) {
        return new ModelConfig(a, activation, loss, sigmaRec, adam, clip, hebbian, switching, seed);
    }

    public ModelConfig withClip(double c) {
        return new ModelConfig(alpha, activation, loss, sigmaRec, adam, c, hebbian, switching, seed);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(alpha, activation, loss, sigmaRec, adam, clip, hebbian, switching, s);
    }
}
