import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { mulberry32, normalSource } from '../core/random.ts';
import { toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { cleanPrices, ctaPositionHistory, resolveCtaParams } from './cta.ts';
import { volControlModel } from './volcontrol.ts';
import { choleskyInPlace, flowRegressionDesign, flowVarianceDecomposition, ols, sameDayChange, shapleyTwoGroups, type FlowVarianceInput } from './flowVariance.ts';

// Orthogonal polynomials on 4 points: mutually orthogonal and each sums to 0, so over any
// 4k consecutive rows of the periodic design the centred cross-products are exact multiples.
const P1 = [-3, -1, 1, 3]; // Σ² = 20
const P2 = [1, -1, -1, 1]; // Σ² = 4
const P3 = [-1, 3, -3, 1]; // Σ² = 20

function periodic(blocks: number, f: (k: number) => number): Float64Array {
  return Float64Array.from({ length: 4 * blocks }, (_, i) => f(i % 4));
}

describe('choleskyInPlace', () => {
  it('factors a 2×2 by hand: [[4,2],[2,3]] = L·Lᵀ with L = [[2,0],[1,√2]]', () => {
    const l = new Float64Array(4);
    assert.equal(choleskyInPlace(Float64Array.from([4, 2, 2, 3]), l, 2), 0);
    assert.deepEqual([l[0], l[2], l[3]], [2, 1, Math.SQRT2]);
  });
  it('drops a column collinear with an earlier one (and counts it)', () => {
    const l = new Float64Array(4);
    assert.equal(choleskyInPlace(Float64Array.from([1, 3, 3, 9]), l, 2), 1);
    assert.equal(l[3], 0);
  });
});

describe('ols', () => {
  it('y = 2·x1 + noise orthogonal to x1: β = 2, R² = 80 / 104 by hand', () => {
    // y = 2·P1 + P2 + P3 per block: SS = 4·20 + 4 + 20 = 104, explained by P1: 80.
    const x1 = periodic(3, (k) => P1[k] as number);
    const y = periodic(3, (k) => 2 * (P1[k] as number) + (P2[k] as number) + (P3[k] as number));
    const r = ols(y, [x1]);
    assert.ok(Math.abs((r.beta[0] as number) - 2) < 1e-12);
    assert.ok(Math.abs(r.intercept) < 1e-12);
    assert.ok(Math.abs(r.r2 - 80 / 104) < 1e-12);
    const both = ols(y, [x1, periodic(3, (k) => P2[k] as number)]);
    assert.ok(Math.abs((both.beta[1] as number) - 1) < 1e-12);
    assert.ok(Math.abs(both.r2 - 84 / 104) < 1e-12);
  });
  it('gives a collinear column β = 0 and the fit of the others', () => {
    const x1 = periodic(3, (k) => P1[k] as number);
    const y = periodic(3, (k) => 2 * (P1[k] as number) + (P2[k] as number));
    const r = ols(y, [x1, x1.map((v) => 3 * v)]);
    assert.equal(r.dropped, 1);
    assert.equal(r.beta[1], 0);
    assert.ok(Math.abs(r.r2 - 80 / 84) < 1e-12);
  });
  it('refuses too few rows', () => {
    assert.throws(() => ols(Float64Array.from([1, 2]), [Float64Array.from([1, 3])]), NotEnoughDataError);
  });
});

describe('shapleyTwoGroups', () => {
  it('splits the joint R² so the shares add up to it', () => {
    const s = shapleyTwoGroups(0.3, 0.2, 0.4);
    assert.ok(Math.abs(s.flows - 0.25) < 1e-15 && Math.abs(s.macro - 0.15) < 1e-15);
  });
});

describe('flowVarianceDecomposition', () => {
  const days = (n: number) => Int32Array.from({ length: n }, (_, i) => toDay('2000-01-31') + 30 * i); // one row a month: every row ends a month
  it('orthogonal groups: R² and Shapley shares are exact in every window (hand-computed)', () => {
    const n = 48;
    const input: FlowVarianceInput = {
      dates: days(n),
      returns: periodic(12, (k) => 2 * (P1[k] as number) + (P2[k] as number) + (P3[k] as number)),
      flows: [{ name: 'x1', unit: '', values: periodic(12, (k) => P1[k] as number) }],
      macro: [{ name: 'x2', unit: '', values: periodic(12, (k) => P2[k] as number) }],
    };
    const r = flowVarianceDecomposition(input, 12);
    assert.equal(r.windows.length, n - 12 + 1);
    for (const w of [r.full, ...r.windows]) {
      assert.ok(Math.abs(w.r2Flows - 80 / 104) < 1e-12, `${w.end}: ${w.r2Flows}`);
      assert.ok(Math.abs(w.r2Macro - 4 / 104) < 1e-12);
      assert.ok(Math.abs(w.r2Joint - 84 / 104) < 1e-12);
      assert.ok(Math.abs(w.shapleyFlows - 80 / 104) < 1e-12);
      assert.ok(Math.abs(w.shapleyMacro - 4 / 104) < 1e-12);
    }
  });
  it('correlated groups: Shapley shares by hand, 0.400641 and 0.407051', () => {
    // macro = P1 + P2: R²(M) = 44² / (24·104) = 0.775641; R²(F∪M) = 84/104.
    const input: FlowVarianceInput = {
      dates: days(48),
      returns: periodic(12, (k) => 2 * (P1[k] as number) + (P2[k] as number) + (P3[k] as number)),
      flows: [{ name: 'x1', unit: '', values: periodic(12, (k) => P1[k] as number) }],
      macro: [{ name: 'x1+x2', unit: '', values: periodic(12, (k) => (P1[k] as number) + (P2[k] as number)) }],
    };
    const f = flowVarianceDecomposition(input, 12).full;
    assert.ok(Math.abs(f.r2Macro - 1936 / 2496) < 1e-12);
    assert.ok(Math.abs(f.shapleyFlows - 0.5 * (80 / 104 + 84 / 104 - 1936 / 2496)) < 1e-12);
    assert.ok(Math.abs(f.shapleyFlows - 0.400641) < 1e-6 && Math.abs(f.shapleyMacro - 0.407051) < 1e-6);
  });
  it('rolling windows from prefix sums equal a direct OLS on the same rows (random data, NaN rows skipped)', () => {
    const z = normalSource(mulberry32(7));
    const n = 400;
    const cols = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => 1000 + 50 * z()));
    const y = Float64Array.from({ length: n }, (_, i) => 0.001 * ((cols[0] as Float64Array)[i] as number) - 0.002 * ((cols[3] as Float64Array)[i] as number) + 0.05 * z());
    (cols[2] as Float64Array)[17] = Number.NaN;
    y[33] = Number.NaN;
    const dates = Int32Array.from({ length: n }, (_, i) => toDay('2010-01-04') + i);
    const r = flowVarianceDecomposition({ dates, returns: y, flows: cols.slice(0, 2).map((v, j) => ({ name: `f${j}`, unit: '', values: v })), macro: cols.slice(2).map((v, j) => ({ name: `m${j}`, unit: '', values: v })) }, 100);
    assert.equal(r.rows, 398);
    const w = r.windows[4];
    assert.ok(w);
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i !== 17 && i !== 33 && dates[i]! >= toDay(w.start) && dates[i]! <= toDay(w.end));
    assert.equal(keep.length, 100);
    const sub = (v: Float64Array) => Float64Array.from(keep.map((i) => v[i] as number));
    const direct = ols(sub(y), cols.map(sub));
    const directF = ols(sub(y), cols.slice(0, 2).map(sub));
    assert.ok(Math.abs(w.r2Joint - direct.r2) < 1e-10, `${w.r2Joint} vs ${direct.r2}`);
    assert.ok(Math.abs(w.r2Flows - directF.r2) < 1e-10);
    assert.ok(w.r2Joint > 0.5);
  });
  it('names the bad parameter, and refuses too few rows', () => {
    const x = { dates: days(30), returns: new Float64Array(30), flows: [{ name: 'a', unit: '', values: new Float64Array(30) }], macro: [] };
    assert.throws(() => flowVarianceDecomposition(x, 12), (e: Error) => e instanceof ParameterError && /macro/.test(e.message));
    assert.throws(() => flowVarianceDecomposition({ ...x, macro: x.flows }, 5), (e: Error) => e instanceof ParameterError && /window/.test(e.message));
    assert.throws(() => flowVarianceDecomposition({ ...x, macro: x.flows }, 40), NotEnoughDataError);
  });
});

