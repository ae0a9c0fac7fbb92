#!/usr/bin/env bash
# The experiments of docs/EXPERIMENTS.md's three mechanism sections, exactly as their tables were
# produced; then `python3 docs/experiment_tables.py runs` prints them (with the other tables where
# those runs exist). Every compare is resumable: run this again after an interruption. About an
# hour on 2 AVX-512 cores.
#
#   bash docs/mechanisms.sh                    on this machine, one comparison after the other
#   bash docs/mechanisms.sh --slurm [OPTIONS]  as Slurm job arrays (see docs/experiments.sh)
#
# Every comparison trains the same 10 seeds (1-10), so each control is paired by seed with the psRNN
# runs it is measured against. The learning rates are the ones the search of docs/experiments.sh
# chose for switch (and fixed) in each setting: relu DMS 0.01, relu PDM 0.03, retanh DMS 0.01,
# retanh PDM 0.03 (docs/EXPERIMENTS.md, "The tables").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source docs/compare-executor.sh
COMMON=(--seeds 10 --hidden 128 --iterations 1000 --eval-every 25)
DMS=(--task dms "${COMMON[@]}")
PDM=(--task pdm --criterion 0.8 "${COMMON[@]}")
RETANH=(--set activation=retanh --set eta_h=1e-4)
# mean_strong DIR: switch's STRONG share averaged over its evaluations and seeds (metrics.csv).
mean_strong() {
  python3 - "$1" <<'PY'
import csv, glob, sys
values = [float(row["strong_fraction"]) for f in sorted(glob.glob(sys.argv[1] + "/switch/seed*/metrics.csv"))
          for row in csv.DictReader(open(f)) if row["strong_fraction"] not in ("", "nan")]
print(f"{sum(values) / len(values):.3f}")
PY
}

# Mechanism 1: backpropagation samples several configurations (the STRONG set changes). The psRNN
# against `frozen`, its own initial STRONG set kept for the whole run (23% of synapses), and against
# `frozen` with the share the psRNN holds on average over training (the largest |W_init| again).
# Mechanism 3: switching keeps Hebbian synapses out of bad regions. The same runs, with `fixed` (a
# random 23% STRONG, never switching) at the same eta_h: divergence and growth of WEAK |W|.
RELU_DMS=("${DMS[@]}" --rules switch,frozen,fixed --set lr=0.01 --out runs/mech-dms)
RELU_PDM=("${PDM[@]}" --rules switch,frozen,fixed --set lr=0.03 --out runs/mech-pdm)
compare "${RELU_DMS[@]}"
compare "${RELU_PDM[@]}"
# Mechanism 3 (continued): is what diverges without switching the Hebbian rule? The same controls
# with WEAK synapses frozen (eta_h = 0).
compare "${DMS[@]}" --rules frozen,fixed --set lr=0.01 --set eta_h=0 --out runs/mech-dms-eta0
compare "${PDM[@]}" --rules frozen,fixed --set lr=0.03 --set eta_h=0 --out runs/mech-pdm-eta0
settled "${RELU_DMS[@]}"
compare "${DMS[@]}" --rules frozen --set lr=0.01 --set strong_fraction="$(mean_strong runs/mech-dms)" --out runs/mech-dms-frozen-share
settled "${RELU_PDM[@]}"
compare "${PDM[@]}" --rules frozen --set lr=0.03 --set strong_fraction="$(mean_strong runs/mech-pdm)" --out runs/mech-pdm-frozen-share

# Mechanism 2: Hebbian plasticity makes a task-relevant initialisation. With bounded rates (retanh)
# and eta_h = 1e-4, where the Hebbian term is large enough to matter: the psRNN against the same
# seeds with the Hebbian rule off (eta_h = 0), on during the first 250 iterations only
# (hebb_until = 250, a quarter of the budget), and with H replaced by a random matrix of the same
# norm over the WEAK synapses (hebb_term = random).
for task in dms pdm; do
  if [[ $task == dms ]]; then SET=("${DMS[@]}" --set lr=0.01); else SET=("${PDM[@]}" --set lr=0.03); fi
  compare "${SET[@]}" --rules switch,frozen,fixed "${RETANH[@]}" --out runs/mech-$task-retanh
  compare "${SET[@]}" --rules switch "${RETANH[@]}" --set eta_h=0 --out runs/mech-$task-retanh-eta0
  compare "${SET[@]}" --rules switch "${RETANH[@]}" --set hebb_until=250 --out runs/mech-$task-retanh-until250
  compare "${SET[@]}" --rules switch "${RETANH[@]}" --set hebb_term=random --out runs/mech-$task-retanh-random
done

settle_all
