import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FetchError, FlowlensError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { createEiaSource, eiaUrl } from './eia.ts';
import { fixture } from './fixtures/fixture.ts';
import { HttpClient } from './http.ts';

const KEY = 'EIAKEY1234567890SECRET';
const SERIES = '/v2/seriesid/NG.RNGWHHD.D';
const json = { 'content-type': 'application/json' };

describe('EIA adapter against the replay server', () => {
  const server = new ReplayServer()
    .route((p, q) => p === SERIES && q.get('api_key') === KEY && q.get('offset') === '0', { body: fixture('eia/RNGWHHD_page1.json'), headers: json })
    .route((p, q) => p === SERIES && q.get('api_key') === KEY && q.get('offset') === '2', { body: fixture('eia/RNGWHHD_page2.json'), headers: json })
    .route(SERIES, { status: 403, body: fixture('eia/invalid_key.json'), headers: json })
    .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'DHHNGSP', { body: fixture('fred/DHHNGSP.csv') });
  let base = '';
  const http = () => new HttpClient({ sleep: async () => {}, attempts: 2 });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('reads API v2 pages until response.total rows, oldest first, key hidden', async () => {
    const r = await createEiaSource({ apiKey: KEY, baseUrl: base, http: http(), pageSize: 2 }).fetch(catalogEntry('RNGWHHD'));
    assert.deepEqual(r.points, [
      { date: '2024-08-01', value: 2.02 },
      { date: '2024-08-02', value: 1.88 },
      { date: '2024-08-05', value: 1.99 },
    ]);
    assert.deepEqual(
      server.seen(SERIES).map((q) => [q.query.get('offset'), q.query.get('length')]),
      [
        ['0', '2'],
        ['2', '2'],
      ],
    );
    assert.equal(r.origin, `${base}/v2/seriesid/NG.RNGWHHD.D?api_key=***`);
  });

  it('reports a rejected key without showing it', async () => {
    await assert.rejects(createEiaSource({ apiKey: 'WRONGKEY999', baseUrl: base, http: http() }).fetch(catalogEntry('RNGWHHD')), (e: unknown) => {
      assert.ok(e instanceof FetchError);
      assert.equal(e.status, 403);
      assert.match(e.message, /api_key=\*\*\*.*: HTTP 403: An invalid api_key has been supplied/);
      assert.doesNotMatch(e.message, /WRONGKEY999/);
      return true;
    });
  });

  it("falls back to FRED's keyless mirror without a key, and says so", async () => {
    const r = await createEiaSource({ fred: { graphUrl: base }, http: http() }).fetch(catalogEntry('RNGWHHD'));
    assert.deepEqual(r.points.map((p) => p.value), [2.02, 1.88, 1.99]);
    assert.equal(r.origin, `${base}/graph/fredgraph.csv?id=DHHNGSP (FRED mirror of EIA NG.RNGWHHD.D)`);
  });

  it('names the series when no mirror is known', async () => {
    const entry = { ...catalogEntry('RNGWHHD'), id: 'WTI', key: 'PET.RWTC.D' };
    await assert.rejects(createEiaSource({ http: http() }).fetch(entry), (e: unknown) => e instanceof FlowlensError && /WTI: no keyless mirror of EIA PET\.RWTC\.D.*EIA_API_KEY/.test(e.message));
  });

  it('builds the seriesid URL', () => {
    assert.equal(eiaUrl('NG.RNGWHHM.M', 'K'), 'https://api.eia.gov/v2/seriesid/NG.RNGWHHM.M?api_key=K&offset=0&length=5000');
  });
});
