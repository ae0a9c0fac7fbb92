"""Golden values of psrnn's paired tests, from scipy.

usage: stats_golden.py OUT.npz
Writes cases x_<c>, y_<c> (paired samples) and expected_<c> = [wilcoxon statistic, wilcoxon
p-value (scipy's default method), sign-flip permutation p-value of the mean difference (NaN beyond n = 20)].
The Java tests read the committed output (java/core/src/test/resources/org/psrnn/analysis/stats.npz).
"""
import sys

import numpy as np
from scipy import stats


def cases():
    rng = np.random.RandomState(7)
    yield rng.normal(0, 1, 10), rng.normal(0.8, 1, 10)                # n = 10, no ties: exact
    yield rng.normal(0, 1, 12), rng.normal(0.1, 1, 12)
    x = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3.])                   # ties: permutation (n <= 13)
    yield x, np.array([2, 7, 1, 8, 2, 8, 1, 8, 2, 8.])
    a = rng.randint(0, 5, 11).astype(float)                           # ties and zero differences
    yield a, a + rng.randint(-2, 3, 11)
    yield rng.normal(0, 1, 30), rng.normal(0.3, 1, 30)                # n = 30, no ties: exact
    b = rng.randint(0, 6, 25).astype(float)                           # n = 25 with ties: normal approximation
    yield b, b + rng.randint(-3, 4, 25)
    yield np.array([6400., 4800, 9600, 3200, 8000, 6400, 4800, 11200, 5600, 7200]), \
        np.array([11200., 9600, 14400, 8000, 11200, 9600, 12800, 16000, 8800, 12000])  # trials to criterion


def main(out):
    arrays = {}
    for c, (x, y) in enumerate(cases()):
        w = stats.wilcoxon(x, y)
        perm_p = np.nan  # exact sign-flip enumeration only up to n = 20 (psrnn samples beyond)
        if len(x) <= 20:
            perm_p = stats.permutation_test((x, y), lambda a, b, axis=-1: np.mean(a - b, axis=axis), vectorized=True,
                                            permutation_type="samples", n_resamples=np.inf, alternative="two-sided").pvalue
        arrays[f"x_{c}"] = x
        arrays[f"y_{c}"] = y
        arrays[f"expected_{c}"] = np.array([w.statistic, w.pvalue, perm_p])
        print(c, len(x), arrays[f"expected_{c}"])
    np.savez(out, **arrays)


if __name__ == "__main__":
    main(sys.argv[1])
