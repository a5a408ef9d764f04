import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { toDay } from '../series/dates.ts';
import { cutAt } from '../theses/flowClaims.ts';
import { kShapeBase, kShapeModel } from './kshape.ts';

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

describe('K-shape base known on the as-of date', () => {
  it('is the same calendar day 5 years earlier (29 Feb → 28 Feb), by hand', () => {
    assert.equal(kShapeBase('2026-11-30'), '2021-11-30');
    assert.equal(kShapeBase('2024-02-29'), '2019-02-28');
    assert.equal(kShapeBase(toDay('2024-08-06')), '2019-08-06');
    assert.equal(kShapeBase('2024-08-06', 3), '2021-08-06');
  });
  it('says the rule as an assumption: the base asked for, the default rule, the first common day', () => {
    const d = ['2019-08-05', '2019-08-06', '2024-08-06'];
    const r = kShapeModel([seriesFrom('XLK', d, [1, 2, 4])], [seriesFrom('RSP', d, [1, 1, 2])], kShapeBase('2024-08-03'));
    const a = r.assumptions[0];
    assert.equal(a?.value, '2019-08-03');
    assert.equal(a?.default, '5 years before the as-of date');
    assert.match(a?.description ?? '', /here 2019-08-05/);
    assert.equal(r.base, '2019-08-05');
  });
});

describe('K-shape on real data', { skip: skipWithoutRealData }, () => {
  it('as of 2024-08-06 (the store cut there): from 2019-08-06, AI/tech +97.45% vs the real economy, −1.47 pp over 3 months', async () => {
    const legs = await Promise.all(['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY'].map(async (id) => cutAt(await loadRealSeries(id), toDay('2024-08-06'))));
    const r = kShapeModel(legs.slice(0, 3), legs.slice(3), kShapeBase('2024-08-06'));
    assert.equal(r.base, '2019-08-06');
    assert.equal(r.latest.date, '2024-08-06');
    assert.ok(Math.abs(r.latest.spread - 97.45) < 0.01, `spread ${r.latest.spread}`);
    assert.ok(Math.abs(r.change3m + 1.47) < 0.01, `change ${r.change3m}`);
    // As of 2019-06-28 the old fixed start lay in the future ("not enough data"); the lookback gives a reading.
    const early = await Promise.all(['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY'].map(async (id) => cutAt(await loadRealSeries(id), toDay('2019-06-28'))));
    const e = kShapeModel(early.slice(0, 3), early.slice(3), kShapeBase('2019-06-28'));
    assert.equal(e.base, '2014-06-30'); // 2014-06-28 was a Saturday
    assert.ok(Math.abs(e.latest.spread - 38.1) < 0.01, `spread ${e.latest.spread}`);
  });
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
