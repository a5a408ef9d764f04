import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import { ctaModel, ctaPositionAt, dailyVolAt, FLAT_RETURN, resolveCtaParams, signalAt, type ResolvedCta } from '../models/cta.ts';
import { partialAdjust, targetExposure, windowSigmaAt } from '../models/volcontrol.ts';
import { cholesky, generatePaths, tapePath, type TapeShape } from './paths.ts';
import { Rng } from './rng.ts';
import { riskBudgets, riskParityModel } from '../models/riskparity.ts';
import { distributionOfSegments, MonteCarloRun, runMonteCarlo, runTapes, type ScenarioSetup } from './scenario.ts';
import { quantilesBySelection } from './percentiles.ts';

/** n days of a seeded random walk with a drift. */
function walk(seed: number, drift: number, n = 320): Float64Array {
  const g = new Rng(seed);
  const px = new Float64Array(n);
  px[0] = 100;
  for (let i = 1; i < n; i++) px[i] = (px[i - 1] as number) * Math.exp(drift + 0.01 * g.normal());
  return px;
}

const cta = resolveCtaParams({ aumBn: 300 });
const vcLeg = { assetIndex: 0, targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25, aumBn: 400, exposure: 0.8 };
const setup: ScenarioSetup = {
  assets: [
    { id: 'SPY', prices: walk(1, 0.001), weight: 0.5 },
    { id: 'GLD', prices: walk(2, -0.001, 400), weight: 0.3 },
    { id: 'TLT', prices: walk(3, 0), weight: 0.2 },
  ],
  cta,
  volControl: vcLeg,
  horizons: [5, 21],
};

/**
 * The model's position at `end`, except that a lookback whose return is flat keeps its signal of
 * day `today` (the scenario engine's rule: a tape back where it started flips nothing).
 */
function positionHoldingTies(px: Float64Array, end: number, today: number, p: ResolvedCta): number {
  const dv = dailyVolAt(px, end, p.volWindow);
  let s = 0;
  for (const L of p.lookbacks) {
    const r = Math.log((px[end] as number) / (px[end - L] as number));
    s += Math.abs(r) <= FLAT_RETURN ? signalAt(px, today, L, p.rule, dailyVolAt(px, today, p.volWindow), p.smoothK) : signalAt(px, end, L, p.rule, dv, p.smoothK);
  }
  return Math.max(-p.cap, Math.min(p.cap, (s / p.lookbacks.length) * (p.volTarget / (dv * Math.sqrt(252)))));
}

/**
 * The straightforward reference: append the path (daily log returns, asset-major) to full copies
 * of the price histories and call the model functions on them.
 */
function reference(path: Float64Array, H: number) {
  const perAsset = setup.horizons.map(() => new Array<number>(setup.assets.length).fill(0));
  const ext = setup.assets.map((a, k) => {
    const px = new Float64Array(a.prices.length + H);
    px.set(a.prices);
    for (let j = 1; j <= H; j++) px[a.prices.length - 1 + j] = (px[a.prices.length - 2 + j] as number) * Math.exp(path[k * H + j - 1] as number);
    return px;
  });
  setup.assets.forEach((a, k) => {
    const px = ext[k] as Float64Array;
    const t = a.prices.length - 1;
    setup.horizons.forEach((h, i) => ((perAsset[i] as number[])[k] = cta.aumBn * a.weight * (positionHoldingTies(px, t + h, t, cta) - ctaPositionAt(px, t, cta))));
  });
  const spx = ext[0] as Float64Array;
  const r = new Float64Array(spx.length);
  for (let i = 1; i < spx.length; i++) r[i] = Math.log((spx[i] as number) / (spx[i - 1] as number));
  const t = (setup.assets[0] as { prices: Float64Array }).prices.length - 1;
  let x = vcLeg.exposure;
  const vc: number[] = [];
  for (let j = 1; j <= H; j++) {
    x = partialAdjust(x, targetExposure(windowSigmaAt(r, t + j, 21, 63, 'max'), 0.1, 1.5), 0.25);
    if (setup.horizons.includes(j)) vc.push(vcLeg.aumBn * (x - vcLeg.exposure));
  }
  return { perAsset, vc };
}

