import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ctaPositionAt, resolveCtaParams } from '../models/cta.ts';
import { ewmaVarianceStep, partialAdjust, targetExposure, windowSigmaAt } from '../models/volcontrol.ts';
import { appendPath, ctaKernelParams, ctaPosition, fillHistory, volControlSteps, windowSd } from './kernels.ts';
import { Rng } from './rng.ts';

function walk(seed: number, n: number, drift = 0.0002, vol = 0.012): Float64Array {
  const g = new Rng(seed);
  const px = new Float64Array(n);
  px[0] = 100;
  for (let i = 1; i < n; i++) px[i] = (px[i - 1] as number) * Math.exp(drift + vol * g.normal());
  return px;
}

function buffers(px: Float64Array) {
  const lp = new Float64Array(px.length);
  const sq = new Float64Array(px.length);
  fillHistory(px, lp, sq, 0);
  return { lp, sq };
}

describe('windowSd', () => {
  it('is the sample standard deviation of the window, by hand', () => {
    // Prices 100, 110, 99, 99: returns ln 1.1, ln 0.9, 0.
    const { lp, sq } = buffers(Float64Array.from([100, 110, 99, 99]));
    const [r0, r1, r2] = [Math.log(1.1), Math.log(0.9), 0];
    const m = (r0 + r1 + r2) / 3;
    const want = Math.sqrt(((r0 - m) ** 2 + (r1 - m) ** 2 + (r2 - m) ** 2) / 2);
    assert.ok(Math.abs(windowSd(lp, sq, 3, 3) - want) < 1e-15);
    assert.ok(Math.abs(windowSd(lp, sq, 3, 2) - Math.abs(Math.log(0.9)) / Math.SQRT2) < 1e-15);
  });
});

describe('ctaPosition', () => {
  it('takes the sign rule by hand on a tiny case', () => {
    // Lookbacks 2 and 3, vol window 2: prices 100, 90, 95, 100, 104.
    const p = ctaKernelParams({ lookbacks: [2, 3], rule: 'sign', smoothK: 1, volWindow: 2, volTarget: 0.1, cap: 5 });
    const px = Float64Array.from([100, 90, 95, 100, 104]);
    const { lp, sq } = buffers(px);
    const r1 = Math.log(100 / 95);
    const r2 = Math.log(104 / 100);
    const m = (r1 + r2) / 2;
    const sd = Math.sqrt((r1 - m) ** 2 + (r2 - m) ** 2);
    // signals: ln(104/95) > 0 → +1; ln(104/90) > 0 → +1: mean 1.
    assert.ok(Math.abs(ctaPosition(lp, sq, 0, 4, p) - 0.1 / (sd * Math.sqrt(252))) < 1e-12);
    // At index 3: ln(100/90) > 0, ln(100/100) = 0 → mean 0.5 … and the cap binds when it is small.
    const capped = ctaKernelParams({ lookbacks: [2, 3], rule: 'sign', smoothK: 1, volWindow: 2, volTarget: 0.1, cap: 0.2 });
    assert.equal(ctaPosition(lp, sq, 0, 3, capped), 0.2);
  });

  it("agrees with models/cta.ts ctaPositionAt to 1e-12 on random prices, both rules and a binding cap", () => {
    const px = walk(5, 700);
    const { lp, sq } = buffers(px);
    for (const params of [resolveCtaParams(), resolveCtaParams({ rule: 'smooth' }), resolveCtaParams({ cap: 0.5, volTarget: 0.3 })]) {
      const k = ctaKernelParams(params);
      for (let e = 260; e < px.length; e += 3) {
        const got = ctaPosition(lp, sq, 0, e, k);
        const want = ctaPositionAt(px, e, params);
        assert.ok(Math.abs(got - want) < 1e-12, `${params.rule} cap ${params.cap} at ${e}: ${got} vs ${want}`);
      }
    }
  });

  it('reads an asset at its offset in a shared buffer', () => {
    const a = walk(1, 300);
    const b = walk(2, 300);
    const lp = new Float64Array(600);
    const sq = new Float64Array(600);
    fillHistory(a, lp, sq, 0);
    fillHistory(b, lp, sq, 300);
    const params = resolveCtaParams();
    assert.ok(Math.abs(ctaPosition(lp, sq, 300, 299, ctaKernelParams(params)) - ctaPositionAt(b, 299, params)) < 1e-12);
  });
});

describe('appendPath', () => {
  it('gives the same buffers as filling the extended price history', () => {
    const px = walk(3, 280);
    const whole = buffers(px);
    const part = buffers(px.slice(0, 260));
    const lp = new Float64Array(280);
    const sq = new Float64Array(280);
    lp.set(part.lp);
    sq.set(part.sq);
    const r = Float64Array.from({ length: 20 }, (_, j) => Math.log((px[260 + j] as number) / (px[259 + j] as number)));
    appendPath(lp, sq, 0, 259, 20, r, 0);
    for (let i = 0; i < 280; i++) {
      assert.ok(Math.abs((lp[i] as number) - (whole.lp[i] as number)) < 1e-12);
      assert.ok(Math.abs((sq[i] as number) - (whole.sq[i] as number)) < 1e-14);
    }
  });
});

