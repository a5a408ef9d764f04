import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ctaPositionAt, dailyVolAt, resolveCtaParams } from '../models/cta.ts';
import { mulberry32, normalSource, quantileSorted, streamSeed } from '../core/random.ts';
import { runMonteCarlo, runTapes, type ScenarioSetup } from './scenario.ts';

/** 400 days of a seeded random walk with a drift. */
function walk(seed: number, drift: number): Float64Array {
  const z = normalSource(mulberry32(seed));
  const px = new Float64Array(400);
  px[0] = 100;
  for (let i = 1; i < px.length; i++) px[i] = (px[i - 1] as number) * Math.exp(drift + 0.01 * z());
  return px;
}

const cta = resolveCtaParams({ aumBn: 300 });
const setup: ScenarioSetup = {
  assets: [
    { id: 'SPY', prices: walk(1, 0.001), weight: 0.6 },
    { id: 'GLD', prices: walk(2, -0.001), weight: 0.4 },
  ],
  cta,
  volControl: { assetIndex: 0, targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25, aumBn: 400, exposure: 0.8 },
  horizons: [5, 21],
};

describe('random numbers', () => {
  it('are seeded and normal', () => {
    assert.equal(mulberry32(42)(), mulberry32(42)());
    assert.notEqual(streamSeed(7, 0), streamSeed(7, 1));
    const z = normalSource(mulberry32(9));
    let s = 0;
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = z();
      s += x;
      s2 += x * x;
    }
    assert.ok(Math.abs(s / n) < 0.01 && Math.abs(s2 / n - 1) < 0.01);
  });
  it('interpolates quantiles', () => {
    assert.equal(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.5), 2.5);
  });
});

describe('deterministic tapes', () => {
  it('total the assets and sell more on the way down', () => {
    const tapes = runTapes(setup, [-2, 0, 2]);
    assert.equal(tapes.length, 3);
    for (const t of tapes) {
      for (let h = 0; h < 2; h++) {
        const sum = Array.from(t.flows.perAsset[h] as Float64Array).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - (t.flows.ctaTotal[h] as number)) < 1e-9);
      }
    }
    // The flat tape: no price change, so a CTA flow comes only from vol and signals ageing.
    const down = tapes[0]?.flows.ctaTotal[1] as number;
    const up = tapes[2]?.flows.ctaTotal[1] as number;
    assert.ok(down < up, `a −2σ tape sells more than a +2σ tape (${down} vs ${up})`);
  });

  it('agree with the model function on the tape end point', () => {
    const spy = setup.assets[0]?.prices as Float64Array;
    const H = 21;
    const sd = dailyVolAt(spy, spy.length - 1, cta.volWindow);
    const ext = new Float64Array(spy.length + H);
    ext.set(spy);
    const step = (2 * sd * Math.sqrt(H)) / H;
    for (let j = 1; j <= H; j++) ext[spy.length - 1 + j] = (ext[spy.length - 2 + j] as number) * Math.exp(step + (j === H ? 0 : j % 2 === 1 ? sd : -sd));
    // The tape ends exactly 2σ√H above today's close.
    assert.ok(Math.abs(Math.log((ext[spy.length - 1 + H] as number) / (spy[spy.length - 1] as number)) - 2 * sd * Math.sqrt(H)) < 1e-12);
    const expected = 300 * 0.6 * (ctaPositionAt(ext, spy.length - 1 + H, cta) - ctaPositionAt(spy, spy.length - 1, cta));
    const got = (runTapes(setup, [2])[0]?.flows.perAsset[1] as Float64Array)[0] as number;
    assert.ok(Math.abs(got - expected) < 1e-9);
  });
});

describe('Monte Carlo', () => {
  it('repeats for a seed and changes with it', () => {
    const a = runMonteCarlo(setup, { paths: 300, seed: 7, method: 'gbm' });
    const b = runMonteCarlo(setup, { paths: 300, seed: 7, method: 'gbm' });
    const c = runMonteCarlo(setup, { paths: 300, seed: 8, method: 'gbm' });
    assert.deepEqual(a.ctaTotal, b.ctaTotal);
    assert.notDeepEqual(a.ctaTotal, c.ctaTotal);
    const t = a.ctaTotal[1];
    assert.ok(t && t.p5 <= t.p25 && t.p25 <= t.p50 && t.p50 <= t.p75 && t.p75 <= t.p95);
    // Means are linear: the total's mean is the sum of the assets' means.
    const sum = (a.perAsset[1] ?? []).reduce((s, d) => s + d.mean, 0);
    assert.ok(Math.abs(sum - (t?.mean ?? 0)) < 1e-9);
  });

  it('bootstraps only historical days: one repeated day gives one outcome', () => {
    const history = Array.from({ length: 50 }, () => Float64Array.from([0.004, -0.002]));
    const r = runMonteCarlo(setup, { paths: 50, seed: 1, method: 'bootstrap', history, blockLength: 5 });
    const d = r.ctaTotal[1];
    assert.ok(d && Math.abs(d.p95 - d.p5) < 1e-12);
  });

  it('rejects bad options', () => {
    assert.throws(() => runMonteCarlo(setup, { paths: 0, seed: 1, method: 'gbm' }), /paths must be a whole number/);
    assert.throws(() => runMonteCarlo({ ...setup, horizons: [21, 5] }, { paths: 1, seed: 1, method: 'gbm' }), /increasing order/);
  });
});

describe('fastPosition', () => {
  it('agrees with the model\'s ctaPositionAt to 1e-12 on random prices, both rules', async () => {
    const { fastPosition } = await import('./scenario.ts');
    const px = walk(5, 0.0002);
    const lp = Float64Array.from(px, Math.log);
    const sr = new Float64Array(px.length);
    const sq = new Float64Array(px.length);
    for (let j = 1; j < px.length; j++) {
      const r = (lp[j] as number) - (lp[j - 1] as number);
      sr[j] = (sr[j - 1] as number) + r;
      sq[j] = (sq[j - 1] as number) + r * r;
    }
    for (const rule of ['sign', 'smooth'] as const) {
      const p = resolveCtaParams({ rule });
      for (let e = 260; e < px.length; e += 7) assert.ok(Math.abs(fastPosition(lp, sr, sq, e, p) - ctaPositionAt(px, e, p)) < 1e-12, `${rule} at ${e}`);
    }
  });
});
