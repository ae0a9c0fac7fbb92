#!/usr/bin/env bash
# Builds the CUDA engine's library and the host test of its shared math.
#
#   native-build/build.sh [OUT_DIR]      (default: target/native at the repository root)
#
# OUT_DIR/libpsrnn_cuda.so   nvcc -cudart static, sm_90 code and compute_90 PTX (newer GPUs JIT the
#                            PTX); needs only libc at link time and the driver's libcuda.so.1 at
#                            run time. Skipped, with a message, where nvcc is absent.
# OUT_DIR/psrnn_math_test    cuda/psrnn_math.h compiled for the host (g++ or nvcc), run by the
#                            JUnit test CudaMathHostTest against the Java reference.
# OUT_DIR/libpsrnn_cuda_emu.so
#                            the same psrnn_cuda.cu compiled by g++ against cuda/emu, the emulated
#                            device: the kernels run on the CPU (a slow correctness instrument; no
#                            nvcc or GPU needed). The Java engine loads it when PSRNN_CUDA_EMULATED=1.
# OUT_DIR/emu_selftest, OUT_DIR/emu_engine_check
#                            the emulation's own test and the C API on it (cuda/emu/test), run by the
#                            JUnit test CudaEmulationTest; cuda/emu/check.sh runs them under ASan and
#                            UBSan in every fiber order and several multiprocessor counts.
#
# Environment: NVCC (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc), CXX (default g++),
# PSRNN_CUDA_ARCHS (default "90": space-separated compute capabilities to emit SASS for; PTX is
# emitted for the first), PSRNN_REQUIRE_NVCC=1 to fail instead of skipping when nvcc is absent.
# Compiling the library also runs native-build/resource-gate.sh on ptxas's report (OUT_DIR/ptxas.log):
# a register spill, or persistent kernels that no longer hold the README's N on an H100, fail the build.
# The outputs are rebuilt only when a source under cuda/ or this script is newer.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/target/native}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SOURCES=("$ROOT"/cuda/*.cu "$ROOT"/cuda/*.cuh "$ROOT"/cuda/*.h "$ROOT"/cuda/test/*.cpp "$ROOT"/cuda/emu/*.h "$ROOT"/cuda/emu/*.hpp "$ROOT"/cuda/emu/test/*.cpp
         "${BASH_SOURCE[0]}" "$ROOT/native-build/resource-gate.sh")

say() { printf 'native-build: %s\n' "$*" >&2; }

# True when $1 is missing or older than any source.
stale() {
  [[ -f "$1" ]] || return 0
  local s
  for s in "${SOURCES[@]}"; do [[ "$s" -nt "$1" ]] && return 0; done
  return 1
}

# ---------------------------------------------------------------- host test of the shared math
CXX="${CXX:-g++}"
TEST_BIN="$OUT/psrnn_math_test"
if stale "$TEST_BIN"; then
  if command -v "$CXX" >/dev/null 2>&1; then
    # -ffp-contract=off: one rounding per operation, as Java and the device code (psrnn_math.h) do.
    "$CXX" -O2 -std=c++17 -ffp-contract=off -Wall -Wextra -Werror -o "$TEST_BIN.tmp" "$ROOT/cuda/test/math_test.cpp"
    mv -f "$TEST_BIN.tmp" "$TEST_BIN"
    say "built $TEST_BIN"
  else
    say "no C++ compiler ($CXX): the host test of the CUDA math is not built (install g++)"
  fi
fi

# ---------------------------------------------------------------- the emulated device
# -ffp-contract=off: no fused multiply-adds, whatever the host; the kernels' sums run in the order
# their code gives, so the emulated device's numbers do not depend on the machine.
# Warnings are shown, not fatal: a newer g++'s new warning must not stop the whole build
# (cuda/emu/check.sh builds with -Werror).
EMU_FLAGS=(-std=c++17 -O2 -ffp-contract=off -pthread -Wall -Wextra -Wno-unknown-pragmas -Wno-sign-compare
           -Wno-unused-parameter -I "$ROOT/cuda/emu" -I "$ROOT/cuda")
