import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { catalogEntry } from '../series/catalog.ts';
import { toDay } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { openStore } from './parquetStore.ts';
import { readSeries } from './readSeries.ts';

describe('readSeries', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-readseries-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('builds a catalog Series, latest or as of a time, with the newest retrieval used', async () => {
    const store = await openStore({ home, mode: 'write' });
    try {
      const entry = catalogEntry('WALCL');
      const empty = await readSeries(store, entry);
      assert.deepEqual([empty.dates.length, empty.retrievedAt, empty.unit], [0, '', entry.unit]);
      const p = (date: string, value: number) => ({ date: date as IsoDate, value });
      await store.write({ seriesId: 'WALCL', points: [p('2026-08-05', 6600000), p('2026-08-12', Number.NaN)], origin: 'a' }, '2026-08-14T12:00:00Z');
      await store.write({ seriesId: 'WALCL', points: [p('2026-08-05', 6600500), p('2026-08-12', 6610000)], origin: 'a' }, '2026-08-21T12:00:00Z');
      const latest = await readSeries(store, entry);
      assert.deepEqual(Array.from(latest.dates), [toDay('2026-08-05'), toDay('2026-08-12')]);
      assert.deepEqual(Array.from(latest.values), [6600500, 6610000]);
      assert.equal(latest.retrievedAt, '2026-08-21T12:00:00.000Z');
      assert.equal(latest.title, entry.title);
      const then = await readSeries(store, entry, { asOf: '2026-08-20' });
      assert.equal(then.values[0], 6600000);
      assert.ok(Number.isNaN(then.values[1]));
      assert.equal(then.retrievedAt, '2026-08-14T12:00:00.000Z');
      const window = await readSeries(store, entry, { from: '2026-08-10' as IsoDate });
      assert.deepEqual(Array.from(window.values), [6610000]);
    } finally {
      await store.close();
    }
  });
});
