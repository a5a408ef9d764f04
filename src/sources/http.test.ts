import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFormatError, FetchError } from '../core/errors.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { HttpClient, jsonErrorMessage, redact, retryAfterMs, USER_AGENT } from './http.ts';

describe('HttpClient against a replay server', () => {
  const server = new ReplayServer()
    .route('/ok.csv', { body: 'observation_date,WALCL\n2026-08-19,6745699\n' })
    .route('/rate-limited', { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }, { body: 'a,b\n1,2\n' })
    .route('/down', { status: 503, body: 'Service Unavailable' })
    .route('/missing', { status: 404, body: 'Not Found' })
    .route('/html', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body>Error</body></html>' })
    .route('/html-as-text', { body: '<!DOCTYPE html>\n<html><title>Maintenance</title></html>' })
    .route('/truncated', { body: 'DATE,OPEN,HIGH,LOW,CLOSE\n01/02/1990,17.24,17.24,17.24,17.24\n01/03', truncate: true })
    .route('/slow', { body: 'x', delayMs: 60 })
    .route('/notjson', { body: 'date,value' })
    .route('/big.csv', { body: `observation_date,X\n${'2024-08-01,1.5\n'.repeat(5000)}` })
    .route('/error-with-retry-after', { status: 500, headers: { 'retry-after': '120' }, body: 'boom' }, { body: 'ok\n' })
    .route('/long-retry-after', { status: 503, headers: { 'retry-after': '3600' } }, { body: 'ok\n' })
    .route('/forbidden-html', { status: 403, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>403 Forbidden</h1></body></html>' });
  let base = '';
  const waits: number[] = [];
  const client = (o: ConstructorParameters<typeof HttpClient>[0] = {}) =>
    new HttpClient({ sleep: async (ms) => void waits.push(ms), random: () => 0.5, ...o });
  before(async () => {
    base = await server.start();
  });
  after(() => server.stop());

  it('sends the honest User-Agent and returns the body', async () => {
    assert.equal(await client().text(`${base}/ok.csv`, 'csv'), 'observation_date,WALCL\n2026-08-19,6745699\n');
    assert.equal(server.requests.at(-1)?.headers['user-agent'], USER_AGENT);
    assert.match(USER_AGENT, /^flowlens\/\d+\.\d+\.\d+ \(\+https:\/\//);
  });

  it('waits as Retry-After says on 429, then succeeds', async () => {
    waits.length = 0;
    assert.equal(await client().text(`${base}/rate-limited`, 'csv'), 'a,b\n1,2\n');
    assert.deepEqual(waits, [7000]);
  });

  it('retries 5xx with doubling backoff, then fails naming the URL and status', async () => {
    waits.length = 0;
    const before = server.requests.length;
    await assert.rejects(client({ attempts: 3, backoffMs: 100 }).text(`${base}/down`, 'csv'), (err: unknown) => {
      assert.ok(err instanceof FetchError);
      assert.equal(err.status, 503);
      assert.match(err.message, new RegExp(`^${base}/down: HTTP 503: Service Unavailable \\(after 3 attempts\\)$`));
      return true;
    });
    assert.equal(server.requests.length - before, 3);
    assert.deepEqual(waits, [100, 200]);
  });

  it('does not retry a 404', async () => {
    const before = server.requests.length;
    await assert.rejects(client().text(`${base}/missing`, 'csv'), /\/missing: HTTP 404: Not Found$/);
    assert.equal(server.requests.length - before, 1);
  });

  it('refuses an HTML page where CSV was expected', async () => {
    await assert.rejects(client().text(`${base}/html`, 'csv'), (e: unknown) => e instanceof DataFormatError && /expected CSV but the server sent an HTML page/.test(e.message));
    await assert.rejects(client().text(`${base}/html-as-text`, 'csv'), /\/html-as-text: expected CSV but the server sent an HTML page/);
  });

  it('detects a truncated body', async () => {
    await assert.rejects(client({ attempts: 2 }).text(`${base}/truncated`, 'csv'), (e: unknown) => e instanceof FetchError && /truncated|cut off/.test(e.message));
  });

  it('names the URL when JSON does not parse', async () => {
    await assert.rejects(client().json(`${base}/notjson`), /\/notjson: expected JSON but the body does not parse/);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.peakInFlight = 0;
    const c = client({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => c.text(`${base}/slow`, 'csv')));
    assert.equal(server.peakInFlight, 2);
  });

  it('reports download progress in bytes', async () => {
    const seen: [number, number | undefined][] = [];
    const text = await client({ onProgress: (received, total) => seen.push([received, total]) }).text(`${base}/big.csv`, 'csv');
    const size = Buffer.byteLength(text);
    assert.equal(size, 19 + 5000 * 15);
    assert.deepEqual(seen.at(-1), [size, size]);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i]?.[0] ?? 0) > (seen[i - 1]?.[0] ?? 0));
  });

  it('honours Retry-After only on 429 and 503, and caps it', async () => {
    waits.length = 0;
    assert.equal(await client({ backoffMs: 100 }).text(`${base}/error-with-retry-after`, 'csv'), 'ok\n');
    assert.deepEqual(waits, [100]);
    waits.length = 0;
    assert.equal(await client({ maxRetryAfterMs: 30_000 }).text(`${base}/long-retry-after`, 'csv'), 'ok\n');
    assert.deepEqual(waits, [30_000]);
  });

  it('says an HTML error page rather than quoting its markup', async () => {
    await assert.rejects(client().text(`${base}/forbidden-html`, 'csv'), (e: unknown) => e instanceof FetchError && e.status === 403 && e.message === `${base}/forbidden-html: HTTP 403: an HTML error page`);
  });

  it('stops at once when the caller cancels', async () => {
    const before = server.requests.length;
    const ctl = new AbortController();
    const p = client().text(`${base}/slow`, 'csv', ctl.signal);
    ctl.abort();
    await assert.rejects(p, /\/slow: cancelled$/);
    assert.ok(server.requests.length - before <= 1);
  });

  it('times out a request that takes too long', async () => {
    await assert.rejects(client({ timeoutMs: 10, attempts: 1 }).text(`${base}/slow`, 'csv'), /timed out after 10 ms/);
  });
});

describe('http helpers', () => {
  it('masks API keys in URLs', () => {
    assert.equal(redact('https://api.stlouisfed.org/fred/series/observations?series_id=WALCL&api_key=abc123&file_type=json'), 'https://api.stlouisfed.org/fred/series/observations?series_id=WALCL&api_key=***&file_type=json');
  });
  it('masks keys inside any text', () => {
    assert.equal(redact('GET /v2/seriesid/X?api_key=abc failed'), 'GET /v2/seriesid/X?api_key=*** failed');
  });
  it('reads the message of JSON error bodies', () => {
    assert.equal(jsonErrorMessage('{"error_code":400,"error_message":"Bad Request.  The series does not exist."}'), 'Bad Request.  The series does not exist.');
    assert.equal(jsonErrorMessage('{"error":{"code":"API_KEY_INVALID","message":"An invalid api_key has been supplied."}}'), 'An invalid api_key has been supplied.');
    assert.equal(jsonErrorMessage('{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found"}}}'), 'No data found');
    assert.equal(jsonErrorMessage('Service Unavailable'), undefined);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterMs('7'), 7000);
    assert.equal(retryAfterMs('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('2026-10-21T07:28:00Z')), 10_000);
    assert.equal(retryAfterMs(null), undefined);
  });
});
