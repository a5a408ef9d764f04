import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { fixture } from './fixtures/fixture.ts';
import { USER_AGENT } from './http.ts';
import { createSources, SOURCE_CONCURRENCY } from './registry.ts';

const FRED_IDS = ['WALCL', 'WTREGEN', 'RRPONTSYD', 'DGS10', 'DGS2', 'DTB3', 'UNRATE', 'PAYEMS', 'ICSA', 'CPIAUCSL'];

describe('createSources', () => {
  const server = new ReplayServer()
    .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'DHHNGSP', { body: fixture('fred/DHHNGSP.csv') })
    .route('/graph/fredgraph.csv', () => ({ body: 'observation_date,X\n2024-08-01,1\n', delayMs: 80 }))
    .route('/api/global/us_indices/daily_prices/VIX_History.csv', { body: fixture('cboe/VIX_History.csv') });
  let base = '';
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  const env = () => ({ FLOWLENS_FRED_URL: base, FLOWLENS_CBOE_URL: base });

  it('keeps at most 4 FRED requests in flight', async () => {
    const sources = createSources(env(), { http: { sleep: async () => {} } });
    server.peakInFlight = 0;
    const results = await Promise.all(FRED_IDS.map((id) => sources.fred.fetch(catalogEntry(id))));
    assert.equal(results.length, 10);
    assert.equal(SOURCE_CONCURRENCY.fred, 4);
    assert.equal(server.peakInFlight, 4);
  });

  it('points each source at its URL override and sends the User-Agent', async () => {
    const sources = createSources(env());
    const vix = await sources.cboe.fetch(catalogEntry('VIX'));
    assert.equal(vix.origin, `${base}/api/global/us_indices/daily_prices/VIX_History.csv`);
    assert.equal(server.requests.at(-1)?.headers['user-agent'], USER_AGENT);
    // Without EIA_API_KEY the EIA series comes from FRED's mirror, through FRED's override.
    const gas = await sources.eia.fetch(catalogEntry('RNGWHHD'));
    assert.match(gas.origin, new RegExp(`^${base}/graph/fredgraph\\.csv\\?id=DHHNGSP \\(FRED mirror`));
  });

  it('reads keys and the vintages switch from the environment', () => {
    const keyed = createSources({ FRED_API_KEY: 'k', FLOWLENS_FRED_VINTAGES: '1', EIA_API_KEY: 'e' });
    assert.equal(keyed.fred.description, 'FRED JSON API with ALFRED vintages');
    assert.equal(keyed.eia.description, 'EIA API v2');
    const keyless = createSources({});
    assert.equal(keyless.fred.description, 'FRED fredgraph.csv (keyless)');
    assert.match(keyless.eia.description, /mirror/);
    assert.deepEqual(Object.keys(keyless).sort(), ['cboe', 'cftc', 'coinbase', 'dfa', 'eia', 'fred', 'sec', 'yahoo']);
  });

  it('lets a caller replace an adapter', () => {
    const fake = { name: 'cftc' as const, concurrency: 1, description: 'fake', fetch: () => Promise.reject(new Error('unused')) };
    assert.equal(createSources({}, { adapters: { cftc: fake } }).cftc, fake);
  });
});
