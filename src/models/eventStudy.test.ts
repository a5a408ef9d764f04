import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import { eventStudy, tQuantile975 } from './eventStudy.ts';

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
