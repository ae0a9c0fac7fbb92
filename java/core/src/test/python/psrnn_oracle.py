"""An independent implementation of MODEL.md (one training iteration) in numpy, float64.

It shares no code with psrnn: vectorised over the batch, matrix products instead of loops, its
own Philox. The Java test suite runs `psrnn step` and this script on the same random cases and
compares every output array.

usage: psrnn_oracle.py DIR [DIR ...]
Each DIR holds state.npz, batch.npz and config.json (the files of `psrnn step`); the script
writes DIR/oracle.npz with the arrays `psrnn step` writes.
"""
import json
import sys

import numpy as np

MASK = np.uint64(0xFFFFFFFF)
PHILOX_M = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))
PHILOX_W = (0x9E3779B9, 0xBB67AE85)
NAMES = ("W_in", "W_rec", "W_out", "b_rec", "b_out")


def philox(counter, seed):
    """Philox4x32-10 on broadcast uint64 arrays holding 32-bit words."""
    c0, c1, c2, c3 = (np.asarray(c, dtype=np.uint64) & MASK for c in counter)
    k0, k1 = seed & 0xFFFFFFFF, seed >> 32
    for rnd in range(10):
        if rnd:
            k0, k1 = (k0 + PHILOX_W[0]) & 0xFFFFFFFF, (k1 + PHILOX_W[1]) & 0xFFFFFFFF
        p0 = PHILOX_M[0] * c0
        p1 = PHILOX_M[1] * c2
        c0, c1, c2, c3 = ((p1 >> np.uint64(32)) ^ c1 ^ np.uint64(k0), p1 & MASK,
                          (p0 >> np.uint64(32)) ^ c3 ^ np.uint64(k1), p0 & MASK)
    return c0, c1, c2, c3


def philox_normal(counter, seed):
    o = philox(counter, seed)
    u1 = (o[0].astype(np.float64) + 1.0) * 2.0**-32
    u2 = o[1].astype(np.float64) * 2.0**-32
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def activation(name):
    if name == "relu":
        return (lambda x: np.maximum(x, 0.0)), (lambda x: (x > 0).astype(np.float64))
    if name == "tanh":
        return np.tanh, (lambda x: 1.0 - np.tanh(x) ** 2)
    if name == "softplus":
        return (lambda x: np.logaddexp(0.0, x)), (lambda x: 1.0 / (1.0 + np.exp(-x)))
    if name == "retanh":
        return (lambda x: np.tanh(np.maximum(x, 0.0))), (lambda x: np.where(x > 0, 1.0 - np.tanh(x) ** 2, 0.0))
    raise ValueError(name)


