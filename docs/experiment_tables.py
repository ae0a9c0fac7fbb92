"""The tables of docs/EXPERIMENTS.md, from the summary.json files docs/experiments.sh writes.

usage: python3 docs/experiment_tables.py [RUNS_DIR]     (default: runs)
Standard library only. Every number is read from a summary.json (per run or per comparison);
nothing is computed here but means, standard errors and medians over seeds, and the paired tests
between runs of different comparisons (the same exact tests as psrnn compare's, checked here
against the tests in every comparison's summary.json before use). A run that diverged
(NaN or infinity) reports its structure at its last finite checkpoint; "diverged" gives how many
did and at which iterations.
"""
import json
import math
import os
import re
import statistics
import sys

RUNS = sys.argv[1] if len(sys.argv) > 1 else "runs"
METRICS = [  # (key, column title, digits)
    ("final_performance", "final perf.", 3),
    ("antisymmetry", "antisymmetry", 3),
    ("bimodality_abs", "bimod. abs W", 3),
    ("bimodality_log_abs", "bimod. log10 abs W", 3),
    ("effective_rank_change", "eff. rank W - W0", 1),
    ("effective_rank", "eff. rank W", 1),
    ("non_normality", "non-normality", 3),
    ("strong_fraction", "strong frac.", 3),
]
TESTED = ["trials_to_criterion", "antisymmetry", "bimodality_abs", "effective_rank_change", "non_normality", "final_performance"]


def load(path):
    with open(path) as f:
        return json.load(f)


def mean_sem(values):
    values = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not values:
        return "-"
    m = statistics.fmean(values)
    if len(values) < 2:
        return f"{m:.0f}" if m == int(m) else f"{m:.4g}"
    sem = statistics.stdev(values) / math.sqrt(len(values))
    return m, sem


def fmt(ms, digits):
    if ms == "-" or isinstance(ms, str):
        return ms
    return f"{ms[0]:.{digits}f} ± {ms[1]:.{digits}f}"


def runs_of(folder, rule):
    """Every run summary.json of `rule` in a comparison folder (seed folders), with its config.json as "config"."""
    out = []
    base = os.path.join(folder, rule)
    for name in sorted(os.listdir(base)):
        p = os.path.join(base, name, "summary.json")
        if name.startswith("seed") and os.path.exists(p):
            run = load(p)
            run["config"] = load(os.path.join(base, name, "config.json"))
            out.append(run)
    return out


def ttc_or_budget(run):
    """Trials to criterion; a run that never reached it (or diverged first) gives its whole budget, as in psrnn compare."""
    if run["trials_to_criterion"] is not None:
        return run["trials_to_criterion"]
    return run["config"]["iterations"] * run["config"]["batch"]