describe('deterministic tapes', () => {
  for (const shape of ['swing', 'linear'] as TapeShape[]) {
    it(`equal the model functions on extended histories (${shape})`, () => {
      const H = 21;
      const tapes = runTapes(setup, [-2, -1, 0, 1, 2], shape);
      for (const t of tapes) {
        const path = new Float64Array(3 * H);
        setup.assets.forEach((a, k) => tapePath(t.sigmas, dailyVolAt(a.prices, a.prices.length - 1, 63), H, shape, path, k * H));
        const ref = reference(path, H);
        for (let h = 0; h < 2; h++) {
          for (let a = 0; a < 3; a++) assert.ok(Math.abs(((t.flows.perAsset[h] as Float64Array)[a] as number) - ((ref.perAsset[h] as number[])[a] as number)) < 1e-9, `${t.sigmas}σ h${h} asset ${a}`);
          assert.ok(Math.abs((t.flows.volControl[h] as number) - (ref.vc[h] as number)) < 1e-9);
          const sum = Array.from(t.flows.perAsset[h] as Float64Array).reduce((s, v) => s + v, 0);
          assert.ok(Math.abs(sum - (t.flows.ctaTotal[h] as number)) < 1e-12, 'the CTA total is the sum over assets');
          assert.equal(t.flows.total[h], (t.flows.ctaTotal[h] as number) + (t.flows.volControl[h] as number));
        }
      }
      const down = tapes[0]?.flows.ctaTotal[1] as number;
      const up = tapes[4]?.flows.ctaTotal[1] as number;
      assert.ok(down < up, `a −2σ tape sells more than a +2σ tape (${down} vs ${up})`);
    });
  }
});

