package org.psrnn.engine.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The napkin math of one training iteration (MODEL.md steps 1-7) of the cuda engine, kernel by
 * kernel as {@code psrnn_step} in {@code cuda/psrnn_cuda.cu} queues them, for sizes n_in, N,
 * n_out, B, T (S = B T samples) and a {@link RecurrentForm}.
 *
 * <p>What is counted. FLOPs: the products' multiply-adds (2 each) and, for the element-wise
 * kernels, a stated count per element; the recurrent kernels' epilogues (inputs, noise,
 * activation) are left out of their FLOPs. Bytes: 4-byte floats moved to or from device memory,
 * each tensor once per pass over it, except W in the recurrent products: read once per step in
 * the tiled and blocked forms (from L2 or DRAM: each step is a launch of its own), once per
 * iteration in the persistent form (its rows stay in shared memory). Re-reads that L2 serves (the batch tiles'
 * shared rows of W, r broadcast to every block) and the small tensors (W_in, b_rec, W_out) are not
 * counted. The counter reset ({@code cudaMemsetAsync}) and the copies in and out are not counted.
 * Launches: psrnn_step replays the whole iteration (copies, kernels, copies) as one CUDA graph, so
 * its first kernel is charged as the one launch on the stream and every other kernel as a further
 * graph node.
 * Without the random Hebbian control (hebb_term random adds weak_square_sums and two sums).
 *
 * @param nIn inputs
 * @param n recurrent units
 * @param nOut outputs
 * @param batch trials per batch (B)
 * @param steps time steps per trial (T)
 * @param form the recurrent products' form
 * @param withH whether the iteration computes H (some synapse is WEAK, before hebb_until)
 * @param covariance whether the Hebbian rule is the covariance rule (centre and uncentre_g run)
 * @param math the arithmetic of the tiled step products and the G/H pass: fp32 on the CUDA cores, or
 *     tf32 tensor-core products (cuda/tensor.cuh), tf32x3 three of them per product, each FLOP of
 *     which is counted against the dense TF32 tensor peak
 */
