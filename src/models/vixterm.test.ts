import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { classifyAt, findInversions, resolveVixTermParams, vixTermModel, type ClassifierContext, type VixTermResult } from './vixterm.ts';

const nan = Number.NaN;

describe('findInversions', () => {
  it('finds runs at or above the level and merges short gaps', () => {
    const ratio = Float64Array.from([0.9, 1.0, 1.1, 0.95, 0.97, 1.2, 0.8, 0.8, 0.8, 0.8, 1.05, nan]);
    assert.deepEqual(findInversions(ratio, 1, 3), [
      { start: 1, end: 5, peak: 5, days: 3 },
      { start: 10, end: 10, peak: 10, days: 1 },
    ]);
    assert.equal(findInversions(ratio, 1, 0).length, 3);
  });

  it('drops episodes shorter than the minimum number of inverted days', () => {
    const ratio = Float64Array.from([0.9, 1.0, 1.1, 0.95, 0.97, 1.2, 0.8, 0.8, 0.8, 0.8, 1.05, nan]);
    assert.deepEqual(findInversions(ratio, 1, 3, 2), [{ start: 1, end: 5, peak: 5, days: 3 }]);
    assert.deepEqual(findInversions(ratio, 1, 3, 4), []);
  });
});

describe('classifyAt', () => {
  const dates = Int32Array.from({ length: 30 }, (_, i) => toDay('2026-01-01') + i);
  const flat = (v: number) => new Float64Array(30).fill(v);
  const p = resolveVixTermParams();

  it('calls a priced-only inversion "hedging flow", naming each input', () => {
    const ctx: ClassifierContext = { spx: flat(100), high252: flat(103), rv: flat(0.12), hy: flat(3.0), ew: flat(50) };
    const c = classifyAt(29, dates, flat(25), ctx, p);
    assert.equal(c.label, 'hedging flow');
    assert.deepEqual(c.indicators.map((x) => [x.name, Number(x.value.toFixed(6)), x.stress]), [
      ['credit level', 3, false],
      ['credit widening', 0, false],
      ['drawdown', Number((100 * (1 - 100 / 103)).toFixed(6)), false],
      ['implied vs realised', 13, false],
      ['breadth', 0, false],
    ]);
  });

  it('calls it "stress" when credit widens and the index is in a correction', () => {
    const hy = flat(4.0);
    hy[29] = 4.8; // +80 bp in 10 days
    const ctx: ClassifierContext = { spx: flat(85), high252: flat(100), rv: flat(0.3), hy, ew: flat(50) };
    const c = classifyAt(29, dates, flat(35), ctx, p);
    assert.equal(c.label, 'stress');
    assert.match(c.reason, /^2 of 5 indicators point to stress \(credit widening, drawdown\)/);
  });

  it('reads breadth as the equal-weight return minus the index return over 21 days', () => {
    // Index 100 → 90 (−10%), equal weight 50 → 44 (−12%): −2 pp, past the −1 pp threshold.
    const spx = flat(100);
    const ew = flat(50);
    spx[29] = 90;
    ew[29] = 44;
    const ctx: ClassifierContext = { spx, high252: flat(100), rv: flat(0.1), hy: flat(3), ew };
    const b = classifyAt(29, dates, flat(20), ctx, p).indicators.find((x) => x.name === 'breadth');
    assert.ok(b && Math.abs(b.value - -2) < 1e-9 && b.threshold === -1 && b.stress);
    // A narrow sell-off: equal weight only −5% while the index fell 10% → +5 pp, no stress.
    ew[29] = 47.5;
    const n = classifyAt(29, dates, flat(20), ctx, p).indicators.find((x) => x.name === 'breadth');
    assert.ok(n && Math.abs(n.value - 5) < 1e-9 && !n.stress);
  });

  it('rejects a negative minimum episode length', () => {
    assert.throws(() => resolveVixTermParams({ minDays: -1 }), /minDays must be a whole number ≥ 1/);
  });
});

