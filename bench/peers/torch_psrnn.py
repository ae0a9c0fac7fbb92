"""The psRNN of MODEL.md in PyTorch: the peer psrnn's engines are timed against.

One training iteration as a PyTorch user would write it: the leaky RNN unrolled over T steps in
eager mode (or captured in a CUDA graph on a GPU), autograd for BPTT, then, without autograd,
the global norm over {dW_in, db_rec, dW_out, db_out, G*S} and clipping, Adam on the
input/output tensors and on W where S = 1 (moments of WEAK entries frozen), the Hebbian update
of WEAK entries from H = mean_t,b r_t r_{t-1}^T, threshold or stochastic switching and the
moment reset of synapses that went WEAK -> STRONG. float32. Its random numbers are PyTorch's own
(the timing does not depend on them), so it is a timing peer, not a parity oracle.

usage: torch_psrnn.py [--hidden N] [--batch B] [--steps T] [--rule bp|switch|...]
                      [--threads K] [--blas-threads M] [--device cpu|cuda] [--graph]
                      [--seconds S] [--warmup S] [--blas-info]
--graph (cuda only): the whole iteration (forward, autograd, update) captured once in a CUDA graph
with torch.cuda.graph and replayed, PyTorch's own answer to launch overhead.
--threads K sets torch's threads and, where torch calls OpenBLAS, OpenBLAS's own thread pool as
well (torch.set_num_threads leaves that one at all cores); --blas-threads M sets the latter apart.
prints a line iterations_per_second=<value> (and the settings it ran with); on the cpu also the
BLAS it ran with, as key=value lines:
  blas=               the BLAS torch's matrix products went to (OpenBLAS: its openblas_get_config)
  blas_library=       the BLAS library mapped into the process
  blas_core=          the kernel set OpenBLAS chose (openblas_get_corename; "-" for another BLAS)
  blas_threads=       OpenBLAS's thread count ("-" for another BLAS)
  openblas_coretype=  the environment's OPENBLAS_CORETYPE ("unset" when absent), the core type
                      asked for; a name this OpenBLAS does not know falls back to its detection,
                      so blas_core is the one that counts
  openblas_l2_size=   the environment's OPENBLAS_L2_SIZE ("unset" when absent)
  torch_blas=         torch's build: BLAS_INFO from torch.__config__.show(), MKL and oneDNN
  threadpoolctl=      what threadpoolctl sees, where it is installed
--blas-info prints only these lines (no timing), with the thread settings applied.
"""
import argparse
import ctypes
import math
import os
import re
import time

import torch


def build(n, n_in, n_out, rule, device, seed=1):
    g = torch.Generator(device="cpu").manual_seed(seed)
    w = (torch.randn(n, n, generator=g) / math.sqrt(n)).to(device)
    theta = torch.quantile(w.abs().flatten().double().cpu()[: min(n * n, 1 << 24)], 0.77).item()
    if rule == "bp":
        s = torch.ones(n, n, dtype=torch.bool)
    elif rule == "hebb":
        s = torch.zeros(n, n, dtype=torch.bool)
    elif rule == "fixed":
        s = torch.rand(n, n, generator=g) < 0.23
    else:
        s = w.abs().cpu() >= theta
    params = {
        "W_in": (torch.randn(n, n_in, generator=g) / math.sqrt(n_in)).to(device),
        "W_rec": w,
        "W_out": (torch.randn(n_out, n, generator=g) / math.sqrt(n)).to(device),
        "b_rec": torch.zeros(n, device=device),
        "b_out": torch.zeros(n_out, device=device),
    }
    for p in params.values():
        p.requires_grad_(True)
    state = {
        "params": params,
        "m": {k: torch.zeros_like(v) for k, v in params.items()},
        "v": {k: torch.zeros_like(v) for k, v in params.items()},
        "S": s.to(device),
        "k": torch.zeros((), dtype=torch.float64, device=device),  # a tensor, so a captured graph sees it advance
        "theta": theta,
    }
    return state


