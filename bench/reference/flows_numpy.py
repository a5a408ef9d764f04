"""numpy reference for bench/flows.bench.ts: the same CTA model (sign rule, lookbacks 21/63/126/252,
63-day vol sizing, cap) on (1) the deterministic tapes, computed exactly as src/sim/scenario.ts
does, to check the numbers agree, and (2) GBM Monte Carlo paths, vectorised across paths, to time
it. Reads the inputs as JSON on stdin, prints results as JSON."""
import json
import sys
import time

import numpy as np

inp = json.load(sys.stdin)
hist = [np.array(h, dtype=np.float64) for h in inp["histories"]]
weights = np.array(inp["weights"], dtype=np.float64)
lookbacks = inp["lookbacks"]
vol_window = inp["volWindow"]
vol_target = inp["volTarget"]
cap = inp["cap"]
aum = inp["aumBn"]
horizons = inp["horizons"]
H = max(horizons)
need = max(max(lookbacks), vol_window, inp["vcLong"]) + 2
base = need - 1


def daily_vol(px, end):
    r = np.log(px[..., end - vol_window + 1 : end + 1] / px[..., end - vol_window : end])
    return r.std(axis=-1, ddof=1)


def position(px, end):
    dv = daily_vol(px, end)
    s = np.zeros_like(dv)
    for lb in lookbacks:
        r = np.log(px[..., end] / px[..., end - lb])
        s = s + np.where(np.abs(r) > 1e-12, np.sign(r), 0.0)  # flat within 1e-12: no signal, as in cta.ts
    raw = (s / len(lookbacks)) * (vol_target / (dv * np.sqrt(252)))
    return np.clip(raw, -cap, cap)


def tapes():
    out = []
    for k in inp["sigmas"]:
        totals = np.zeros(len(horizons))
        for a, h0 in enumerate(hist):
            px = np.empty(need + H)
            px[:need] = h0[-need:]
            sd = daily_vol(px, base)
            step = k * sd * np.sqrt(H) / H
            for j in range(1, H + 1):
                swing = 0.0 if (H % 2 == 1 and j == H) else (sd if j % 2 == 1 else -sd)
                px[base + j] = px[base + j - 1] * np.exp(step + swing)
            p0 = position(px, base)
            for hi, h in enumerate(horizons):
                totals[hi] += aum * weights[a] * (position(px, base + h) - p0)
        out.append(totals.tolist())
    return out


def monte_carlo(paths, seed):
    rng = np.random.default_rng(seed)
    totals = np.zeros((len(horizons), paths))
    for a, h0 in enumerate(hist):
        tail = h0[-need:]
        sd = daily_vol(tail, need - 1)
        z = rng.standard_normal((paths, H))
        logp = np.log(tail[-1]) + np.cumsum(-0.5 * sd * sd + sd * z, axis=1)
        px = np.empty((paths, need + H))
        px[:, :need] = tail
        px[:, need:] = np.exp(logp)
        p0 = position(px, base)
        for hi, h in enumerate(horizons):
            totals[hi] += aum * weights[a] * (position(px, base + h) - p0)
    return totals


t = tapes()
t0 = time.perf_counter()
mc = monte_carlo(inp["paths"], 1)
seconds = time.perf_counter() - t0
print(json.dumps({"tapes": t, "mcSeconds": seconds, "mcMean21": float(mc[-1].mean())}))
