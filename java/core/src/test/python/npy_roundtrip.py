"""Cross-check of psrnn's .npy/.npz reader and writer against numpy.

usage: npy_roundtrip.py DIR
Reads DIR/java.npz (written by psrnn), checks every array's dtype, shape and values against
expected(), then writes the same arrays with numpy into DIR/py.npz (numpy.savez) and
DIR/py_compressed.npz (numpy.savez_compressed), plus single files psrnn must reject or read:
fortran.npy, complex.npy, bigendian.npy.
"""
import sys
import numpy as np


def expected():
    return {
        "f4": (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3),
        "f8": np.array([np.pi, -np.e, 1e-300, 1e300], dtype=np.float64),
        "i4": np.array([[-2**31, 2**31 - 1], [0, 7]], dtype=np.int32),
        "i8": np.array(2**62 + 3, dtype=np.int64),
        "u1": np.array([0, 1, 128, 254, 255], dtype=np.uint8),
        "b1": np.array([True, False, True]),
        "empty": np.zeros((0, 3), dtype=np.float32),
    }


def main(folder):
    got = np.load(folder + "/java.npz")
    want = expected()
    assert sorted(got.files) == sorted(want), (got.files, list(want))
    for name, w in want.items():
        g = got[name]
        assert g.dtype == w.dtype, (name, g.dtype, w.dtype)
        assert g.shape == w.shape, (name, g.shape, w.shape)
        assert np.array_equal(g, w), (name, g, w)
        assert g.flags["C_CONTIGUOUS"], name
    np.savez(folder + "/py.npz", **want)
    np.savez_compressed(folder + "/py_compressed.npz", **want)
    np.save(folder + "/fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)))
    np.save(folder + "/complex.npy", np.ones(3, dtype=np.complex64))
    np.save(folder + "/bigendian.npy", np.array([1.5, -2.25, 3e10], dtype=">f8"))
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