describe('Monte Carlo', () => {
  it('equals the straightforward reference path by path (correlated GBM)', () => {
    const corr = Float64Array.from([1, 0.5, -0.2, 0.5, 1, 0.1, -0.2, 0.1, 1]);
    const opts = { paths: 40, seed: 3, method: 'gbm' as const, correlation: corr };
    const run = new MonteCarloRun(setup, opts);
    const rows = run.rows; // (3 assets + CTA total, vol-control, total, risk parity, its equities) × 2 horizons
    assert.equal(rows, 16);
    const raw = new Float64Array(rows * 40);
    run.simulate(0, 40, raw);
    const paths = generatePaths({ method: 'gbm', gbm: { dailyVol: run.engine.dailyVol, cholesky: cholesky(corr, 3) } }, 3, 3, 21, 0, 40);
    for (let p = 0; p < 40; p++) {
      const ref = reference(paths.subarray(p * 63, (p + 1) * 63), 21);
      for (let h = 0; h < 2; h++) {
        let sum = 0;
        for (let a = 0; a < 3; a++) {
          const got = raw[(a * 2 + h) * 40 + p] as number;
          assert.ok(Math.abs(got - ((ref.perAsset[h] as number[])[a] as number)) < 1e-9, `path ${p} h${h} asset ${a}`);
          sum += got;
        }
        assert.ok(Math.abs((raw[(3 * 2 + h) * 40 + p] as number) - sum) < 1e-12, 'CTA total = sum over assets');
        assert.ok(Math.abs((raw[(4 * 2 + h) * 40 + p] as number) - (ref.vc[h] as number)) < 1e-9, `vol-control path ${p}`);
        assert.equal(raw[(5 * 2 + h) * 40 + p], (raw[(3 * 2 + h) * 40 + p] as number) + (raw[(4 * 2 + h) * 40 + p] as number));
      }
    }
  });

  it('repeats for a seed, changes with it, and orders its percentiles', () => {
    const a = runMonteCarlo(setup, { paths: 300, seed: 7, method: 'gbm' });
    const b = runMonteCarlo(setup, { paths: 300, seed: 7, method: 'gbm' });
    const c = runMonteCarlo(setup, { paths: 300, seed: 8, method: 'gbm' });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.ctaTotal, c.ctaTotal);
    for (const d of [...a.ctaTotal, ...a.volControl, ...a.total, ...a.perAsset.flat()]) assert.ok(d.p5 <= d.p25 && d.p25 <= d.p50 && d.p50 <= d.p75 && d.p75 <= d.p95);
    // Means are linear: the total's mean is the sum of the assets' means plus vol-control's.
    const sum = (a.perAsset[1] ?? []).reduce((s, d) => s + d.mean, 0);
    assert.ok(Math.abs(sum - (a.ctaTotal[1]?.mean ?? 0)) < 1e-9);
    assert.ok(Math.abs((a.ctaTotal[1]?.mean ?? 0) + (a.volControl[1]?.mean ?? 0) - (a.total[1]?.mean ?? 0)) < 1e-9);
    assert.equal(a.correlated, false, 'no history and no matrix: independent assets');
  });

  it('correlates GBM assets with the history given', () => {
    const history = Array.from({ length: 100 }, (_, d) => Float64Array.from([Math.sin(d), Math.sin(d) + 0.3 * Math.cos(3 * d), Math.cos(d)]));
    const withHist = runMonteCarlo(setup, { paths: 200, seed: 7, method: 'gbm', history });
    const none = runMonteCarlo(setup, { paths: 200, seed: 7, method: 'gbm', history, correlation: 'none' });
    assert.equal(withHist.correlated, true);
    assert.equal(none.correlated, false);
    assert.deepEqual(none.perAsset[1]?.[0], withHist.perAsset[1]?.[0], 'the first asset does not depend on the others (L₀₀ = 1)');
    assert.notDeepEqual(none.perAsset[1]?.[1], withHist.perAsset[1]?.[1]);
  });

  it('bootstraps only historical days: one repeated day gives one outcome', () => {
    const history = Array.from({ length: 50 }, () => Float64Array.from([0.004, -0.002, 0.001]));
    const r = runMonteCarlo(setup, { paths: 50, seed: 1, method: 'bootstrap', history, blockLength: 5 });
    const d = r.total[1];
    assert.ok(d && Math.abs(d.p95 - d.p5) < 1e-12);
    const path = new Float64Array(63);
    for (let j = 0; j < 21; j++) {
      path[j] = 0.004;
      path[21 + j] = -0.002;
      path[42 + j] = 0.001;
    }
    assert.ok(Math.abs((d?.mean ?? 0) - ((reference(path, 21).perAsset[1] as number[]).reduce((s, v) => s + v, 0) + (reference(path, 21).vc[1] as number))) < 1e-9);
  });

  it('rejects bad options with the field named', () => {
    assert.throws(() => runMonteCarlo(setup, { paths: 0, seed: 1, method: 'gbm' }), /paths must be a whole number/);
    assert.throws(() => runMonteCarlo({ ...setup, horizons: [21, 5] }, { paths: 1, seed: 1, method: 'gbm' }), /increasing order/);
    assert.throws(() => runMonteCarlo(setup, { paths: 1, seed: 1, method: 'bootstrap', history: [Float64Array.from([0, 0, 0])] }), /at least one block/);
    assert.throws(() => runMonteCarlo(setup, { paths: 1, seed: 1, method: 'gbm', history: [Float64Array.from([0, 0])] }), /history day 0 has 2 returns/);
    assert.throws(() => runMonteCarlo({ ...setup, assets: [{ id: 'X', prices: walk(1, 0, 100), weight: 1 }], volControl: undefined }, { paths: 1, seed: 1, method: 'gbm' }), /X: 100 prices, the scenario needs 253/);
  });
});

