import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { catalogEntry } from '../series/catalog.ts';
import { createSources } from '../sources/registry.ts';
import { openStore } from '../store/parquetStore.ts';
import type { Store } from '../store/store.ts';
import { ReplayServer } from '../testing/replayServer.ts';
import { syncFromSources } from './runSync.ts';

const NOW = () => new Date('2026-11-30T12:00:00Z');

describe('plausibility checks on a live sync (replayed on 127.0.0.1, real formats)', () => {
  const server = new ReplayServer()
    // fredgraph.csv with a corrupted cell (1e308 USD mn) and a row dated years ahead.
    .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'WALCL', {
      body: 'observation_date,WALCL\n2026-08-05,6648567\n2026-08-12,1.79e308\n2026-08-19,6745699\n2031-01-01,6700000\n',
    })
    // Cboe's VIX history with a value no index ever reached, next to good rows.
    .route('/api/global/us_indices/daily_prices/VIX_History.csv', { body: 'DATE,OPEN,HIGH,LOW,CLOSE\n08/01/2024,17.51,18.90,16.84,18.59\n08/02/2024,19.22,29.66,18.71,99999999\n08/05/2024,23.39,65.73,23.39,38.57\n' })
    .route((p, q) => p === '/graph/fredgraph.csv' && q.get('id') === 'EFFR', { body: 'observation_date,EFFR\n2026-08-17,3.61\n2026-08-18,3.62\n' });
  let home = '';
  let store: Store;
  let results: Awaited<ReturnType<typeof syncFromSources>> = [];
  before(async () => {
    const base = await server.start();
    home = mkdtempSync(join(tmpdir(), 'flowlens-plausible-'));
    store = await openStore({ home, mode: 'write' });
    results = await syncFromSources(store, ['WALCL', 'VIX', 'EFFR'].map((id) => catalogEntry(id)), createSources({ FLOWLENS_FRED_URL: base, FLOWLENS_CBOE_URL: base }), { now: NOW });
  });
  after(async () => {
    await store.close();
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('leaves out each implausible row with a warning naming source, series and date', () => {
    const by = new Map(results.map((r) => [r.seriesId, r]));
    assert.deepEqual(by.get('WALCL')?.warnings, [
      'fred WALCL 2026-08-12: value 1.79e+308 is beyond ±1e+10, implausible for this unit; row skipped',
      'fred WALCL 2031-01-01: date 2031-01-01 is after 2026-12-14 (today plus the publication margin); row skipped',
    ]);
    assert.deepEqual(by.get('VIX')?.warnings, ['cboe VIX 2024-08-02: value 99999999 is beyond ±1e+7, implausible for this unit; row skipped']);
    assert.equal(by.get('EFFR')?.warnings, undefined);
    // Warnings are not failures.
    assert.ok(results.every((r) => r.error === undefined));
  });

  it('stores every other row of those series, and the clean series whole', async () => {
    const read = async (id: string) => (await store.read(id)).map((p) => [p.date, p.value]);
    assert.deepEqual(await read('WALCL'), [['2026-08-05', 6648567], ['2026-08-19', 6745699]]);
    assert.deepEqual(await read('VIX'), [['2024-08-01', 18.59], ['2024-08-05', 38.57]]);
    assert.deepEqual(await read('EFFR'), [['2026-08-17', 3.61], ['2026-08-18', 3.62]]);
    const by = new Map(results.map((r) => [r.seriesId, r]));
    assert.deepEqual([by.get('WALCL')?.added, by.get('VIX')?.added, by.get('EFFR')?.added], [2, 2, 2]);
  });
});
