#!/usr/bin/env bash
# psrnn's cpu engine against the same model in PyTorch (bench/peers/torch_psrnn.py) on this
# machine, side by side: the runs alternate (psrnn, then torch in each of its configurations, ...)
# so that both see the same machine conditions, and the best of each is kept.
#
# usage: bench/compare-cpu.sh [SIZES] [ROUNDS] [SECONDS]
#   SIZES    hidden sizes, comma-separated (default 256,1024); B = 64, T = 100, rule switch
#   ROUNDS   alternations per size (default 2); SECONDS of measurement per run (default 10)
# PyTorch: Debian's python3-torch with OpenBLAS (libopenblas0-pthread); PYTHON overrides the
# interpreter (default /usr/bin/python3).
# torch's speed on the cpu hangs on OpenBLAS's kernel set, which OPENBLAS_CORETYPE forces (and
# which OpenBLAS otherwise picks from the cpu, not always well), and on its threads. So the peer
# runs in several configurations: OPENBLAS_CORETYPE unset (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# both removed, for that run only: OpenBLAS detects the cpu), Haswell where the cpu has AVX2 and
# FMA, SkylakeX where it has AVX-512; each at 1 thread and at all cores (torch's threads and
# OpenBLAS's alike). The fastest is kept, and the table says which one it was; a table beneath
# gives every configuration's speed. PEER_CORETYPES (comma-separated, "unset" for detection)
# replaces the list of core types, e.g. PEER_CORETYPES=unset,Haswell,Zen. A name this OpenBLAS
# does not accept (it falls back to detection) is skipped with a note. PEER_THREADS (comma-separated,
# default 1,<all cores>) replaces the thread counts: K for K threads in torch and in OpenBLAS, K/M
# for K in torch and M in OpenBLAS (e.g. 1/2: torch.set_num_threads(1) alone, which leaves
# OpenBLAS at all cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${1:-256,1024}"
ROUNDS="${2:-2}"
SECONDS_PER_RUN="${3:-10}"
PYTHON="${PYTHON:-/usr/bin/python3}"
PEER="$ROOT/bench/peers/torch_psrnn.py"
CORES=$(nproc)

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "compare-cpu: $PYTHON has no torch; install Debian's python3-torch and libopenblas0-pthread" >&2
  exit 1
fi

value() { sed -n 's/^iterations_per_second=//p' | tail -1; }
key() { sed -n "s/^$1=//p" | tail -1; }   # key NAME: the peer's line NAME=...
gflops() { sed -n 's/^cpu .* \([0-9.]*\)$/\1/p' | tail -1; }
best() { printf '%s\n' "$@" | sort -g | tail -1; }
# peer CORETYPE ARGS...: the torch peer with OPENBLAS_CORETYPE=CORETYPE, or for "unset" with
# neither OPENBLAS_CORETYPE nor OPENBLAS_L2_SIZE (only in that command)
peer() {
  local core=$1; shift
  if [[ "$core" == unset ]]; then
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" "$PEER" "$@"
  else
    OPENBLAS_CORETYPE="$core" "$PYTHON" "$PEER" "$@"
  fi
}

# The peer's configurations: which core types to try, and what OpenBLAS makes of each.
flags=" $(sed -n '/^flags/{s/^flags[[:space:]]*: //p;q;}' /proc/cpuinfo) "   # sed stops itself: no SIGPIPE
has() { local f; for f; do [[ "$flags" == *" $f "* ]] || return 1; done; }
if [[ -n "${PEER_CORETYPES:-}" ]]; then
  candidates="${PEER_CORETYPES//,/ }"
else
  candidates="unset"
  if has avx2 fma; then candidates+=" Haswell"; fi
  if has avx512f avx512vl avx512bw avx512dq avx512cd; then candidates+=" SkylakeX"; fi
fi
# Which BLAS torch runs on: OPENBLAS_* make no difference to that.
if ! info=$(peer unset --blas-info --threads 1 2>&1); then
  echo "compare-cpu: the torch peer fails:" >&2; tail -3 <<<"$info" >&2; exit 1
