"""The tables of docs/EXPERIMENTS.md's mechanism sections, from the runs docs/mechanisms.sh writes.

usage: python3 docs/mechanism_tables.py [RUNS_DIR]     (default: runs)
       python3 docs/mechanism_tables.py --check-modes  (the mode test on samples whose answer is known)
Standard library only; the helpers (means, paired exact tests, trials to criterion with censored runs
at the whole budget) are docs/experiment_tables.py's. Every comparison trains seeds 1-10, so a control
in one folder is paired by seed with the psRNN runs of another.
"""
import csv
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import experiment_tables as et  # noqa: E402

RUNS = et.RUNS = sys.argv[1] if len(sys.argv) > 1 else "runs"
SARLE = 5 / 9


def runs(folder, rule):
    path = os.path.join(RUNS, folder, rule)
    return et.runs_of(os.path.join(RUNS, folder), rule) if os.path.isdir(path) else []


def first_row(folder, rule, seed):
    """The first evaluation (iteration 0) of a run's metrics.csv."""
    with open(os.path.join(RUNS, folder, rule, f"seed{seed}", "metrics.csv")) as f:
        return next(csv.DictReader(f))


def metric(r, key):
    if key in r["structure"]:
        return r["structure"][key]
    return r.get("plasticity", {}).get(key)


def cells(rs, keys):
    return [et.fmt(et.mean_sem([metric(r, k) for r in rs]), d) for k, d in keys]


def outcome(rs):
    return et.ttc_cells(rs) + [et.fmt(et.mean_sem([r["final_performance"] for r in rs]), 3)]


def paired(a, b, key):
    """Mean difference a - b and both p-values over the seeds both have; key 'ttc' is trials to criterion, censored at the budget."""
    getters = {"ttc": et.ttc_or_budget, "final_performance": lambda r: r["final_performance"],
               "diverged": lambda r: 1 if r.get("ending") == "diverged" else 0}
    get = getters.get(key, lambda r: metric(r, key))
    x = {r["seed"]: get(r) for r in a}
    y = {r["seed"]: get(r) for r in b}
    seeds = sorted(set(x) & set(y))
    if not seeds:
        return ["-"] * 4
    pw, pp = et.paired_p([x[s] for s in seeds], [y[s] for s in seeds])
    d = statistics.fmean(x[s] - y[s] for s in seeds)
    return [len(seeds), f"{d:+.4g}", f"{pw:.3g}", f"{pp:.3g}"]


SETTINGS = [("DMS, relu", "mech-dms"), ("PDM, relu", "mech-pdm"), ("DMS, retanh", "mech-dms-retanh"), ("PDM, retanh", "mech-pdm-retanh")]
OUTCOME = ["diverged", "reached", "median TTC", "mean TTC ± s.e.m.", "final perf."]
TEST = ["n", "mean difference", "p (Wilcoxon)", "p (sign-flip)"]


def mechanism1():
    print("### Mechanism 1: backpropagation samples several configurations (switch against a frozen STRONG set)\n")
    keys = [("strong_fraction", 3), ("ever_strong_fraction", 3), ("jaccard_initial", 3), ("jaccard_previous_mean", 3)]
    rows, tests = [], []
    for label, folder in SETTINGS[:2]:
        share = runs(folder + "-frozen-share", "frozen")
        variants = [("switch", runs(folder, "switch")), ("frozen (initial S kept, 23%)", runs(folder, "frozen"))]
        if share:
            variants.append((f"frozen (share {share[0]['config']['strong_fraction']})", share))
        for name, rs in variants:
            if rs:
                rows.append([label, name] + outcome(rs) + cells(rs, keys))
        sw = runs(folder, "switch")
        for name, rs in variants[1:]:
            for key in ["ttc", "final_performance"]:
                if rs and sw:
                    tests.append([label, f"switch minus {name}", "trials to criterion" if key == "ttc" else key] + paired(sw, rs, key))
    et.table(["setting", "rule"] + OUTCOME + ["strong frac.", "ever STRONG", "Jaccard with initial S", "Jaccard with previous"], rows)
    et.table(["setting", "comparison", "metric"] + TEST, tests)


def mechanism2():
    print("### Mechanism 2: Hebbian plasticity as a task-relevant initialisation (retanh, eta_h = 1e-4)\n")
    keys = [("hebb_grad_cosine_mean", 3), ("hebb_grad_sign_agreement_mean", 3), ("weak_abs_mean", 4)]
    rows, tests = [], []
    for label, folder in SETTINGS[2:]:
        base = runs(folder, "switch")
        variants = [("H (the psRNN)", base), ("eta_h = 0", runs(folder + "-eta0", "switch")),
                    ("Hebbian until iteration 250", runs(folder + "-until250", "switch")),
                    ("random term, H's norm", runs(folder + "-random", "switch"))]
        for name, rs in variants:
            if rs:
                rows.append([label, name] + outcome(rs) + cells(rs, keys))
        for name, rs in variants[1:]:
            for key in ["ttc", "final_performance"]:
                if rs and base:
                    tests.append([label, f"H minus {name}", "trials to criterion" if key == "ttc" else key] + paired(base, rs, key))
    et.table(["setting", "WEAK synapses add"] + OUTCOME + ["cos(H, -G)", "sign agreement", "mean WEAK abs W"], rows)
    et.table(["setting", "comparison", "metric"] + TEST, tests)


