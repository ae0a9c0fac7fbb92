# Sourced by docs/experiments.sh and docs/mechanisms.sh: where their comparisons train, from the
# script's arguments (none: here; --slurm [OPTIONS]: Slurm job arrays, psrnn compare --executor slurm).
#   compare ARGS   the comparison, trained here; on Slurm, submitted (the script goes on at once)
#   settled ARGS   the same comparison, finished: here it is already; on Slurm, its summary is waited for
#   settle_all     on Slurm, every summary of the comparisons started, waited for
EXECUTOR=()
if [[ "${1:-}" == --slurm ]]; then
  EXECUTOR=(--executor slurm --slurm "${2:-}")
elif (($#)); then
  echo "usage: bash $0 [--slurm [OPTIONS]]" >&2
  exit 2
fi
STARTED=()
compare() {
  ./psrnn compare "$@" "${EXECUTOR[@]}"
  STARTED+=("$(printf '%q ' "$@")")
}
settled() { if ((${#EXECUTOR[@]})); then ./psrnn compare "$@" "${EXECUTOR[@]}" --wait; fi; }
settle_all() { for args in "${STARTED[@]}"; do eval "settled $args"; done; }
