package org.psrnn.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.psrnn.InvalidInputException;

/** The napkin model against counts worked out by hand from psrnn_step in cuda/psrnn_cuda.cu. */
class KernelModelTest {
    private static final DeviceSpec H200 = DeviceSpec.H200;

    private static KernelModel model(int n, RecurrentForm form) {
        return new KernelModel(3, n, 3, 64, 100, form, true, false);
    }

    private static KernelCost named(List<KernelCost> ks, String prefix) {
        return ks.stream().filter(k -> k.name().startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + ks));
    }

    @Test
    void theProductsDoTheirMultiplyAdds() {
        double n = 256, b = 64, t = 100;
        for (RecurrentForm form : RecurrentForm.values()) {
            if (form == RecurrentForm.FUSED) continue;  // one kernel, its phases as rows: theFusedForm... below
            List<KernelCost> ks = model(256, form).kernels(H200);
            assertEquals(2 * n * n * b * t, named(ks, "forward_").flops(), form.key());
            assertEquals(2 * n * n * b * (t - 1), named(ks, "backward_").flops(), "the last BPTT step has no product");
            assertEquals(2 * 2 * n * n * b * t, named(ks, "gh_tiled").flops(), "G and H");
        }
        KernelCost gOnly = named(new KernelModel(3, 256, 3, 64, 100, RecurrentForm.TILED, false, false).kernels(H200), "gh_tiled");
        assertEquals(2 * n * n * b * t, gOnly.flops());
    }

    @Test
    void wIsReadPerStepTiledAndBlockedAndOncePersistent() {
        double n = 256, b = 64, t = 100, w = 4 * n * n, activations = 4 * b * t * (4 * n + 3);
        assertEquals(t * w + activations, named(model(256, RecurrentForm.TILED).kernels(H200), "forward_tiled").bytes());
        assertEquals(t * w + activations, named(model(256, RecurrentForm.BLOCKED).kernels(H200), "forward_blocked").bytes());
        assertEquals(w + activations, named(model(256, RecurrentForm.PERSISTENT).kernels(H200), "forward_persistent").bytes());
    }

    /**
     * psrnn_step with H, plain Hebbian rule: initial_rates, the forward steps, outputs_and_loss,
     * sum_fixed_order, the BPTT steps; small_gradients, reduce_small, output_bias_gradient, gh_tiled,
     * reduce_gh (only with more than one split), 5 sum_squares, sum_fixed_order; clip_scale, 4 adam_dense,
     * update_recurrent. 19 launches besides the steps and reduce_gh.
     */
    @Test
    void launchesAreTheHostCodes() {
        assertEquals(17, model(256, RecurrentForm.TILED).ghSplits(), "ceil(264 / 16) tiles, under 6400 / 256 = 25");
        assertEquals(2, model(1024, RecurrentForm.TILED).ghSplits(), "ceil(264 / 256)");
        assertEquals(1, model(4096, RecurrentForm.TILED).ghSplits());
        assertEquals(19 + 2 * 100 + 1, model(256, RecurrentForm.TILED).launches(H200));
        assertEquals(19 + 2 * 100, model(4096, RecurrentForm.TILED).launches(H200));
        assertEquals(19 + 2 + 1, model(256, RecurrentForm.PERSISTENT).launches(H200));
        assertEquals(19 + 2, model(4096, RecurrentForm.PERSISTENT).launches(H200));
        KernelModel covariance = new KernelModel(3, 4096, 3, 64, 100, RecurrentForm.PERSISTENT, true, true);
        assertEquals(19 + 2 + 2, covariance.launches(H200), "centre and uncentre_g");
        // The whole iteration is one graph: one launch on the stream (its first kernel), every other kernel a further node.
        for (RecurrentForm form : new RecurrentForm[] {RecurrentForm.TILED, RecurrentForm.PERSISTENT}) {
            List<KernelCost> ks = model(256, form).kernels(H200);
            assertEquals(1, ks.stream().mapToInt(KernelCost::streamLaunches).sum(), form + ": one graph launch");
            assertEquals(1, ks.get(0).streamLaunches(), form + ": " + ks.get(0).name() + " starts the graph");
            assertEquals(model(256, form).launches(H200) - 1, ks.stream().mapToInt(KernelCost::graphNodes).sum(), form + ": the rest are nodes");
        }
        KernelCost fwd = named(model(256, RecurrentForm.TILED).kernels(H200), "forward_tiled");
        assertEquals(0, fwd.streamLaunches());
        assertEquals(100, fwd.graphNodes());
        KernelCost pers = named(model(256, RecurrentForm.PERSISTENT).kernels(H200), "forward_persistent");
        assertEquals(100, pers.gridBarriers());
        // The blocked steps go into the iteration's graph as the tiled ones do.
        assertEquals(19 + 2 * 100 + 1, model(256, RecurrentForm.BLOCKED).launches(H200));
        KernelCost blocked = named(model(256, RecurrentForm.BLOCKED).kernels(H200), "backward_blocked");
        assertEquals(0, blocked.streamLaunches());
        assertEquals(100, blocked.graphNodes());
        assertEquals(0, blocked.gridBarriers());
    }

    @Test
    void theRooflineIsTheLargerBoundPlusOverhead() {
        KernelCost compute = new KernelCost("c", 2, 2, 0, 0, 66.9e12 * 1e-3, 4.8e12 * 1e-4, 132, Double.NaN);
        assertEquals(1e-3 + 2 * 3e-6, compute.rooflineSeconds(H200, LaunchCosts.DEFAULT), 1e-12);
        KernelCost memory = new KernelCost("m", 1, 1, 9, 4, 66.9e12 * 1e-4, 4.8e12 * 2e-3, 132, Double.NaN);
        assertEquals(2e-3 + 3e-6 + 9 * 1.5e-6 + 4 * 1.5e-6, memory.rooflineSeconds(H200, LaunchCosts.DEFAULT), 1e-12);
        assertEquals(memory.rooflineSeconds(H200, LaunchCosts.DEFAULT), memory.designedSeconds(H200, LaunchCosts.DEFAULT), "no bound stated");
        // The H100 moves the same bytes slower.
        assertEquals(4.8e12 * 2e-3 / 3.35e12 + 3e-6 + 9 * 1.5e-6 + 4 * 1.5e-6, memory.rooflineSeconds(DeviceSpec.H100_SXM, LaunchCosts.DEFAULT),
                1e-12);
    }

    @Test
    void asDesignedRunsAtTheStatedFractionOnTheSmsOneLaunchFills() {
        // N = 4096 tiled: 64 x 2 = 128 blocks of 132 SMs, 20% of the peak each.
        KernelCost fwd = named(model(4096, RecurrentForm.TILED).kernels(H200), "forward_tiled");
        assertEquals(128, fwd.blocks());
        double flops = 2.0 * 4096 * 4096 * 64 * 100, overhead = 100 * 1.5e-6;  // 100 nodes of the iteration's graph
        assertEquals(flops / (66.9e12 * 0.2 * 128 / 132) + overhead, fwd.designedSeconds(H200, LaunchCosts.DEFAULT), 1e-9);
        KernelCost gh = named(model(4096, RecurrentForm.TILED).kernels(H200), "gh_tiled");
        assertEquals(2 * flops / (66.9e12 * 0.5) + 1.5e-6, gh.designedSeconds(H200, LaunchCosts.DEFAULT), 1e-9, "64 x 64 tiles fill the SMs");
        assertTrue(gh.designedSeconds(H200, LaunchCosts.DEFAULT) > gh.rooflineSeconds(H200, LaunchCosts.DEFAULT));
    }

    /**
     * Tensor-core math (cuda/tensor.cuh): the tiled steps and the G/H pass do `products` tensor-core
     * products per product of the model (tf32x3 three, tf32 one) against the dense TF32 peak; the
     * bytes, launches and every other kernel stay as in fp32.
     */
    @Test
    void tensorCoreKernelsRunTheirProductsOnTheTf32Peak() {
        double n = 256, b = 64, t = 100;
        KernelModel x3 = new KernelModel(3, 256, 3, 64, 100, RecurrentForm.TILED, true, false, TensorMath.TF32X3);
        KernelModel one = new KernelModel(3, 256, 3, 64, 100, RecurrentForm.TILED, true, false, TensorMath.TF32);
        List<KernelCost> k3 = x3.kernels(H200), k1 = one.kernels(H200), fp32 = model(256, RecurrentForm.TILED).kernels(H200);
        assertEquals(3 * 2 * n * n * b * t, named(k3, "forward_tiled_tc<tf32x3>").flops(), "three products per product");
        assertEquals(3 * 2 * n * n * b * (t - 1), named(k3, "backward_tiled_tc<tf32x3>").flops());
        assertEquals(3 * 2 * 2 * n * n * b * t, named(k3, "gh_tiled_tc<tf32x3> (G and H)").flops());
        assertEquals(2 * n * n * b * t, named(k1, "forward_tiled_tc<tf32>").flops(), "one product");
        assertEquals(2 * 2 * n * n * b * t, named(k1, "gh_tiled_tc<tf32> (G and H)").flops());
        for (String k : new String[] {"forward_tiled", "backward_tiled", "gh_tiled"}) {
            assertEquals(named(fp32, k).bytes(), named(k3, k).bytes(), k + ": the same loads");
            assertTrue(named(k3, k).tensorCores() && named(k1, k).tensorCores() && !named(fp32, k).tensorCores(), k);
        }
        KernelCost gh = named(k3, "gh_tiled");
        assertEquals(3 * 2 * 2 * n * n * b * t / 494.7e12, gh.computeSeconds(H200), 1e-15, "at the dense TF32 tensor peak");
        assertEquals(494.7e12, DeviceSpec.H100_SXM.tf32TensorFlopsPerSecond(), "the H100 SXM datasheet's dense TF32");
        assertEquals(494.7e12, H200.tf32TensorFlopsPerSecond(), "the H200 has the H100's tensor cores");
        assertFalse(named(k3, "update_recurrent").tensorCores());
        assertEquals(model(256, RecurrentForm.TILED).launches(H200), x3.launches(H200));
        assertEquals(0.54, named(k1, "gh_tiled").designedFraction());
        assertEquals(0.27, named(k1, "forward_tiled").designedFraction());
        // N = 4096, tf32x3: 128 blocks of 132 SMs at 75% of the tensor peak each, above the time to move the bytes.
        KernelCost fwd = named(new KernelModel(3, 4096, 3, 64, 100, RecurrentForm.TILED, true, false, TensorMath.TF32X3).kernels(H200),
                "forward_tiled_tc<tf32x3>");
        double flops = 3 * 2.0 * 4096 * 4096 * 64 * 100, overhead = 100 * 1.5e-6;  // 100 nodes of the iteration's graph
        assertTrue(flops / (494.7e12 * 0.75 * 128 / 132) > fwd.memorySeconds(H200));
        assertEquals(flops / (494.7e12 * 0.75 * 128 / 132) + overhead, fwd.designedSeconds(H200, LaunchCosts.DEFAULT), 1e-9);
        assertEquals("tiled+tf32x3", x3.formName());
        assertEquals("tiled", model(256, RecurrentForm.TILED).formName());
        assertThrows(IllegalArgumentException.class, () -> new KernelModel(3, 256, 3, 64, 100, RecurrentForm.PERSISTENT, true, false,
                TensorMath.TF32), "the persistent form has no tensor-core products");
    }

    @Test
    void theBlockedStepsRunAt60PercentOnTheirFewerLargerTiles() {
        // N = 4096, B = 64 blocked: 64 x 1 tiles of 64 x 64 fill 64 of 132 SMs, each at 60% of its peak.
        KernelCost fwd = named(model(4096, RecurrentForm.BLOCKED).kernels(H200), "forward_blocked");
        assertEquals(64, fwd.blocks());
        double flops = 2.0 * 4096 * 4096 * 64 * 100, overhead = 100 * 1.5e-6;  // 100 nodes of the iteration's graph
        assertEquals(flops / (66.9e12 * 0.6 * 64 / 132) + overhead, fwd.designedSeconds(H200, LaunchCosts.DEFAULT), 1e-9);
        // B = 65 starts a second row of batch tiles; N = 16384 fills the SMs (256 tiles).
        assertEquals(128, named(new KernelModel(3, 4096, 3, 65, 100, RecurrentForm.BLOCKED, true, false).kernels(H200), "forward_").blocks());
        KernelCost big = named(model(16384, RecurrentForm.BLOCKED).kernels(H200), "backward_blocked");
        assertEquals(256, big.blocks());
        double bigFlops = 2.0 * 16384 * 16384 * 64 * 99;
        assertEquals(Math.max(bigFlops / (66.9e12 * 0.6), big.memorySeconds(H200)) + overhead, big.designedSeconds(H200, LaunchCosts.DEFAULT), 1e-9);
        // Where its tiles fill the SMs, the blocked step is modelled 3 times faster than the tiled one (60% against 20%).
        KernelCost tiled = named(model(16384, RecurrentForm.TILED).kernels(H200), "backward_tiled");
        assertTrue(big.designedSeconds(H200, LaunchCosts.DEFAULT) < tiled.designedSeconds(H200, LaunchCosts.DEFAULT) / 2.5);
    }

    @Test
    void thePersistentFormFitsUpToAbout2700UnitsOnAHopper() {
        // ceil(2700 / 132) = 21 rows of 2701 floats = 226,884 bytes <= 232,448; N = 2800: 22 x 2801 x 4 = 246,488.
        assertTrue(model(2700, RecurrentForm.PERSISTENT).persistentFits(H200));
        assertFalse(model(2800, RecurrentForm.PERSISTENT).persistentFits(H200));
        assertEquals(128, model(256, RecurrentForm.PERSISTENT).persistentBlocks(H200), "2 rows per block");
    }

    @Test
    void theFusedFormIsOneLaunchWithABarrierPerStepAndHoldsUpTo1541UnitsOnAHopper() {
        KernelModel m = model(256, RecurrentForm.FUSED);
        assertEquals(1, m.launches(H200));
        // r_{-1}, 100 forward steps, the outputs, 100 BPTT steps, the norm
        assertEquals(1 + 100 + 1 + 100 + 1, m.kernels(H200).stream().mapToInt(KernelCost::gridBarriers).sum());
        double products = 2.0 * 256 * 256 * 64 * 100 + 2.0 * 256 * 256 * 64 * 99 + 2.0 * 256 * 256 * 6400;  // one of G and H per entry
        double total = m.kernels(H200).stream().mapToDouble(KernelCost::flops).sum();
        assertTrue(total >= products && total < 1.02 * products, "the products dominate: " + total + " vs " + products);
        assertEquals(2.0 * 256 * 256 * 64 * 100, named(m.kernels(H200), "fused_iteration: forward").flops());
        // ceil(1541 / 132) = 12 rows: 3 x 12 x 1542 floats + 10,368 fixed = 232,416 bytes <= 232,448; N = 1542: 232,560.
        assertTrue(model(1541, RecurrentForm.FUSED).fusedFits(H200));
        assertFalse(model(1542, RecurrentForm.FUSED).fusedFits(H200));
    }

    @Test
    void devicesAreNamed() {
        assertEquals(DeviceSpec.H100_SXM, DeviceSpec.named("H100"));
        assertEquals(DeviceSpec.H200, DeviceSpec.named("h200"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DeviceSpec.named("a100"));
        assertEquals("device = 'a100' is not allowed: must be one of h100, h200", e.getMessage());
    }
}
