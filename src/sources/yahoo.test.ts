import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FetchError } from '../core/errors.ts';
import { catalogEntry, type CatalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient } from './http.ts';
import { createYahooSource, yahooPoints, yahooUrl } from './yahoo.ts';

const NOW = new Date('2024-08-07T20:00:00Z');
const json = { 'content-type': 'application/json;charset=utf-8' };

describe('Yahoo adapter against the replay server', () => {
  const server = new ReplayServer()
    .route('/v8/finance/chart/SPY', { body: fixture('yahoo/SPY.json'), headers: json })
    .route('/v8/finance/chart/%5EAXJO', { body: fixture('yahoo/AXJO.json'), headers: json })
    .route('/v8/finance/chart/%5EGSPC', { status: 404, body: fixture('yahoo/not_found.json'), headers: json })
    .route('/v8/finance/chart/ES%3DF', { body: fixture('yahoo/not_found.json'), headers: json })
    .route('/v8/finance/chart/ZQV24.CBT', { body: fixture('yahoo/ZQV24.json'), headers: json })
    .route('/v8/finance/chart/ZQX24.CBT', { status: 404, body: fixture('yahoo/not_found.json'), headers: json });
  let base = '';
  const yahoo = () => createYahooSource({ baseUrl: base, http: new HttpClient({ sleep: async () => {}, attempts: 2 }), now: () => NOW });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('uses the adjusted close of an ETF, dated in New York, with nulls as NaN', async () => {
    const r = await yahoo().fetch(catalogEntry('SPY'));
    assert.deepEqual(
      r.points.slice(0, 4).map((p) => [p.date, p.value]),
      [
        ['2024-08-01', 535.09],
        ['2024-08-02', 525.12],
        ['2024-08-05', 509.83],
        ['2024-08-06', 514.53],
      ],
    );
    assert.equal(r.points[4]?.date, '2024-08-07');
    assert.ok(Number.isNaN(r.points[4]?.value));
    const q = server.seen('/v8/finance/chart/SPY')[0]?.query;
    assert.equal(q?.get('period1'), '0');
    assert.equal(q?.get('period2'), String(NOW.getTime() / 1000));
    assert.equal(q?.get('interval'), '1d');
    assert.equal(q?.get('includeAdjustedClose'), 'true');
    assert.equal(q?.get('events'), 'div,split');
  });

  it('reads a fed funds futures contract (ZQV24.CBT): settlements without float32 noise, and its volume', async () => {
    const r = await yahoo().fetch(catalogEntry('ZQV24'));
    assert.deepEqual(
      r.points.map((p) => [p.date, p.value]),
      [
        ['2024-09-03', 95.015],
        ['2024-09-04', 95.03],
        ['2024-09-05', 95.02],
        ['2024-09-06', 94.995],
        ['2024-09-09', 94.995],
      ],
    );
    const v = await yahoo().fetch(catalogEntry('ZQV24_VOL'));
    assert.deepEqual(v.points.map((p) => p.value), [168708, 209247, 216495, 1005323, 1005323]);
    assert.equal(server.seen('/v8/finance/chart/ZQV24.CBT').length, 2);
    // An expired contract Yahoo no longer serves: an error naming the URL, as for any symbol.
    await assert.rejects(yahoo().fetch(catalogEntry('ZQX24')), /chart\/ZQX24\.CBT\?.*: HTTP 404/);
  });

  it("dates a bar by the exchange's local day, not the UTC day", async () => {
    // ASX opens at 10:00 Sydney time = 23:00 UTC the day before (AEDT, gmtoffset 39600).
    const entry: CatalogEntry = { id: 'AXJO', title: 'S&P/ASX 200', unit: 'index', frequency: 'daily', source: 'yahoo', key: '^AXJO', group: 'equities' };
    const r = await yahoo().fetch(entry);
    assert.deepEqual(r.points, [
      { date: '2024-01-02', value: 7629.4 },
      { date: '2024-01-03', value: 7580.9 },
    ]);
  });

  it('URL-encodes symbols and turns chart.error into an error naming the URL', async () => {
    await assert.rejects(yahoo().fetch(catalogEntry('GSPC')), (e: unknown) => e instanceof FetchError && e.status === 404 && /chart\/%5EGSPC\?.*: HTTP 404: No data found, symbol may be delisted/.test(e.message));
    // chart.error inside a 200 answer too.
    await assert.rejects(yahoo().fetch(catalogEntry('ES_F')), /chart\/ES%3DF\?.*: Yahoo error: Not Found: No data found/);
  });
});

describe('yahooPoints', () => {
  it('uses the close, not adjclose, for an index or a future', () => {
    const base = { gmtoffset: -14400, timezone: 'America/New_York', timestamps: [1722605400], close: [5346.56], adjclose: [5000] };
    assert.deepEqual(yahooPoints({ ...base, instrumentType: 'INDEX' }), [{ date: '2024-08-02', value: 5346.56 }]);
    assert.deepEqual(yahooPoints({ ...base, instrumentType: 'FUTURE' }), [{ date: '2024-08-02', value: 5346.56 }]);
    assert.deepEqual(yahooPoints({ ...base, instrumentType: 'ETF' }), [{ date: '2024-08-02', value: 5000 }]);
  });

  it('encodes ^ = and . symbols in the URL path', () => {
    assert.equal(yahooUrl('DX-Y.NYB', 1), 'https://query1.finance.yahoo.com/v8/finance/chart/DX-Y.NYB?period1=0&period2=1&interval=1d&includeAdjustedClose=true&events=div%2Csplit');
    assert.match(yahooUrl('^GSPC', 1), /chart\/%5EGSPC\?/);
    assert.match(yahooUrl('ES=F', 1), /chart\/ES%3DF\?/);
  });
});
