"""numpy reference for bench/flows.bench.ts: the scenario model of src/sim (CTA sign rule over
lookbacks 21/63/126/252 with 63-day vol sizing and a cap, per asset; a vol-control fund on asset 0
with max(21-, 63-day) realised vol, cap and partial daily adjustment), written the way a careful
numpy user would: vectorised across paths, the history part of every rolling window computed once,
percentiles by np.percentile (selection, not a sort).

(1) the deterministic tapes, to check the numbers agree with flowlens to 1e-9, and
(2) correlated GBM Monte Carlo paths (Cholesky of the history's correlation matrix), to time it.
Reads the inputs as JSON from the file named on the command line; prints results as JSON."""
import json
import sys
import time

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
hist = [np.array(h, dtype=np.float64) for h in inp["histories"]]
A = len(hist)
weights = np.array(inp["weights"], dtype=np.float64)
lookbacks = inp["lookbacks"]
w = inp["volWindow"]
vol_target = inp["volTarget"]
cap = inp["cap"]
aum = inp["aumBn"]
vc = inp["volControl"]
horizons = inp["horizons"]
H = max(horizons)
nh = len(horizons)
base = max(max(lookbacks), w, vc["longWindow"], vc["shortWindow"])
ANN = np.sqrt(252.0)
FLAT = 1e-12

# History tails (base + 1 prices) as log prices and returns, shared by every path.
lp_hist = [np.log(h[-base - 1 :]) for h in hist]
r_hist = [np.diff(l) for l in lp_hist]  # r_hist[i] is the return into index i + 1


def sd_from(s, q, n):
    m = s / n
    return np.sqrt(np.maximum(0.0, (q - n * m * m) / (n - 1)))


def window_parts(a, e, win):
    """History part (sum, sum of squares) of the `win`-day window ending at buffer index e (> base
    allowed), i.e. returns at indices e-win+1 … min(e, base)."""
    lo = e - win + 1
    r = r_hist[a][lo - 1 : base]  # returns at buffer indices lo … base
    return r.sum(), (r * r).sum()


def positions(a, cs, csq, h):
    """CTA position of asset a at index base + h for paths with cumulative path returns cs[:, j-1]
    (j = 1 … H) and cumulative squares csq; h = 0 gives today's (scalar broadcast)."""
    hs, hq = window_parts(a, base + h, w)
    if h == 0:
        s, q, lp_now = hs, hq, 0.0
    else:
        k0 = max(0, h - w)
        s = hs + cs[:, h - 1] - (cs[:, k0 - 1] if k0 > 0 else 0.0)
        q = hq + csq[:, h - 1] - (csq[:, k0 - 1] if k0 > 0 else 0.0)
        lp_now = cs[:, h - 1]
    dv = sd_from(s, q, w)
    sig = 0.0
    for L in lookbacks:
        back = h - L
        lp_back = (cs[:, back - 1] if back > 0 else 0.0) if back >= 0 else lp_hist[a][base + back] - lp_hist[a][base]
        r = lp_now - lp_back
        sig = sig + np.where(r > FLAT, 1.0, np.where(r < -FLAT, -1.0, 0.0))
    raw = (sig / len(lookbacks)) * (vol_target / (dv * ANN))
    return np.clip(raw, -cap, cap)


def vol_control(cs, csq):
    """Vol-control flows at each horizon for asset vc['assetIndex'], vectorised across paths."""
    a = vc["assetIndex"]
    x = np.full(cs.shape[0], vc["exposure"])
    out = []
    for j in range(1, H + 1):
        sds = []
        for win in (vc["shortWindow"], vc["longWindow"]):
            hs, hq = window_parts(a, base + j, win)
            k0 = max(0, j - win)
            s = hs + cs[:, j - 1] - (cs[:, k0 - 1] if k0 > 0 else 0.0)
            q = hq + csq[:, j - 1] - (csq[:, k0 - 1] if k0 > 0 else 0.0)
            sds.append(sd_from(s, q, win))
        sigma = ANN * np.maximum(sds[0], sds[1])
        with np.errstate(divide="ignore"):
            target = np.where(sigma > 0, np.minimum(vc["cap"], vc["targetVol"] / sigma), vc["cap"])
        x = x + vc["adjustSpeed"] * (target - x)
        if j in horizons:
            out.append(vc["aumBn"] * (x - vc["exposure"]))
    return out


def flows(paths_r):
    """paths_r: (n, A, H) daily log returns. Returns (A + 3, nh, n): per asset, CTA total, vol-control, total."""
    n = paths_r.shape[0]
    out = np.zeros((A + 3, nh, n))
    cs_all = np.cumsum(paths_r, axis=2)
    csq_all = np.cumsum(paths_r * paths_r, axis=2)
    for a in range(A):
        cs = cs_all[:, a, :]
        csq = csq_all[:, a, :]
        p0 = positions(a, cs, csq, 0)
        for i, h in enumerate(horizons):
            out[a, i] = aum * weights[a] * (positions(a, cs, csq, h) - p0)
    out[A] = out[:A].sum(axis=0)
    a = vc["assetIndex"]
    vcf = vol_control(cs_all[:, a, :], csq_all[:, a, :])
    for i in range(nh):
        out[A + 1, i] = vcf[i]
    out[A + 2] = out[A] + out[A + 1]
    return out


def daily_vol(a):
    r = r_hist[a][base - w :]
    return r.std(ddof=1)


sd = np.array([daily_vol(a) for a in range(A)])


def tapes():
    res = []
    for k in inp["sigmas"]:
        path = np.empty((1, A, H))
        for a in range(A):
            step = k * sd[a] * np.sqrt(H) / H
            for j in range(1, H + 1):
                swing = 0.0 if inp["tapeShape"] == "linear" or (H % 2 == 1 and j == H) else (sd[a] if j % 2 == 1 else -sd[a])
                path[0, a, j - 1] = step + swing
        res.append(flows(path)[:, :, 0].tolist())
    return res


def monte_carlo(P, seed, chunk):
    rng = np.random.default_rng(seed)
    joint = np.array(inp["jointReturns"], dtype=np.float64)
    L = np.linalg.cholesky(np.corrcoef(joint, rowvar=False))
    drift = -0.5 * sd * sd
    raw = np.empty((A + 3, nh, P))
    for s in range(0, P, chunk):
        n = min(chunk, P - s)
        z = rng.standard_normal((n, H, A))
        e = z @ L.T  # (n, H, A) correlated shocks
        r = np.transpose(drift + sd * e, (0, 2, 1))  # (n, A, H)
        raw[:, :, s : s + n] = flows(r)
    mean = raw.mean(axis=2)
    pct = np.percentile(raw, [5, 25, 50, 75, 95], axis=2)
    return mean, pct


t = tapes()
best = float("inf")
best_cpu = float("inf")
for _ in range(inp.get("repeats", 1)):
    t0 = time.perf_counter()
    c0 = time.process_time()
    mean, pct = monte_carlo(inp["paths"], 1, inp.get("chunk", 20000))
    best = min(best, time.perf_counter() - t0)
    best_cpu = min(best_cpu, time.process_time() - c0)
print(json.dumps({"tapes": t, "mcSeconds": best, "mcCpuSeconds": best_cpu, "mean": mean.tolist(), "p50": pct[2].tolist(), "numpy": np.__version__}))