def iteration(state, u, labels, mask, cfg):
    p = state["params"]
    w, w_in, w_out, b_rec, b_out = p["W_rec"], p["W_in"], p["W_out"], p["b_rec"], p["b_out"]
    steps, batch, _ = u.shape
    n = w.shape[0]
    alpha, noise = cfg["alpha"], math.sqrt(2 * cfg["alpha"]) * cfg["sigma_rec"]
    # Step 1: forward (relu), the input projection for all steps at once.
    drive_in = u @ w_in.T + b_rec
    x = torch.zeros(batch, n, device=u.device)
    r = torch.relu(x)
    rates = [r]
    for t in range(steps):
        x = (1 - alpha) * x + alpha * (r @ w.T + drive_in[t]) + noise * torch.randn(batch, n, device=u.device)
        r = torch.relu(x)
        rates.append(r)
    rates = torch.stack(rates)
    y = rates[1:] @ w_out.T + b_out
    # Step 2: masked cross-entropy and BPTT.
    logp = torch.log_softmax(y, dim=-1)
    loss = -(mask * logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1)).sum() / mask.sum()
    names = ["W_in", "W_rec", "W_out", "b_rec", "b_out"]
    grads = dict(zip(names, torch.autograd.grad(loss, [p[k] for k in names])))
    with torch.no_grad():
        s = state["S"]
        sf = s.to(torch.float32)
        # Step 3: clipping over G * S and the rest.
        norm = torch.sqrt(sum((grads[k] ** 2).sum() for k in names if k != "W_rec") + ((grads["W_rec"] * sf) ** 2).sum())
        scale = torch.clamp(cfg["clip"] / norm, max=1.0) if cfg["clip"] > 0 else torch.ones((), device=u.device)
        # Step 5's term from this iteration's activity (only when some synapse is WEAK).
        any_weak = cfg["any_weak"]
        if any_weak:
            post, pre = rates[1:].reshape(-1, n), rates[:-1].reshape(-1, n)
            h = post.T @ pre / post.shape[0]
        # Step 4: Adam, on W only where S = 1.
        state["k"] += 1
        k = state["k"]
        c1, c2 = (1 - cfg["beta1"] ** k).float(), (1 - cfg["beta2"] ** k).float()
        for name in names:
            g = grads[name] * scale
            m, v = state["m"][name], state["v"][name]
            m_new = cfg["beta1"] * m + (1 - cfg["beta1"]) * g
            v_new = cfg["beta2"] * v + (1 - cfg["beta2"]) * g * g
            step = cfg["lr"] * (m_new / c1) / (torch.sqrt(v_new / c2) + cfg["eps"])
            if name == "W_rec":
                m.copy_(torch.where(s, m_new, m))
                v.copy_(torch.where(s, v_new, v))
                w_old = p[name].detach().clone()
                p[name].sub_(torch.where(s, step, torch.zeros_like(step)))
            else:
                m.copy_(m_new)
                v.copy_(v_new)
                p[name].sub_(step)
        if any_weak:
            # Step 5: Hebbian update of WEAK synapses from the pre-update W.
            hebbian = w_old + cfg["eta_h"] * h - cfg["lambda"] * w_old
            w.copy_(torch.where(s, w, hebbian))
        # Step 6: switching.
        if cfg["mode"] == "threshold":
            a = w.abs()
            s_new = torch.where(s, a >= (1 - cfg["hysteresis"]) * state["theta"], a >= state["theta"])
        elif cfg["mode"] == "stochastic":
            a = w.abs()
            temp = 0.1 * state["theta"]
            p_up = cfg["kappa"] * torch.sigmoid((a - state["theta"]) / temp)
            p_down = cfg["kappa"] * torch.sigmoid((state["theta"] - a) / temp)
            flip = torch.rand_like(a) < torch.where(s, p_down, p_up)
            s_new = s ^ flip
        else:
            s_new = s
        up = s_new & ~s
        state["m"]["W_rec"].masked_fill_(up, 0.0)
        state["v"]["W_rec"].masked_fill_(up, 0.0)
        s.copy_(s_new)  # in place, so a captured graph keeps working on the same S
    return loss


def loaded_blas():
    """The CPU BLAS libraries mapped into this process (from /proc/self/maps), in load order."""
    paths = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                fields = line.split(None, 5)
                if len(fields) < 6:
                    continue
                path = fields[5].strip()
                name = os.path.basename(path)
                if re.match(r"lib(open)?blas|libblis|libflexiblas|libmkl_(rt|core)|libnvpl_blas", name) \
                        and path not in paths:
                    paths.append(path)
    except OSError:
        pass
    return paths


def openblas_handle():
    """(path, ctypes handle) of the loaded OpenBLAS, or (None, None) where torch does not use it."""
    for path in loaded_blas():
        try:
            lib = ctypes.CDLL(path)  # already loaded: the same handle, no second copy
        except OSError:
            continue
        if hasattr(lib, "openblas_get_corename") and hasattr(lib, "openblas_get_config"):
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return path, lib
    return None, None


