import assert from 'node:assert/strict';
import { zipSync, strToU8 } from 'fflate';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FetchError, FlowlensError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { createCboeSource } from './cboe.ts';
import { createCftcSource } from './cftc.ts';
import { createCoinbaseSource } from './coinbase.ts';
import { createDfaSource } from './dfa.ts';
import { createEiaSource } from './eia.ts';
import { createFredSource, vintagesFromRows } from './fred.ts';
import { HttpClient } from './http.ts';
import { createSources } from './registry.ts';
import { createYahooSource } from './yahoo.ts';

const noWait = () => new HttpClient({ sleep: async () => {}, attempts: 3 });

// Responses in each source's real format (values are the published figures for those dates).
const FREDGRAPH_WALCL = 'observation_date,WALCL\n2026-08-05,6724135\n2026-08-12,6728436\n2026-08-19,6745699\n';
const FREDGRAPH_DTB3 = 'observation_date,DTB3\n2025-12-24,3.58\n2025-12-25,.\n2025-12-26,3.57\n';
const FRED_API_UNRATE = JSON.stringify({
  realtime_start: '1776-07-04',
  realtime_end: '9999-12-31',
  count: 4,
  offset: 0,
  limit: 100000,
  observations: [
    { realtime_start: '2026-05-08', realtime_end: '2026-06-04', date: '2026-04-01', value: '4.2' },
    { realtime_start: '2026-06-05', realtime_end: '9999-12-31', date: '2026-04-01', value: '4.3' },
    { realtime_start: '2026-06-05', realtime_end: '9999-12-31', date: '2026-05-01', value: '4.3' },
    { realtime_start: '2026-07-02', realtime_end: '9999-12-31', date: '2026-06-01', value: '.' },
  ],
});
const CBOE_VIX = 'DATE,OPEN,HIGH,LOW,CLOSE\n08/02/2024,18.860000,29.660000,18.620000,23.390000\n08/05/2024,23.390000,65.730000,23.390000,38.570000\n08/06/2024,30.620000,31.040000,25.980000,27.710000\n';
const CBOE_VVIX = 'DATE,VVIX\n08/02/2024,126.46\n08/05/2024,147.36\n';
const YAHOO_SPY = JSON.stringify({
  chart: {
    result: [
      {
        meta: { symbol: 'SPY', gmtoffset: -14400, exchangeTimezoneName: 'America/New_York' },
        // 2024-08-02 and 2024-08-05, 09:30 New York time (13:30 UTC)
        timestamp: [1722605400, 1722864600],
        indicators: { quote: [{ close: [532.9, 517.38] }], adjclose: [{ adjclose: [525.1, null] }] },
      },
    ],
    error: null,
  },
});
const YAHOO_404 = JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
const DAY = 86400;
const candle = (date: string, close: number) => [Date.parse(`${date}T00:00:00Z`) / 1000, close - 100, close + 100, close, close, 1234.5];
const EIA_V2 = JSON.stringify({
  response: {
    total: 2,
    data: [
      { period: '2026-08-18', 'series-description': 'Henry Hub Natural Gas Spot Price (Dollars per Million Btu)', value: 2.86, units: '$/MMBTU' },
      { period: '2026-08-17', 'series-description': 'Henry Hub Natural Gas Spot Price (Dollars per Million Btu)', value: '2.91', units: '$/MMBTU' },
    ],
  },
});
const TFF = JSON.stringify([
  {
    report_date_as_yyyy_mm_dd: '2026-07-07T00:00:00.000',
    cftc_contract_market_code: '209742',
    open_interest_all: '271000',
    dealer_positions_long_all: '60000',
    dealer_positions_short_all: '90000',
    asset_mgr_positions_long: '120000',
    asset_mgr_positions_short: '20000',
    lev_money_positions_long: '30000',
    lev_money_positions_short: '70000',
  },
]);

