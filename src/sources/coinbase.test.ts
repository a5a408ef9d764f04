import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FetchError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { coinbaseUrl, createCoinbaseSource, extractCandles } from './coinbase.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient } from './http.ts';

const CANDLES = '/products/BTC-USD/candles';
const json = { 'content-type': 'application/json; charset=utf-8' };

describe('Coinbase adapter against the replay server', () => {
  const server = new ReplayServer()
    .route((p, q) => p === CANDLES && q.get('end') === '2024-03-15T00:00:00Z', { body: fixture('coinbase/BTC-USD_page1.json'), headers: json })
    .route((p, q) => p === CANDLES && q.get('end') === '2023-05-20T00:00:00Z', { body: fixture('coinbase/BTC-USD_page2.json'), headers: json })
    .route(CANDLES, { body: fixture('coinbase/empty.json'), headers: json })
    .route('/products/DOGE-USD/candles', { status: 404, body: fixture('coinbase/not_found.json'), headers: json })
    .route('/products/XYZ-USD/candles', { body: '{"message":"granularity too small for the requested time range"}', headers: json });
  let base = '';
  const coinbase = () => createCoinbaseSource({ baseUrl: base, http: new HttpClient({ sleep: async () => {}, attempts: 2 }), now: () => new Date('2024-03-16T12:00:00Z') });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('pages backwards in 300-candle windows until an empty page, oldest first', async () => {
    const r = await coinbase().fetch(catalogEntry('BTCUSD'));
    assert.deepEqual(r.points, [
      { date: '2022-11-09', value: 15883.01 },
      { date: '2024-03-14', value: 71387.88 },
      { date: '2024-03-15', value: 69499.85 },
    ]);
    const pages = server.seen(CANDLES).map((q) => [q.query.get('start'), q.query.get('end')]);
    // The last complete UTC day first (2024-03-16 is still trading); 300 candles = 299 days inclusive.
    assert.deepEqual(pages, [
      ['2023-05-21T00:00:00Z', '2024-03-15T00:00:00Z'],
      ['2022-07-25T00:00:00Z', '2023-05-20T00:00:00Z'],
      ['2021-09-28T00:00:00Z', '2022-07-24T00:00:00Z'],
    ]);
    assert.equal(server.seen(CANDLES)[0]?.query.get('granularity'), '86400');
    assert.equal(r.origin, `${base}/products/BTC-USD/candles?granularity=86400`);
  });

  it('reports an unknown product with the URL and the message', async () => {
    const entry = { ...catalogEntry('BTCUSD'), id: 'DOGEUSD', key: 'DOGE-USD' };
    await assert.rejects(coinbase().fetch(entry), (e: unknown) => e instanceof FetchError && e.status === 404 && /DOGE-USD\/candles\?.*: HTTP 404: NotFound$/.test(e.message));
  });

  it('reports an error object where candles were expected', async () => {
    const entry = { ...catalogEntry('BTCUSD'), id: 'XYZUSD', key: 'XYZ-USD' };
    await assert.rejects(coinbase().fetch(entry), (e: unknown) => e instanceof DataFormatError && /Coinbase error: granularity too small/.test(e.message));
  });
});

describe('Coinbase helpers', () => {
  it('builds a page URL with ISO bounds', () => {
    assert.equal(
      coinbaseUrl('ETH-USD', 1710460800 - 299 * 86400, 1710460800),
      'https://api.exchange.coinbase.com/products/ETH-USD/candles?granularity=86400&start=2023-05-21T00:00:00Z&end=2024-03-15T00:00:00Z',
    );
  });
  it('rejects a malformed candle with its index', () => {
    assert.throws(() => extractCandles([[1710460800, 1, 2, 3, 'x', 5]], 'u'), /u: candle 0: expected \[time, low, high, open, close, volume\]/);
  });
});