def blas_report():
    """key=value lines: which BLAS, kernel set and threads this process runs with."""
    path, lib = openblas_handle()
    others = loaded_blas()
    lines = []
    if lib is not None:
        lines.append("blas=" + lib.openblas_get_config().decode(errors="replace").strip())
        lines.append("blas_library=" + path)
        lines.append("blas_core=" + lib.openblas_get_corename().decode(errors="replace").strip())
        lines.append(f"blas_threads={lib.openblas_get_num_threads()}")
    else:
        lines.append("blas=" + (("not OpenBLAS: " + os.path.basename(os.path.realpath(others[-1]))) if others
                                else "none found (torch's own kernels or a statically linked BLAS)"))
        lines.append("blas_library=" + (os.path.realpath(others[-1]) if others else "-"))
        lines.append("blas_core=-")
        lines.append("blas_threads=-")
    lines.append("openblas_coretype=" + os.environ.get("OPENBLAS_CORETYPE", "unset"))
    lines.append("openblas_l2_size=" + os.environ.get("OPENBLAS_L2_SIZE", "unset"))
    info = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    lines.append(f"torch_blas=BLAS_INFO={info.group(1) if info else '?'} mkl={torch.backends.mkl.is_available()} "
                 f"mkldnn={torch.backends.mkldnn.is_available()} threads={torch.get_num_threads()}")
    try:
        from threadpoolctl import threadpool_info
        pools = [" ".join(str(p[k]) for k in ("internal_api", "version", "architecture") if p.get(k))
                 + f" threads={p.get('num_threads')}" for p in threadpool_info()]
        lines.append("threadpoolctl=" + ("; ".join(pools) if pools else "none"))
    except ImportError:
        pass
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--rule", default="switch", choices=["bp", "switch", "switch-stochastic", "fixed", "hebb"])
    ap.add_argument("--threads", type=int, default=0,
                    help="torch threads, and OpenBLAS's unless --blas-threads (0: the libraries' defaults)")
    ap.add_argument("--blas-threads", type=int, default=0, help="OpenBLAS threads (0: as --threads)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--graph", action="store_true", help="capture the iteration in a CUDA graph (cuda only)")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--blas-info", action="store_true", help="print the BLAS lines only, no timing")
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    blas_threads = args.blas_threads or args.threads
    if blas_threads > 0:
        _, openblas = openblas_handle()
        if openblas is not None:
            openblas.openblas_set_num_threads(blas_threads)
    if args.blas_info:
        print("\n".join(blas_report()))
        return
    device = torch.device(args.device)
    n_in, n_out = 3, 3
    state = build(args.hidden, n_in, n_out, args.rule, device)
    mode = {"switch": "threshold", "switch-stochastic": "stochastic"}.get(args.rule, "none")
    cfg = dict(alpha=0.2, sigma_rec=0.05, clip=1.0, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, eta_h=1e-3,
               hysteresis=0.0, kappa=0.1, mode=mode, any_weak=args.rule != "bp", **{"lambda": 0.0})
    g = torch.Generator(device="cpu").manual_seed(7)
    u = torch.rand(args.steps, args.batch, n_in, generator=g).to(device)
    labels = torch.randint(0, n_out, (args.steps, args.batch), generator=g).to(device)
    mask = torch.ones(args.steps, args.batch, device=device)

    step = lambda: iteration(state, u, labels, mask, cfg)
    if args.graph:
        if device.type != "cuda":
            ap.error("--graph needs --device cuda")
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm up outside the capture, as torch.cuda.graph asks
            for _ in range(3):
                iteration(state, u, labels, mask, cfg)
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            iteration(state, u, labels, mask, cfg)
        step = graph.replay

    def run(seconds):
        end = time.perf_counter() + seconds
        count = 0
        while True:
            step()
            count += 1
            if device.type == "cuda":
                torch.cuda.synchronize()
            if time.perf_counter() >= end:
                return count

    run(args.warmup)
    start = time.perf_counter()
    count = run(args.seconds)
    elapsed = time.perf_counter() - start
    print(f"torch {torch.__version__} device={args.device}{' graph' if args.graph else ''} threads={torch.get_num_threads()} "
          f"N={args.hidden} B={args.batch} T={args.steps} rule={args.rule}: {count} iterations in {elapsed:.1f} s")
    if device.type == "cpu":
        print("\n".join(blas_report()))
    print(f"iterations_per_second={count / elapsed:.4f}")


if __name__ == "__main__":
    main()
