package org.psrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {
    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralDifferencesAwayFromKinks(Activation phi) {
        double h = 1e-6;
        for (double x = -3.05; x < 3.0; x += 0.1) {
            double fd = (phi.apply(x + h) - phi.apply(x - h)) / (2 * h);
            assertEquals(fd, phi.derivative(x), 1e-8, phi + " at " + x);
        }
    }

    @Test
    void knownValues() {
        assertEquals(0.0, Activation.RELU.apply(-2.0));
        assertEquals(1.5, Activation.RELU.apply(1.5));
        assertEquals(Math.log(2), Activation.SOFTPLUS.apply(0.0), 1e-16);   // r_{-1} = phi(0) = ln 2
        assertEquals(800.0, Activation.SOFTPLUS.apply(800.0), 1e-12);       // no overflow
        assertEquals(0.0, Activation.SOFTPLUS.apply(-800.0), 1e-300);
        assertEquals(Math.tanh(0.7), Activation.RETANH.apply(0.7), 0.0);
        assertEquals(0.0, Activation.RETANH.apply(-0.7), 0.0);
        assertEquals(0.0, Activation.RELU.derivative(0.0));                 // right-continuous choice at the kink
    }
}