def at_start(folder, rule, rs, key, digits):
    """A metric at the first evaluation (iteration 0), mean ± s.e.m. over runs."""
    return et.fmt(et.mean_sem([float(first_row(folder, rule, r["seed"])[key]) for r in rs]), digits)


def growth(folder, rule, rs, key):
    """A WEAK-synapse statistic at the end over its value at iteration 0, per run: mean ± s.e.m."""
    ratios = []
    for r in rs:
        start = float(first_row(folder, rule, r["seed"])[key])
        if start > 0 and metric(r, key) is not None:
            ratios.append(metric(r, key) / start)
    return et.fmt(et.mean_sem(ratios), 2)


def early_mean(folder, rule, rs, key, until=250):
    """A per-evaluation metric of metrics.csv averaged over the evaluations at iterations <= until, then over runs."""
    per_run = []
    for r in rs:
        with open(os.path.join(RUNS, folder, rule, f"seed{r['seed']}", "metrics.csv")) as f:
            vals = [float(row[key]) for row in csv.DictReader(f) if int(row["iteration"]) <= until and row[key] not in ("", "nan")]
        if vals:
            per_run.append(statistics.fmean(vals))
    return et.fmt(et.mean_sem(per_run), 3)


def alignment():
    print("### The Hebbian term against the task gradient on WEAK synapses (switch, held-out batch, every evaluation)\n")
    rows = []
    for label, folder in SETTINGS:
        rs = runs(folder, "switch")
        if rs:
            rows.append([label, early_mean(folder, "switch", rs, "hebb_grad_cosine"), et.fmt(et.mean_sem([metric(r, "hebb_grad_cosine_mean") for r in rs]), 3),
                         early_mean(folder, "switch", rs, "hebb_grad_sign_agreement"),
                         et.fmt(et.mean_sem([metric(r, "hebb_grad_sign_agreement_mean") for r in rs]), 3)])
    et.table(["setting", "cos(H, -G), iterations 0-250", "cos(H, -G), whole run", "sign agreement, 0-250", "sign agreement, whole run"], rows)


def mechanism3():
    print("### Mechanism 3: switching keeps Hebbian synapses out of unfavourable regions (switch against no switching)\n")
    keys = [("weak_abs_mean", 4), ("weak_abs_p99", 4), ("weak_above_theta", 1)]
    rows = []
    tests = []
    for label, folder in SETTINGS:
        sw = runs(folder, "switch")
        for rule in ["switch", "frozen", "fixed"]:
            rs = runs(folder, rule)
            if rs:
                rows.append([label, rule] + outcome(rs) + cells(rs, keys) + [at_start(folder, rule, rs, "weak_above_theta", 1),
                                                                             growth(folder, rule, rs, "weak_abs_p99")])
            if rule != "switch" and rs and sw:
                tests.append([label, f"switch minus {rule}", "diverged (1 or 0)"] + paired(sw, rs, "diverged"))
                tests.append([label, f"switch minus {rule}", "WEAK >= theta at the end"] + paired(sw, rs, "weak_above_theta"))
        for rule in ["frozen", "fixed"]:
            rs = runs(folder + "-eta0", rule)
            if rs:
                rows.append([label, f"{rule}, eta_h = 0"] + outcome(rs) + cells(rs, keys)
                            + [at_start(folder + "-eta0", rule, rs, "weak_above_theta", 1), growth(folder + "-eta0", rule, rs, "weak_abs_p99")])
    et.table(["setting", "rule"] + OUTCOME + ["mean WEAK abs W", "p99 WEAK abs W", "WEAK >= theta", "WEAK >= theta at start",
                                   "p99 growth (end / start)"], rows)
    et.table(["setting", "comparison", "metric"] + TEST, tests)


def bimodality():
    print("### Is the bimodality real? Sarle's coefficient of abs W, whole and in parts (final W)\n")
    keys = ["bimodality_abs", "bimodality_abs_outside_band", "bimodality_abs_weak", "bimodality_abs_strong"]
    rows = []
    for label, folder in SETTINGS:
        for rule in ["switch", "frozen", "fixed"]:
            rs = runs(folder, rule)
            if not rs:
                continue
            row = [label, rule]
            for k in keys:
                vals = [metric(r, k) for r in rs if metric(r, k) is not None]
                above = sum(v > SARLE for v in vals)
                row.append(f"{et.fmt(et.mean_sem(vals), 3)} ({above}/{len(vals)})")
            rows.append(row + mode_counts(folder, rule, rs))
    et.table(["setting", "rule", "all of abs W", "without [0.95 theta, theta)", "WEAK only", "STRONG only",
              "a second mode", "... in [0.8 theta, theta)", "... above theta"], rows)


