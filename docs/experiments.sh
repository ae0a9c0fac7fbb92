#!/usr/bin/env bash
# The experiments of docs/EXPERIMENTS.md, exactly as its tables were produced. Each compare is
# resumable: run this again after an interruption and finished runs are kept.
# About 4 hours on 2 cores.
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

# The same comparisons with bounded rates (retanh = tanh(relu(x)), MODEL.md's other non-negative
# activation) and a Hebbian rate 100 times larger: with relu the plain Hebbian term
# H = <r_t r_{t-1}> grows with the square of the rates and runs away at such rates (see
# EXPERIMENTS.md); with retanh every H[i][j] lies in [0, 1].
./psrnn compare --task dms --rules bp,switch,fixed,hebb --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
  --set activation=retanh --set eta_h=1e-4 --lr-search "$LRS" --out runs/exp-dms-retanh
./psrnn compare --task pdm --rules bp,switch,fixed,hebb --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
  --criterion 0.8 --set activation=retanh --set eta_h=1e-4 --lr-search "$LRS" --out runs/exp-pdm-retanh
lr=$(python3 -c 'import json; print(json.load(open("runs/exp-dms-retanh/summary.json"))["lr_search"]["switch"]["chosen"])')
for eta in 0 1e-6 1e-3; do
  ./psrnn compare --task dms --rules switch --seeds 10 --hidden 128 --iterations 1500 --eval-every 25 \
    --set activation=retanh --set eta_h=$eta --set lr="$lr" --out runs/exp-dms-retanh-eta$eta
done
