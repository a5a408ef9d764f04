import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import {
  ewmaVarianceStep,
  moveGrid,
  partialAdjust,
  resolveVolControlParams,
  sampleStdAt,
  targetExposure,
  volControlModel,
  volEstimate,
  windowSigmaAt,
  type VolControlResult,
} from './volcontrol.ts';

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
    assert.throws(() => volControlModel(alternating(50, 0.01)), /50 valid prices, the vol windows \(21 and 63 days\) need at least 65/);
    assert.throws(() => volControlModel(alternating(200, 0.01), { shortWindow: 1 }), /shortWindow must be a whole number ≥ 2/);
    assert.throws(() => volControlModel(alternating(200, 0.01), { longWindow: 300 }), NotEnoughDataError);
    assert.throws(() => volControlModel(alternating(200, 0.01), { targetVol: 0 }), ParameterError);
    assert.throws(() => volControlModel(alternating(200, 0.01), { cap: -1 }), /cap must be positive/);
    assert.throws(() => volControlModel(alternating(200, 0.01), { adjustSpeed: 1.5 }), /adjustSpeed must be in \(0, 1\]/);
    assert.throws(() => volControlModel(alternating(200, 0.01), {}, [-100]), /above −100%/);
    assert.throws(() => moveGrid(1, -1), /to ≥ from/);
  });

  it('matches the textbook case: ±1% returns, RiskMetrics EWMA → σ̂ = 1%·√252 ≈ 15.87%, exposure ≈ 0.630', () => {
    // Squared returns are all 1e-4, so the EWMA variance is exactly 1e-4 whatever λ.
    const r = volControlModel(alternating(200, 0.01), { combine: 'ewma', adjustSpeed: 1 });
    assert.ok(Math.abs(r.latest.sigma - 0.1587450787) < 1e-9, String(r.latest.sigma));
    assert.ok(Math.abs(r.latest.exposure - 0.6299407883) < 1e-9, String(r.latest.exposure));
    // One EWMA step by hand: 0.94·1e-4 + 0.06·0.02² = 1.18e-4.
    assert.ok(Math.abs(ewmaVarianceStep(1e-4, 0.02, 0.94) - 1.18e-4) < 1e-18);
  });

  it('converges to a constant target geometrically, the gap shrinking by 1 − κ a day', () => {
    // 150 calm days (±0.2%) then 150 volatile ones (±2%): once the 21-day window sits in the
    // volatile part (index ≥ 171) it dominates the max, the target is constant and
    // gap_{t+n} = 0.75^n · gap_t.
    const a = alternating(150, 0.002);
    const b = alternating(150, 0.02);
    const values = [...a.values, ...Array.from(b.values, (v) => v * ((a.values[149] as number) / 100))];
    const r = volControlModel(seriesFrom('SPY', values.map((_, i) => toIso(toDay('2020-01-01') + i)), values), { adjustSpeed: 0.25 });
    const target = targetExposure(r.sigma[299] as number, 0.1, 1.5);
    assert.ok(Math.abs(targetExposure(r.sigma[172] as number, 0.1, 1.5) - target) < 1e-12, 'target constant from day 172');
    const gap = (i: number) => (r.exposure[i] as number) - target;
    assert.ok(gap(172) > 0.01, `still above the new target: ${gap(172)}`);
    assert.ok(Math.abs(gap(192) / gap(172) - 0.75 ** 20) < 1e-9);
    assert.equal(partialAdjust(1, 0.5, 0.25), 0.875);
  });

  it('the move table appends the move: bigger moves either way sell more, and it matches a rerun', () => {
    const base = alternating(200, 0.01);
    const r = volControlModel(base, { aumBn: 400 }, moveGrid(-5, 5, 0.5));
    assert.equal(r.moveTable.length, 21);
    const flows = r.moveTable.map((m) => m.flowBn as number);
    for (let i = 1; i < flows.length; i++) {
      const m = r.moveTable[i]?.movePct ?? 0;
      // σ̂ grows with |log move|: flows rise towards the middle and fall beyond it.
      if (m <= -0.5) assert.ok((flows[i] as number) > (flows[i - 1] as number), `flow rises from ${m - 0.5}% to ${m}%`);
      if (m >= 1) assert.ok((flows[i] as number) < (flows[i - 1] as number), `flow falls from ${m - 0.5}% to ${m}%`);
    }
    // A −3% move must equal running the model on the history with that close appended.
    const last = base.values[199] as number;
    const rerun = volControlModel(
      seriesFrom('SPY', [...Array.from(base.dates, (d) => toIso(d)), toIso((base.dates[199] as number) + 1)], [...base.values, last * 0.97]),
      { aumBn: 400 },
    );
    const row = r.moveTable.find((m) => m.movePct === -3);
    assert.ok(row && Math.abs(row.flowBn - rerun.latest.flowBn) < 1e-9 && Math.abs(row.volEstimate - rerun.latest.sigma) < 1e-12);
  });

  it('the per-step kernels agree with the whole-history estimate', () => {
    const p = resolveVolControlParams();
    const rets = Float64Array.from({ length: 120 }, (_, i) => (i === 0 ? Number.NaN : 0.01 * Math.sin(i * 1.7)));
    const s = volEstimate(rets, p);
    assert.ok(Math.abs((s[100] as number) - windowSigmaAt(rets, 100, 21, 63, 'max')) < 1e-15);
    // Sample sd of 1, 2, 3 (×1): 1.
    assert.equal(sampleStdAt(Float64Array.from([9, 1, 2, 3]), 3, 3), 1);
  });

  it('skips missing prices: a NaN in the window gives the same result as leaving the day out', () => {
    const s = alternating(200, 0.01);
    const values = Array.from(s.values);
    const dates = Array.from(s.dates, (d) => toIso(d));
    // Day 150 is reported without a value; its neighbours are equal so the join adds no return.
    values[150] = Number.NaN;
    values[151] = values[149] as number;
    const withGap = volControlModel(seriesFrom('SPY', dates, values));
    const without = volControlModel(seriesFrom('SPY', dates.filter((_, i) => i !== 150), values.filter((_, i) => i !== 150)));
    assert.equal(withGap.dates.length, 199);
    assert.equal(withGap.latest.exposure, without.latest.exposure);
    assert.ok(withGap.assumptions.some((a) => a.name === 'aumBn' && a.value === 400));
    assert.equal(withGap.inputsAsOf.SPY, dates[199]);
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
  it('sold about as much as Nomura estimated in the two weeks to 2 August 2024 (USD 83.6 bn)', () => {
    // Reuters, 2024-08-02, quoting Charlie McElligott (Nomura): vol-control funds sold ~USD 83.6 bn
    // of US equity futures over two weeks. With the default AUM (400 bn) the model should be within
    // a factor of two of it.
    let sold = 0;
    r.dates.forEach((d, i) => {
      if (d > toDay('2024-07-19') && d <= toDay('2024-08-02')) sold += r.flowBn[i] as number;
    });
    assert.ok(sold < -83.6 / 2 && sold > -83.6 * 2, `model: ${sold.toFixed(1)} bn`);
  });
  it('stays within (0, cap] over the whole history', () => {
    const valid = Array.from(r.exposure).filter((e) => !Number.isNaN(e));
    assert.ok(valid.length > 8000);
    assert.ok(valid.every((e) => e > 0 && e <= 1.5));
  });
});

