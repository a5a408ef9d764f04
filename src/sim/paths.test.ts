import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapPath, cholesky, correlationMatrix, GbmSampler, gbmPath, generatePaths, tapePath } from './paths.ts';
import { appendPath } from './kernels.ts';
import { Rng } from './rng.ts';

describe('cholesky', () => {
  it('factors the textbook 3×3 example exactly', () => {
    const L = cholesky(Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]), 3);
    assert.deepEqual(Array.from(L), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });
  it('gives a zero column for an asset that duplicates another, and rejects a non-PSD matrix', () => {
    const L = cholesky(Float64Array.from([1, 1, 1, 1]), 2);
    assert.deepEqual(Array.from(L), [1, 0, 1, 0]);
    assert.throws(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2), /not positive semi-definite/);
    assert.throws(() => cholesky(new Float64Array(3), 2), /expected 2×2/);
  });
});

describe('correlationMatrix', () => {
  it('is 1 and −1 for exactly proportional returns', () => {
    const rows = [Float64Array.from([0.01, 0.02, -0.01]), Float64Array.from([0.02, 0.04, -0.02]), Float64Array.from([-0.01, -0.02, 0.01])];
    const c = correlationMatrix(rows, 3);
    const want = [1, 1, -1, 1, 1, -1, -1, -1, 1];
    c.forEach((v, i) => assert.ok(Math.abs(v - (want[i] as number)) < 1e-12, `entry ${i}: ${v}`));
  });
});

describe('GBM paths', () => {
  it('have the requested daily vol, correlation and a martingale price (drift 0)', () => {
    const corr = Float64Array.from([1, 0.6, 0.6, 1]);
    const spec = { dailyVol: Float64Array.from([0.01, 0.02]), cholesky: cholesky(corr, 2) };
    const P = 20_000;
    const H = 21;
    const out = generatePaths({ method: 'gbm', gbm: spec }, 99, 2, H, 0, P);
    const stats = [0, 1].map(() => ({ s: 0, s2: 0 }));
    let cross = 0;
    let growth = 0;
    for (let p = 0; p < P; p++) {
      let cum = 0;
      for (let j = 0; j < H; j++) {
        const x = out[p * 2 * H + j] as number;
        const y = out[p * 2 * H + H + j] as number;
        (stats[0] as { s: number; s2: number }).s += x;
        (stats[0] as { s: number; s2: number }).s2 += x * x;
        (stats[1] as { s: number; s2: number }).s += y;
        (stats[1] as { s: number; s2: number }).s2 += y * y;
        cross += x * y;
        cum += x;
      }
      growth += Math.exp(cum);
    }
    const n = P * H;
    const sd = stats.map(({ s, s2 }) => Math.sqrt(s2 / n - (s / n) ** 2));
    assert.ok(Math.abs((sd[0] as number) / 0.01 - 1) < 0.005, `sd0 ${sd[0]}`); // relative SE 0.0011
    assert.ok(Math.abs((sd[1] as number) / 0.02 - 1) < 0.005, `sd1 ${sd[1]}`);
    // Mean log return −σ²/2.
    assert.ok(Math.abs((stats[1] as { s: number }).s / n + 0.5 * 0.02 ** 2) < 1.5e-4);
    const m0 = (stats[0] as { s: number }).s / n;
    const m1 = (stats[1] as { s: number }).s / n;
    const rho = (cross / n - m0 * m1) / ((sd[0] as number) * (sd[1] as number));
    assert.ok(Math.abs(rho - 0.6) < 0.006, `correlation ${rho}`); // SE 0.0010
    assert.ok(Math.abs(growth / P - 1) < 0.0015, `E[P_H/P_0] = ${growth / P}`); // SE 0.00032
  });

  it('give path p the same numbers whatever range it is generated in', () => {
    const spec = { method: 'gbm' as const, gbm: { dailyVol: Float64Array.from([0.01, 0.015, 0.02]) } };
    const all = generatePaths(spec, 5, 3, 10, 0, 12);
    const one = generatePaths(spec, 5, 3, 10, 7, 8);
    assert.deepEqual(Array.from(one), Array.from(all.subarray(7 * 30, 8 * 30)));
  });

  it('from the compiled sampler equal the plain loops of gbmPath to rounding', () => {
    const A = 4;
    const corr = Float64Array.from([1, 0.3, -0.2, 0.5, 0.3, 1, 0.1, 0.2, -0.2, 0.1, 1, 0, 0.5, 0.2, 0, 1]);
    const spec = { dailyVol: Float64Array.from([0.01, 0.02, 0.005, 0.03]), dailyDrift: Float64Array.from([0.001, 0, -0.001, 0.0002]), cholesky: cholesky(corr, A) };
    const fast = new Float64Array(A * 21);
    const slow = new Float64Array(A * 21);
    new GbmSampler(spec, A, 21).path(new Rng(9, 4), fast, 0);
    gbmPath(new Rng(9, 4), spec, A, 21, slow, 0, new Float64Array(A * 21));
    fast.forEach((v, i) => assert.ok(Math.abs(v - (slow[i] as number)) < 1e-15, `entry ${i}: ${v} vs ${slow[i]}`));
    assert.ok(fast.some((v) => v !== 0));
  });

  it('appended straight to log-price buffers equal path() followed by appendPath, bit for bit', () => {
    const A = 4;
    const H = 21;
    const corr = Float64Array.from([1, 0.3, -0.2, 0.5, 0.3, 1, 0.1, 0.2, -0.2, 0.1, 1, 0, 0.5, 0.2, 0, 1]);
    const spec = { dailyVol: Float64Array.from([0.01, 0.02, 0.005, 0.03]), dailyDrift: Float64Array.from([0.001, 0, -0.001, 0.0002]), cholesky: cholesky(corr, A) };
    const layout = { stride: 40, base: 12 };
    const seedBuffers = () => {
      const lp = new Float64Array(A * layout.stride);
      const sq = new Float64Array(A * layout.stride);
      for (let a = 0; a < A; a++) {
        lp[a * layout.stride + layout.base] = Math.log(100 + a);
        sq[a * layout.stride + layout.base] = 0.01 * (a + 1);
      }
      return { lp, sq };
    };
    const fused = seedBuffers();
    new GbmSampler(spec, A, H, layout).appendTo(new Rng(3, 8), fused.lp, fused.sq);
    const twoStep = seedBuffers();
    const path = new Float64Array(A * H);
    new GbmSampler(spec, A, H).path(new Rng(3, 8), path, 0);
    for (let a = 0; a < A; a++) appendPath(twoStep.lp, twoStep.sq, a * layout.stride, layout.base, H, path, a * H);
    assert.deepEqual(Array.from(fused.lp), Array.from(twoStep.lp));
    assert.deepEqual(Array.from(fused.sq), Array.from(twoStep.sq));
    assert.notEqual(fused.lp[layout.base + H], fused.lp[layout.base]);
    assert.throws(() => new GbmSampler(spec, A, H).appendTo(new Rng(1), fused.lp, fused.sq), /needs the buffer layout/);
  });

  it('apply the drift: E[P_H/P_0] = e^{μH}', () => {
    const P = 20_000;
    const out = generatePaths({ method: 'gbm', gbm: { dailyVol: Float64Array.from([0.01]), dailyDrift: Float64Array.from([0.001]) } }, 3, 1, 21, 0, P);
    let g = 0;
    for (let p = 0; p < P; p++) {
      let c = 0;
      for (let j = 0; j < 21; j++) c += out[p * 21 + j] as number;
      g += Math.exp(c);
    }
    assert.ok(Math.abs(g / P - Math.exp(0.021)) < 0.0015, `${g / P}`);
  });
});

