#!/usr/bin/env bash
# The emulated device's C-level tests under AddressSanitizer and UndefinedBehaviorSanitizer: the
# emulation's own test in every fiber order on 1, 3, 4 and 7 SMs, and psrnn's C API on it
# (libpsrnn_cuda_emu.so built with the sanitizers) in every order, on 1, 3 and 7 SMs, where the
# fused form must give the same bits on every SM count. .ci/run runs
# it after the test suite (about 10 minutes of CPU time: the sanitizers slow the emulation several-fold).
#
#   cuda/emu/check.sh [BUILD_DIR]       (default: a temporary folder, removed afterwards)
#
# Needs g++ (CXX) with libasan and libubsan; no GPU or nvcc. Exit status 0 when every run passes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CXX="${CXX:-g++}"
if [[ -n "${1:-}" ]]; then OUT="$1"; mkdir -p "$OUT"; else OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT; fi
FLAGS=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -ffp-contract=off
       -pthread -Wall -Wno-unknown-pragmas -Wno-sign-compare -I "$ROOT/cuda/emu" -I "$ROOT/cuda")
say() { printf 'emu check: %s\n' "$*" >&2; }

say "building with $CXX and -fsanitize=address,undefined under $OUT ..."
"$CXX" "${FLAGS[@]}" -o "$OUT/emu_selftest" "$ROOT/cuda/emu/test/selftest.cpp"
"$CXX" "${FLAGS[@]}" -fPIC -shared -x c++ -o "$OUT/libpsrnn_cuda_emu.so" "$ROOT/cuda/psrnn_cuda.cu"
"$CXX" "${FLAGS[@]}" -o "$OUT/emu_engine_check" "$ROOT/cuda/emu/test/engine_check.cpp" -L "$OUT" -lpsrnn_cuda_emu \
  -Wl,-rpath,"$OUT"

# The misuses the self-test plants end in abort(), which the sanitizers must leave to the test.
export ASAN_OPTIONS="detect_leaks=0:handle_abort=0:abort_on_error=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=0
run() {  # run PROGRAM ORDER SMS
  local log="$OUT/$1.order$2.sms$3.log"
  if PSRNN_EMU_ORDER="$2" PSRNN_EMU_SMS="$3" "$OUT/$1" >"$log" 2>&1; then
    say "$1, order $2, $3 SMs: $(tail -1 "$log")"
  else
    say "$1, order $2, $3 SMs: FAILED"; grep -E "FAIL|ERROR|runtime error|psrnn emulated device" "$log" | head -20 >&2 || tail -20 "$log" >&2
    failed=1
  fi
}
for order in 0 1 2; do
  for sms in 1 3 4 7; do run emu_selftest "$order" "$sms"; done
done
# psrnn's C API runs every block of an ordinary launch on the calling thread (PSRNN_EMU_WORKERS=1).
# With worker threads made per launch, AddressSanitizer reports a write to a block's __shared__
# array (a static thread_local of the library, in the worker's TLS) as a write into a stack redzone:
# intermittently (about 1 run in 8 on 7 SMs), and every time once glibc's thread-stack cache is off
# (GLIBC_TUNABLES=glibc.pthread.stack_cache_size=0), never with one worker. The test suite's own
# pass on the emulated device runs two workers without the sanitizers; cooperative launches here
# still run one thread per block, which is safe because the cooperative kernels (persistent,
# fused) have no static __shared__ arrays (native-build/resource-gate.sh fails the build if one
# appears).
export PSRNN_EMU_WORKERS=1
run emu_engine_check 0 1
run emu_engine_check 1 3
run emu_engine_check 2 7
# The fused form's sums must not depend on its block count (one block per SM): the same digest on 1, 3 and 7 SMs.
digests="$(cat "$OUT"/emu_engine_check.order*.log | grep '^fused digest:' | sort -u)"
if [[ "$(printf '%s\n' "$digests" | grep -c .)" == 1 ]]; then
  say "the fused form's results are the same on 1, 3 and 7 SMs (${digests#fused digest: })"
else
  say "the fused form's results differ between SM counts: $(printf '%s; ' "$digests")"; failed=1
fi
exit $failed
