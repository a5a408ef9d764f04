import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { catalogEntry } from '../series/catalog.ts';
import { createSources } from '../sources/registry.ts';
import { openStore } from '../store/parquetStore.ts';
import type { Store } from '../store/store.ts';
import { BlackHoleServer, closedPortUrl } from '../testing/blackHole.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { syncFromSources, type SyncRow } from './runSync.ts';

const FRED_IDS = ['WALCL', 'EFFR', 'DGS10', 'UNRATE', 'DGS2'];
const NOW = () => new Date('2026-11-30T12:00:00Z');
/** Backoff without waiting: the tests count requests, not seconds. */
const noWait = async () => undefined;

const brief = (rows: readonly SyncRow[]) => rows.map((r) => [r.seriesId, r.error ?? null, r.skipKind ?? null]);

describe('a live sync on a hostile or absent network (127.0.0.1)', () => {
  const hole = new BlackHoleServer();
  const cboe = new ReplayServer().route('/api/global/us_indices/daily_prices/VIX_History.csv', { body: 'DATE,OPEN,HIGH,LOW,CLOSE\n08/19/2026,15.1,15.9,14.8,15.48\n' });
  let holeUrl = '';
  let cboeUrl = '';
  let home = '';
  let store: Store;
  before(async () => {
    holeUrl = await hole.start();
    cboeUrl = await cboe.start();
    home = mkdtempSync(join(tmpdir(), 'flowlens-network-'));
    store = await openStore({ home, mode: 'write' });
  });
  after(async () => {
    await store.close();
    await hole.stop();
    await cboe.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('a server that accepts and never answers: the breaker opens after 3 unanswered requests, the rest of the source is skipped, other sources go on', async () => {
    const entries = [...FRED_IDS, 'VIX'].map((id) => catalogEntry(id));
    // One request at a time, so the count is exact; each attempt "times out" once the hole has
    // seen it (not after a clock's 1 s, which a loaded machine can outrun before the request is out).
    const sources = createSources({ FLOWLENS_FRED_URL: holeUrl, FLOWLENS_CBOE_URL: cboeUrl }, { http: { timeoutMs: 1000, timeoutSignal: hole.timeoutAfterArrival, sleep: noWait, concurrency: 1 } });
    const rows = await syncFromSources(store, entries, sources, { now: NOW });
    assert.equal(hole.requests.length, 3);
    assert.match(hole.requests[0] ?? '', /^GET \/graph\/fredgraph\.csv\?id=\w+ HTTP\/1\.1$/);
    const host = holeUrl.replace('http://', '');
    const reason = `skipped: fred is unreachable: 3 requests in a row got no answer (the last: ${host}: timed out after 1000 ms)`;
    const first = rows.find((r) => r.error !== undefined);
    assert.equal(first?.error, `${holeUrl}/graph/fredgraph.csv?id=${first?.seriesId}: timed out after 1000 ms (after 3 attempts; the source stopped answering)`);
    const skipped = rows.filter((r) => r.skipKind === 'unreachable');
    assert.equal(skipped.length, 4);
    for (const r of skipped) assert.equal(r.skipped, reason);
    assert.deepEqual(brief(rows.filter((r) => r.source === 'cboe')), [['VIX', null, null]]);
    assert.equal(rows.find((r) => r.seriesId === 'VIX')?.added, 1);
  });

  it('with the default concurrency, the requests that reach a black hole stay within breakAfter + concurrency − 1', async () => {
    const before = hole.requests.length;
    const sources = createSources({ FLOWLENS_FRED_URL: holeUrl }, { http: { timeoutMs: 1000, sleep: noWait } });
    const rows = await syncFromSources(store, FRED_IDS.map((id) => catalogEntry(id)), sources, { now: NOW });
    // Only the upper bound is certain: on a loaded machine an attempt can time out before its
    // request reached the hole, so fewer than 3 may have arrived.
    const reached = hole.requests.length - before;
    assert.ok(reached <= 3 + 4 - 1, `${reached} requests`);
    assert.equal(rows.length, 5);
    assert.ok(rows.every((r) => r.error !== undefined || r.skipKind === 'unreachable'), JSON.stringify(brief(rows)));
  });

  it('a closed port (connection refused): 3 failures, then every remaining series skipped with the reason', async () => {
    const closed = await closedPortUrl();
    const sources = createSources({ FLOWLENS_FRED_URL: closed }, { http: { sleep: noWait, concurrency: 1 } });
    const rows = await syncFromSources(store, FRED_IDS.map((id) => catalogEntry(id)), sources, { now: NOW });
    const port = new URL(closed).port;
    assert.deepEqual(
      rows.map((r) => r.error ?? r.skipped),
      [
        `${closed}/graph/fredgraph.csv?id=WALCL: network error: connect ECONNREFUSED 127.0.0.1:${port} (after 3 attempts; the source stopped answering)`,
        ...Array.from({ length: 4 }, () => `skipped: fred is unreachable: 3 requests in a row got no answer (the last: 127.0.0.1:${port}: network error: connect ECONNREFUSED 127.0.0.1:${port})`),
      ],
    );
  });

  it('a dozen requests waiting out their backoff at once print no MaxListenersExceededWarning', async () => {
    const closed = await closedPortUrl();
    const ids = ['WALCL', 'EFFR', 'DGS10', 'UNRATE', 'DGS2', 'WTREGEN', 'RRPONTSYD', 'WRESBAL', 'TREAST', 'M2SL', 'FEDFUNDS', 'SOFR'];
    // Each waiting request listens for the sync's abort on the one shared signal: 12 > Node's default 10.
    const all = createSources({ FLOWLENS_FRED_URL: closed }, { http: { sleep: () => new Promise((r) => setTimeout(r, 20)), concurrency: 12, breakAfter: 100, attempts: 2 } });
    // As in a full sync, where every source's requests share it: here FRED alone, 12 at a time.
    const sources = { ...all, fred: Object.assign(Object.create(all.fred) as typeof all.fred, { concurrency: 12 }) };
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const rows = await syncFromSources(store, ids.map((id) => catalogEntry(id)), sources, { now: NOW });
      assert.equal(rows.filter((r) => r.error).length, 12);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')), []);
  });

  it('the time limit ends a sync stuck on a black hole: every unfetched series skipped, nothing hangs', async () => {
    const before = hole.requests.length;
    // Attempts of 10 minutes: only the sync's own limit can end this one.
    const sources = createSources({ FLOWLENS_FRED_URL: holeUrl }, { http: { timeoutMs: 600_000, sleep: noWait } });
    const rows = await syncFromSources(store, FRED_IDS.map((id) => catalogEntry(id)), sources, { now: NOW, timeLimitMs: 1000 });
    // At most four in flight (FRED's concurrency) when the limit struck; the fifth never went out.
    assert.ok(hole.requests.length - before <= 4);
    assert.deepEqual(
      rows.map((r) => [r.skipKind, r.skipped]),
      FRED_IDS.map(() => ['time-limit', "not fetched: the sync's time limit of 1 s was reached (--max-time to change it)"]),
    );
    // Skips are not failures: the sync log keeps what it knew of each series.
    assert.equal(rows.filter((r) => r.error).length, 0);
  });
});