public record KernelModel(int nIn, int n, int nOut, int batch, int steps, RecurrentForm form, boolean withH, boolean covariance,
                          TensorMath math) {
    private static final double F = Float.BYTES;
    /** The tiled recurrent kernels' tile: 32 trials x 64 units (TM, TN in cuda/steps.cuh). */
    private static final int TM = 32, TN = 64;
    /** The blocked recurrent kernels' tile: 64 trials x 64 units (BLK_TRIALS, BLK_UNITS in cuda/blocked.cuh). */
    private static final int BLK_TRIALS = 64, BLK_UNITS = 64;
    /** G/H tiles and the sample ranges (GH_TILE, GH_TARGET_BLOCKS, GH_MIN_RANGE, GH_MAX_SPLITS in psrnn_math.h). */
    private static final int GH_TILE = 64, GH_TARGET_BLOCKS = 264, GH_MIN_RANGE = 256, GH_MAX_SPLITS = 32;
    /** Samples per partial sum of the small gradients (SMALL_CHUNK). */
    private static final int SMALL_CHUNK = 256;
    /** Blocks of the norm's partial sums (NORM_BLOCKS). */
    private static final int NORM_BLOCKS = 256;
    /** Stated FLOPs per entry of Adam (adam_dense) and of the fused update of W (update_recurrent). */
    private static final double ADAM_FLOPS = 12, UPDATE_FLOPS = 15;

    /**
     * The bound on the fraction of the FP32 peak a busy SM reaches, from each kernel's structure
     * (not measured): the tiled step 20% (2 x 4 outputs per thread from shared memory, a 2-way bank
     * conflict on Ws, no double buffering), the persistent step 12.5% (each multiply-add loads W from
     * shared memory and r from L1, nothing reused across the batch, a 5-shuffle reduction per output,
     * one block of 8 warps per SM), the G/H pass 50% (4 x 4 outputs per thread), the blocked step 60%
     * (8 x 4 outputs per thread: 32 multiply-adds per 3 float4 loads from shared memory, at most 91%
     * of the issue slots; k tiles of 16 double-buffered, one barrier per 512 multiply-adds of a
     * thread; where a launch has no more blocks than SMs, one block of 4 warps per SM, one per
     * scheduler, whose only cover for the shared-memory latency after each barrier and for the next
     * tile's global loads is the thread's own 32 independent sums).
     */
    public static final double TILED_STEP_FRACTION = 0.20, PERSISTENT_STEP_FRACTION = 0.125, GH_FRACTION = 0.50, BLOCKED_STEP_FRACTION = 0.60;

    /**
     * The fused kernel's bounds (cuda/fused.cuh): its products 1/6 (each thread keeps up to 8 rows'
     * sums for one trial; per staged value of r it reads one row value per sum from shared memory,
     * so about 1.5 shared-memory reads per multiply-add at U = 8 rows a block, and half the threads
     * idle where U is under 4), its G/H accumulation 1/4 (two multiply-adds per two L1 reads of the
     * block's own dx and r, with a select of which per entry).
     */
    public static final double FUSED_STEP_FRACTION = 1.0 / 6, FUSED_GH_FRACTION = 0.25;

    /** The fixed shared buffers of fused_iteration (FUSED_FIXED_SHARED: 256 doubles for the reductions, 32 x 65 floats of staged r). */
    private static final int FUSED_FIXED_SHARED = 10_368;

    /**
     * The tensor-core kernels' bound on the fraction of the TF32 tensor peak, from their shared-memory
     * traffic (not measured): an SM reads 128 bytes of shared memory a clock and its tensor cores do
     * about 1,890 TF32 FLOPs a clock (494.7 TFLOP/s over 132 SMs at 1.98 GHz). A step's warp loads two
     * fragments (1 KiB) for each 16 x 16 x 8 product (4,096 FLOPs): 8 clocks, 27% with one product
     * (tf32); the G/H pass's warp loads four (2 KiB) for four products: 54%. tf32x3 runs three products
     * on the same loads and is capped at 75% for what the count leaves out (the split of every
     * fragment into tf32 parts on the CUDA cores, the warp-level mma.sync path rather than Hopper's wgmma).
     */
    public static final double TILED_STEP_TF32_FRACTION = 0.27, GH_TF32_FRACTION = 0.54, TF32X3_FRACTION = 0.75;

    /** The model in fp32 on the CUDA cores. */
    public KernelModel(int nIn, int n, int nOut, int batch, int steps, RecurrentForm form, boolean withH, boolean covariance) {
        this(nIn, n, nOut, batch, steps, form, withH, covariance, TensorMath.FP32);
    }

    /** Checks the sizes, and that tensor-core math comes with the tiled form (the one that has it). */
    public KernelModel {
        if (nIn < 1 || n < 1 || nOut < 1 || batch < 1 || steps < 1) throw new IllegalArgumentException("sizes must be positive");
        if (form == null || math == null) throw new IllegalArgumentException("form or math is null");
        if (math != TensorMath.FP32 && form != RecurrentForm.TILED) {
            throw new IllegalArgumentException(math.key() + " is for the tiled form only, not " + form.key());
        }
    }

    /** The form and arithmetic as a run records them: "tiled", "persistent", "tiled+tf32x3", "tiled+tf32". */
    public String formName() {
        return math == TensorMath.FP32 ? form.key() : form.key() + "+" + math.key();
    }

    /** Samples per batch, B T. */
    public long samples() {
        return (long) batch * steps;
    }

    /** Into how many sample ranges the G/H pass splits (gh_splits in psrnn_math.h). */
    public int ghSplits() {
        long side = (n + GH_TILE - 1) / GH_TILE, tiles = side * side;
        long want = (GH_TARGET_BLOCKS + tiles - 1) / tiles, most = samples() / GH_MIN_RANGE;
        long z = Math.min(Math.min(want, most), GH_MAX_SPLITS);
        return (int) Math.max(1, z);
    }

    /** Blocks of the persistent kernels on device {@code d}: ceil(N / units), units = ceil(N / SMs) rows each (psrnn_create). */
    public int persistentBlocks(DeviceSpec d) {
        int units = unitsPerBlock(d);
        return (n + units - 1) / units;
    }

    /** Whether each persistent block's rows of W, units x (N + 1) floats, fit in a block's shared memory on {@code d}. */
    public boolean persistentFits(DeviceSpec d) {
        return (long) unitsPerBlock(d) * (n + 1) * Float.BYTES <= d.sharedBytesPerBlock();
    }

    /** Whether the fused kernel's rows and columns of W and rows of accumulators (G or H), 3 U (N + 1) floats, fit in a block on {@code d}. */
    public boolean fusedFits(DeviceSpec d) {
        return 3L * unitsPerBlock(d) * (n + 1) * Float.BYTES + FUSED_FIXED_SHARED <= d.sharedBytesPerBlock();
    }

    private int unitsPerBlock(DeviceSpec d) {
        return (n + d.sms() - 1) / d.sms();
    }

    /** The kernels of one iteration on {@code d}, in the order psrnn_step queues them. */
    public List<KernelCost> kernels(DeviceSpec d) {
        if (form == RecurrentForm.FUSED) return fusedKernel(d);
        double nn = (double) n * n, s = samples(), ns = n * s;
        boolean perStep = form.perStep();
        long stepBlocks = switch (form) {
            case TILED -> (long) ((n + TN - 1) / TN) * ((batch + TM - 1) / TM);
            case BLOCKED -> (long) ((n + BLK_UNITS - 1) / BLK_UNITS) * ((batch + BLK_TRIALS - 1) / BLK_TRIALS);
            case PERSISTENT, FUSED -> persistentBlocks(d);  // FUSED: fusedKernel above
        };
        double stepFraction = switch (form) {
            case TILED -> TILED_STEP_FRACTION;
            case BLOCKED -> BLOCKED_STEP_FRACTION;
            case PERSISTENT -> PERSISTENT_STEP_FRACTION;
            case FUSED -> FUSED_STEP_FRACTION;
        };
        // Tensor-core math: `products` tensor-core products per product of the model, on the TF32 peak.
        boolean tc = math != TensorMath.FP32;
        int products = tc ? math.tensorProducts() : 1;
        String tcName = tc ? "_tc<" + math.key() + ">" : "";
        if (tc) stepFraction = math == TensorMath.TF32 ? TILED_STEP_TF32_FRACTION : TF32X3_FRACTION;
        double ghFraction = !tc ? GH_FRACTION : math == TensorMath.TF32 ? GH_TF32_FRACTION : TF32X3_FRACTION;
        List<KernelCost> k = new ArrayList<>();
        k.add(plain("initial_rates", 1, 0, F * n * batch, blocks(n * (long) batch, 256)));
        // Forward: W r_{t-1} per step; reads r_{t-1}, x and u, writes x and r_t.
        k.add(steps("forward_" + form.key() + tcName, steps, products * 2 * nn * s, F * nn * (perStep ? steps : 1) + F * s * (4.0 * n + nIn),
                stepBlocks, stepFraction));
        k.add(plain("outputs_and_loss", 1, 2.0 * nOut * ns, F * ns + F * s * (2.0 * nOut + 2) + 8 * s, blocks(samples(), 8)));
        k.add(plain("sum_fixed_order (loss)", 1, s, 8 * s, 1));
        // BPTT: W^T (alpha dx_{t+1}) for all but the last step; reads dxs_{t+1}, dx, r_t and dy, writes dx and dxs.
        int withProduct = steps - 1;
        k.add(steps("backward_" + form.key() + tcName, steps, products * 2 * nn * batch * withProduct,
                F * nn * (perStep ? withProduct : (withProduct > 0 ? 1 : 0)) + F * ((double) n * batch * withProduct + 4 * ns + nOut * s),
                stepBlocks, stepFraction));
        int chunks = (int) blocks(samples(), SMALL_CHUNK), fields = 4 + nIn + nOut;
        k.add(plain("small_gradients, reduce_small, output_bias_gradient", 3, (5.0 + 2 * nIn + 2 * nOut) * ns + nOut * s,
                F * (3 * ns + nIn * s + 2.0 * nOut * s + 2.0 * chunks * n * fields), blocks(n, 128) * chunks));
        if (covariance) k.add(plain("centre", 1, 2 * ns, F * 4 * ns, blocks(samples() * n, 256)));
        int z = ghSplits(), outputs = withH ? 2 : 1;
        long ghBlocks = (long) ((n + GH_TILE - 1) / GH_TILE) * ((n + GH_TILE - 1) / GH_TILE) * z;
        k.add(new KernelCost("gh_tiled" + tcName + (withH ? " (G and H)" : " (G)"), 1, 1, 0, 0, products * 2 * outputs * nn * s,
                F * ns * (outputs + 1) + F * nn * outputs * z, ghBlocks, ghFraction, tc));
        if (z > 1) k.add(plain("reduce_gh", 1, (z - 1.0) * nn * outputs, F * nn * outputs * (z + 1.0), blocks((long) n * n, 256)));
        if (covariance) k.add(plain("uncentre_g", 1, 2 * nn, F * 2 * nn, blocks((long) n * n, 256)));
        double dense = (double) n * nIn + (double) nOut * n + n + nOut, all = dense + nn;
        k.add(plain("sum_squares x5, sum_fixed_order, clip_scale", 7, 2 * all, F * all + nn + 8.0 * 5 * NORM_BLOCKS, NORM_BLOCKS));
        k.add(plain("adam_dense x4", 4, ADAM_FLOPS * dense, 7 * F * dense, blocks((long) n * nIn, 256)));
        // update_recurrent: reads w, g, m, v (and h) and S, writes w, m, v and S.
        k.add(plain("update_recurrent", 1, UPDATE_FLOPS * nn, (F * (withH ? 8 : 7) + 2) * nn, blocks((long) n * n, 256)));
        return asOneGraph(k);
    }

    /** The kernels as nodes of the iteration's one graph: the first is the graph's launch on the stream, every other a further node. */
    private static List<KernelCost> asOneGraph(List<KernelCost> k) {
        List<KernelCost> out = new ArrayList<>(k.size());
        for (KernelCost c : k) {
            int stream = out.isEmpty() ? 1 : 0;
            out.add(new KernelCost(c.name(), c.launches(), stream, c.launches() - stream, c.gridBarriers(), c.flops(), c.bytes(), c.blocks(),
                    c.designedFraction(), c.tensorCores()));
        }
        return List.copyOf(out);
    }

    /**
     * The fused form: one cooperative launch, its phases as rows (launches counted on the first).
     * W is read once and written once, and its rows of G and H (one sum per entry) never leave shared memory; r and
     * alpha dx are written once and read back from L2 by every block (not counted, as in the
     * persistent form). Grid barriers: one after r_{-1}, T forward, one after the outputs, T BPTT,
     * one before the norm.
     */
    private List<KernelCost> fusedKernel(DeviceSpec d) {
        double nn = (double) n * n, s = samples(), ns = n * s;
        long blocks = persistentBlocks(d);
        double dense = (double) n * nIn + (double) nOut * n + n + nOut;
        List<KernelCost> k = new ArrayList<>();
        k.add(new KernelCost("fused_iteration: forward", 1, 1, 0, steps + 1, 2 * nn * s, F * nn + F * s * (4.0 * n + nIn), blocks,
                FUSED_STEP_FRACTION));
        k.add(new KernelCost("fused_iteration: outputs, loss, means", 0, 0, 0, 1, 2.0 * nOut * ns + 3 * ns,
                F * 2 * ns + F * s * (2.0 * nOut + 2) + 8 * s, blocks, Double.NaN));
        k.add(new KernelCost("fused_iteration: BPTT", 0, 0, 0, steps, 2 * nn * batch * (steps - 1),
                F * ((double) n * batch * (steps - 1) + 4 * ns + nOut * s), blocks, FUSED_STEP_FRACTION));
        // One sum per entry: G where STRONG, H where WEAK.
        k.add(new KernelCost("fused_iteration: G or H", 0, 0, 0, 0, 2 * nn * s, F * ns * 3, blocks, FUSED_GH_FRACTION));
        // The small gradients, the norm (S read) and the update: w (written), m, v and S read and written; the small tensors' Adam.
        k.add(new KernelCost("fused_iteration: small gradients, norm, update", 0, 0, 0, 1,
                (5.0 + 2 * nIn + 2 * nOut) * ns + 2 * nn + UPDATE_FLOPS * nn + ADAM_FLOPS * dense,
                F * (2 * ns + nIn * s + nOut * s) + (5 * F + 3) * nn + 7 * F * dense, blocks, Double.NaN));
        return List.copyOf(k);
    }

    /** Kernels run per iteration: the sum of {@link KernelCost#launches} over {@link #kernels}. */
    public int launches(DeviceSpec d) {
        return kernels(d).stream().mapToInt(KernelCost::launches).sum();
    }

    private KernelCost steps(String name, int t, double flops, double bytes, long blocks, double fraction) {
        boolean tc = math != TensorMath.FP32;
        if (form.perStep()) return new KernelCost(name, t, t, 0, 0, flops, bytes, blocks, fraction, tc);
        return new KernelCost(name, 1, 1, 0, t, flops, bytes, blocks, fraction, tc);
    }

    private static KernelCost plain(String name, int launches, double flops, double bytes, long blocks) {
        return new KernelCost(name, launches, launches, 0, 0, flops, bytes, blocks, Double.NaN);
    }

    private static long blocks(long count, int per) {
        return (count + per - 1) / per;
    }
}
