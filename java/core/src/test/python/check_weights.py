"""Checks a run's weights.npz the way a numpy user would load it.

usage: check_weights.py RUN_DIR N N_IN N_OUT
"""
import sys

import numpy as np


def main(run, n, n_in, n_out):
    d = np.load(run + "/weights.npz")
    want = {"W_in": (n, n_in), "W_rec": (n, n), "W_out": (n_out, n), "b_rec": (n,), "b_out": (n_out,),
            "S_rec": (n, n), "W_rec_init": (n, n)}
    assert sorted(d.files) == sorted(want), d.files
    for k, shape in want.items():
        assert d[k].shape == shape, (k, d[k].shape, shape)
        assert d[k].dtype == (np.uint8 if k == "S_rec" else np.float32), (k, d[k].dtype)
    assert set(np.unique(d["S_rec"])) <= {0, 1}
    assert np.isfinite(d["W_rec"]).all()
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1], *map(int, sys.argv[2:]))