describe('vol-control presets (S&P risk-control rules) and the rebalancing lag', () => {
  // Prices from daily log returns: ±0.01 alternating (+ on odd days), a −5% log return on day 110.
  const shocked = (n: number, a: number): Series => {
    const dates: string[] = [];
    const values: number[] = [];
    let lp = Math.log(100);
    for (let i = 0; i < n; i++) {
      if (i > 0) lp += i === 110 ? -0.05 : i % 2 ? a : -a;
      dates.push(toIso(toDay('2020-01-01') + i));
      values.push(Math.exp(lp));
    }
    return seriesFrom('SPY', dates, values);
  };

  it('sp-adrc by hand: exposure = min(1, 10% ÷ max(20-day, 40-day sd)) two days late, in full', () => {
    const r = volControlModel(shocked(120, 0.01), { preset: 'sp-adrc' });
    // Before the shock: 20 alternating ±1% returns have mean 0, sd = 0.01·√(20/19) > 0.01·√(40/39);
    // σ̂ = √252 · 0.0102598 = 0.162869, exposure 0.1 / σ̂ = 0.613990.
    for (const i of [100, 110, 111]) assert.ok(Math.abs((r.exposure[i] as number) - 0.613990) < 1e-6, `day ${i}: ${r.exposure[i]}`);
    // Day 112 uses σ̂ of day 110 (lag 2): 20-day window = 19 alternating returns (sum +0.01,
    // Σr² = 19e-4) and −0.05: mean −0.002, var = (0.0044 − 20·0.002²)/19, sd 0.0150787;
    // 40-day: var = (0.0064 − 40·0.001²)/39, sd 0.0127702; exposure = 0.1 / (√252 · 0.0150787) = 0.417768.
    assert.ok(Math.abs((r.exposure[112] as number) - 0.417768) < 1e-6, `day 112: ${r.exposure[112]}`);
    // Calm markets: 10% ÷ (√252 · 0.002 · √(20/19)) = 3.07, capped at 100% (S&P's maximum exposure).
    assert.equal(volControlModel(alternating(120, 0.002), { preset: 'sp-adrc' }).latest.exposure, 1);
    assert.deepEqual(
      r.assumptions.filter((a) => ['preset', 'targetVol', 'cap', 'shortWindow', 'longWindow', 'adjustSpeed', 'lagDays', 'combine'].includes(a.name)).map((a) => [a.name, a.value]),
      [['preset', 'sp-adrc'], ['targetVol', 0.1], ['cap', 1], ['shortWindow', 20], ['longWindow', 40], ['combine', 'max'], ['adjustSpeed', 1], ['lagDays', 2]],
    );
  });

  it('sp-drc by hand: σ̂ = max of the λ 0.94 and λ 0.97 EWMA, exposure ≤ 150%, two days late; explicit parameters override a preset', () => {
    const p = resolveVolControlParams({ preset: 'sp-drc' });
    assert.deepEqual([p.combine, p.ewmaLambda, p.ewmaLambdaLong, p.targetVol, p.cap, p.adjustSpeed, p.lagDays], ['ewma', 0.94, 0.97, 0.1, 1.5, 1, 2]);
    assert.equal(resolveVolControlParams({ preset: 'sp-drc', lagDays: 3 }).lagDays, 3);
    const r = volControlModel(shocked(140, 0.01), { preset: 'sp-drc' });
    // Seeded at day 63 with the mean r² = 1e-4, both variances stay 1e-4 while |r| = 1%:
    // exposure 0.1 / (√252 · 0.01) = 0.629941, still on days 110 and 111.
    for (const i of [100, 110, 111]) assert.ok(Math.abs((r.exposure[i] as number) - 0.629941) < 1e-6, `day ${i}: ${r.exposure[i]}`);
    // Day 110: v_S = 0.94e-4 + 0.06·0.0025 = 2.44e-4 > v_L = 0.97e-4 + 0.03·0.0025 = 1.72e-4;
    // day 112 (lag 2): 0.1 / √(252 · 2.44e-4) = 0.403278.
    assert.ok(Math.abs((r.exposure[112] as number) - 0.403278) < 1e-6, `day 112: ${r.exposure[112]}`);
    // k days after the shock v − 1e-4 decays as 1.44e-4·0.94^k (short) and 0.72e-4·0.97^k (long):
    // the long one is larger from k = 23 (day 133), so day 135 = 0.1 / √(252 · (1e-4 + 0.72e-4·0.97^23))
    // = 0.540699 (the short λ alone would give 0.542774); day 134 still follows the short one (k = 22: 0.538366).
    assert.ok(Math.abs((r.exposure[134] as number) - 0.538366) < 1e-6, `day 134: ${r.exposure[134]}`);
    assert.ok(Math.abs((r.exposure[135] as number) - 0.540699) < 1e-6, `day 135: ${r.exposure[135]}`);
    // Calm markets: 0.1 / (√252 · 0.002) = 3.15, capped at 150%.
    assert.equal(volControlModel(alternating(140, 0.002), { preset: 'sp-drc' }).latest.exposure, 1.5);
    assert.throws(() => resolveVolControlParams({ preset: 'sp-foo' as 'sp-drc' }), ParameterError);
    assert.throws(() => resolveVolControlParams({ lagDays: 1.5 }), /lagDays must be a whole number from 0 to 20/);
    assert.throws(() => resolveVolControlParams({ ewmaLambdaLong: 1 }), /ewmaLambdaLong must be 0 \(off\) or in \(0, 1\)/);
  });

  it('the move table steps both EWMA variances: tomorrow −5% gives the exposure the path would reach', () => {
    const s = shocked(140, 0.01);
    const r = volControlModel({ ...s, dates: s.dates.slice(0, 110), values: s.values.slice(0, 110) }, { preset: 'sp-drc', lagDays: 0 }, [Math.expm1(-0.05) * 100]);
    const full = volControlModel({ ...s, dates: s.dates.slice(0, 111), values: s.values.slice(0, 111) }, { preset: 'sp-drc', lagDays: 0 });
    assert.ok(Math.abs((r.moveTable[0]?.exposure as number) - full.latest.exposure) < 1e-12);
    assert.ok(Math.abs(full.latest.exposure - 0.403278) < 1e-6);
  });
});

