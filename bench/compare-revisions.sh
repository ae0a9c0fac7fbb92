#!/usr/bin/env bash
# The cpu engine's speed at two git revisions, side by side on this machine: each revision is
# built in a clone of its own, then `psrnn bench` runs alternate between the two (A, B, A, B, ...)
# under each JVM setting, so that both see the same machine conditions; the best of each is kept.
#
# usage: bench/compare-revisions.sh REV_A [REV_B] [SIZES] [ROUNDS] [SECONDS]
#   REV_B    default HEAD; SIZES comma-separated hidden sizes (default 256,1024; B = 64, T = 100,
#            rule switch); ROUNDS alternations (default 3); SECONDS measured per run (default 10)
#   SETTINGS environment variable: JVM options to run under, separated by '|' (default
#            "|-XX:MaxVectorSize=32": the native vector width, then 256-bit vectors)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV_A="${1:?usage: bench/compare-revisions.sh REV_A [REV_B] [SIZES] [ROUNDS] [SECONDS]}"
REV_B="${2:-HEAD}"
SIZES="${3:-256,1024}"
ROUNDS="${4:-3}"
SECONDS_PER_RUN="${5:-10}"
SETTINGS="${SETTINGS:-|-XX:MaxVectorSize=32}"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for side in A B; do
  rev=$([[ $side == A ]] && echo "$REV_A" || echo "$REV_B")
  commit=$(git -C "$ROOT" rev-parse --verify "$rev^{commit}") || { echo "compare-revisions: no revision '$rev'" >&2; exit 2; }
  git clone -q --no-checkout "$ROOT" "$WORK/$side"
  git -C "$WORK/$side" checkout -q "$commit"
  echo "building $side = $(git -C "$ROOT" log -1 --format='%h %s' "$commit")" >&2
  "$WORK/$side/psrnn" build >/dev/null 2>&1 || { echo "compare-revisions: $rev does not build" >&2; exit 1; }
done

value() { sed -n 's/^iterations_per_second=//p' | tail -1; }
best() { printf '%s\n' "$@" | sort -g | tail -1; }
run() { # side, JVM options, hidden size
  PSRNN_JAVA_OPTS="$2" "$WORK/$1/psrnn" bench --engine cpu --hidden "$3" --batch 64 --steps 100 --seconds "$SECONDS_PER_RUN" \
    2>/dev/null | value
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; A = $REV_A, B = $REV_B; best of $ROUNDS runs of ${SECONDS_PER_RUN} s"
printf '%-22s %-24s %12s %12s %8s\n' "size" "JVM options" "A it/s" "B it/s" "B / A"
IFS='|' read -r -a settings <<<"$SETTINGS"
[[ "$SETTINGS" == *"|" ]] && settings+=("")
for n in ${SIZES//,/ }; do
  for opts in "${settings[@]}"; do
    a=(); b=()
    for ((r = 0; r < ROUNDS; r++)); do
      a+=("$(run A "$opts" "$n")")
      b+=("$(run B "$opts" "$n")")
    done
    x=$(best "${a[@]}"); y=$(best "${b[@]}")
    printf '%-22s %-24s %12.3f %12.3f %7.3fx\n' "N=$n B=64 T=100" "${opts:-(native width)}" "$x" "$y" "$(awk "BEGIN{print $y / $x}")"
  done
done