describe('the flat tape', () => {
  it('flips no signal by construction: with the 21-day lookback alone its flow is the sizing change only', () => {
    const c21 = resolveCtaParams({ aumBn: 300, lookbacks: [21] });
    const s: ScenarioSetup = { assets: setup.assets, cta: c21, horizons: [5, 21] };
    const flat = runTapes(s, [0])[0];
    assert.ok(flat);
    setup.assets.forEach((a, k) => {
      const H = 21;
      const px = new Float64Array(a.prices.length + H);
      px.set(a.prices);
      const path = new Float64Array(H);
      tapePath(0, dailyVolAt(a.prices, a.prices.length - 1, 63), H, 'swing', path, 0);
      for (let j = 1; j <= H; j++) px[a.prices.length - 1 + j] = (px[a.prices.length - 2 + j] as number) * Math.exp(path[j - 1] as number);
      const t = a.prices.length - 1;
      // Today's 21-day signal held; only σ changes.
      const sig = signalAt(px, t, 21, 'sign', 1);
      const want = 300 * a.weight * (Math.max(-2, Math.min(2, (sig * 0.1) / (dailyVolAt(px, t + H, 63) * Math.sqrt(252)))) - ctaPositionAt(px, t, c21));
      assert.ok(Math.abs(((flat.flows.perAsset[1] as Float64Array)[k] as number) - want) < 1e-9, `asset ${k}`);
      // Without the hold the same tape would read the flat 21-day return as no trend (signal 0).
      assert.equal(ctaPositionAt(px, t + H, c21), 0);
    });
  });

  it('the EWMA (aqr) variant steps its variance along the path: tapes equal the model on extended histories', () => {
    const aqr = resolveCtaParams({ aumBn: 300, variant: 'aqr' });
    const s: ScenarioSetup = { assets: setup.assets, cta: aqr, horizons: [5, 21] };
    const H = 21;
    for (const t of runTapes(s, [-2, 1])) {
      setup.assets.forEach((a, k) => {
        const px = new Float64Array(a.prices.length + H);
        px.set(a.prices);
        const path = new Float64Array(H);
        tapePath(t.sigmas, dailyVolAt(a.prices, a.prices.length - 1, 63), H, 'swing', path, 0);
        for (let j = 1; j <= H; j++) px[a.prices.length - 1 + j] = (px[a.prices.length - 2 + j] as number) * Math.exp(path[j - 1] as number);
        const hist = ctaModel([{ prices: seriesFrom('X', Array.from(px, (_, i) => toIso(15000 + i)), Array.from(px)) }], { variant: 'aqr' }).assets[0]?.position as Float64Array;
        const tt = a.prices.length - 1;
        [5, 21].forEach((h, i) => {
          const want = 300 * a.weight * ((hist[tt + h] as number) - (hist[tt] as number));
          assert.ok(Math.abs(((t.flows.perAsset[i] as Float64Array)[k] as number) - want) < 1e-9, `${t.sigmas}σ h${h} asset ${k}`);
        });
      });
    }
    // The compiled path loop does not apply to the EWMA variant; the generic path runs.
    const mc = runMonteCarlo(s, { paths: 20, seed: 1, method: 'gbm' });
    assert.ok(Number.isFinite(mc.ctaTotal[1]?.mean));
  });
});

