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

describe('crypto links, drawdown and return shares', async () => {
  const { cryptoLinks, maxDrawdown, returnShares } = await import('./crypto.ts');
  it('finds a beta of 2 and a correlation of 1 when BTC moves twice the driver', () => {
    const days: string[] = [];
    const spx: number[] = [];
    const btc: number[] = [];
    let p = 100;
    for (let w = 0; w < 30; w++) {
      const d = new Date(Date.UTC(2024, 0, 5 + 7 * w)); // Fridays
      days.push(d.toISOString().slice(0, 10));
      const r = 0.01 * Math.sin(w);
      p *= Math.exp(r);
      spx.push(p);
      btc.push(100 * Math.exp(2 * Math.log(p / 100)));
    }
    const res = cryptoLinks({ btc: seriesFrom('BTCUSD', days, btc), spx: seriesFrom('GSPC', days, spx) }, 10);
    assert.ok(Math.abs((res.links[0]?.latest?.beta ?? 0) - 2) < 1e-9);
    assert.ok(Math.abs((res.links[0]?.latest?.corr ?? 0) - 1) < 1e-9);
    assert.deepEqual(res.missing, ['NET_LIQUIDITY']);
    assert.throws(() => cryptoLinks({ btc: seriesFrom('BTCUSD', days, btc) }, 3), /window must be an integer of at least 8/);
  });
  it('finds the deepest drawdown', () => {
    const s = seriesFrom('BTCUSD', ['2022-01-01', '2022-02-01', '2022-03-01', '2022-04-01', '2022-05-01'], [100, 40, 30, 120, 50]);
    assert.equal(maxDrawdown(s)?.depth, -70);
  });
  it('ranks returns and gives each its share of an equal-weight basket gain', () => {
    const d = ['2020-01-01', '2025-01-01'];
    const r = returnShares([seriesFrom('BTCUSD', d, [10, 40]), seriesFrom('SPY', d, [100, 200]), seriesFrom('TLT', d, [100, 100])], '2020-01-01', '2025-01-01');
    assert.deepEqual(r.map((x) => [x.id, x.rank, x.shareOfBasketGain]), [['BTCUSD', 1, 75], ['SPY', 2, 25], ['TLT', 3, 0]]);
  });
  it('on real data: BTC drawdowns deeper than 75% and a positive 2y beta to the S&P 500', { skip: skipWithoutRealData }, async () => {
    const btc = await loadRealSeries('BTCUSD');
    const spy = await loadRealSeries('SPY');
    assert.ok((maxDrawdown(btc)?.depth ?? 0) < -75);
    const res = cryptoLinks({ btc, spx: spy }, 104);
    assert.ok((res.links[0]?.latest?.beta ?? 0) > 0);
  });
});