def npz_array(path, name):
    """One float array of an .npz (little-endian float32 or float64, C order), as a flat list."""
    import ast
    import struct
    import zipfile
    with zipfile.ZipFile(path) as z:
        data = z.read(name + ".npy")
    header_len = struct.unpack("<H", data[8:10])[0] if data[6] == 1 else struct.unpack("<I", data[8:12])[0]
    start = (10 if data[6] == 1 else 12) + header_len
    header = ast.literal_eval(data[start - header_len:start].decode("latin1"))
    code = {"<f4": "f", "<f8": "d"}[header["descr"]]
    return list(struct.unpack("<" + str((len(data) - start) // struct.calcsize(code)) + code, data[start:]))


def modes(values, bins=1024):
    """Where a Gaussian-smoothed histogram of `values` (Silverman's bandwidth) has local maxima at least 5% of
    the highest: the modes, ascending."""
    values = sorted(values)
    n = len(values)
    sd = statistics.pstdev(values)
    iqr = values[3 * n // 4] - values[n // 4]
    bandwidth = 0.9 * min(sd, iqr / 1.34) * n ** -0.2
    lo, hi = values[0], values[-1]
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / width))] += 1
    sigma = bandwidth / width
    reach = int(4 * sigma) + 1
    kernel = [math.exp(-0.5 * (k / sigma) ** 2) for k in range(-reach, reach + 1)]
    smooth = [sum(counts[i + k - reach] * kernel[k] for k in range(len(kernel)) if 0 <= i + k - reach < bins) for i in range(bins)]
    top = max(smooth)
    return [lo + (i + 0.5) * width for i in range(1, bins - 1)
            if smooth[i] > smooth[i - 1] and smooth[i] >= smooth[i + 1] and smooth[i] >= 0.05 * top]


def mode_counts(folder, rule, rs):
    """Runs whose abs W has a second mode (beyond the lowest): at all, within [0.8 theta, theta) (the pile-up of
    synapses fallen from STRONG), and above theta."""
    any_second = in_band = above = 0
    for r in rs:
        w = [abs(x) for x in npz_array(os.path.join(RUNS, folder, rule, f"seed{r['seed']}", "weights.npz"), "W_rec")]
        theta = r["config"]["theta"]
        others = modes(w)[1:]
        any_second += bool(others)
        in_band += any(0.8 * theta <= m < theta for m in others)
        above += any(m >= theta for m in others)
    return [f"{any_second}/{len(rs)}", f"{in_band}/{len(rs)}", f"{above}/{len(rs)}"]


def sarle_of_density(pdf, hi, steps=200000):
    """Sarle's coefficient (g^2 + 1) / (k + 3) of a density on [0, hi] (population form), by the midpoint rule."""
    h = hi / steps
    xs = [(i + 0.5) * h for i in range(steps)]
    ws = [pdf(x) * h for x in xs]
    total = sum(ws)
    m = sum(w * x for w, x in zip(ws, xs)) / total
    m2, m3, m4 = (sum(w * (x - m) ** p for w, x in zip(ws, xs)) / total for p in (2, 3, 4))
    return (m3 ** 2 / m2 ** 3 + 1) / (m4 / m2 ** 2 - 3 + 3)


def references():
    """Sarle's coefficient of one-mode shapes, for reading the table above: no one of them has two modes."""
    normal = lambda x: math.exp(-x * x / 2)
    q77 = statistics.NormalDist().inv_cdf(0.5 + 0.77 / 2)  # theta for strong_fraction 0.23, in units of the s.d.
    print("Sarle's coefficient of shapes with one mode, for reference: a uniform distribution 0.556 (5/9); "
          f"|N(0, 1)| (the initial abs W) {sarle_of_density(normal, 12):.3f}; "
          f"|N(0, 1)| below its 0.77 quantile (the initial WEAK synapses) {sarle_of_density(normal, q77):.3f}.\n")


def check_modes():
    """The mode test on samples whose answer is known: one mode for a half-normal, two for two separated normals."""
    import random
    rng = random.Random(1)
    half = [abs(rng.gauss(0, 1)) for _ in range(16384)]
    mixture = [abs(rng.gauss(0, 1)) for _ in range(12288)] + [rng.gauss(4, 0.5) for _ in range(4096)]
    found = (len(modes(half)), len(modes(mixture)))
    print(f"modes: half-normal {found[0]} (1 expected), mixture of two normals {found[1]} (2 expected)")
    if found != (1, 2):
        raise SystemExit(1)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--check-modes":
    check_modes()
elif __name__ == "__main__":
    mechanism1()
    mechanism2()
    alignment()
    mechanism3()
    bimodality()
    references()
