package org.psrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;

class ModelConfigTest {
    private final ModelConfig base = ModelConfig.defaults(LossKind.MSE);

    @Test
    void defaultsAreModelMds() {
        assertEquals(0.2, base.alpha());
        assertEquals(Activation.RELU, base.activation());
        assertEquals(0.05, base.sigmaRec());
        assertEquals(1e-3, base.adam().lr());
        assertEquals(1.0, base.clip());
        assertEquals(1e-3, base.hebbian().etaH());
        assertEquals(0.1, base.switching().kappa());
    }

    @Test
    void alphaMustBeInZeroOne() {
        assertEquals("alpha = 1.5 is not allowed: must be in (0, 1]",
                assertThrows(InvalidInputException.class, () -> base.withAlpha(1.5)).getMessage());
        assertEquals("alpha = 0 is not allowed: must be in (0, 1]",
                assertThrows(InvalidInputException.class, () -> base.withAlpha(0)).getMessage());
        assertEquals(1.0, base.withAlpha(1.0).alpha());
    }

    @Test
    void negativeOrNanValuesAreRejectedWithTheirKey() {
        assertEquals("sigma_rec = -0.1 is not allowed: must be finite and >= 0",
                assertThrows(InvalidInputException.class, () -> base.withSigmaRec(-0.1)).getMessage());
        assertEquals("clip = NaN is not allowed: must be finite and >= 0",
                assertThrows(InvalidInputException.class, () -> base.withClip(Double.NaN)).getMessage());
    }

    @Test
    void sizesMustBePositive() {
        assertEquals("hidden = 0 is not allowed: must be an integer >= 1",
                assertThrows(InvalidInputException.class, () -> new NetworkShape(3, 0, 2)).getMessage());
        assertThrows(InvalidInputException.class, () -> new NetworkShape(-1, 5, 2));
    }

    @Test
    void unknownNamesSuggestTheNearest() {
        assertEquals("activation = 'reul' is not allowed: must be one of relu, tanh, softplus, retanh (did you mean 'relu'?)",
                assertThrows(InvalidInputException.class, () -> Activation.parse("reul")).getMessage());
        assertEquals("loss = 'cross' is not allowed: must be one of mse, xent",
                assertThrows(InvalidInputException.class, () -> LossKind.parse("cross")).getMessage());
    }
}