fi
detected=$(key blas_core <<<"$info")
peer_blas=$(key blas <<<"$info" | sed "s/ $detected / /"); peer_library=$(key blas_library <<<"$info")
openblas=1
if [[ "$peer_blas" != OpenBLAS* ]]; then
  openblas=0; candidates="unset"   # core types are OpenBLAS's alone
  # ldconfig's list is taken whole first: `ldconfig -p | grep -q` under pipefail fails when grep
  # stops at the first match and ldconfig dies writing the rest.
  libs=$( { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null || true)
  if grep -q libopenblas <<<"$libs"; then
    echo "compare-cpu: warning: OpenBLAS is installed but torch runs on '$peer_blas' ($peer_library);" \
         "see update-alternatives --display libblas.so.3-x86_64-linux-gnu; no fair peer" >&2
  else
    echo "compare-cpu: warning: OpenBLAS not found; torch runs on '$peer_blas', no fair peer; install libopenblas0-pthread" >&2
  fi
fi
configs=(); seen=" "; declare -A core_of
for c in $candidates; do
  if [[ "$c" == unset ]]; then
    got="$detected"
  else
    if ! info=$(OPENBLAS_VERBOSE=2 peer "$c" --blas-info --threads 1 2>&1); then
      echo "compare-cpu: the peer fails with OPENBLAS_CORETYPE=$c; skipped" >&2; continue
    fi
    got=$(key blas_core <<<"$info")
    if [[ "${got,,}" != "${c,,}" ]] || grep -q '^Core not found' <<<"$info"; then
      echo "compare-cpu: OPENBLAS_CORETYPE=$c: this OpenBLAS does not take the name and detects the cpu ('$got'); skipped" >&2
      continue
    fi
  fi
  id="$got/$([[ "$c" == unset ]] && echo unset || echo "${OPENBLAS_L2_SIZE:-unset}")"
  if [[ "$seen" == *" $id "* ]]; then
    echo "compare-cpu: OPENBLAS_CORETYPE=$c runs as an earlier configuration does ($got); skipped" >&2; continue
  fi
  seen+="$id "; configs+=("$c"); core_of[$c]="$got"
done
if [[ ${#configs[@]} -eq 0 ]]; then
  echo "compare-cpu: the torch peer runs in none of the configurations ($candidates)" >&2
  exit 1
fi
if [[ -n "${PEER_THREADS:-}" ]]; then read -r -a threads_list <<<"${PEER_THREADS//,/ }"
else threads_list=(1); if ((CORES > 1)); then threads_list+=("$CORES"); fi; fi
for t in "${threads_list[@]}"; do
  if ! [[ "$t" =~ ^[1-9][0-9]*(/[1-9][0-9]*)?$ ]]; then echo "compare-cpu: PEER_THREADS: '$t' is no K or K/M" >&2; exit 1; fi
done
thread_args() { echo "--threads ${1%/*} --blas-threads ${1#*/}"; }   # K or K/M -> the peer's options
threads_name() { if [[ "$1" == 1 ]]; then echo "1 thread"; else echo "$1 threads"; fi; }
threads_text() { local t s=""; for t in "${threads_list[@]}"; do s+="${s:+, }$(threads_name "$t")"; done; echo "$s"; }
label() { if ((!openblas)); then echo "- (no OpenBLAS)"; elif [[ "$1" == unset ]]; then echo "${core_of[$1]} (detected)"; else echo "$1"; fi; }

"$ROOT/psrnn" --version >/dev/null 2>&1 || true   # build once, outside the timings
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $CORES cores; $($PYTHON -c 'import torch; print("torch", torch.__version__)')"
echo "torch's BLAS: $peer_blas ($peer_library); environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" \
     "OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
cfg_text=""
for c in "${configs[@]}"; do
  if ((!openblas)); then cfg_text="unset (no OpenBLAS: core types do not apply)"
  elif [[ "$c" == unset ]]; then cfg_text+="${cfg_text:+, }unset (OpenBLAS detects ${core_of[$c]})"
  else cfg_text+="${cfg_text:+, }$c"; fi
done
echo "torch runs with OPENBLAS_CORETYPE $cfg_text; each at $(threads_text)$([[ "${threads_list[*]}" == */* ]] \
      && echo " (K/M: K threads in torch, M in OpenBLAS)")"
peak=$("$ROOT/psrnn" bench --engine cpu --hidden 64 --batch 8 --steps 10 --seconds 1 --warmup 1 --peak 2>/dev/null \
       | sed -n 's/^peak_gflops=\([0-9.]*\).*/\1/p')
echo "peak (FMA loop in registers, all cores): ${peak} GFLOP/s"
# "loops": the cpu engine with its plain-loop kernels (-Dpsrnn.vector=false, what the JIT
# auto-vectorises) instead of the Vector API ones, to show which of the two wins here.
printf '%-16s %10s %9s %11s %7s %-21s %8s %8s %11s %13s\n' "size" "cpu it/s" "GFLOP/s" "torch it/s" "threads" \
  "torch BLAS core" "ratio" "of peak" "loops it/s" "vector/loops"
per_config=()
for n in ${SIZES//,/ }; do
  cpu=(); cpu_gf=(); loops=(); declare -A torch_best=()
  for ((r = 0; r < ROUNDS; r++)); do
    out=$("$ROOT/psrnn" bench --engine cpu --hidden "$n" --batch 64 --steps 100 --seconds "$SECONDS_PER_RUN" 2>/dev/null)
    cpu+=("$(value <<<"$out")"); cpu_gf+=("$(gflops <<<"$out")")
    loops+=("$(PSRNN_JAVA_OPTS=-Dpsrnn.vector=false "$ROOT/psrnn" bench --engine cpu --hidden "$n" --batch 64 --steps 100 \
               --seconds "$SECONDS_PER_RUN" 2>/dev/null | value)")
    for c in "${configs[@]}"; do
      for t in "${threads_list[@]}"; do
        # shellcheck disable=SC2046
        out=$(peer "$c" --hidden "$n" --batch 64 --steps 100 $(thread_args "$t") --seconds "$SECONDS_PER_RUN") || true
        v=$(value <<<"$out"); got=$(key blas_core <<<"$out")
        if [[ -z "$v" ]]; then echo "compare-cpu: torch with OPENBLAS_CORETYPE=$c, $(threads_name "$t") gave no result" >&2; continue; fi
        if [[ "$got" != "${core_of[$c]}" ]]; then
          echo "compare-cpu: warning: torch with OPENBLAS_CORETYPE=$c ran '$got', not '${core_of[$c]}'" >&2
        fi
        k="$c@$t"
        if [[ -z "${torch_best[$k]:-}" ]] || awk "BEGIN{exit !($v > ${torch_best[$k]})}"; then torch_best[$k]=$v; fi
      done
    done
  done
  c=$(best "${cpu[@]}"); g=$(best "${cpu_gf[@]}"); l=$(best "${loops[@]}")
  torch=0; win_cfg=""; win_threads=""
  for cfg in "${configs[@]}"; do
    line=$(printf '%-16s %-24s' "N=$n B=64 T=100" "$(label "$cfg")")
    for t in "${threads_list[@]}"; do
      v="${torch_best[$cfg@$t]:-}"
      if [[ -z "$v" ]]; then line+=$(printf ' %12s' "-"); continue; fi
      line+=$(printf ' %12.3f' "$v")
      if awk "BEGIN{exit !($v > $torch)}"; then torch=$v; win_cfg=$cfg; win_threads=$t; fi
    done
    per_config+=("$line")
  done
  unset torch_best
  if [[ -z "$win_cfg" ]]; then echo "compare-cpu: no torch result at N=$n" >&2; exit 1; fi
  printf '%-16s %10.3f %9.1f %11.3f %7s %-21s %7.2fx %7.0f%% %11.3f %12.2fx\n' "N=$n B=64 T=100" "$c" "$g" "$torch" \
    "$win_threads" "$(label "$win_cfg")" "$(awk "BEGIN{print $c / $torch}")" "$(awk "BEGIN{print 100 * $g / $peak}")" "$l" \
    "$(awk "BEGIN{print $c / $l}")"
done
echo "torch in each configuration, it/s (best of $ROUNDS round(s); threads: torch's and OpenBLAS's; the table above keeps the fastest):"
hdr=$(printf '%-16s %-24s' "size" "OpenBLAS core"); for t in "${threads_list[@]}"; do hdr+=$(printf ' %12s' "$(threads_name "$t")"); done
echo "$hdr"; printf '%s\n' "${per_config[@]}"
ref=$("$ROOT/psrnn" bench --engine reference --hidden 256 --seconds "$SECONDS_PER_RUN" --warmup 2 2>/dev/null | value)
cpu256=$("$ROOT/psrnn" bench --engine cpu --hidden 256 --seconds "$SECONDS_PER_RUN" 2>/dev/null | value)
printf 'reference N=256: %.3f it/s; cpu/reference = %.1fx (measured one after the other)\n' "$ref" "$(awk "BEGIN{print $cpu256 / $ref}")"
