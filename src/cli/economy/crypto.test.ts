import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toDay } from '../../series/dates.ts';
import type { Series } from '../../series/types.ts';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { fresher } from './crypto.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface CryptoJson {
  current: { date: string; price: number; fromPeak: number };
  ranking: { id: string; from: string; to: string; totalReturn: number }[];
  returnShares: { id: string; shareOfBasketGain: number; rank: number }[];
  drawdowns: { peak: string; trough: string; depth: number; recovered: string | null }[];
  maxDrawdown: { peak: string; trough: string; depth: number };
  links: { driver: string; latest: { date: string; beta: number; corr: number } | null }[];
  missing: string[];
}

const s = (id: string, last: string): Series => ({ id, title: id, unit: 'USD', frequency: 'daily', source: 'yahoo', dates: Int32Array.of(toDay('2020-01-02'), toDay(last)), values: Float64Array.of(1, 2), retrievedAt: '' });

describe('S&P 500 driver for bitcoin', () => {
  it('takes the index unless the ETF is fresher', () => {
    assert.equal(fresher(s('GSPC', '2026-06-05'), s('SPY', '2026-06-05'))?.id, 'GSPC');
    assert.equal(fresher(s('GSPC', '2026-03-27'), s('SPY', '2026-06-05'))?.id, 'SPY');
    assert.equal(fresher(undefined, s('SPY', '2026-06-05'))?.id, 'SPY');
    assert.equal(fresher(undefined, undefined), undefined);
  });
});

describe('flowlens economy crypto on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['BTCUSD', 'SPY', 'QQQ', 'GLD', 'TLT', 'DBC', 'GSPC', 'WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD']);
  });
  after(() => cleanup());

  it('five years to 2026-06-05: BTC ranks behind gold, Nasdaq, S&P and commodities; shares of the basket gain sum to 100', async () => {
    const j = jsonOf<CryptoJson>(await runCli('economy', 'crypto', '--json'));
    assert.equal(j.current.date, '2026-06-05');
    assert.ok(Math.abs(j.current.fromPeak - -50.7) < 0.05);
    assert.deepEqual(j.ranking.map((r) => r.id), ['GLD', 'QQQ', 'SPY', 'DBC', 'BTCUSD', 'TLT']);
    assert.equal(j.ranking[0]?.from, '2021-06-05');
    const sum = j.returnShares.reduce((a, r) => a + r.shareOfBasketGain, 0);
    assert.ok(Math.abs(sum - 100) < 1e-9);
    assert.equal(j.returnShares.find((r) => r.id === 'BTCUSD')?.rank, 5);
  });

  it('drawdowns: the deepest is −83% from December 2017 to December 2018', async () => {
    const j = jsonOf<CryptoJson>(await runCli('economy', 'crypto', '--json'));
    assert.equal(j.maxDrawdown.peak, '2017-12-16');
    assert.equal(j.maxDrawdown.trough, '2018-12-15');
    assert.ok(Math.abs(j.maxDrawdown.depth - -83.4) < 0.05);
    assert.equal(j.drawdowns.at(-1)?.recovered, null);
  });

  it('links to the S&P 500 (GSPC, to 2026-08-21, fresher than SPY to 2026-06-05) and to net liquidity from the liquidity model', async () => {
    const j = jsonOf<CryptoJson>(await runCli('economy', 'crypto', '--json'));
    assert.deepEqual(j.links.map((l) => l.driver), ['GSPC', 'NET_LIQUIDITY']);
    for (const l of j.links) assert.ok(l.latest && Math.abs(l.latest.corr) <= 1);
    assert.deepEqual(j.missing, []);
    const screen = await runCli('economy', 'crypto');
    assert.match(screen.stdout, /Bitcoin 61,488 USD on 2026-06-05, -50\.7% from its peak/);
    assert.match(screen.stdout, /net liquidity \(Δ log\)/);
  });
});
