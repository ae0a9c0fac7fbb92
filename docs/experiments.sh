#!/usr/bin/env bash
# The experiments of docs/EXPERIMENTS.md, exactly as its tables were produced. Each compare is
# resumable: run this again after an interruption and finished runs are kept.
# About 80 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LRS=0.003,0.01,0.03

# Working memory and a decision task: every rule, 10 paired seeds, each rule at its best learning rate.
./psrnn compare --task dms --rules bp,switch,fixed,hebb --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
  --lr-search "$LRS" --out runs/exp-dms
./psrnn compare --task pdm --rules bp,switch,fixed,hebb --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
  --criterion 0.8 --lr-search "$LRS" --out runs/exp-pdm

# How the psRNN's answers move with the share of STRONG synapses and the Hebbian rate (DMS, same seeds,
# the learning rate the search chose for switch above).
lr=$(python3 -c 'import json; print(json.load(open("runs/exp-dms/summary.json"))["lr_search"]["switch"]["chosen"])')
for sf in 0.1 0.5; do
  ./psrnn compare --task dms --rules switch --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
    --set strong_fraction=$sf --set lr="$lr" --out runs/exp-dms-strong$sf
done
for eta in 0 1e-5; do
  ./psrnn compare --task dms --rules switch --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
    --set eta_h=$eta --set lr="$lr" --out runs/exp-dms-eta$eta
done
