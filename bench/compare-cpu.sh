#!/usr/bin/env bash
# psrnn's cpu engine against the same model in PyTorch (bench/peers/torch_psrnn.py) on this
# machine, side by side: the runs alternate (psrnn, torch with 1 thread, torch with all cores, ...)
# so that both see the same machine conditions, and the best of each is kept.
#
# usage: bench/compare-cpu.sh [SIZES] [ROUNDS] [SECONDS]
#   SIZES    hidden sizes, comma-separated (default 256,1024); B = 64, T = 100, rule switch
#   ROUNDS   alternations per size (default 2); SECONDS of measurement per run (default 10)
# PyTorch: Debian's python3-torch with OpenBLAS (libopenblas0-pthread); PYTHON overrides the
# interpreter (default /usr/bin/python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${1:-256,1024}"
ROUNDS="${2:-2}"
SECONDS_PER_RUN="${3:-10}"
PYTHON="${PYTHON:-/usr/bin/python3}"
CORES=$(nproc)

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "compare-cpu: $PYTHON has no torch; install Debian's python3-torch and libopenblas0-pthread" >&2
  exit 1
fi
if ! ldconfig -p 2>/dev/null | grep -q libopenblas; then
  echo "compare-cpu: warning: OpenBLAS not found; torch falls back to a reference BLAS and is no fair peer" >&2
fi

value() { sed -n 's/^iterations_per_second=//p' | tail -1; }
gflops() { sed -n 's/^cpu .* \([0-9.]*\)$/\1/p' | tail -1; }
best() { printf '%s\n' "$@" | sort -g | tail -1; }

"$ROOT/psrnn" --version >/dev/null 2>&1 || true   # build once, outside the timings
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $CORES cores; $($PYTHON -c 'import torch; print("torch", torch.__version__)')"
peak=$("$ROOT/psrnn" bench --engine cpu --hidden 64 --batch 8 --steps 10 --seconds 1 --warmup 1 --peak 2>/dev/null \
       | sed -n 's/^peak_gflops=\([0-9.]*\).*/\1/p')
echo "peak (FMA loop in registers, all cores): ${peak} GFLOP/s"
# "loops": the cpu engine with its plain-loop kernels (-Dpsrnn.vector=false, what the JIT
# auto-vectorises) instead of the Vector API ones, to show which of the two wins here.
printf '%-22s %12s %12s %16s %8s %10s %8s %12s %13s\n' "size" "cpu it/s" "GFLOP/s" "torch it/s" "threads" "ratio" "of peak" \
  "loops it/s" "vector/loops"
for n in ${SIZES//,/ }; do
  cpu=(); cpu_gf=(); t1=(); tall=(); loops=()
  for ((r = 0; r < ROUNDS; r++)); do
    out=$("$ROOT/psrnn" bench --engine cpu --hidden "$n" --batch 64 --steps 100 --seconds "$SECONDS_PER_RUN" 2>/dev/null)
    cpu+=("$(value <<<"$out")"); cpu_gf+=("$(gflops <<<"$out")")
    loops+=("$(PSRNN_JAVA_OPTS=-Dpsrnn.vector=false "$ROOT/psrnn" bench --engine cpu --hidden "$n" --batch 64 --steps 100 \
               --seconds "$SECONDS_PER_RUN" 2>/dev/null | value)")
    t1+=("$("$PYTHON" "$ROOT/bench/peers/torch_psrnn.py" --hidden "$n" --threads 1 --seconds "$SECONDS_PER_RUN" | value)")
    tall+=("$("$PYTHON" "$ROOT/bench/peers/torch_psrnn.py" --hidden "$n" --threads "$CORES" --seconds "$SECONDS_PER_RUN" | value)")
  done
  c=$(best "${cpu[@]}"); g=$(best "${cpu_gf[@]}"); a=$(best "${t1[@]}"); b=$(best "${tall[@]}"); l=$(best "${loops[@]}")
  if awk "BEGIN{exit !($a >= $b)}"; then torch=$a; threads=1; else torch=$b; threads=$CORES; fi
  printf '%-22s %12.3f %12.1f %16.3f %8s %9.2fx %7.0f%% %12.3f %12.2fx\n' "N=$n B=64 T=100" "$c" "$g" "$torch" "$threads" \
    "$(awk "BEGIN{print $c / $torch}")" "$(awk "BEGIN{print 100 * $g / $peak}")" "$l" "$(awk "BEGIN{print $c / $l}")"
done
ref=$("$ROOT/psrnn" bench --engine reference --hidden 256 --seconds "$SECONDS_PER_RUN" --warmup 2 2>/dev/null | value)
cpu=$("$ROOT/psrnn" bench --engine cpu --hidden 256 --seconds "$SECONDS_PER_RUN" 2>/dev/null | value)
printf 'reference N=256: %.3f it/s; cpu/reference = %.1fx (measured one after the other)\n' "$ref" "$(awk "BEGIN{print $cpu / $ref}")"
