"""A compiled (numba) implementation of the same algorithm as flowlens's compiled GBM evaluator
(src/sim/compiledGbm.ts): path by path, each day's correlated returns go into running sums per
asset; at each horizon the CTA positions come from those sums and the history constants; the
vol-control exposure is stepped day by day. Normals come from numpy's SFC64 (ziggurat) in chunks,
the fastest generator at hand; percentiles by np.percentile (selection), as flows_numpy.py.
Usage: flows_numba.py INPUTS.json, then commands on stdin (flows_common.serve)."""
import json
import sys

import numba
import numpy as np
from numba import njit

from flows_common import ANN, FLAT, Model, blas_info, serve

with open(sys.argv[1]) as f:
    inp = json.load(f)
m = Model(inp)
A, H, nh = m.A, m.H, m.nh
CHUNK = int(inp.get("chunk", 4096))
vc = m.vc


@njit(cache=False, fastmath=False, boundscheck=False)
def kernel(R, horizons, hs, hq, sig_c, sig0, w, vol_target, cap, scale, pos0, va, vc_hs, vc_hq, wins, vc_tv, vc_cap, k, x0, vc_aum, out, col):
    """R (n, H, A) daily log returns -> out[:, :, col + p] (A + 3, nh)."""
    n, H, A = R.shape
    nL = sig_c.shape[2]
    l = np.zeros(A)
    q = np.zeros(A)
    for p in range(n):
        for a in range(A):
            l[a] = 0.0
            q[a] = 0.0
        x = x0
        hi = 0
        for j in range(H):
            for a in range(A):
                r = R[p, j, a]
                l[a] += r
                q[a] += r * r
            # Vol control: both windows' sigma on day j + 1, target, partial adjustment.
            s1 = vc_hs[0, j] + l[va]
            m1 = s1 / wins[0]
            v1 = np.sqrt(max(0.0, (vc_hq[0, j] + q[va] - wins[0] * m1 * m1) / (wins[0] - 1)))
            s2 = vc_hs[1, j] + l[va]
            m2 = s2 / wins[1]
            v2 = np.sqrt(max(0.0, (vc_hq[1, j] + q[va] - wins[1] * m2 * m2) / (wins[1] - 1)))
            sigma = ANN * max(v1, v2)
            target = min(vc_cap, vc_tv / sigma) if sigma > 0 else vc_cap
            x = x + k * (target - x)
            if hi < horizons.shape[0] and j == horizons[hi] - 1:
                tot = 0.0
                for a in range(A):
                    s = hs[a, hi + 1] + l[a]
                    mm = s / w
                    dv = np.sqrt(max(0.0, (hq[a, hi + 1] + q[a] - w * mm * mm) / (w - 1)))
                    g = 0.0
                    for li in range(nL):
                        rr = l[a] + sig_c[a, hi + 1, li]
                        if -FLAT <= rr <= FLAT:
                            g += sig0[a, li]  # a flat lookback keeps today's signal
                        else:
                            g += (rr > FLAT) - (rr < -FLAT)
                    raw = (g / nL) * (vol_target / (dv * ANN))
                    pos = cap if raw > cap else (-cap if raw < -cap else raw)
                    f = scale[a] * (pos - pos0[a])
                    out[a, hi, col + p] = f
                    tot += f
                out[A, hi, col + p] = tot
                out[A + 1, hi, col + p] = vc_aum * (x - x0)
                out[A + 2, hi, col + p] = tot + vc_aum * (x - x0)
                hi += 1


args = (m.horizons, m.hs, m.hq, m.sig_c, m.sig0, float(m.w), m.vol_target, m.cap, m.scale, m.pos0, vc["assetIndex"], m.vc_hs, m.vc_hq, np.array([float(vc["shortWindow"]), float(vc["longWindow"])]), vc["targetVol"], vc["cap"], vc["adjustSpeed"], vc["exposure"], vc["aumBn"])
LT = m.chol.T * m.sd[None, :]


def flows_of_paths(R):
    out = np.empty((A + 3, nh, R.shape[0]))
    kernel(np.ascontiguousarray(R), *args, out, 0)
    return out


def monte_carlo(P, seed):
    rng = np.random.Generator(np.random.SFC64(seed))
    raw = np.empty((A + 3, nh, P))
    for s in range(0, P, CHUNK):
        n = min(CHUNK, P - s)
        z = rng.standard_normal((n * H, A))
        R = z @ LT
        R += m.drift
        kernel(R.reshape(n, H, A), *args, raw, s)
    return raw.reshape((A + 3) * nh, P)


flows_of_paths(m.tape_paths())  # compile before any timing
serve(m, flows_of_paths, monte_carlo, lambda: {**blas_info(), "numba": numba.__version__, "chunk": CHUNK})
