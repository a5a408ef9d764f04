import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { kShapeModel } from './kshape.ts';

describe('K-shape spread, hand-computed', () => {
  it('is the relative growth of the two equal-weight baskets since the base', () => {
    const d = ['2020-01-02', '2020-01-03', '2020-01-06'];
    const a = seriesFrom('XLK', d, [100, 110, 120]);
    const b = seriesFrom('SMH', d, [50, 50, 60]);
    const c = seriesFrom('RSP', d, [10, 10, 9]);
    const r = kShapeModel([a, b], [c], '2020-01-01');
    // upper growth on 01-06: (1.2 + 1.2)/2 = 1.2; lower 0.9 → spread 100·1.2/0.9 − 100 = 33.33%
    assert.ok(Math.abs(r.latest.spread - (100 * 1.2) / 0.9 + 100) < 1e-12);
    assert.equal(r.base, '2020-01-02');
  });
  it('uses only the days every member has a price', () => {
    const a = seriesFrom('XLK', ['2020-01-02', '2020-01-03', '2020-01-06'], [100, 110, 120]);
    const b = seriesFrom('SMH', ['2020-01-02', '2020-01-06'], [50, 60]);
    const c = seriesFrom('RSP', ['2020-01-02', '2020-01-03', '2020-01-06'], [10, 10, 10]);
    const r = kShapeModel([a, b], [c], '2020-01-01');
    assert.deepEqual(r.dates.length, 2);
  });
});

describe('K-shape on real data', { skip: skipWithoutRealData }, () => {
  it('shows technology far ahead of the real economy since 2020', async () => {
    const [xlk, smh, qqq, rsp, iwm, xly] = await Promise.all(['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY'].map(loadRealSeries));
    const r = kShapeModel([xlk, smh, qqq].filter((s) => s !== undefined), [rsp, iwm, xly].filter((s) => s !== undefined), '2020-01-02');
    assert.equal(r.base, '2020-01-02');
    assert.ok(r.latest.spread > 50, `spread ${r.latest.spread}`);
  });
});

describe('consumer stress', async () => {
  const { consumerStress } = await import('./kshape.ts');
  it('compares the latest value with the long-run mean and flags the stressed side', () => {
    const r = consumerStress({ saving: seriesFrom('PSAVERT', ['2020-01-01', '2020-02-01', '2020-03-01'], [8, 6, 4], { frequency: 'monthly' }) });
    const x = r.readings[0];
    assert.equal(x?.longRunMean, 6);
    assert.equal(x?.longRunStd, 2);
    assert.equal(x?.zScore, -1);
    assert.equal(x?.stressed, true);
    assert.deepEqual(r.missing, ['DRCCLACBS', 'TDSP']);
  });
  it('reads the real gauges', { skip: skipWithoutRealData }, async () => {
    const [saving, cardDelinquency, debtService] = await Promise.all(['PSAVERT', 'DRCCLACBS', 'TDSP'].map(loadRealSeries));
    const r = consumerStress({ saving, cardDelinquency, debtService });
    assert.equal(r.readings.length, 3);
    for (const x of r.readings) assert.ok(Number.isFinite(x.zScore) && x.longRunStd > 0, x.id);
  });
});