def one_iteration(state, batch, cfg):
    p = {n: state[n].astype(np.float64) for n in NAMES}
    m = {n: state["m_" + n].astype(np.float64) if "m_" + n in state else np.zeros_like(p[n]) for n in NAMES}
    v = {n: state["v_" + n].astype(np.float64) if "v_" + n in state else np.zeros_like(p[n]) for n in NAMES}
    S = state["S_rec"].astype(bool)
    k = int(state["iteration"]) if "iteration" in state else 0
    seed = int(cfg.get("seed", 1))
    alpha = cfg.get("alpha", 0.2)
    sigma = cfg.get("sigma_rec", 0.05)
    phi, dphi = activation(cfg.get("activation", "relu"))
    u = batch["inputs"].astype(np.float64)
    mask = batch["mask"].astype(np.float64)
    T, B, _ = u.shape
    N = p["W_rec"].shape[0]
    loss_kind = cfg.get("loss", "xent" if "labels" in batch else "mse")

    # Noise: explicit, or Philox counter (i, b, k, 4 | t << 8).
    if "noise" in batch:
        xi = batch["noise"].astype(np.float64)
    else:
        t_, b_, i_ = np.meshgrid(np.arange(T), np.arange(B), np.arange(N), indexing="ij")
        xi = philox_normal((i_, b_, np.full_like(i_, k), 4 | (t_ << 8)), seed)

    # Forward, whole batch at once.
    xs = np.zeros((T, B, N))
    rs = np.zeros((T + 1, B, N))  # rs[0] = r_{-1}
    rs[0] = phi(np.zeros((B, N)))
    x = np.zeros((B, N))
    for t in range(T):
        x = (1 - alpha) * x + alpha * (rs[t] @ p["W_rec"].T + u[t] @ p["W_in"].T + p["b_rec"]) \
            + np.sqrt(2 * alpha) * sigma * xi[t]
        xs[t] = x
        rs[t + 1] = phi(x)
    y = np.einsum("tbi,oi->tbo", rs[1:], p["W_out"]) + p["b_out"]

    # Loss and dL/dy.
    msum = mask.sum()
    n_out = y.shape[2]
    if loss_kind == "mse":
        diff = y - batch["targets"].astype(np.float64)
        loss = (mask[..., None] * diff ** 2).sum() / (n_out * msum)
        dy = 2 * mask[..., None] * diff / (n_out * msum)
    else:
        labels = batch["labels"].astype(np.int64)
        logp = y - np.logaddexp.reduce(y, axis=2, keepdims=True)
        onehot = np.eye(n_out)[labels]
        loss = -(mask * (logp * onehot).sum(axis=2)).sum() / msum
        dy = mask[..., None] * (np.exp(logp) - onehot) / msum

    # BPTT in matrix form: delta_t = dL/dx_t.
    g = {n: np.zeros_like(p[n]) for n in NAMES}
    g["W_out"] = np.einsum("tbo,tbi->oi", dy, rs[1:])
    g["b_out"] = dy.sum(axis=(0, 1))
    delta_next = np.zeros((B, N))
    for t in reversed(range(T)):
        dr = dy[t] @ p["W_out"] + alpha * delta_next @ p["W_rec"]
        delta = dr * dphi(xs[t]) + (1 - alpha) * delta_next
        g["W_rec"] += alpha * delta.T @ rs[t]
        g["W_in"] += alpha * delta.T @ u[t]
        g["b_rec"] += alpha * delta.sum(axis=0)
        delta_next = delta
    grads_unclipped = {n: g[n].copy() for n in NAMES}

    # Clipping over G * S and the rest.
    norm = np.sqrt(sum((g[n] ** 2).sum() for n in NAMES if n != "W_rec") + ((g["W_rec"] * S) ** 2).sum())
    clip = cfg.get("clip", 1.0)
    scale = clip / norm if clip > 0 and norm > clip else 1.0

    # Hebbian term from this iteration's activity (computed before any update).
    post, pre = rs[1:], rs[:-1]
    rule = cfg.get("hebb_rule", "plain")
    if rule == "covariance":
        H = np.einsum("tbi,tbj->ij", post - post.mean(axis=(0, 1)), pre - pre.mean(axis=(0, 1))) / (B * T)
    else:
        H = np.einsum("tbi,tbj->ij", post, pre) / (B * T)
    Q = (post ** 2).mean(axis=(0, 1))

    # Adam (textbook form), masked on W by S.
    lr, b1, b2, eps = cfg.get("lr", 1e-3), cfg.get("beta1", 0.9), cfg.get("beta2", 0.999), cfg.get("eps", 1e-8)
    step = k + 1
    W_pre = p["W_rec"].copy()
    for n in NAMES:
        active = S if n == "W_rec" else np.ones_like(p[n], dtype=bool)
        gn = scale * g[n]
        m_new = b1 * m[n] + (1 - b1) * gn
        v_new = b2 * v[n] + (1 - b2) * gn * gn
        upd = lr * (m_new / (1 - b1 ** step)) / (np.sqrt(v_new / (1 - b2 ** step)) + eps)
        p[n] = np.where(active, p[n] - upd, p[n])
        m[n] = np.where(active, m_new, m[n])
        v[n] = np.where(active, v_new, v[n])

    # Hebbian on WEAK.
    eta, lam = cfg.get("eta_h", 1e-3), cfg.get("lambda", 0.0)
    hebb = H - Q[:, None] * W_pre if rule == "oja" else H
    W_hebb = W_pre + eta * hebb - lam * W_pre
    if cfg.get("w_max") is not None:
        W_hebb = np.clip(W_hebb, -cfg["w_max"], cfg["w_max"])
    p["W_rec"] = np.where(S, p["W_rec"], W_hebb)

    # Switching from the updated W.
    mode = cfg.get("switch_mode", "threshold")
    A = np.abs(p["W_rec"])
    if mode == "none":
        S_new = S.copy()
    elif mode == "threshold":
        theta, h = cfg["theta"], cfg.get("hysteresis", 0.0)
        S_new = np.where(S, A >= (1 - h) * theta, A >= theta)
    else:
        theta, kappa = cfg["theta"], cfg.get("kappa", 0.1)
        temp = cfg.get("temp", 0.1 * theta)
        p_up = kappa / (1 + np.exp(-(A - theta) / temp))
        p_down = kappa / (1 + np.exp(-(theta - A) / temp))
        i_, j_ = np.meshgrid(np.arange(N), np.arange(N), indexing="ij")
        word = philox((j_, i_, np.full_like(i_, k), np.full_like(i_, 5)), seed)[0]
        prob = np.where(S, p_down, p_up)
        flip = word < np.floor(prob * 2.0**32).astype(np.uint64)
        S_new = S ^ flip
    went_up = S_new & ~S
    m["W_rec"] = np.where(went_up, 0.0, m["W_rec"])
    v["W_rec"] = np.where(went_up, 0.0, v["W_rec"])

    out = {n: p[n] for n in NAMES}
    out["S_rec"] = S_new.astype(np.uint8)
    for n in NAMES:
        out["m_" + n] = m[n]
        out["v_" + n] = v[n]
    out["iteration"] = np.array(k + 1, dtype=np.int64)
    out["loss"] = np.array(loss)
    for n in NAMES:
        out["grad_" + n] = grads_unclipped[n]
    out["hebb"] = H
    out["grad_norm"] = np.array(norm)
    return out


def main(folders):
    for d in folders:
        state = dict(np.load(d + "/state.npz"))
        batch = dict(np.load(d + "/batch.npz"))
        with open(d + "/config.json") as f:
            cfg = json.load(f)
        np.savez(d + "/oracle.npz", **one_iteration(state, batch, cfg))
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1:])