describe('block bootstrap', () => {
  it('draws only whole historical days, in blocks of consecutive days', () => {
    // Day d of the history has returns (d + 0.1, d + 0.2): each drawn day can be identified.
    const T = 40;
    const A = 2;
    const hist = new Float64Array(T * A);
    for (let d = 0; d < T; d++) {
      hist[d * A] = d + 0.1;
      hist[d * A + 1] = d + 0.2;
    }
    const H = 21;
    const out = new Float64Array(A * H);
    const rng = new Rng(1);
    for (let p = 0; p < 200; p++) {
      rng.reseed(1, p);
      bootstrapPath(rng, hist, T, A, H, 5, out, 0);
      for (let j = 0; j < H; j++) {
        const d = Math.round((out[j] as number) - 0.1);
        assert.ok(d >= 0 && d < T, `day ${d}`);
        assert.equal(out[j], d + 0.1);
        assert.equal(out[H + j], d + 0.2, 'both assets come from the same day');
        if (j % 5 !== 0) assert.equal(out[j], (out[j - 1] as number) + 1, 'a block is consecutive days');
      }
    }
  });
  it('rejects a history shorter than a block', () => {
    assert.throws(() => generatePaths({ method: 'bootstrap', history: new Float64Array(3), historyDays: 3, block: 5 }, 1, 1, 5, 0, 1), /at least one block/);
  });
});

describe('deterministic tapes', () => {
  for (const shape of ['linear', 'swing'] as const) {
    for (const H of [5, 21]) {
      it(`end at exactly ±kσ√H (${shape}, H = ${H})`, () => {
        const out = new Float64Array(H);
        for (const k of [-2, -1, 0, 1, 2]) {
          tapePath(k, 0.012, H, shape, out, 0);
          let c = 0;
          for (const x of out) c += x;
          assert.ok(Math.abs(c - k * 0.012 * Math.sqrt(H)) < 1e-15, `${k}σ: ${c}`);
        }
      });
    }
  }
  it('move in equal steps (linear) or swing ±σ around them', () => {
    const lin = new Float64Array(4);
    tapePath(2, 0.01, 4, 'linear', lin, 0);
    assert.deepEqual(Array.from(lin), [0.01, 0.01, 0.01, 0.01]); // 2·0.01·√4 / 4
    const sw = new Float64Array(4);
    tapePath(2, 0.01, 4, 'swing', sw, 0);
    assert.deepEqual(Array.from(sw), [0.02, 0, 0.02, 0]);
  });
});
