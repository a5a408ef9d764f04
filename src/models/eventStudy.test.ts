import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { bootstrapMeanCi, eventStudies, eventStudy, eventStudyByLabel, tQuantile975 } from './eventStudy.ts';

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

/**
 * The event study as first written (a log per day of every forward window, arrays of numbers,
 * medians by a full sort): the reference the typed-array rewrite must match bit for bit.
 */
function eventStudyAsFirstWritten(prices: Series, eventDates: readonly number[], horizons: readonly number[]) {
  const median = (xs: readonly number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  };
  const valid: number[] = [];
  const px: number[] = [];
  prices.values.forEach((v, i) => {
    if (!Number.isNaN(v)) {
      valid.push(prices.dates[i] as number);
      px.push(v);
    }
  });
  const idx = eventDates.map((d) => {
    const i = valid.findIndex((x) => x >= d);
    return i;
  });
  const forwardVol = (i: number, h: number): number => {
    if (h < 2) return Number.NaN;
    let s = 0;
    let s2 = 0;
    for (let j = i + 1; j <= i + h; j++) {
      const lr = Math.log((px[j] as number) / (px[j - 1] as number));
      s += lr;
      s2 += lr * lr;
    }
    return 100 * Math.sqrt(252 * Math.max(0, (s2 - (s * s) / h) / (h - 1)));
  };
  return horizons.map((h) => {
    const rets: number[] = [];
    const vols: number[] = [];
    for (const i of idx) {
      if (i < 0 || i + h >= px.length) continue;
      rets.push(100 * ((px[i + h] as number) / (px[i] as number) - 1));
      vols.push(forwardVol(i, h));
    }
    const n = rets.length;
    const mean = rets.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const allRets: number[] = [];
    const allVols: number[] = [];
    for (let i = 0; i + h < px.length; i++) {
      allRets.push(100 * ((px[i + h] as number) / (px[i] as number) - 1));
      allVols.push(forwardVol(i, h));
    }
    const un = allRets.length;
    const uMean = allRets.reduce((a, b) => a + b, 0) / un;
    const validVols = vols.filter((v) => !Number.isNaN(v));
    const uVols = allVols.filter((v) => !Number.isNaN(v));
    return {
      n,
      mean,
      sd,
      median: median(rets),
      hitRate: (100 * rets.filter((r) => r > 0).length) / n,
      meanVol: validVols.length ? validVols.reduce((a, b) => a + b, 0) / validVols.length : Number.NaN,
      medianVol: median(validVols),
      uN: un,
      uMean,
      uSd: Math.sqrt(allRets.reduce((a, b) => a + (b - uMean) ** 2, 0) / (un - 1)),
      uMedian: median(allRets),
      uHitRate: (100 * allRets.filter((r) => r > 0).length) / un,
      uMeanVol: uVols.length ? uVols.reduce((a, b) => a + b, 0) / uVols.length : Number.NaN,
    };
  });
}

describe('eventStudy on real data', () => {
  it('eventStudies gives each set of events what eventStudy gives it alone (the unconditional part computed once)', { skip: skipWithoutRealData }, async () => {
    const spy = await loadRealSeries('SPY');
    const first = spy.dates[0] as number;
    const sets = [[first + 400, first + 2000, first + 5000], [], Array.from({ length: 120 }, (_, k) => first + 37 * k), [first + 10_000_000]];
    const options = { bootstrap: { resamples: 200, seed: 7 } };
    const many = eventStudies(spy, sets, [1, 5, 21], options);
    assert.equal(many.length, sets.length);
    sets.forEach((set, k) => assert.deepEqual(many[k], eventStudy(spy, set, [1, 5, 21], options)));
    assert.ok((many[2]?.horizons[2]?.n ?? 0) > 100);
  });

  it('gives bit-identical statistics to the implementation as first written, on SPY with 300 and 301 events (odd and even medians)', { skip: skipWithoutRealData }, async () => {
    const spy = await loadRealSeries('SPY');
    const first = spy.dates[0] as number;
    const span = (spy.dates[spy.dates.length - 1] as number) - first;
    for (const count of [300, 301]) {
      // Events spread over the whole history, some on weekends, the last ones too late for a full window.
      const events = Array.from({ length: count }, (_, k) => first + Math.floor((k * span) / (count - 1)));
      const horizons = [1, 5, 21, 63];
      const got = eventStudy(spy, events, horizons);
      const want = eventStudyAsFirstWritten(spy, events, horizons);
      got.horizons.forEach((g, k) => {
        const w = want[k];
        assert.ok(w);
        const seen = {
          n: g.n,
          mean: g.meanReturn,
          sd: (g.ci95[1] - g.meanReturn) / (tQuantile975(g.n - 1) / Math.sqrt(g.n)),
          median: g.medianReturn,
          hitRate: g.hitRate,
          meanVol: g.meanForwardVol,
          medianVol: g.medianForwardVol,
          uN: g.unconditional.n,
          uMean: g.unconditional.mean,
          uSd: g.unconditional.sd,
          uMedian: g.unconditional.median,
          uHitRate: g.unconditional.hitRate,
          uMeanVol: g.unconditional.meanForwardVol,
        };
        // sd is recovered through the interval: compare it to 1e-12, everything else exactly.
        assert.ok(Math.abs(seen.sd - w.sd) <= 1e-12 * w.sd, `h=${g.horizon} sd ${seen.sd} vs ${w.sd}`);
        assert.deepEqual({ ...seen, sd: 0 }, { ...w, sd: 0 }, `h=${g.horizon}, ${count} events`);
        assert.ok(g.n > 250 && g.unconditional.n > 7000);
      });
    }
  });
});
