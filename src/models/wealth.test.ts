import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { medianAge, sharesAtAge, shareTable } from './wealth.ts';

describe('DFA shares, hand-made', () => {
  it('sums the groups on their common quarters and lists a missing one', () => {
    const q = ['2020-01-01', '2020-04-01'];
    const t = shareTable({ A: seriesFrom('A', q, [60, 61], { frequency: 'quarterly' }), B: seriesFrom('B', ['2020-04-01'], [39], { frequency: 'quarterly' }), C: undefined });
    assert.deepEqual(Array.from(t.total), [100]);
    assert.deepEqual(t.missing, ['C']);
    assert.deepEqual(t.latest, { date: '2020-04-01', shares: { A: 61, B: 39 } });
  });
  it('dates median age from the middle of the birth-year range and the middle of the quarter', () => {
    // Boomers 1946–1964 → median birth year 1955.5; 1990 Q3 midpoint 1990.625 → 35.125
    assert.ok(Math.abs(medianAge('BabyBoom', toDay('1990-07-01')) - 35.125) < 1e-12);
  });
  it('picks the quarter nearest the target age and refuses one too far away', () => {
    const boom = seriesFrom('B', ['1990-04-01', '1990-07-01', '1990-10-01'], [20, 21, 22], { frequency: 'quarterly' });
    const mill = seriesFrom('M', ['2020-01-01'], [4], { frequency: 'quarterly' });
    const r = sharesAtAge({ BabyBoom: boom, Millennial: mill }, 35.2);
    assert.equal(r[0]?.date, '1990-07-01');
    assert.equal(r[0]?.share, 21);
    assert.ok(Number.isNaN(r[1]?.share ?? 0)); // Millennials were ~31.6 in 2020 Q1
  });
});

describe('DFA shares on real data', { skip: skipWithoutRealData }, () => {
  const gens = ['SILENT', 'BABYBOOM', 'GENX', 'MILLENNIAL'];
  const pcts = ['TOPPT1', 'REMAININGTOP1', 'NEXT9', 'NEXT40', 'BOTTOM50'];
  let g: Series[];
  let p: Series[];
  before(async () => {
    g = await Promise.all(gens.map((c) => loadRealSeries(`DFA_GEN_${c}_NW_SHARE`)));
    p = await Promise.all(pcts.map((c) => loadRealSeries(`DFA_PCT_${c}_NW_SHARE`)));
  });
  it('has generation shares summing to 100 ± 0.5 in every quarter', () => {
    const t = shareTable(Object.fromEntries(gens.map((c, i) => [c, g[i]])));
    assert.ok(t.dates.length > 100);
    for (const x of t.total) assert.ok(Math.abs(x - 100) <= 0.5, `${x}`);
  });
  it('has percentile shares summing to 100 ± 0.5 in every quarter', () => {
    const t = shareTable(Object.fromEntries(pcts.map((c, i) => [c, p[i]])));
    assert.ok(t.dates.length > 100);
    for (const x of t.total) assert.ok(Math.abs(x - 100) <= 0.5, `${x}`);
  });
  it('finds Boomers at 35 holding about a fifth of wealth, far more than Gen X or Millennials at 35', () => {
    const [, boom, genx, mill] = g as [Series, Series, Series, Series];
    const r = sharesAtAge({ BabyBoom: boom, GenX: genx, Millennial: mill }, 35);
    const share = (gen: string) => r.find((x) => x.generation === gen)?.share ?? Number.NaN;
    assert.ok(share('BabyBoom') > 19 && share('BabyBoom') < 23, `${share('BabyBoom')}`);
    assert.ok(share('GenX') < share('BabyBoom') / 1.5, `${share('GenX')}`);
    assert.ok(share('Millennial') < share('GenX'), `${share('Millennial')}`);
  });
});