describe('vol-control presets on the S&P 500, July–August 2024', { skip: skipWithoutRealData }, () => {
  let spy: Series;
  before(async () => {
    spy = await loadRealSeries('SPY');
  });
  const sumFlow = (r: VolControlResult, from: string, to: string) => {
    let t = 0;
    r.dates.forEach((d, i) => {
      if (d >= toDay(from) && d <= toDay(to)) t += r.flowBn[i] as number;
    });
    return t;
  };
  const onDay = (r: VolControlResult, d: string) => r.flowBn[r.dates.indexOf(toDay(d))] as number;

  it('each rule sells over 22 Jul – 2 Aug 2024, between 1.3× and 1.6× Nomura\'s USD 83.6 bn at USD 400 bn AUM', () => {
    // Measured on SPY (adjusted closes): flowlens −125.3, sp-drc −113.3, sp-adrc −132.2 bn (S&P's rules: lag 2, two-λ EWMA, sp-adrc capped at 100%).
    const got = { flowlens: sumFlow(volControlModel(spy), '2024-07-22', '2024-08-02'), drc: sumFlow(volControlModel(spy, { preset: 'sp-drc' }), '2024-07-22', '2024-08-02'), adrc: sumFlow(volControlModel(spy, { preset: 'sp-adrc' }), '2024-07-22', '2024-08-02') };
    assert.ok(Math.abs(got.flowlens + 125.3) < 0.5, `flowlens ${got.flowlens}`);
    assert.ok(Math.abs(got.drc + 113.3) < 0.5, `sp-drc ${got.drc}`);
    assert.ok(Math.abs(got.adrc + 132.2) < 0.5, `sp-adrc ${got.adrc}`);
  });

  it('the S&P rules trade two days late and in full: 5 August 2024 alone is −12.7 bn (sp-adrc) and −13.2 bn (sp-drc), 7 August −32.1 and −43.4, against −18.0 bn for flowlens on the 5th', () => {
    assert.ok(Math.abs(onDay(volControlModel(spy, { preset: 'sp-adrc' }), '2024-08-05') + 12.7) < 0.1);
    assert.ok(Math.abs(onDay(volControlModel(spy, { preset: 'sp-drc' }), '2024-08-05') + 13.2) < 0.1);
    assert.ok(Math.abs(onDay(volControlModel(spy, { preset: 'sp-adrc' }), '2024-08-07') + 32.1) < 0.1);
    assert.ok(Math.abs(onDay(volControlModel(spy, { preset: 'sp-drc' }), '2024-08-07') + 43.4) < 0.1);
    assert.ok(Math.abs(onDay(volControlModel(spy), '2024-08-05') + 18.0) < 0.1);
  });
});