describe('volControlSteps', () => {
  it('agrees with models/volcontrol.ts (windowSigmaAt, targetExposure, partialAdjust) to 1e-12', () => {
    const px = walk(8, 200, 0, 0.015);
    const { lp, sq } = buffers(px);
    const r = new Float64Array(px.length);
    for (let i = 1; i < px.length; i++) r[i] = Math.log((px[i] as number) / (px[i - 1] as number));
    const p = { targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25 };
    const e0 = 120;
    const H = 60;
    const out = new Float64Array(H);
    volControlSteps(lp, sq, 0, e0, H, 0.7, p, out, 0);
    let x = 0.7;
    for (let j = 1; j <= H; j++) {
      x = partialAdjust(x, targetExposure(windowSigmaAt(r, e0 + j, 21, 63, 'max'), 0.1, 1.5), 0.25);
      assert.ok(Math.abs((out[j - 1] as number) - x) < 1e-12, `day ${j}: ${out[j - 1]} vs ${x}`);
    }
  });

  it('steps the blend and EWMA rules as the model does (windowSigmaAt blend, ewmaVarianceStep) to 1e-12', () => {
    const px = walk(9, 200, 0, 0.012);
    const { lp, sq } = buffers(px);
    const r = new Float64Array(px.length);
    for (let i = 1; i < px.length; i++) r[i] = Math.log((px[i] as number) / (px[i - 1] as number));
    const e0 = 100;
    const H = 40;
    const out = new Float64Array(H);
    const base = { targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25 };
    volControlSteps(lp, sq, 0, e0, H, 0.9, { ...base, combine: 'blend', blendWeight: 0.3 }, out, 0);
    let x = 0.9;
    for (let j = 1; j <= H; j++) {
      x = partialAdjust(x, targetExposure(windowSigmaAt(r, e0 + j, 21, 63, 'blend', 0.3), 0.1, 1.5), 0.25);
      assert.ok(Math.abs((out[j - 1] as number) - x) < 1e-12, `blend day ${j}`);
    }
    const v0 = 0.011 ** 2;
    volControlSteps(lp, sq, 0, e0, H, 0.9, { ...base, combine: 'ewma', ewmaLambda: 0.94, ewmaVariance0: v0 }, out, 0);
    x = 0.9;
    let v = v0;
    for (let j = 1; j <= H; j++) {
      v = ewmaVarianceStep(v, r[e0 + j] as number, 0.94);
      x = partialAdjust(x, targetExposure(Math.sqrt(252 * v), 0.1, 1.5), 0.25);
      assert.ok(Math.abs((out[j - 1] as number) - x) < 1e-12, `ewma day ${j}`);
    }
  });

  it('goes to the cap when the market stops moving (σ̂ = 0)', () => {
    const px = new Float64Array(100).fill(50);
    const { lp, sq } = buffers(px);
    const out = new Float64Array(1);
    volControlSteps(lp, sq, 0, 80, 1, 1, { targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.5 }, out, 0);
    assert.equal(out[0], 1.25); // 1 + 0.5·(1.5 − 1)
  });
});

describe('volControlSteps with a rebalancing lag', () => {
  it('equals the model run on the extended history (sp-adrc, sp-drc with its two EWMA decays, lag 2 and 3)', async () => {
    const { volControlModel, resolveVolControlParams, ANNUALISE } = await import('../models/volcontrol.ts');
    const { seriesFrom } = await import('../series/series.ts');
    const { toIso } = await import('../series/dates.ts');
    const g = new (await import('./rng.ts')).Rng(11);
    const n = 200;
    const H = 10;
    const px = new Float64Array(n + H);
    px[0] = 100;
    for (let i = 1; i < px.length; i++) px[i] = (px[i - 1] as number) * Math.exp(0.012 * g.normal());
    const series = (m: number) => seriesFrom('SPY', Array.from({ length: m }, (_, i) => toIso(18000 + i)), Array.from(px.subarray(0, m)));
    for (const params of [{ preset: 'sp-adrc' as const }, { preset: 'sp-drc' as const }, { preset: 'sp-adrc' as const, lagDays: 3 }, { lagDays: 2 }]) {
      const today = volControlModel(series(n), params);
      const full = volControlModel(series(n + H), params);
      const p = resolveVolControlParams(params);
      const lp = new Float64Array(n + H);
      const sq = new Float64Array(n + H);
      fillHistory(px, lp, sq, 0);
      const out = new Float64Array(H);
      volControlSteps(lp, sq, 0, n - 1, H, today.latest.exposure, { ...p, ewmaVariance0: today.latest.ewmaVariances?.short ?? (today.latest.sigma / ANNUALISE) ** 2, ewmaVarianceLong0: today.latest.ewmaVariances?.long ?? Number.NaN, lagDays: p.lagDays, sigmaHistory: today.sigma.slice(n - p.lagDays) }, out, 0);
      for (let j = 1; j <= H; j++) assert.ok(Math.abs((out[j - 1] as number) - (full.exposure[n - 1 + j] as number)) < 1e-12, `${JSON.stringify(params)} day ${j}`);
    }
  });
});
