import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import { bootstrapMeanCi, eventStudy, eventStudyByLabel, tQuantile975 } from './eventStudy.ts';

describe('eventStudy', () => {
  // Ten trading days; prices chosen so forward returns are round numbers.
  const dates = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16'];
  const px = seriesFrom('P', dates, [100, 100, 110, 100, 99, 121, 100, 100, 100, 100]);

  it('measures h-day forward returns from the first trading day on or after each event', () => {
    // Events: 2026-01-05 (→ 01-07 at h=2: +10%), a Saturday 2026-01-10 (→ day 0 is 01-12: 121 → 100 at h=2 is −17.36%)
    const r = eventStudy(px, [toDay('2026-01-05'), toDay('2026-01-10'), toDay('2026-01-15')], [2]);
    const h = r.horizons[0];
    assert.ok(h);
    assert.equal(h.n, 2);
    assert.equal(h.excluded, 1); // 2026-01-15 + 2 days runs past the data
    assert.deepEqual(r.events.map((e) => e.date), ['2026-01-05', '2026-01-12', '2026-01-15']);
    assert.ok(Math.abs((r.events[0]?.forward[2] ?? 0) - 10) < 1e-12);
    assert.ok(Math.abs((r.events[1]?.forward[2] ?? 0) - (100 * (100 / 121 - 1))) < 1e-12);
    const mean = (10 + 100 * (100 / 121 - 1)) / 2;
    assert.ok(Math.abs(h.meanReturn - mean) < 1e-12);
    assert.equal(h.hitRate, 50);
    // n = 2: t(0.975, 1) = 12.706, s = |a − b|/√2
    const s = Math.abs(10 - 100 * (100 / 121 - 1)) / Math.SQRT2;
    assert.ok(Math.abs(h.ci95[1] - (mean + (12.706 * s) / Math.SQRT2)) < 1e-9);
  });

  it('uses t quantiles: 2.228 at 10 df, ≈1.984 at 100 df', () => {
    assert.equal(tQuantile975(10), 2.228);
    assert.ok(Math.abs(tQuantile975(100) - 1.984) < 2e-3);
  });

  it('rejects a horizon that is not a whole number of days', () => {
    assert.throws(() => eventStudy(px, [], [0]), /horizons must be whole days/);
  });
});

describe('eventStudy against the unconditional distribution and by bootstrap', () => {
  // Prices 100, 110, 99, 108.9, 98.01: every 1-day return is +10% or −10%.
  const dates = ['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'];
  const px = seriesFrom('P', dates, [100, 110, 99, 108.9, 98.01]);

  it('compares event returns with every day of the sample', () => {
    const h = eventStudy(px, [toDay('2026-02-02'), toDay('2026-02-04')], [1]).horizons[0];
    assert.ok(h);
    // Events on the up days: +10%, +10%. All days: +10, −10, +10, −10 → mean 0, median 0, sd = √(400/3).
    assert.equal(h.n, 2);
    assert.ok(Math.abs(h.meanReturn - 10) < 1e-9);
    assert.equal(h.unconditional.n, 4);
    assert.ok(Math.abs(h.unconditional.mean) < 1e-9);
    assert.ok(Math.abs(h.unconditional.median) < 1e-9);
    assert.ok(Math.abs(h.unconditional.sd - Math.sqrt(400 / 3)) < 1e-9);
    assert.equal(h.unconditional.hitRate, 50);
    // Event sd is 0, so t = 10 / √(s_u²/4) = 10 / (√(400/3)/2)
    assert.ok(Math.abs(h.tVsUnconditional - 10 / (Math.sqrt(400 / 3) / 2)) < 1e-9);
  });

  it('gives a seeded bootstrap interval that repeats and brackets the mean', () => {
    const p2 = seriesFrom('P', ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10'], [100, 101, 99, 102, 97, 103, 100]);
    const ev = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'].map((d) => toDay(d));
    const a = eventStudy(p2, ev, [1], { bootstrap: { resamples: 2000, seed: 7 } }).horizons[0];
    const b = eventStudy(p2, ev, [1], { bootstrap: { resamples: 2000, seed: 7 } }).horizons[0];
    assert.ok(a?.bootstrapCi95 && b?.bootstrapCi95);
    assert.deepEqual(a.bootstrapCi95, b.bootstrapCi95);
    assert.ok(a.bootstrapCi95[0] < a.meanReturn && a.meanReturn < a.bootstrapCi95[1]);
    // Inside the range of the data and narrower than the t-interval with 5 df (t = 2.571) here.
    assert.ok(a.bootstrapCi95[0] > -6 && a.bootstrapCi95[1] < 6.2);
    assert.ok(a.bootstrapCi95[1] - a.bootstrapCi95[0] < a.ci95[1] - a.ci95[0]);
  });

  it('bootstraps a constant sample to a point', () => {
    assert.deepEqual(bootstrapMeanCi([2, 2, 2], 100, 1), [2, 2]);
    assert.throws(() => bootstrapMeanCi([1], 10, 1), /resamples must be a whole number ≥ 100/);
  });

  it('splits events by label and keeps the total', () => {
    const r = eventStudyByLabel(px, [{ day: toDay('2026-02-02'), label: 'a' }, { day: toDay('2026-02-03'), label: 'b' }, { day: toDay('2026-02-06'), label: 'b' }], ['a', 'b'], [1]);
    assert.equal(r.a.horizons[0]?.n, 1);
    assert.equal(r.b.horizons[0]?.n, 1);
    assert.equal(r.b.horizons[0]?.excluded, 1);
    assert.equal(r.all.horizons[0]?.n, 2);
    assert.ok(Math.abs((r.b.horizons[0]?.meanReturn ?? 0) - -10) < 1e-9);
  });
});
