"""Golden values of MODEL.md's structure metrics, from numpy and scipy.

usage: analysis_golden.py OUT.npz
Writes fixed non-symmetric test matrices W_<c>, W_init_<c> and, for each case c, the array
metrics_<c> = [antisymmetry, pair_correlation, bimodality_abs, bimodality_log_abs,
effective_rank, participation_ratio, effective_rank_change, participation_ratio_change,
non_normality]. The Java tests read the committed output
(java/core/src/test/resources/org/psrnn/analysis/golden.npz); rerun this script to regenerate it.
"""
import sys

import numpy as np
from scipy import stats


def sarle(x):
    n = x.size
    g = stats.skew(x, bias=False)
    k = stats.kurtosis(x, fisher=True, bias=False)
    return (g * g + 1) / (k + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


def rank_measures(m):
    s = np.linalg.svd(m, compute_uv=False)
    p = s / s.sum()
    p = p[p > 0]
    return np.exp(-(p * np.log(p)).sum()), (s ** 2).sum() ** 2 / (s ** 4).sum()


def metrics(w, w_init):
    ws, wa = (w + w.T) / 2, (w - w.T) / 2
    anti = np.linalg.norm(wa) / (np.linalg.norm(ws) + np.linalg.norm(wa))
    iu = np.triu_indices(w.shape[0], 1)
    corr = np.corrcoef(w[iu], w.T[iu])[0, 1]
    a = np.abs(w).ravel()
    er, pr = rank_measures(w)
    erd, prd = rank_measures(w - w_init)
    lam = np.linalg.eigvals(w)
    nonnormal = 1 - (np.abs(lam) ** 2).sum() / (w ** 2).sum()
    return np.array([anti, corr, sarle(a), sarle(np.log10(a[a > 0])), er, pr, erd, prd, nonnormal])


def cases():
    rng = np.random.RandomState(20261127)
    n = 40
    w_init = rng.randn(n, n) / np.sqrt(n)
    yield w_init + 0.3 * rng.randn(n, n) / np.sqrt(n), w_init          # i.i.d.
    u, v = rng.randn(n, 2), rng.randn(n, 2)
    yield w_init + 0.5 * u @ v.T / n, w_init                             # low-rank change
    n = 25
    w_init = rng.randn(n, n) * 0.1
    big = rng.rand(n, n) < 0.23
    w = np.where(big, rng.choice([-1, 1], (n, n)) * (0.8 + 0.1 * rng.randn(n, n)), 0.05 * rng.randn(n, n))
    yield w, w_init                                                      # bimodal magnitudes
    n = 30
    w = np.triu(rng.randn(n, n), 1) + 0.2 * rng.randn(n, n)              # mostly feedforward
    yield w, np.zeros((n, n)) + 0.01 * np.eye(n)
    n = 12
    w = rng.randn(n, n)
    w[rng.rand(n, n) < 0.2] = 0.0                                        # exact zeros
    yield w, rng.randn(n, n)


def main(out):
    arrays = {}
    for c, (w, w_init) in enumerate(cases()):
        arrays[f"W_{c}"] = w
        arrays[f"W_init_{c}"] = w_init
        arrays[f"metrics_{c}"] = metrics(w, w_init)
    np.savez(out, **arrays)


if __name__ == "__main__":
    main(sys.argv[1])
