import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFrom } from '../series/series.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { cryptoModel, drawdowns, windowReturns } from './crypto.ts';

describe('crypto model, hand-computed', () => {
  it('measures drawdowns from the running peak and their recovery', () => {
    const s = seriesFrom('BTCUSD', ['2022-01-01', '2022-02-01', '2022-03-01', '2022-04-01', '2022-05-01'], [100, 40, 30, 120, 50]);
    assert.deepEqual(drawdowns(s, -50), [
      { peak: '2022-01-01', trough: '2022-03-01', depth: -70, recovered: '2022-04-01' },
      { peak: '2022-04-01', trough: '2022-05-01', depth: 100 * (50 / 120 - 1), recovered: null },
    ]);
  });
  it('ranks total returns over the window and annualises them', () => {
    const d = ['2020-01-01', '2025-01-01'];
    const r = windowReturns([seriesFrom('BTCUSD', d, [10, 40]), seriesFrom('SPY', d, [100, 200])], 5);
    assert.deepEqual(r.map((x) => x.id), ['BTCUSD', 'SPY']);
    assert.ok(Math.abs((r[0]?.totalReturn ?? 0) - 300) < 1e-9);
    assert.ok(Math.abs((r[1]?.annualised ?? 0) - 100 * (2 ** (1 / 5) - 1)) < 1e-9);
  });
});

describe('crypto on real data', { skip: skipWithoutRealData }, () => {
  it('finds the 2018 and 2022 bitcoin drawdowns deeper than 70%', async () => {
    const btc = await loadRealSeries('BTCUSD');
    const spy = await loadRealSeries('SPY');
    const r = cryptoModel(btc, [spy]);
    assert.ok(r.drawdowns.some((x) => x.trough.startsWith('2018') && x.depth < -70));
    assert.ok(r.drawdowns.some((x) => x.trough.startsWith('2022') && x.depth < -70));
  });
});
