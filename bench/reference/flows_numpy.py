"""The fastest numpy we could write for the scenario model of src/sim (see flows_common.py):
per chunk of paths, normals from SFC64 (ziggurat), one 2-D matrix product for the correlated
returns, the cumulative sums only at the horizons as two more products with an indicator matrix
(plus every day of the vol-control asset), CTA positions vectorised over paths and assets, the
vol-control recursion as one product. Run with one BLAS thread (OPENBLAS_NUM_THREADS=1 etc.).
Usage: flows_numpy.py INPUTS.json, then commands on stdin (flows_common.serve)."""
import json
import sys

import numpy as np

from flows_common import Model, blas_info, serve

with open(sys.argv[1]) as f:
    inp = json.load(f)
m = Model(inp)
A, H, nh = m.A, m.H, m.nh
va = m.vc["assetIndex"]
CHUNK = int(inp.get("chunk", 4096))

# Indicator matrix: column i*A + a sums asset a's days 1 ... h_i; the last H columns are the
# vol-control asset's running sums at every day. Rows are day-major: j*A + a.
M = np.zeros((H * A, nh * A + H))
for i, h in enumerate(m.horizons.tolist()):
    for j in range(h):
        for a in range(A):
            M[j * A + a, i * A + a] = 1.0
for d in range(H):
    M[: (d + 1) * A, nh * A + d][va::A] = 1.0
LT = m.chol.T * m.sd[None, :]  # e = z L^T scaled by each asset's daily vol


def flows_from_sums(S, Q, n):
    """Flows (A + 3, nh, n) from the sums S = R @ M and Q = (R*R) @ M."""
    out = np.empty((A + 3, nh, n))
    for i in range(nh):
        cs = S[:, i * A : (i + 1) * A]
        csq = Q[:, i * A : (i + 1) * A]
        f = m.scale * (m.positions(cs, csq, i + 1) - m.pos0)  # (n, A)
        out[:A, i] = f.T
        out[A, i] = f.sum(axis=1)
    out[A + 1] = m.vol_control(S[:, nh * A :], Q[:, nh * A :])
    out[A + 2] = out[A] + out[A + 1]
    return out


def flows_of_paths(R):
    n = R.shape[0]
    R2 = R.reshape(n, H * A)
    return flows_from_sums(R2 @ M, (R2 * R2) @ M, n)


def monte_carlo(P, seed):
    rng = np.random.Generator(np.random.SFC64(seed))
    raw = np.empty((A + 3, nh, P))
    for s in range(0, P, CHUNK):
        n = min(CHUNK, P - s)
        z = rng.standard_normal((n * H, A))
        R = z @ LT  # one product: (n·H, A) correlated, vol-scaled shocks
        R += m.drift
        R2 = R.reshape(n, H * A)
        raw[:, :, s : s + n] = flows_from_sums(R2 @ M, (R2 * R2) @ M, n)
    return raw.reshape((A + 3) * nh, P)


serve(m, flows_of_paths, monte_carlo, lambda: {**blas_info(), "chunk": CHUNK})