EMU_LIB="$OUT/libpsrnn_cuda_emu.so"
if command -v "$CXX" >/dev/null 2>&1; then
  if stale "$EMU_LIB"; then
    say "compiling libpsrnn_cuda_emu.so (the emulated device) with $CXX ..."
    "$CXX" "${EMU_FLAGS[@]}" -fPIC -fvisibility=hidden -shared -Wl,--no-undefined -x c++ \
      -o "$EMU_LIB.tmp" "$ROOT/cuda/psrnn_cuda.cu"
    mv -f "$EMU_LIB.tmp" "$EMU_LIB"
    say "built $EMU_LIB"
  fi
  if stale "$OUT/emu_selftest"; then
    "$CXX" "${EMU_FLAGS[@]}" -g -o "$OUT/emu_selftest.tmp" "$ROOT/cuda/emu/test/selftest.cpp"
    mv -f "$OUT/emu_selftest.tmp" "$OUT/emu_selftest"
  fi
  if stale "$OUT/emu_engine_check"; then
    "$CXX" "${EMU_FLAGS[@]}" -o "$OUT/emu_engine_check.tmp" "$ROOT/cuda/emu/test/engine_check.cpp" \
      -L "$OUT" -lpsrnn_cuda_emu -Wl,-rpath,'$ORIGIN'
    mv -f "$OUT/emu_engine_check.tmp" "$OUT/emu_engine_check"
  fi
else
  say "no C++ compiler ($CXX): the emulated device (libpsrnn_cuda_emu.so) is not built (install g++)"
fi

# ---------------------------------------------------------------- the library
NVCC="${NVCC:-}"
if [[ -z "$NVCC" ]]; then
  if command -v nvcc >/dev/null 2>&1; then NVCC=nvcc
  elif [[ -x /usr/local/cuda/bin/nvcc ]]; then NVCC=/usr/local/cuda/bin/nvcc
  fi
fi
LIB="$OUT/libpsrnn_cuda.so"
if [[ -z "$NVCC" ]]; then
  msg="nvcc not found (PATH, /usr/local/cuda/bin): libpsrnn_cuda.so is not built and the cuda engine will say so; install the CUDA toolkit to build it"
  if [[ "${PSRNN_REQUIRE_NVCC:-0}" == 1 ]]; then say "$msg"; exit 1; fi
  say "$msg"
  exit 0
fi
if ! stale "$LIB"; then
  exit 0
fi

read -r -a ARCHS <<< "${PSRNN_CUDA_ARCHS:-90}"
GENCODE=()
for a in "${ARCHS[@]}"; do GENCODE+=(-gencode "arch=compute_$a,code=sm_$a"); done
GENCODE+=(-gencode "arch=compute_${ARCHS[0]},code=compute_${ARCHS[0]}")

say "compiling libpsrnn_cuda.so with $("$NVCC" --version | sed -n 's/.*release \([0-9.]*\).*/CUDA \1/p') for sm_${ARCHS[*]} ..."
# -Xptxas -v: ptxas reports each kernel's registers, spills and shared memory, for the resource gate.
if ! "$NVCC" -O3 -std=c++17 -lineinfo -cudart static "${GENCODE[@]}" -Xptxas -v \
  -Xcompiler -fPIC,-fvisibility=hidden,-Wall -Xlinker --no-undefined -shared \
  -o "$LIB.tmp" "$ROOT/cuda/psrnn_cuda.cu" 2> "$OUT/ptxas.log"; then
  grep -v '^ptxas info\|^    [0-9]* bytes stack frame' "$OUT/ptxas.log" >&2 || true
  exit 1
fi
grep -v '^ptxas info\|^    [0-9]* bytes stack frame' "$OUT/ptxas.log" >&2 || true

# The resource gate (no GPU needed): no register spills, block sizes the registers allow, and the
# persistent kernels still holding the README's N on an H100; for sm_90 code only.
if [[ " ${ARCHS[*]} " == *" 90 "* ]]; then
  if ! bash "$ROOT/native-build/resource-gate.sh" "$OUT/ptxas.log" >&2; then
    rm -f "$LIB.tmp"
    say "the resource gate failed (above; ptxas's report is $OUT/ptxas.log): libpsrnn_cuda.so is not built"
    exit 1
  fi
else
  say "no sm_90 code in PSRNN_CUDA_ARCHS=${ARCHS[*]}: the resource gate, which checks sm_90, does not run"
fi

# The library may need only the C runtime; the CUDA runtime is linked in and finds the driver
# (libcuda.so.1) itself when the first call is made.
needed=""
if command -v readelf >/dev/null 2>&1; then
  needed=$(readelf -d "$LIB.tmp" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')
  for lib in $needed; do
    case "$lib" in
      libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libstdc++.so.*|libgcc_s.so.*|ld-linux*) ;;
      *) rm -f "$LIB.tmp"; say "libpsrnn_cuda.so would need $lib at run time; only the C/C++ runtime is allowed"; exit 1 ;;
    esac
  done
fi
mv -f "$LIB.tmp" "$LIB"
say "built $LIB${needed:+ (needs: ${needed% })}"

