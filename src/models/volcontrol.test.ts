import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { resolveVolControlParams, targetExposure, volControlModel, volEstimate, type VolControlResult } from './volcontrol.ts';

/** A price path with alternating ±step log returns: sample sd = step·√(w/(w−1)) over an even window w. */
function alternating(n: number, step: number): Series {
  const dates: string[] = [];
  const values: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    dates.push(toIso(toDay('2020-01-01') + i));
    if (i > 0) p *= Math.exp(i % 2 ? step : -step);
    values.push(p);
  }
  return seriesFrom('SPY', dates, values);
}

describe('vol-control, hand-computed', () => {
  it('maps a known volatility to a known exposure', () => {
    // Windows of 20 and 40 alternating ±1% log returns: sd = 1%·√(20/19) and 1%·√(40/39); max = the short one.
    const r = volControlModel(alternating(200, 0.01), { shortWindow: 20, longWindow: 40, adjustSpeed: 1 });
    const sigma = 0.01 * Math.sqrt(20 / 19) * Math.sqrt(252);
    assert.ok(Math.abs(r.latest.sigma - sigma) < 1e-12);
    assert.ok(Math.abs(r.latest.exposure - 0.1 / sigma) < 1e-12); // ≈ 0.614
  });

  it('never exceeds the cap', () => {
    const calm = volControlModel(alternating(200, 0.001), { adjustSpeed: 1 });
    assert.equal(calm.latest.exposure, 1.5);
    assert.ok(Array.from(calm.exposure).every((e) => Number.isNaN(e) || e <= 1.5));
    assert.equal(targetExposure(0.05, 0.1, 1.5), 1.5);
  });

  it('closes a fixed share of the gap each day (partial adjustment)', () => {
    // Calm then volatile: exposure approaches the new target geometrically with ratio 1 − κ.
    const a = alternating(150, 0.002);
    const b = alternating(150, 0.02);
    const values = [...a.values, ...Array.from(b.values, (v) => v * ((a.values[149] as number) / 100))];
    const dates = values.map((_, i) => toIso(toDay('2020-01-01') + i));
    const r = volControlModel(seriesFrom('SPY', dates, values), { adjustSpeed: 0.25 });
    const e = Array.from(r.exposure);
    // A week after the switch: e_t − e_{t−1} = κ · (target_t − e_{t−1}), still above target.
    const target = targetExposure(r.sigma[156] as number, 0.1, 1.5);
    assert.ok(Math.abs(((e[156] as number) - (e[155] as number)) / (target - (e[155] as number)) - 0.25) < 1e-9, 'κ = 0.25');
    assert.ok((e[156] as number) > target, 'still above the lower target: selling gradually');
  });

  it('flows are AUM × Δexposure and bigger down moves sell more', () => {
    const r = volControlModel(alternating(200, 0.01), { aumBn: 500 });
    const i = r.exposure.length - 1;
    assert.ok(Math.abs((r.flowBn[i] as number) - 500 * ((r.exposure[i] as number) - (r.exposure[i - 1] as number))) < 1e-9);
    const down5 = r.moveTable.find((m) => m.movePct === -5)?.flowBn ?? 0;
    const down2 = r.moveTable.find((m) => m.movePct === -2)?.flowBn ?? 0;
    assert.ok(down5 < down2 && down2 < 0);
  });

  it('EWMA with λ = 0.94 on constant |returns| converges to that size', () => {
    const p = resolveVolControlParams({ combine: 'ewma' });
    const r = new Float64Array(300).fill(0.01);
    r[0] = Number.NaN;
    const s = volEstimate(r, p);
    assert.ok(Math.abs((s[299] as number) - 0.01 * Math.sqrt(252)) < 1e-12);
  });

  it('rejects bad parameters and short histories', () => {
    assert.throws(() => volControlModel(alternating(200, 0.01), { aumBn: -1 }), /aumBn must not be negative/);
    assert.throws(() => volControlModel(alternating(50, 0.01)), /50 prices, the vol windows need at least 65/);
    assert.throws(() => volControlModel(alternating(200, 0.01), { shortWindow: 1 }), /shortWindow must be a whole number ≥ 2/);
  });
});

describe('vol-control on the S&P 500', { skip: skipWithoutRealData }, () => {
  let r: VolControlResult;
  const at = (d: string) => {
    const day = toDay(d);
    let i = r.dates.length - 1;
    while (i > 0 && (r.dates[i] as number) > day) i--;
    return r.exposure[i] as number;
  };
  before(async () => {
    r = volControlModel(await loadRealSeries('SPY'));
  });

  it('cut exposure by more than half from February to the end of March 2020', () => {
    assert.ok(at('2020-03-31') < 0.5 * at('2020-02-14'), `${at('2020-02-14')} → ${at('2020-03-31')}`);
  });
  it('sold in August 2024 and April 2025', () => {
    assert.ok(at('2024-08-15') < at('2024-07-31'));
    assert.ok(at('2025-04-25') < 0.7 * at('2025-02-14'));
  });
  it('stays within (0, cap] over the whole history', () => {
    const valid = Array.from(r.exposure).filter((e) => !Number.isNaN(e));
    assert.ok(valid.length > 8000);
    assert.ok(valid.every((e) => e > 0 && e <= 1.5));
  });
});
