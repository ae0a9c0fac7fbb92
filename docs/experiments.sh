#!/usr/bin/env bash
# The experiments of docs/EXPERIMENTS.md, exactly as its tables were produced; then
# `python3 docs/experiment_tables.py runs` prints the tables. Each compare is resumable: run this
# again after an interruption and finished runs are kept. About 2 hours 15 minutes on 2 AVX-512 cores.
#
#   bash docs/experiments.sh                   every comparison on this machine, one after the other
#   bash docs/experiments.sh --slurm [OPTIONS]  every comparison as Slurm job arrays (psrnn compare
#                                              --executor slurm, OPTIONS for sbatch): submitted all at
#                                              once where one does not need another's result; the
#                                              script waits for the summaries it reads, and for all
#                                              of them at the end. Run it again to submit what failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source docs/compare-executor.sh
LRS=0.003,0.01,0.03
COMMON=(--seeds 10 --hidden 128 --iterations 1000 --eval-every 25)
chosen() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["lr_search"]["switch"]["chosen"])' "$1"; }

# 1. The training defaults (relu, eta_h = 1e-6): working memory and a decision task, every rule,
#    10 paired seeds, each rule at its best learning rate from the same search.
DMS=(--task dms --rules bp,switch,fixed,hebb "${COMMON[@]}" --lr-search "$LRS" --out runs/exp-dms)
compare "${DMS[@]}"
compare --task pdm --rules bp,switch,fixed,hebb "${COMMON[@]}" --criterion 0.8 --lr-search "$LRS" --out runs/exp-pdm

# 2. Bounded rates (retanh = tanh(relu(x)), MODEL.md's other non-negative activation) and a Hebbian
#    rate 100 times larger: every H[i][j] lies in [0, 1], so the Hebbian term cannot run away.
RETANH=(--set activation=retanh --set eta_h=1e-4)
DMS_RETANH=(--task dms --rules bp,switch,fixed,hebb "${COMMON[@]}" "${RETANH[@]}" --lr-search "$LRS" --out runs/exp-dms-retanh)
compare "${DMS_RETANH[@]}"
compare --task pdm --rules bp,switch,fixed,hebb "${COMMON[@]}" "${RETANH[@]}" --criterion 0.8 --lr-search "$LRS" \
  --out runs/exp-pdm-retanh

# 4. Is bp held back by the search grid? Its best rate is the grid's lowest (0.003) on DMS (both
#    activations): the same seeds at 0.001. Also on retanh PDM, where the search chose 0.003 before
#    the fixed summation order and chooses 0.01 now (relu PDM, now 0.003, has no run at 0.001).
compare --task dms --rules bp "${COMMON[@]}" --set lr=0.001 --out runs/exp-dms-bp-lr0.001
compare --task dms --rules bp "${COMMON[@]}" "${RETANH[@]}" --set lr=0.001 --out runs/exp-dms-retanh-bp-lr0.001
compare --task pdm --criterion 0.8 --rules bp "${COMMON[@]}" "${RETANH[@]}" --set lr=0.001 --out runs/exp-pdm-retanh-bp-lr0.001

# 5. psrnn compare on its defaults: DMS, bp against switch, 10 seeds, N = 128, 2000 iterations, each
#    rule's learning rate from the default search (0.001, 0.003, 0.01, 0.03).
compare --out runs/default-compare

# 1 (continued). Is the divergence of relu psRNNs the Hebbian rule's? The same psRNN with WEAK
#    synapses frozen, at the rate the search of section 1 chose.
settled "${DMS[@]}"
compare --task dms --rules switch "${COMMON[@]}" --set eta_h=0 --set lr="$(chosen runs/exp-dms/summary.json)" \
  --out runs/exp-dms-eta0

# 3. How the psRNN's answers move with the share of STRONG synapses and with the Hebbian rate
#    (retanh DMS, same seeds, the learning rate the search chose for switch).
settled "${DMS_RETANH[@]}"
lr=$(chosen runs/exp-dms-retanh/summary.json)
for sf in 0.1 0.5; do
  compare --task dms --rules switch "${COMMON[@]}" "${RETANH[@]}" --set strong_fraction=$sf --set lr="$lr" \
    --out runs/exp-dms-retanh-strong$sf
done
for eta in 0 1e-3; do
  compare --task dms --rules switch "${COMMON[@]}" "${RETANH[@]}" --set eta_h=$eta --set lr="$lr" \
    --out runs/exp-dms-retanh-eta$eta
done

# 6. The psRNN runs of section 5 that diverged, again with the WEAK synapses frozen (eta_h = 0), at
#    the rate the search chose: is the Hebbian rule what diverges?
settled --out runs/default-compare
lr=$(chosen runs/default-compare/summary.json)
for s in $(python3 -c 'import glob, json
print(" ".join(str(r["seed"]) for r in (json.load(open(f)) for f in sorted(glob.glob("runs/default-compare/switch/seed*/summary.json")))
               if r["ending"] == "diverged"))'); do
  compare --task dms --rules switch --first-seed "$s" --seeds 1 --set eta_h=0 --set lr="$lr" --out runs/diag-eta0-seed$s
done

# On Slurm: every summary, waited for (at once for those written already).
settle_all