describe('source adapters against the replay server', () => {
  const server = new ReplayServer();
  let base = '';
  before(async () => {
    server
      .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'WALCL', { body: FREDGRAPH_WALCL })
      .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'DTB3', { body: FREDGRAPH_DTB3 })
      .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'DHHNGSP', { body: 'observation_date,DHHNGSP\n2026-08-18,2.86\n' })
      .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'UNRATE', { status: 500, body: 'oops' })
      .route('/fred/series/observations', { body: FRED_API_UNRATE })
      .route('/api/global/us_indices/daily_prices/VIX_History.csv', { status: 429, headers: { 'retry-after': '1' } }, { body: CBOE_VIX })
      .route('/api/global/us_indices/daily_prices/VVIX_History.csv', { body: CBOE_VVIX })
      .route('/api/global/us_indices/daily_prices/SKEW_History.csv', { headers: { 'content-type': 'text/html' }, body: '<html><body>Access Denied</body></html>' })
      .route('/v8/finance/chart/SPY', { body: YAHOO_SPY, headers: { 'content-type': 'application/json' } })
      .route('/v8/finance/chart/%5EGSPC', { status: 404, body: YAHOO_404 })
      .route(
        (p, q) => p === '/products/BTC-USD/candles' && (q.get('end') ?? '') > '2026-08-01',
        { body: JSON.stringify([candle('2026-08-21', 61000), candle('2026-08-20', 60500)]) },
      )
      .route(
        (p, q) => p === '/products/BTC-USD/candles' && (q.get('end') ?? '') > '2025-10-01',
        { body: JSON.stringify([candle('2025-10-26', 110000)]) },
      )
      .route((p) => p === '/products/BTC-USD/candles', { body: '[]' })
      .route('/v2/seriesid/NG.RNGWHHD.D', { body: EIA_V2 })
      .route('/dfa.zip', {
        body: zipSync({
          'dfa-generation-shares.csv': strToU8('Date,Category,Net worth,Assets\n2023:Q1,Millennial,5.6,6.9\n2023:Q1,GenX,29.7,29.4\n2023:Q2,Millennial,5.8,7.0\n'),
        }),
      })
      .route('/resource/gpe5-46if.json', { body: TFF });
    base = await server.start();
  });
  after(() => server.stop());

  it('FRED keyless: fredgraph CSV to points', async () => {
    const r = await createFredSource({ graphUrl: base, http: noWait() }).fetch(catalogEntry('WALCL'));
    assert.deepEqual(r.points.at(-1), { date: '2026-08-19', value: 6745699 });
    assert.equal(r.origin, `${base}/graph/fredgraph.csv?id=WALCL`);
  });

  it("FRED: '.' is a missing value", async () => {
    const r = await createFredSource({ graphUrl: base, http: noWait() }).fetch(catalogEntry('DTB3'));
    assert.ok(Number.isNaN(r.points[1]?.value));
    assert.equal(r.points[2]?.value, 3.57);
  });

  it('FRED: 5xx retried, then an error naming the URL and status', async () => {
    await assert.rejects(createFredSource({ graphUrl: base, http: noWait() }).fetch(catalogEntry('UNRATE')), (e: unknown) => e instanceof FetchError && e.status === 500 && /fredgraph\.csv\?id=UNRATE: HTTP 500/.test(e.message));
  });

  it('FRED API with ALFRED vintages: dated revisions, key never shown', async () => {
    const r = await createFredSource({ apiUrl: base, apiKey: 'SECRET123', vintages: true, http: noWait() }).fetch(catalogEntry('UNRATE'));
    assert.deepEqual(r.points.slice(0, 2), [
      { date: '2026-04-01', value: 4.3 },
      { date: '2026-05-01', value: 4.3 },
    ]);
    assert.deepEqual(
      r.vintages?.map((v) => [v.realtimeStart, v.points.length]),
      [
        ['2026-05-08', 1],
        ['2026-06-05', 2],
        ['2026-07-02', 1],
      ],
    );
    assert.doesNotMatch(r.origin, /SECRET123/);
    const req = server.requests.find((q) => q.path === '/fred/series/observations');
    assert.equal(req?.query.get('realtime_start'), '1776-07-04');
  });

  it('Cboe: waits out a 429 and reads CLOSE from the OHLC file', async () => {
    const r = await createCboeSource({ baseUrl: base, http: noWait() }).fetch(catalogEntry('VIX'));
    assert.deepEqual(r.points[1], { date: '2024-08-05', value: 38.57 });
  });

  it('Cboe: close-only files and an HTML page instead of CSV', async () => {
    const cboe = createCboeSource({ baseUrl: base, http: noWait() });
    assert.deepEqual((await cboe.fetch(catalogEntry('VVIX'))).points[1], { date: '2024-08-05', value: 147.36 });
    await assert.rejects(cboe.fetch(catalogEntry('SKEW')), (e: unknown) => e instanceof DataFormatError && /SKEW_History\.csv: expected CSV but the server sent an HTML page/.test(e.message));
    await assert.rejects(cboe.fetch(catalogEntry('PCR_TOTAL')), (e: unknown) => e instanceof FlowlensError && /no keyless put\/call history/.test(e.message));
  });

  it('Yahoo: adjusted close at the exchange-local date, missing as NaN', async () => {
    const r = await createYahooSource({ baseUrl: base, http: noWait(), now: () => new Date('2026-11-24T00:00:00Z') }).fetch(catalogEntry('SPY'));
    assert.equal(r.points[0]?.date, '2024-08-02');
    assert.equal(r.points[0]?.value, 525.1);
    assert.equal(r.points[1]?.date, '2024-08-05');
    assert.ok(Number.isNaN(r.points[1]?.value));
    assert.equal(server.requests.find((q) => q.path === '/v8/finance/chart/SPY')?.query.get('interval'), '1d');
  });

  it('Yahoo: an unknown symbol fails with the URL', async () => {
    await assert.rejects(createYahooSource({ baseUrl: base, http: noWait() }).fetch(catalogEntry('GSPC')), /chart\/%5EGSPC.*HTTP 404/);
  });

  it('Coinbase: pages backwards through 300-day windows until an empty page', async () => {
    const before = server.requests.length;
    const r = await createCoinbaseSource({ baseUrl: base, http: noWait(), now: () => new Date('2026-08-21T12:00:00Z') }).fetch(catalogEntry('BTCUSD'));
    assert.deepEqual(r.points, [
      { date: '2025-10-26', value: 110000 },
      { date: '2026-08-20', value: 60500 },
      { date: '2026-08-21', value: 61000 },
    ]);
    const pages = server.requests.slice(before);
    assert.equal(pages.length, 3);
    const span = (Date.parse(pages[0]?.query.get('end') ?? '') - Date.parse(pages[0]?.query.get('start') ?? '')) / 1000 / DAY;
    assert.equal(span, 300);
  });

  it('EIA: API v2 with a key, FRED mirror without', async () => {
    const withKey = await createEiaSource({ apiKey: 'K', baseUrl: base, http: noWait() }).fetch(catalogEntry('RNGWHHD'));
    assert.deepEqual(withKey.points, [
      { date: '2026-08-17', value: 2.91 },
      { date: '2026-08-18', value: 2.86 },
    ]);
    const keyless = await createEiaSource({ fred: { graphUrl: base }, http: noWait() }).fetch(catalogEntry('RNGWHHD'));
    assert.deepEqual(keyless.points, [{ date: '2026-08-18', value: 2.86 }]);
    assert.match(keyless.origin, /FRED mirror of EIA NG\.RNGWHHD\.D/);
  });

  it('DFA: one zip download serves every DFA series', async () => {
    const dfa = createDfaSource({ url: `${base}/dfa.zip`, http: noWait() });
    const before = server.requests.length;
    const [a, b] = await Promise.all([dfa.fetch(catalogEntry('DFA_GEN_MILLENNIAL_NW_SHARE')), dfa.fetch(catalogEntry('DFA_GEN_GENX_NW_SHARE'))]);
    assert.deepEqual(a.points, [
      { date: '2023-01-01', value: 5.6 },
      { date: '2023-04-01', value: 5.8 },
    ]);
    // A category absent on a date of the file is a missing value there.
    assert.deepEqual(b.points, [
      { date: '2023-01-01', value: 29.7 },
      { date: '2023-04-01', value: Number.NaN },
    ]);
    assert.equal(server.requests.length - before, 1);
  });

  it('CFTC: TFF net positions from one response', async () => {
    const cftc = createCftcSource({ baseUrl: base, http: noWait() });
    assert.deepEqual((await cftc.fetch(catalogEntry('CFTC_NQ_ASSET_MGR_NET'))).points, [{ date: '2026-07-07', value: 100000 }]);
    assert.deepEqual((await cftc.fetch(catalogEntry('CFTC_NQ_LEV_MONEY_NET'))).points, [{ date: '2026-07-07', value: -40000 }]);
    assert.equal(server.requests.filter((q) => q.path === '/resource/gpe5-46if.json').length, 1);
  });

  it('the registry wires every source from the environment', () => {
    const s = createSources({ FRED_API_KEY: 'k', FLOWLENS_FRED_VINTAGES: '1' });
    assert.deepEqual(Object.keys(s).sort(), ['cboe', 'cftc', 'coinbase', 'dfa', 'eia', 'fred', 'yahoo']);
    assert.match(s.fred.description, /ALFRED/);
    assert.match(createSources({}).eia.description, /mirror/);
  });
});

describe('vintagesFromRows', () => {
  it('keeps the newest value per date as current', () => {
    const r = vintagesFromRows([
      { date: '2026-04-01' as never, value: 4.2, realtimeStart: '2026-05-08' as never, realtimeEnd: '2026-06-04' },
      { date: '2026-04-01' as never, value: 4.3, realtimeStart: '2026-06-05' as never, realtimeEnd: '9999-12-31' },
    ]);
    assert.deepEqual(r.points, [{ date: '2026-04-01', value: 4.3 }]);
  });
});
