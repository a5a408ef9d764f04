import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import type { Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { labourModel, type LabourResult } from './labour.ts';

describe('labour model, hand-computed', () => {
  it('reads the youth gap, the claims average and what is missing', () => {
    const r = labourModel({
      unrate: seriesFrom('UNRATE', ['2025-06-01', '2026-06-01', '2026-07-01'], [4.1, 4.3, 4.4], { frequency: 'monthly' }),
      youth: seriesFrom('LNS14000036', ['2026-06-01', '2026-07-01'], [8.0, 8.6], { frequency: 'monthly' }),
      initialClaims: seriesFrom('ICSA', ['2026-07-25', '2026-08-01', '2026-08-08', '2026-08-15', '2026-08-22'], [250000, 210000, 220000, 230000, 240000], { frequency: 'weekly' }),
    });
    assert.deepEqual(r.youthGap?.latest, { date: '2026-07-01', youth: 8.6, overall: 4.4, gap: 8.6 - 4.4 });
    assert.equal(r.youthGap?.alwaysAbove, true);
    assert.deepEqual(r.claims4wk, { date: '2026-08-22', value: 225000 });
    assert.equal(r.readings.find((x) => x.id === 'UNRATE')?.yearAgo, 4.1);
    assert.deepEqual(r.missing, ['U6RATE', 'CCSA', 'JTSJOL', 'JTSHIR', 'USINFO']);
  });
});

describe('labour on real data', { skip: skipWithoutRealData }, () => {
  let r: LabourResult;
  before(async () => {
    const [unrate, youth] = (await Promise.all(['UNRATE', 'LNS14000036'].map(loadRealSeries))) as Series[];
    r = labourModel({ unrate, youth });
  });
  it('has the 20–24 unemployment rate above the overall rate in every month since 1948', () => {
    assert.equal(r.youthGap?.alwaysAbove, true);
    assert.ok((r.youthGap?.dates.length ?? 0) > 900);
    assert.equal(r.youthGap?.latest.date, '2024-12-01');
  });
});

describe('labour detail and the profit share, hand-computed', async () => {
  const { labourDetail, movingAverage, profitShareModel, yoyMonthly } = await import('./labour.ts');
  it('averages the last four weekly values', () => {
    const s = seriesFrom('ICSA', ['2026-08-01', '2026-08-08', '2026-08-15', '2026-08-22', '2026-08-29'], [200, 220, 240, 260, 300], { frequency: 'weekly' });
    assert.deepEqual(Array.from(movingAverage(s).values).slice(3), [230, 255]);
  });
  it('computes 12-month growth of information jobs and lists missing claims', () => {
    const info = seriesFrom('USINFO', ['2024-06-01', '2025-06-01'], [3000, 2940], { frequency: 'monthly' });
    assert.ok(Math.abs((yoyMonthly(info).values[1] as number) - -2) < 1e-12);
    assert.deepEqual(labourDetail({ infoJobs: info }).missing, ['ICSA', 'CCSA']);
  });
  it('relates profits to GDP and to compensation against a base-period mean', () => {
    const q = ['2019-01-01', '2019-04-01', '2025-01-01'];
    const r = profitShareModel({
      profits: seriesFrom('CP', q, [100, 120, 300], { frequency: 'quarterly' }),
      gdp: seriesFrom('GDP', q, [1000, 1000, 2000], { frequency: 'quarterly' }),
    }, { from: '2019-01-01', to: '2019-12-31' });
    // base mean CP/GDP = (10 + 12)/2 = 11%; latest 15% → +4 pp
    assert.equal(r.base.profitsToGdp, 11);
    assert.equal(r.latest.profitsToGdp, 15);
    assert.equal(r.latest.changeToGdp, 4);
    assert.deepEqual(r.missing, ['COE']);
    assert.throws(() => profitShareModel({}), /needs corporate profits \(CP\)/);
  });
});
