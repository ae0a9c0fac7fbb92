#!/usr/bin/env bash
# The CUDA kernels' resource gate, from ptxas's report (nvcc -Xptxas -v) for sm_90; needs no GPU.
#
#   native-build/resource-gate.sh PTXAS_LOG
#
# Fails (exit 1, a line per problem) when, for sm_90:
#   - a kernel spills registers to local memory (spill stores or loads above 0 bytes);
#   - a kernel's registers do not allow the block size psrnn_cuda.cu launches it with (65,536
#     registers a block, allocated 8 a thread at a time): 1024 threads for sum_fixed_order, 128 for
#     forward_blocked and backward_blocked (BLK_THREADS), 256 for the others;
#   - the persistent kernels' shared memory (static, and dynamic for the rows of W) no longer holds
#     N = PSRNN_PROMISED_N (default 2700, the README's "N up to about 2,700 on an H100") on an
#     H100's 132 SMs within sm_90's 227 KiB a block;
#   - the fused kernel's (3 U (N + 1) floats, its 10,368 bytes of fixed buffers and any static ones) no longer holds
#     N = PSRNN_PROMISED_FUSED_N (default 1500, the README's "up to 1,541" rounded down) on 132 SMs;
#   - the persistent or fused kernels have static shared memory (psrnn_create gives them the opt-in
#     limit as dynamic memory: a static buffer on top makes cudaFuncSetAttribute fail on a GPU).
# native-build/build.sh runs it on the report of every library it compiles.
set -euo pipefail
LOG="${1:?usage: resource-gate.sh PTXAS_LOG}"
N="${PSRNN_PROMISED_N:-2700}"
NF="${PSRNN_PROMISED_FUSED_N:-1500}"
awk -v n="$N" -v nf="$NF" -v sms=132 -v optin=232448 -v regfile=65536 '
function check(   threads, per_thread, units, dyn) {
    if (fn == "") return
    kernels++
    if (spill_st > 0 || spill_ld > 0) {
        printf "resource gate: %s spills registers on sm_90 (%d bytes of spill stores, %d of spill loads)\n", fn, spill_st, spill_ld
        bad++
    }
    threads = fn ~ /sum_fixed_order/ ? 1024 : fn ~ /(forward|backward)_blocked/ ? 128 : 256
    per_thread = int((regs + 7) / 8) * 8
    if (per_thread * threads > regfile) {
        printf "resource gate: %s uses %d registers a thread; %d threads a block need %d, more than the %d an SM has\n", fn, regs, threads,
               per_thread * threads, regfile
        bad++
    }
    if (fn ~ /(forward|backward)_persistent|fused_iteration/ && smem > 0) {
        # psrnn_create opts these into the whole shared memory of the device for their dynamic part (the persistent ones) or the
        # opt-in limit less the static size; static buffers belong in the dynamic area, where the size asked for is all of it.
        printf "resource gate: %s has %d bytes of static shared memory; the kernels psrnn_create sizes dynamic shared memory for must have none\n",
               fn, smem
        bad++
    }
    if (fn ~ /(forward|backward)_persistent/) {
        units = int((n + sms - 1) / sms)
        dyn = units * (n + 1) * 4
        persistent++
        if (smem + dyn > optin) {
            printf "resource gate: %s needs %d bytes of shared memory (%d static, %d for %d rows of W) for N = %d on %d SMs; sm_90 allows %d a block, so the README promise no longer holds\n",
                   fn, smem + dyn, smem, dyn, units, n, sms, optin
            bad++
        }
    }
    if (fn ~ /fused_iteration/) {
        units = int((nf + sms - 1) / sms)
        dyn = 3 * units * (nf + 1) * 4 + 10368  # and FUSED_FIXED_SHARED (fused.cuh)
        fused++
        if (smem + dyn > optin) {
            printf "resource gate: %s needs %d bytes of shared memory (%d static, %d dynamic for %d rows and columns of W, rows of G and H and the fixed buffers) for N = %d on %d SMs; sm_90 allows %d a block, so the README promise no longer holds\n",
                   fn, smem + dyn, smem, dyn, units, nf, sms, optin
            bad++
        }
    }
    fn = ""
}
/Compiling entry function/ {
    check()
    if ($0 !~ /for .sm_90.$/) next
    s = $0; sub(/^[^'\'']*'\''/, "", s); sub(/'\''.*$/, "", s)
    fn = s; regs = 0; smem = 0; spill_st = 0; spill_ld = 0
    next
}
fn != "" && /bytes spill stores/ {
    for (i = 1; i + 3 <= NF; i++) {
        if ($(i + 1) == "bytes" && $(i + 2) == "spill" && $(i + 3) ~ /^stores/) spill_st = $i + 0
        if ($(i + 1) == "bytes" && $(i + 2) == "spill" && $(i + 3) ~ /^loads/) spill_ld = $i + 0
    }
}
fn != "" && /Used [0-9]+ registers/ {
    if (match($0, /Used [0-9]+ registers/)) regs = substr($0, RSTART + 5, RLENGTH - 15) + 0
    if (match($0, /[0-9]+ bytes smem/)) smem = substr($0, RSTART, RLENGTH - 11) + 0
}
END {
    check()
    if (kernels == 0) { print "resource gate: no sm_90 kernel in the ptxas report (was it compiled with -Xptxas -v for sm_90?)"; exit 1 }
    if (persistent != 2) { print "resource gate: the report lacks the two persistent kernels"; exit 1 }
    if (fused != 1) { print "resource gate: the report lacks the fused kernel"; exit 1 }
    if (bad) exit 1
    printf "resource gate: %d sm_90 kernels, no register spills, block sizes fit, the persistent kernels hold N = %d and the fused one N = %d on %d SMs\n", kernels, n, nf, sms
}' "$LOG"