describe('the risk-parity leg', () => {
  const asSeries = (id: string, px: Float64Array) => seriesFrom(id, Array.from(px, (_, i) => toIso(15000 + i)), Array.from(px));
  const classes = ['equity', 'commodity', 'bond'] as const;
  const params = { volWindow: 40, adjustSpeed: 0.3, aumBn: 150 };

  it('equals the model run on the extended histories, path by path (tapes and GBM, compiled or not)', () => {
    const rp = riskParityModel(setup.assets.map((a, i) => ({ prices: asSeries(a.id, a.prices.subarray(a.prices.length - 300)), assetClass: classes[i] as 'equity' })), params);
    const leg = { assetIndices: [0, 1, 2], equity: [true, false, false], budgets: riskBudgets([...classes]), targetVol: 0.1, cap: 3, adjustSpeed: 0.3, aumBn: 150, exposure: Float64Array.from(rp.assets, (a) => a.latest.exposure), windowReturns: rp.windowReturns };
    const s: ScenarioSetup = { ...setup, riskParity: leg };
    const H = 21;
    const check = (path: Float64Array, got: { all: number; eq: number }[], label: string) => {
      const ext = setup.assets.map((a, k) => {
        const px = new Float64Array(300 + H);
        px.set(a.prices.subarray(a.prices.length - 300));
        for (let j = 1; j <= H; j++) px[299 + j] = (px[298 + j] as number) * Math.exp(path[k * H + j - 1] as number);
        return { prices: asSeries(a.id, px), assetClass: classes[k] as 'equity' };
      });
      const m = riskParityModel(ext, params);
      const T = m.dates.length - 1 - H;
      [5, 21].forEach((h, i) => {
        const all = m.assets.reduce((acc, a) => acc + 150 * ((a.exposure[T + h] as number) - (a.exposure[T] as number)), 0);
        const eq = 150 * ((m.assets[0]?.exposure[T + h] as number) - (m.assets[0]?.exposure[T] as number));
        assert.ok(Math.abs((got[i]?.all as number) - all) < 1e-9, `${label} h${h}: ${got[i]?.all} vs ${all}`);
        assert.ok(Math.abs((got[i]?.eq as number) - eq) < 1e-9, `${label} equities h${h}`);
      });
    };
    for (const t of runTapes(s, [-2, 0, 2])) {
      const path = new Float64Array(3 * H);
      setup.assets.forEach((a, k) => tapePath(t.sigmas, dailyVolAt(a.prices, a.prices.length - 1, 63), H, 'swing', path, k * H));
      check(path, [0, 1].map((h) => ({ all: t.flows.riskParity[h] as number, eq: t.flows.riskParityEquity[h] as number })), `${t.sigmas}σ`);
      for (let h = 0; h < 2; h++) assert.equal(t.flows.total[h], (t.flows.ctaTotal[h] as number) + (t.flows.volControl[h] as number) + (t.flows.riskParity[h] as number));
    }
    // GBM: the compiled inner loop steps the risk-parity fund too (its 40-day window is longer than H).
    const corr = Float64Array.from([1, 0.3, -0.2, 0.3, 1, 0.1, -0.2, 0.1, 1]);
    const run = new MonteCarloRun(s, { paths: 10, seed: 5, method: 'gbm', correlation: corr });
    const raw = new Float64Array(run.rows * 10);
    run.simulate(0, 10, raw);
    const paths = generatePaths({ method: 'gbm', gbm: { dailyVol: run.engine.dailyVol, cholesky: cholesky(corr, 3) } }, 5, 3, H, 0, 10);
    for (let p = 0; p < 10; p++) {
      const row = (r: number) => raw[r * 10 + p] as number;
      // Rows: 3 assets, CTA total, vol-control, total, risk parity, equities; × 2 horizons.
      check(paths.subarray(p * 3 * H, (p + 1) * 3 * H), [0, 1].map((h) => ({ all: row(12 + h), eq: row(14 + h) })), `path ${p}`);
    }
  });
});

describe('distributionOfSegments', () => {
  it('gives a constant row the numbers the selection gives it (zero rows of +0 and −0, a constant, and not a row with a NaN)', () => {
    const rows = [new Float64Array(1001), Float64Array.from({ length: 1001 }, (_, i) => (i % 3 ? 0 : -0)), new Float64Array(1001).fill(-2.5), Float64Array.from({ length: 1001 }, (_, i) => (i === 500 ? Number.NaN : 1))];
    for (const row of rows) {
      const d = distributionOfSegments([row.subarray(0, 400), row.subarray(400)], new Float64Array(1001));
      const [p5, p25, p50, p75, p95] = quantilesBySelection(row, [0.05, 0.25, 0.5, 0.75, 0.95]);
      assert.deepEqual(d, { mean: row.reduce((a, b) => a + b, 0) / 1001, p5, p25, p50, p75, p95 });
    }
    assert.ok(Object.is(distributionOfSegments([rows[1] as Float64Array], new Float64Array(1001)).p50, 0), 'a zero row reads +0');
  });
});