describe('VIX term structure on real data', { skip: skipWithoutRealData }, () => {
  let r: VixTermResult;
  before(async () => {
    const [vix, vix3m, vix9d, spx, hy, rsp] = await Promise.all(['VIX', 'VIX3M', 'VIX9D', 'SPY', 'BAMLH0A0HYM2', 'RSP'].map(loadRealSeries));
    r = vixTermModel({ vix: vix as Series, vix3m: vix3m as Series, vix9d, spx: spx as Series, hySpread: hy, equalWeight: rsp });
  });
  const episodeOn = (d: string) => r.episodes.find((e) => e.start <= d && d <= e.end);

  it('finds the inversions of March 2020, 2022, 5 August 2024 and April 2025', () => {
    assert.ok(episodeOn('2020-03-16'), 'March 2020');
    assert.ok(r.episodes.some((e) => e.start.startsWith('2022-')), '2022');
    assert.ok(episodeOn('2024-08-05'), '5 August 2024');
    assert.ok(episodeOn('2025-04-08'), 'April 2025');
    assert.ok((episodeOn('2020-03-16')?.peakRatio ?? 0) > 1.3);
    // 2022: the data shows late Feb–early Mar (Ukraine) and late Sep (the year's low)
    assert.ok(episodeOn('2022-03-01'), 'Feb–Mar 2022');
    assert.ok(episodeOn('2022-09-27'), 'Sep 2022');
    const aug = episodeOn('2024-08-05');
    assert.equal(aug?.peakDate, '2024-08-05');
    assert.ok(aug && aug.length >= aug.days && aug.days >= 3);
  });

  it('calls 5 August 2024 a hedging flow and April 2025 stress', () => {
    const aug = episodeOn('2024-08-05')?.classification;
    assert.equal(aug?.label, 'hedging flow');
    // Credit widened fast but from a low level, and the average stock held up better than the index.
    assert.deepEqual(aug?.indicators.filter((x) => x.stress).map((x) => x.name), ['credit widening']);
    assert.equal(episodeOn('2025-04-07')?.classification.label, 'stress');
  });

  it('labels March 2020 as stress and gives its evidence', () => {
    const c = episodeOn('2020-03-16')?.classification;
    assert.equal(c?.label, 'stress');
    assert.ok(c?.indicators.some((x) => x.name === 'credit level' && x.stress));
  });

  it('labels each episode on its first day too, with that day\'s data only', () => {
    const covid = episodeOn('2020-03-16');
    assert.equal(covid?.start, '2020-02-24');
    assert.equal(covid?.classification.label, 'stress'); // at the peak
    assert.equal(covid?.classificationAtStart.label, 'hedging flow'); // nothing had fired on 24 Feb
    assert.equal(episodeOn('2022-09-26')?.classificationAtStart.label, 'stress');
  });

  it('runs the event study over every episode, split by label', () => {
    const all = r.eventStudy.all.horizons[0];
    const hedging = r.eventStudy['hedging flow'].horizons[0];
    const stress = r.eventStudy.stress.horizons[0];
    assert.equal(all?.n, (hedging?.n ?? 0) + (stress?.n ?? 0));
    // Split by the day-0 label: as many stress events as episodes that started stressed.
    assert.equal(stress?.n, r.episodes.filter((e) => e.classificationAtStart.label === 'stress' && e.start < '2026-06-01').length);
    assert.equal(all?.horizon, 5);
    assert.ok((all?.n ?? 0) > 50);
  });

  it('reports today in contango with VIX 16.01 and VIX3M 19.06 on 2026-08-20', () => {
    assert.equal(r.today.date, '2026-08-20');
    assert.equal(r.today.state, 'contango');
    assert.ok(Math.abs(r.today.vix - 16.01) < 1e-6 && Math.abs(r.today.vix3m - 19.06) < 1e-6);
  });
});
