import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FetchError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { fixture } from './fixtures/fixture.ts';
import { createFredSource, fredApiUrl, fredGraphUrl, vintagesFromRows } from './fred.ts';
import { HttpClient, type HttpOptions, USER_AGENT } from './http.ts';

const KEY = 'abcdef0123456789SECRET';
const graph = (id: string) => (p: string, q: URLSearchParams) => p === '/graph/fredgraph.csv' && q.get('id') === id;
const api = (id: string, vintages: boolean) => (p: string, q: URLSearchParams) =>
  p === '/fred/series/observations' && q.get('series_id') === id && q.has('realtime_start') === vintages;

describe('FRED adapter against the replay server', () => {
  const server = new ReplayServer()
    .route(graph('WALCL'), { body: fixture('fred/WALCL.csv'), headers: { 'content-type': 'text/csv' } })
    .route(graph('DGS10'), { body: fixture('fred/DGS10.csv') })
    .route(graph('DTB3'), { status: 503, body: 'Service Unavailable' })
    .route(graph('T10Y2Y'), { status: 429, headers: { 'retry-after': '3' }, body: 'Too Many Requests' }, { body: 'observation_date,T10Y2Y\n2024-08-05,-0.09\n' })
    .route(graph('BAMLH0A0HYM2'), { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: fixture('cboe/access_denied.html') })
    .route(graph('RRPONTSYD'), { body: 'observation_date,RRPONTSYD\n2024-08-01,321.2\n2024-08-02,33', truncate: true })
    .route(api('UNRATE', true), { body: fixture('fred/UNRATE_alfred.json'), headers: { 'content-type': 'application/json' } })
    .route(api('UNRATE', false), { body: fixture('fred/UNRATE_current.json'), headers: { 'content-type': 'application/json' } })
    .route(api('WALCL', false), { status: 500, body: `Internal error for /fred/series/observations?series_id=WALCL&api_key=${KEY}` })
    .route(api('PAYEMS', false), { status: 400, headers: { 'content-type': 'application/json' }, body: fixture('fred/error_no_series.json') });
  let base = '';
  const waits: number[] = [];
  const http = (o: HttpOptions = {}) => new HttpClient({ sleep: async (ms) => void waits.push(ms), random: () => 0.5, attempts: 3, backoffMs: 100, ...o });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('reads fredgraph.csv into dated values and sends the honest User-Agent', async () => {
    const r = await createFredSource({ graphUrl: base, http: http() }).fetch(catalogEntry('WALCL'));
    assert.equal(r.points.length, 5);
    assert.deepEqual(r.points[0], { date: '2024-07-03', value: 7223105 });
    assert.deepEqual(r.points.at(-1), { date: '2024-07-31', value: 7178387 });
    assert.equal(r.origin, `${base}/graph/fredgraph.csv?id=WALCL`);
    assert.equal(server.seen('/graph/fredgraph.csv').at(-1)?.headers['user-agent'], USER_AGENT);
  });

  it("reads FRED's '.' as a missing value (NaN)", async () => {
    const r = await createFredSource({ graphUrl: base, http: http() }).fetch(catalogEntry('DGS10'));
    assert.equal(r.points[3]?.date, '2024-12-25');
    assert.ok(Number.isNaN(r.points[3]?.value));
    assert.deepEqual(r.points[4], { date: '2024-12-26', value: 4.58 });
  });

  it('waits as Retry-After says on a 429, then succeeds', async () => {
    waits.length = 0;
    const r = await createFredSource({ graphUrl: base, http: http() }).fetch(catalogEntry('T10Y2Y'));
    assert.deepEqual(r.points, [{ date: '2024-08-05', value: -0.09 }]);
    assert.deepEqual(waits, [3000]);
  });

  it('retries a 503 with backoff, then fails with the URL and the status', async () => {
    waits.length = 0;
    const before = server.requests.length;
    await assert.rejects(createFredSource({ graphUrl: base, http: http() }).fetch(catalogEntry('DTB3')), (e: unknown) => {
      assert.ok(e instanceof FetchError);
      assert.equal(e.status, 503);
      assert.equal(e.message, `${base}/graph/fredgraph.csv?id=DTB3: HTTP 503: Service Unavailable (after 3 attempts)`);
      return true;
    });
    assert.equal(server.requests.length - before, 3);
    // 100 ms doubling, jitter factor 0.5 + 0.5 = 1.
    assert.deepEqual(waits, [100, 200]);
  });

  it('refuses an HTML page where CSV was expected', async () => {
    await assert.rejects(
      createFredSource({ graphUrl: base, http: http() }).fetch(catalogEntry('BAMLH0A0HYM2')),
      (e: unknown) => e instanceof DataFormatError && e.message.startsWith(`${base}/graph/fredgraph.csv?id=BAMLH0A0HYM2: expected CSV but the server sent an HTML page`),
    );
  });

  it('reports a truncated body after retrying it', async () => {
    const before = server.seen('/graph/fredgraph.csv').length;
    await assert.rejects(
      createFredSource({ graphUrl: base, http: http({ attempts: 2 }) }).fetch(catalogEntry('RRPONTSYD')),
      (e: unknown) => e instanceof FetchError && /id=RRPONTSYD: (truncated body|body cut off)/.test(e.message) && /after 2 attempts/.test(e.message),
    );
    assert.equal(server.seen('/graph/fredgraph.csv').length - before, 2);
  });

  it('uses the JSON API with a key, and never shows the key', async () => {
    const r = await createFredSource({ apiUrl: base, apiKey: KEY, http: http() }).fetch(catalogEntry('UNRATE'));
    assert.deepEqual(r.points, [
      { date: '2024-06-01', value: 4.1 },
      { date: '2024-07-01', value: 4.2 },
      { date: '2024-08-01', value: 4.2 },
    ]);
    assert.equal(r.vintages, undefined);
    assert.doesNotMatch(r.origin, new RegExp(KEY));
    assert.match(r.origin, /api_key=\*\*\*/);
    const q = server.seen('/fred/series/observations').at(-1)?.query;
    assert.equal(q?.get('api_key'), KEY);
    assert.equal(q?.get('file_type'), 'json');
  });

  it('parses ALFRED real-time history into dated vintages', async () => {
    const r = await createFredSource({ apiUrl: base, apiKey: KEY, vintages: true, http: http() }).fetch(catalogEntry('UNRATE'));
    const q = server.seen('/fred/series/observations').at(-1)?.query;
    assert.equal(q?.get('realtime_start'), '1776-07-04');
    assert.equal(q?.get('realtime_end'), '9999-12-31');
    assert.equal(q?.get('output_type'), '1');
    // Each vintage holds the values first valid on its realtime_start.
    assert.deepEqual(
      r.vintages?.map((v) => [v.realtimeStart, v.points.map((p) => `${p.date}=${p.value}`).join(' ')]),
      [
        ['2024-07-05', '2024-06-01=4.1'],
        ['2024-08-02', '2024-07-01=4.3'],
        ['2024-09-06', '2024-08-01=4.2'],
        ['2025-01-10', '2024-07-01=4.2'],
        ['2025-12-16', '2025-10-01=NaN'],
      ],
    );
    // Current values: July 2024 as revised on 2025-01-10.
    assert.deepEqual(r.points.slice(0, 3), [
      { date: '2024-06-01', value: 4.1 },
      { date: '2024-07-01', value: 4.2 },
      { date: '2024-08-01', value: 4.2 },
    ]);
    assert.ok(Number.isNaN(r.points[3]?.value));
  });

  it('turns a FRED JSON error body into a clear error, not retried, without the key', async () => {
    const before = server.seen('/fred/series/observations').length;
    await assert.rejects(createFredSource({ apiUrl: base, apiKey: KEY, http: http() }).fetch(catalogEntry('PAYEMS')), (e: unknown) => {
      assert.ok(e instanceof FetchError);
      assert.equal(e.status, 400);
      assert.match(e.message, /series_id=PAYEMS&api_key=\*\*\*.*: HTTP 400: Bad Request\. {2}The series does not exist\.$/);
      assert.doesNotMatch(e.message, new RegExp(KEY));
      return true;
    });
    assert.equal(server.seen('/fred/series/observations').length - before, 1);
  });

  it('keeps the key out of the message even when the server echoes it', async () => {
    await assert.rejects(createFredSource({ apiUrl: base, apiKey: KEY, http: http() }).fetch(catalogEntry('WALCL')), (e: unknown) => {
      assert.ok(e instanceof FetchError);
      assert.match(e.message, /HTTP 500/);
      assert.doesNotMatch(e.message, new RegExp(KEY));
      return true;
    });
  });
});

describe('FRED request builders', () => {
  it('builds the keyless and the keyed URLs', () => {
    assert.equal(fredGraphUrl('WALCL'), 'https://fred.stlouisfed.org/graph/fredgraph.csv?id=WALCL');
    assert.equal(
      fredApiUrl('UNRATE', 'K'),
      'https://api.stlouisfed.org/fred/series/observations?series_id=UNRATE&api_key=K&file_type=json&limit=100000&offset=0',
    );
  });

  it('keeps the newest value per date as current', () => {
    const r = vintagesFromRows([
      { date: '2024-07-01' as never, value: 4.3, realtimeStart: '2024-08-02' as never, realtimeEnd: '2025-01-09' },
      { date: '2024-07-01' as never, value: 4.2, realtimeStart: '2025-01-10' as never, realtimeEnd: '9999-12-31' },
    ]);
    assert.deepEqual(r.points, [{ date: '2024-07-01', value: 4.2 }]);
  });
});
