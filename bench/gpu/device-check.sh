#!/usr/bin/env bash
# The cuda engine on a machine with an NVIDIA GPU, nvcc and PyTorch, and no JDK or Maven (what
# bench/gpu/prepare.sh put in .device/ supplies Java, the jar and the compiled tests):
#   1. builds libpsrnn_cuda.so there with native-build/build.sh;
#   2. runs the gpu-tagged tests: the engine contract on the kernel forms, and
#      cuda against the reference with the cpu engine's tolerances on every preset, switch mode,
#      activation, loss and Hebbian rule, plus a training run whose learning curve must follow
#      the reference's; and the host test of the shared math;
#   3. times iterations/s (rule switch, relu) for each N:B in SIZES with T = 100 on the cuda engine
#      in each KERNEL/MATH of FORMS (psrnn.cuda.kernel and psrnn.cuda.math; a form that does not fit
#      prints "-") and on bench/peers/torch_psrnn.py on the same GPU, eager and captured in a CUDA
#      graph, one after the other, and prints one table.
#
# usage: bash bench/gpu/device-check.sh        environment: SIZES (default "256:64 1024:64 4096:64
#        4096:256"), FORMS (default "auto/fp32 tiled/fp32 persistent/fp32 fused/fp32 blocked/fp32
#        tiled/tf32x3 tiled/tf32"), SECONDS_PER_RUN (default 5), PYTHON (default python3),
#        SKIP_TESTS=1, SKIP_BENCH=1
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEV="$ROOT/.device"
WORK="${TMPDIR:-/tmp}/psrnn-device-check"
SIZES="${SIZES:-256:64 1024:64 4096:64 4096:256}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-5}"
FORMS="${FORMS:-auto/fp32 tiled/fp32 persistent/fp32 fused/fp32 blocked/fp32 tiled/tf32x3 tiled/tf32}"
PYTHON="${PYTHON:-python3}"
STATUS=0

say() { printf '\n== %s\n' "$*"; }
for f in jre.tar.xz psrnn.jar test-classes.tar.xz junit-console.jar; do
  [[ -f "$DEV/$f" ]] || { echo "device-check: $DEV/$f is missing: run bench/gpu/prepare.sh first and carry .device" >&2; exit 2; }
done
rm -rf "$WORK" && mkdir -p "$WORK"

say "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | head -4
(command -v nvcc >/dev/null && nvcc --version | tail -2 | head -1) || echo "nvcc: not on PATH"
"$PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)' 2>&1 | tail -1

tar -C "$WORK" -xJf "$DEV/jre.tar.xz"
tar -C "$WORK" -xJf "$DEV/test-classes.tar.xz"
JAVA=("$WORK/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Djava.awt.headless=true)
"${JAVA[@]}" -version 2>&1 | grep -v incubator | head -1

say "build"
if PSRNN_REQUIRE_NVCC=1 bash "$ROOT/native-build/build.sh" "$WORK/native"; then
  export PSRNN_CUDA_LIBRARY="$WORK/native/libpsrnn_cuda.so"
else
  echo "device-check: building here failed; using the library inside psrnn.jar"
  STATUS=1
fi
psrnn() { "${JAVA[@]}" -jar "$DEV/psrnn.jar" "$@"; }
psrnn devices 2>&1 | grep -v "incubator modules"

if [[ "${SKIP_TESTS:-0}" != 1 ]]; then
  say "parity: gpu-tagged tests (cuda against the reference) and the host math test"
  "${JAVA[@]}" -Dpsrnn.native.dir="$WORK/native" -jar "$DEV/junit-console.jar" execute --disable-banner \
    --class-path "$DEV/psrnn.jar:$WORK/test-classes" --details=tree --details-theme=ascii \
    --select-class org.psrnn.engine.cuda.CudaMathHostTest \
    --select-class org.psrnn.engine.cuda.CudaLibraryTest \
    --select-class org.psrnn.engine.CudaEngineContractTest \
    --select-class org.psrnn.engine.CudaTiledEngineContractTest \
    --select-class org.psrnn.engine.CudaFusedEngineContractTest \
    --select-class org.psrnn.engine.cuda.CudaReferenceParityTest \
    --select-class org.psrnn.engine.cuda.CudaMemoryTest \
    --select-class org.psrnn.robust.CudaResumeTest > "$WORK/tests.txt" 2>&1
  rc=$?
  grep -E "\[X\]|MethodSource|expected|differ|Exception|tests (successful|failed|skipped|aborted)" "$WORK/tests.txt" | head -60
  if [[ $rc -ne 0 ]]; then echo "device-check: TESTS FAILED (exit $rc); full log: $WORK/tests.txt"; STATUS=1; tail -40 "$WORK/tests.txt"; fi
fi

[[ "${SKIP_BENCH:-0}" == 1 ]] && exit $STATUS

value() { sed -n 's/^iterations_per_second=//p' | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "-" || b == "" || b == "-" || b + 0 == 0) print "-"; else printf "%.1fx", a / b }'; }
cuda_run() {  # N B KERNEL MATH -> it/s and the form used, or "- -"
  local out
  out=$("${JAVA[@]}" -Dpsrnn.cuda.kernel="$3" -Dpsrnn.cuda.math="$4" -jar "$DEV/psrnn.jar" bench --engine cuda --hidden "$1" --batch "$2" \
        --steps 100 --seconds "$SECONDS_PER_RUN" --warmup 2 2>&1)
  local v k
  v=$(value <<<"$out"); k=$(sed -n 's/^recurrent_kernel=//p' <<<"$out")
  if [[ -z "$v" ]]; then echo "$out" | grep -v incubator | tail -2 >&2; echo "- -"; else echo "$v $k"; fi
}
torch_run() {  # N B [--graph]
  "$PYTHON" "$ROOT/bench/peers/torch_psrnn.py" --device cuda --hidden "$1" --batch "$2" --steps 100 \
    --seconds "$SECONDS_PER_RUN" --warmup 2 ${3:-} 2>"$WORK/torch.err" | value
}

say "speed: iterations/s, rule switch, relu, T = 100 (each size's runs one after the other on this GPU)"
printf '%-16s %-22s %12s %13s %13s %11s %11s\n' "size" "form (kernel/math)" "cuda it/s" "torch eager" "torch graph" "vs eager" "vs graph"
for size in $SIZES; do
  n=${size%%:*}; b=${size##*:}
  e=$(torch_run "$n" "$b"); [[ -z "$e" ]] && e="-" && tail -2 "$WORK/torch.err"
  g=$(torch_run "$n" "$b" --graph); [[ -z "$g" ]] && g="-" && tail -2 "$WORK/torch.err"
  for form in $FORMS; do
    kernel=${form%%/*}; math=${form##*/}
    read -r c used <<<"$(cuda_run "$n" "$b" "$kernel" "$math")"
    label="$kernel/$math"; [[ "$kernel" == auto && "$used" != "-" ]] && label="auto=$used/$math"
    printf '%-16s %-22s %12s %13s %13s %11s %11s\n' "N=$n B=$b" "$label" "$c" "$e" "$g" "$(ratio "$c" "$e")" "$(ratio "$c" "$g")"
  done
done
exit $STATUS
