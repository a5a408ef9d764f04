import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { bondPriceFromYield } from './cta.ts';
import { riskBudgets, riskParityModel, riskParityTargets } from './riskparity.ts';

/** Prices from daily log returns, one per day from 2020-01-01. */
function fromReturns(id: string, r: readonly number[]): Series {
  let p = 100;
  const v = [p, ...r.map((x) => (p *= Math.exp(x)))];
  return seriesFrom(id, v.map((_, i) => toIso(toDay('2020-01-01') + i)), v);
}

describe('risk parity, hand-computed', () => {
  it('splits the risk budget by class, then equally within a class', () => {
    assert.deepEqual(Array.from(riskBudgets(['equity', 'bond', 'commodity', 'commodity'])), [1 / 3, 1 / 3, 1 / 6, 1 / 6]);
    assert.deepEqual(Array.from(riskBudgets(['equity', 'bond'])), [0.5, 0.5]);
  });

  it('weights two uncorrelated assets inversely to their vol and levers to the target', () => {
    // Equity returns ±2%, bond ±1%, in orthogonal patterns over 4 days: variances 4/3·(2%)², 4/3·(1%)², covariance 0.
    const eq = [0.02, -0.02, 0.02, -0.02];
    const bd = [0.01, 0.01, -0.01, -0.01];
    const S = Float64Array.from([0, 0]);
    const Q = Float64Array.from([eq.reduce((a, x) => a + x * x, 0), 0, eq.reduce((a, x, i) => a + x * (bd[i] as number), 0), bd.reduce((a, x) => a + x * x, 0)]);
    const out = new Float64Array(2);
    riskParityTargets(S, Q, 4, Float64Array.from([0.5, 0.5]), { targetVol: 0.1, cap: 10 }, out);
    // w = (1/3, 2/3); σ_p = √(252·(1/9·4/3·4e-4 + 4/9·4/3·1e-4)) = √(252·1.1852e-4)
    const sp = Math.sqrt(252 * ((1 / 9) * (4 / 3) * 4e-4 + (4 / 9) * (4 / 3) * 1e-4));
    assert.ok(Math.abs((out[0] as number) - (0.1 / sp) / 3) < 1e-12);
    assert.ok(Math.abs((out[1] as number) - (0.2 / sp) / 3) < 1e-12);
    riskParityTargets(S, Q, 4, Float64Array.from([0.5, 0.5]), { targetVol: 0.1, cap: 0.5 }, out);
    assert.ok(Math.abs((out[0] as number) + (out[1] as number) - 0.5) < 1e-12, 'leverage capped');
  });

  it('cuts leverage and sells every class when equity vol jumps', () => {
    const n = 120;
    const eq = Array.from({ length: n }, (_, i) => (i % 2 ? 0.01 : -0.01) * (i >= 100 ? 4 : 1));
    const bd = Array.from({ length: n }, (_, i) => (Math.floor(i / 2) % 2 ? 0.004 : -0.004));
    const cm = Array.from({ length: n }, (_, i) => (Math.floor(i / 4) % 2 ? 0.012 : -0.012));
    const r = riskParityModel([{ prices: fromReturns('SPY', eq), assetClass: 'equity' }, { prices: fromReturns('BOND', bd), assetClass: 'bond' }, { prices: fromReturns('GLD', cm), assetClass: 'commodity' }], { volWindow: 40, adjustSpeed: 1 });
    const k = r.dates.length - 1;
    const before = r.dates.indexOf(toDay('2020-01-01') + 100);
    assert.ok((r.leverage[k] as number) < (r.leverage[before] as number));
    for (const a of r.assets) assert.ok((a.exposure[k] as number) < (a.exposure[before] as number), a.id);
    assert.ok(r.latest.equityFlow5dBn < 0);
    assert.equal(r.windowReturns.length, 40);
    assert.ok(r.assumptions.some((a) => a.name === 'aumBn' && a.value === 150));
  });
});

describe('risk parity on real history, August 2024', { skip: skipWithoutRealData }, () => {
  it('sold a little equity over 22 Jul – 9 Aug 2024 (USD 150 bn AUM): about 10 bn, a small part of desks\' systematic selling', async () => {
    const r = riskParityModel([
      { prices: await loadRealSeries('SPY'), assetClass: 'equity' },
      { prices: bondPriceFromYield(await loadRealSeries('DGS10')), assetClass: 'bond' },
      { prices: await loadRealSeries('GLD'), assetClass: 'commodity' },
      { prices: await loadRealSeries('USO'), assetClass: 'commodity' },
    ]);
    let eq = 0;
    r.dates.forEach((d, k) => {
      if (d >= toDay('2024-07-22') && d <= toDay('2024-08-09')) eq += r.assets[0]?.flowBn[k] as number;
    });
    assert.ok(Math.abs(eq - -9.9) < 0.3, `${eq}`);
    const k = r.dates.indexOf(toDay('2024-07-15'));
    // Equity exposure about half of capital; AQR (2015) put it at ~35%.
    assert.ok(Math.abs((r.assets[0]?.exposure[k] as number) - 0.51) < 0.01);
  });
});