describe('sameDayChange', () => {
  it('needs a value on the row date and measures from the last value on or before the previous row', () => {
    const rows = Int32Array.from([toDay('2024-01-02'), toDay('2024-01-03'), toDay('2024-01-04'), toDay('2024-01-05')]);
    const s = seriesFrom('DGS10', ['2024-01-02', '2024-01-04', '2024-01-05'], [4.0, 4.25, 4.2]);
    const d = sameDayChange(rows, s, false);
    assert.ok(Number.isNaN(d[0] as number) && Number.isNaN(d[1] as number)); // no previous row; no value on the 3rd
    assert.ok(Math.abs((d[2] as number) - 0.25) < 1e-12); // 4.25 − 4.0 (the 2nd, last value on or before the 3rd)
    assert.ok(Math.abs((d[3] as number) + 0.05) < 1e-12);
    assert.ok(Math.abs((sameDayChange(rows, s, true)[3] as number) - Math.log(4.2 / 4.25)) < 1e-15);
  });
});

test('flow variance on the shared data: flows explain ~0.5% of S&P 500 variance, macro ~37%', { skip: skipWithoutRealData }, async () => {
  const [spx, vix, vix3m, dgs10, dgs2, hySpread, crude, dollar] = await Promise.all(['SPY', 'VIX', 'VIX3M', 'DGS10', 'DGS2', 'BAMLH0A0HYM2', 'CL_F', 'DXY'].map((id) => loadRealSeries(id)));
  const design = flowRegressionDesign({ spx: spx!, vix: vix!, vix3m: vix3m!, dgs10: dgs10!, dgs2: dgs2!, hySpread: hySpread!, crude: crude!, dollar: dollar! });
  assert.deepEqual(design.flows.map((f) => f.name), ['vol-control pending flow', 'CTA trigger roll', 'buyback blackout share', 'Δ VIX/VIX3M (t−1)']);
  // The blackout regressor uses the buyback model's default window (B = 42, A = 2 calendar days).
  // By hand on Fri 2023-09-29 (quarter end q = Sat 09-30, t = q − 1): blackout if a report R lies
  // in [t − 2, t + 42] = [q − 3, q + 41]: season weeks 1–5 whole (0 + 0.05 + 0.2 + 0.3 + 0.25) and
  // days 36–41 of week 6 (6/7 · 0.12) = 0.902857; the old 35-day window gave 0.764286.
  const row = design.dates.indexOf(toDay('2023-09-29'));
  const blackout = design.flows[2]?.values[row] as number;
  assert.ok(Math.abs(blackout - (0.8 + (6 / 7) * 0.12)) < 1e-12, `blackout ${blackout}`);
  const r = flowVarianceDecomposition(design);
  // Complete cases run from the first VIX3M ratio change to CL_F's last close.
  assert.equal(r.full.start, '2009-09-22');
  assert.equal(r.full.end, '2026-02-23');
  assert.equal(r.rows, 4094);
  assert.equal(r.windows.length, 186);
  assert.ok(Math.abs(r.full.r2Joint - 0.3778) < 0.001, `joint ${r.full.r2Joint}`);
  assert.ok(Math.abs(r.full.r2Macro - 0.3699) < 0.001, `macro ${r.full.r2Macro}`);
  assert.ok(Math.abs(r.full.r2Flows - 0.00266) < 0.0001, `flows ${r.full.r2Flows}`);
  assert.ok(Math.abs(r.full.shapleyFlows - 0.00528) < 0.0001, `φ flows ${r.full.shapleyFlows}`);
  for (const w of [r.full, ...r.windows]) assert.ok(Math.abs(w.shapleyFlows + w.shapleyMacro - w.r2Joint) < 1e-12);
  // The flows' best window is the one through the March 2020 crash.
  const peak = r.windows.reduce((b, w) => (w.shapleyFlows > b.shapleyFlows ? w : b));
  assert.equal(peak.end, '2020-03-31');
  assert.ok(Math.abs(peak.shapleyFlows - 0.0578) < 0.002, `peak ${peak.shapleyFlows}`);
  assert.ok(r.windows.every((w) => w.shapleyMacro > w.shapleyFlows));
  // Independent check of the prefix-sum path: the normal equations on the complete rows directly.
  const all = [...design.flows, ...design.macro].map((x) => x.values);
  const direct = ols(design.returns, all);
  assert.equal(direct.n, 4094);
  assert.ok(Math.abs(direct.r2 - r.full.r2Joint) < 1e-9, `${direct.r2} vs ${r.full.r2Joint}`);
  // The full sample alone (running sums, no windows) is the same fit bit for bit, with and without the HY spread.
  const fullOnly = flowVarianceDecomposition(design, 252, false);
  assert.deepEqual(fullOnly.full, r.full);
  assert.equal(fullOnly.windows.length, 0);
  const noHy = { ...design, macro: design.macro.filter((m) => m.name !== 'Δ HY spread') };
  assert.deepEqual(flowVarianceDecomposition(noHy, 252, false).full, flowVarianceDecomposition(noHy).full);
  // Results computed elsewhere on the same S&P 500 series (default parameters) give the same design.
  const given = flowRegressionDesign(
    { spx: spx!, vix: vix!, vix3m: vix3m!, dgs10: dgs10!, dgs2: dgs2!, hySpread: hySpread!, crude: crude!, dollar: dollar! },
    { volControl: volControlModel(spx!), ctaPosition: ctaPositionHistory(cleanPrices(spx!).px, resolveCtaParams()) },
  );
  assert.deepEqual(given, design);
});
