"""Shared part of the Python references of bench/flows.bench.ts (flows_numpy.py, flows_numba.py):
the inputs, the history constants of the scenario model of src/sim, the deterministic tapes, the
summary (mean and 5/25/50/75/95 percentiles by np.percentile, i.e. selection) and a line server.

The model (src/sim/scenario.ts): per asset a CTA position from the sign of its 21/63/126/252-day
log returns (a lookback whose return is flat on the path keeps today's sign), sized by 63-day realised vol (volTarget / (sigma_d * sqrt 252)) and capped; a
vol-control fund on one asset with sigma = max(21-, 63-day) realised vol, target
min(cap, targetVol / sigma) and partial adjustment x_j = x_{j-1} + k (target_j - x_{j-1}). Flows over h
days = AUM * weight * (position_h - position_0). Every lookback and window is at least the longest
horizon H (checked), so each window's history part is a constant computed once here and a path
enters only through its cumulative log return and cumulative squared return.

Server: reads one command per line on stdin and answers one JSON line on stdout —
  "info" | "tapes" | "mc <paths> <seed>" (timed: wall and CPU seconds of this process)."""
import json
import sys
import time

import numpy as np

ANN = np.sqrt(252.0)
FLAT = 1e-12


class Model:
    def __init__(self, inp):
        self.inp = inp
        hist = [np.array(h, dtype=np.float64) for h in inp["histories"]]
        self.A = A = len(hist)
        self.weights = np.array(inp["weights"], dtype=np.float64)
        self.lookbacks = np.array(inp["lookbacks"], dtype=np.int64)
        self.w = w = inp["volWindow"]
        self.vol_target = inp["volTarget"]
        self.cap = inp["cap"]
        self.aum = inp["aumBn"]
        vc = self.vc = inp["volControl"]
        self.horizons = np.array(inp["horizons"], dtype=np.int64)
        self.H = H = int(self.horizons.max())
        self.nh = nh = len(self.horizons)
        base = max(int(self.lookbacks.max()), w, vc["longWindow"], vc["shortWindow"])
        if min(int(self.lookbacks.min()), w, vc["shortWindow"], vc["longWindow"]) < H:
            raise SystemExit("reference: every lookback and window must be at least the longest horizon")
        lp = np.array([np.log(h[-base - 1 :]) for h in hist])  # (A, base + 1): log prices, today at base
        r = np.diff(lp, axis=1)  # r[:, i] is the return into index i + 1
        sq = np.concatenate([np.zeros((A, 1)), np.cumsum(r * r, axis=1)], axis=1)

        def part(a, e, win):
            """History part (sum, sum of squares) of the win-day window ending at index e >= base."""
            lo = e - win  # returns at indices lo + 1 ... base
            return lp[a, base] - lp[a, lo], sq[a, base] - sq[a, lo]

        # CTA constants per asset and horizon (index 0: today).
        hs = np.zeros((A, nh + 1))
        hq = np.zeros((A, nh + 1))
        sig_c = np.zeros((A, nh + 1, len(self.lookbacks)))
        for a in range(A):
            for k, h in enumerate([0, *self.horizons.tolist()]):
                hs[a, k], hq[a, k] = part(a, base + h, w)
                sig_c[a, k] = lp[a, base] - lp[a, base + h - self.lookbacks]
        self.hs, self.hq, self.sig_c = hs, hq, sig_c
        # Today's signal per asset and lookback: a lookback return that is flat on a path (a tape
        # back where it started) keeps it instead of reading 0, as the engine does (no flip by
        # construction; src/sim/kernels.ts ctaPosition with ties).
        r0 = sig_c[:, 0, :]
        self.sig0 = (r0 > FLAT).astype(np.float64) - (r0 < -FLAT)
        self.scale = self.aum * self.weights
        self.pos0 = self.positions(np.zeros((1, A)), np.zeros((1, A)), 0)[0]
        # Vol-control constants for days 1 ... H of both windows.
        va = vc["assetIndex"]
        self.vc_hs = np.array([[part(va, base + j, win)[0] for j in range(1, H + 1)] for win in (vc["shortWindow"], vc["longWindow"])])
        self.vc_hq = np.array([[part(va, base + j, win)[1] for j in range(1, H + 1)] for win in (vc["shortWindow"], vc["longWindow"])])
        # x_h = (1-k)^h x0 + sum_{j<=h} k (1-k)^(h-j) target_j: the recursion as one product.
        k = vc["adjustSpeed"]
        self.vc_w = np.zeros((H, nh))
        for i, h in enumerate(self.horizons.tolist()):
            for j in range(1, h + 1):
                self.vc_w[j - 1, i] = k * (1 - k) ** (h - j)
        self.vc_x0 = np.array([(1 - k) ** h * vc["exposure"] for h in self.horizons.tolist()])
        # Today's daily vol (the CTA window) and GBM inputs, as the engine.
        self.sd = np.array([r[a, base - w :].std(ddof=1) for a in range(A)])
        self.drift = -0.5 * self.sd * self.sd
        joint = np.array(inp["jointReturns"], dtype=np.float64)
        self.chol = np.linalg.cholesky(np.corrcoef(joint, rowvar=False))

    @staticmethod
    def sd_from(s, q, n):
        m = s / n
        return np.sqrt(np.maximum(0.0, (q - n * m * m) / (n - 1)))

    def positions(self, cs, csq, k):
        """CTA positions (n, A) at horizon index k (0 = today) from cumulative path sums (n, A)."""
        dv = self.sd_from(self.hs[:, k] + cs, self.hq[:, k] + csq, self.w)
        r = cs[:, :, None] + self.sig_c[None, :, k, :]
        step = (r > FLAT).astype(np.float64) - (r < -FLAT)
        sig = np.where(np.abs(r) <= FLAT, self.sig0[None, :, :], step).sum(axis=2) / len(self.lookbacks)
        return np.clip(sig * (self.vol_target / (dv * ANN)), -self.cap, self.cap)

    def vol_control(self, c, cq):
        """Vol-control flows (nh, n) from the asset's cumulative sums at days 1 ... H (n, H)."""
        vc = self.vc
        sds = [self.sd_from(self.vc_hs[i] + c, self.vc_hq[i] + cq, win) for i, win in enumerate((vc["shortWindow"], vc["longWindow"]))]
        sigma = ANN * np.maximum(sds[0], sds[1])
        with np.errstate(divide="ignore"):
            target = np.minimum(vc["cap"], vc["targetVol"] / sigma)  # sigma = 0: +inf -> cap
        x = target @ self.vc_w + self.vc_x0
        return (vc["aumBn"] * (x - vc["exposure"])).T

    def tape_paths(self):
        """The deterministic tapes as paths (len(sigmas), H, A), as paths.ts tapePath ('swing')."""
        H = self.H
        out = []
        for k in self.inp["sigmas"]:
            p = np.empty((H, self.A))
            for a in range(self.A):
                s = self.sd[a]
                step = k * s * np.sqrt(H) / H
                for j in range(1, H + 1):
                    swing = 0.0 if (H % 2 == 1 and j == H) else (s if j % 2 == 1 else -s)
                    p[j - 1, a] = step + swing
            out.append(p)
        return np.array(out)