def average_ranks(a):
    order = sorted(range(len(a)), key=lambda i: a[i])
    ranks = [0.0] * len(a)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and a[order[j + 1]] == a[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def paired_p(x, y):
    """Two-sided p-values of x - y: Wilcoxon signed-rank (zeros dropped, average ranks, every sign flip of
    the ranks: exact without ties) and the sign-flip permutation test of the mean difference. Up to 13 pairs,
    where both are what psrnn compare computes."""
    d = [a - b for a, b in zip(x, y)]
    if len(d) > 13:
        raise SystemExit("paired_p enumerates sign flips: at most 13 pairs (psrnn compare's exact range with ties)")
    nz = [v for v in d if v != 0]
    ranks = average_ranks([abs(v) for v in nz])
    plus = sum(r for r, v in zip(ranks, nz) if v > 0)
    low = high = 0
    for mask in range(1 << len(nz)):
        s = sum(r for i, r in enumerate(ranks) if mask >> i & 1)
        low += s <= plus + 1e-9
        high += s >= plus - 1e-9
    p_wilcoxon = min(1.0, 2 * min(low, high) / (1 << len(nz))) if nz else 1.0
    observed = sum(d)
    tol = 1e-12 * max(1.0, abs(observed))
    low = high = 0
    for mask in range(1 << len(d)):
        s = sum(-v if mask >> i & 1 else v for i, v in enumerate(d))
        low += s <= observed + tol
        high += s >= observed - tol
    return p_wilcoxon, min(1.0, 2 * min(low, high) / (1 << len(d)))


def check_tests(folder, s):
    """The trials-to-criterion tests of a comparison's summary.json, recomputed here, must agree with it."""
    for t in s["tests"]:
        if t["metric"] != "trials_to_criterion":
            continue
        a = {r["seed"]: ttc_or_budget(r) for r in runs_of(folder, t["a"])}
        b = {r["seed"]: ttc_or_budget(r) for r in runs_of(folder, t["b"])}
        seeds = sorted(set(a) & set(b))
        pw, pp = paired_p([a[k] for k in seeds], [b[k] for k in seeds])
        if abs(pw - t["p_wilcoxon"]) > 1e-9 or abs(pp - t["p_permutation"]) > 1e-9:
            raise SystemExit(f"{folder}: {t['a']} vs {t['b']}: p = {pw}, {pp} here, {t['p_wilcoxon']}, {t['p_permutation']} in summary.json")


def value(run, key):
    if key == "final_performance":
        return run["final_performance"]
    return run["structure"].get(key)


def diverged_at(run):
    """The iteration a diverged run stopped at, from its message ("training diverged at iteration K: ...")."""
    m = re.search(r"diverged at iteration (\d+)", run.get("diverged", ""))
    return int(m.group(1)) if m else run["iterations"]


def ttc_cells(runs):
    reached = [r["trials_to_criterion"] for r in runs if r["reached_criterion"]]
    diverged = [diverged_at(r) for r in runs if r.get("ending") == "diverged"]
    cells = [f"{len(diverged)}" + (f" (at {min(diverged)}-{max(diverged)})" if diverged else ""), f"{len(reached)}/{len(runs)}"]
    if reached:
        cells.append(f"{statistics.median(reached):.0f}")
        ms = mean_sem(reached)
        cells.append(fmt(ms, 0) if not isinstance(ms, str) else ms)
    else:
        cells += ["-", "-"]
    return cells


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")
    print()


def comparison(name):
    folder = os.path.join(RUNS, name)
    s = load(os.path.join(folder, "summary.json"))
    lrs = {rule: v["chosen"] for rule, v in s.get("lr_search", {}).items()}
    seeds = s["seeds"]
    check_tests(folder, s)
    c = s["config"]
    print(f"### {name}: {s['task']}, criterion {s['criterion']}, {c['activation']}, N = {c['hidden']}, {c['iterations']} iterations, "
          f"{len(seeds)} paired seeds ({seeds[0]}-{seeds[-1]})\n")
    header = ["rule", "lr", "diverged", "reached", "median TTC", "mean TTC ± s.e.m."] + [t for _, t, _ in METRICS]
    rows = []
    for rule in s["rules"]:
        runs = runs_of(folder, rule)
        lr = lrs.get(rule, runs[0]["config"]["lr"] if runs else "")
        rows.append([rule, lr] + ttc_cells(runs) + [fmt(mean_sem([value(r, k) for r in runs]), d) for k, _, d in METRICS])
    table(header, rows)
    tests = [t for t in s["tests"] if t["metric"] in TESTED and "bp" in (t["a"], t["b"])]
    if tests:
        print("Paired tests against `bp` over seeds (difference = other rule minus bp; a run that never reached the")
        print("criterion, or diverged first, enters trials to criterion with its whole budget):\n")
        rows = []
        for t in tests:
            other = t["b"] if t["a"] == "bp" else t["a"]
            d = -t["mean_difference_a_minus_b"] if t["a"] == "bp" else t["mean_difference_a_minus_b"]
            rows.append([other, t["metric"], t["n"], f"{d:+.4g}", f"{t['p_wilcoxon']:.3g}", f"{t['p_permutation']:.3g}"])
        table(["rule", "metric", "n", "mean difference", "p (Wilcoxon)", "p (sign-flip)"], rows)


def sweep(title, entries):
    print(f"### {title}\n")
    header = ["setting", "diverged", "reached", "median TTC", "mean TTC ± s.e.m."] + [t for _, t, _ in METRICS]
    rows = []
    for label, name, rule in entries:
        folder = os.path.join(RUNS, name)
        if not os.path.isdir(os.path.join(folder, rule)):
            continue
        runs = runs_of(folder, rule)
        rows.append([label] + ttc_cells(runs) + [fmt(mean_sem([value(r, k) for r in runs]), d) for k, _, d in METRICS])
    table(header, rows)


def paired_ttc(title, pairs):
    """Trials to criterion of one rule in one comparison against another's, paired by seed."""
    print(f"### {title}\n")
    rows = []
    for label, (fa, ra), (fb, rb) in pairs:
        if not all(os.path.isdir(os.path.join(RUNS, f, r)) for f, r in [(fa, ra), (fb, rb)]):
            continue
        a = {r["seed"]: ttc_or_budget(r) for r in runs_of(os.path.join(RUNS, fa), ra)}
        b = {r["seed"]: ttc_or_budget(r) for r in runs_of(os.path.join(RUNS, fb), rb)}
        seeds = sorted(set(a) & set(b))
        pw, pp = paired_p([a[k] for k in seeds], [b[k] for k in seeds])
        d = statistics.fmean(a[k] - b[k] for k in seeds)
        rows.append([label, len(seeds), f"{d:+.0f}", f"{pw:.3g}", f"{pp:.3g}"])
    table(["comparison (difference = first minus second)", "n", "mean difference", "p (Wilcoxon)", "p (sign-flip)"], rows)


def chosen(name, rule):
    """The learning rate the search of comparison `name` chose for `rule`, as a label ("lr 0.003 (chosen)")."""
    path = os.path.join(RUNS, name, "summary.json")
    rate = load(path).get("lr_search", {}).get(rule, {}).get("chosen") if os.path.exists(path) else None
    return f"lr {rate} (chosen)" if rate else "lr chosen by the search"


if __name__ == "__main__":
    for name in ["exp-dms", "exp-pdm", "exp-dms-retanh", "exp-pdm-retanh", "default-compare"]:
        if os.path.exists(os.path.join(RUNS, name, "summary.json")):
            comparison(name)
    sweep("switch on DMS, relu: the Hebbian rate eta_h",
          [("eta_h 0 (WEAK synapses frozen)", "exp-dms-eta0", "switch"), ("eta_h 1e-6 (training default)", "exp-dms", "switch")])
    sweep("switch on DMS, retanh: the share of STRONG synapses (theta set from strong_fraction)",
          [("strong_fraction 0.1", "exp-dms-retanh-strong0.1", "switch"), ("strong_fraction 0.23 (default)", "exp-dms-retanh", "switch"),
           ("strong_fraction 0.5", "exp-dms-retanh-strong0.5", "switch")])
    sweep("switch on DMS, retanh: the Hebbian rate eta_h",
          [("eta_h 0 (WEAK synapses frozen)", "exp-dms-retanh-eta0", "switch"), ("eta_h 1e-4", "exp-dms-retanh", "switch"),
           ("eta_h 1e-3 (MODEL.md's default)", "exp-dms-retanh-eta1e-3", "switch")])
    sweep("bp on DMS below the search grid",
          [(f"relu, {chosen('exp-dms', 'bp')}", "exp-dms", "bp"), ("relu, lr 0.001", "exp-dms-bp-lr0.001", "bp"),
           (f"retanh, {chosen('exp-dms-retanh', 'bp')}", "exp-dms-retanh", "bp"), ("retanh, lr 0.001", "exp-dms-retanh-bp-lr0.001", "bp")])
    sweep("bp on PDM, retanh, below the search grid",
          [(f"retanh, {chosen('exp-pdm-retanh', 'bp')}", "exp-pdm-retanh", "bp"), ("retanh, lr 0.001", "exp-pdm-retanh-bp-lr0.001", "bp")])
    diag = [runs_of(os.path.join(RUNS, d), "switch")[0] for d in sorted(os.listdir(RUNS))
            if d.startswith("diag-eta0-seed") and os.path.isdir(os.path.join(RUNS, d, "switch"))]
    if diag:
        print("### The diverged psRNN runs of default-compare, again with eta_h = 0\n")
        rows = []
        for d in diag:
            was = load(os.path.join(RUNS, "default-compare", "switch", f"seed{d['seed']}", "summary.json"))
            rows.append([d["seed"], f"{was['ending']} at {diverged_at(was)}" if was["ending"] == "diverged" else was["ending"],
                         f"{d['ending']} ({d['iterations']} iterations)", d["trials_to_criterion"], f"{d['final_performance']:.3f}"])
        table(["seed", "eta_h 1e-6 (default-compare)", "eta_h 0", "TTC with eta_h 0", "final perf. with eta_h 0"], rows)
    paired_ttc("switch against bp at lr 0.001 (trials to criterion, paired by seed, censored runs at the whole budget)",
               [("DMS relu: switch (lr 0.01) minus bp (lr 0.001)", ("exp-dms", "switch"), ("exp-dms-bp-lr0.001", "bp")),
                ("DMS retanh: switch (lr 0.01) minus bp (lr 0.001)", ("exp-dms-retanh", "switch"), ("exp-dms-retanh-bp-lr0.001", "bp")),
                ("PDM retanh: switch (lr 0.03) minus bp (lr 0.001)", ("exp-pdm-retanh", "switch"), ("exp-pdm-retanh-bp-lr0.001", "bp"))])