def summarise(raw):
    """Mean and type-7 percentiles of each row of raw (rows, paths)."""
    return raw.mean(axis=1), np.percentile(raw, [5, 25, 50, 75, 95], axis=1)


def serve(model, flows_of_paths, monte_carlo, info):
    """flows_of_paths(R (n, H, A)) -> (A + 3, nh, n); monte_carlo(paths, seed) -> raw (rows, paths)."""
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "info":
            out = info()
        elif cmd[0] == "tapes":
            f = flows_of_paths(model.tape_paths())
            out = {"tapes": np.transpose(f, (2, 0, 1)).tolist()}
        elif cmd[0] == "mc":
            t0, c0 = time.perf_counter(), time.process_time()
            raw = monte_carlo(int(cmd[1]), int(cmd[2]))
            mean, pct = summarise(raw)
            out = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "mean": mean.tolist(), "p50": pct[2].tolist()}
        else:
            out = {"error": f"unknown command {cmd[0]}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


def blas_info():
    """Which BLAS numpy runs, its kernel (core type) and thread count: threadpoolctl when it knows
    the library, else OpenBLAS's own get_corename / get_num_threads through ctypes."""
    out = {"numpy": np.__version__, "python": sys.executable}
    try:
        sys.path.append("/usr/lib/python3/dist-packages")
        from threadpoolctl import threadpool_info

        pools = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")} for p in threadpool_info()]
        if pools:
            out["threadpoolctl"] = pools
    except ImportError:
        pass
    if "threadpoolctl" not in out:
        import ctypes
        import glob
        import os

        for path in glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*")):
            lib = ctypes.CDLL(path)
            for prefix in ("scipy_openblas_", "openblas_"):
                for suffix in ("64_", ""):
                    core = getattr(lib, f"{prefix}get_corename{suffix}", None)
                    if core:
                        core.restype = ctypes.c_char_p
                        threads = getattr(lib, f"{prefix}get_num_threads{suffix}")
                        out["openblas"] = {"corename": core().decode(), "num_threads": threads(), "library": os.path.basename(path)}
                        break
                if "openblas" in out:
                    break
    return out
