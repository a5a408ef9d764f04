import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { DataFormatError } from '../core/errors.ts';
import type { FetchedSeries, IsoDate, Point } from '../series/types.ts';
import type { ReadOptions } from './store.ts';
import { asOfCutoff, openStore, type ParquetStore, sameValue, storePaths } from './parquetStore.ts';

const pts = (...pairs: [string, number][]): Point[] => pairs.map(([date, value]) => ({ date: date as IsoDate, value }));
const fetched = (points: Point[], extra: Partial<FetchedSeries> = {}): FetchedSeries => ({ seriesId: 'WALCL', points, origin: 'https://example.test/WALCL', ...extra });

describe('ParquetStore', () => {
  const dirs: string[] = [];
  let home: string;
  let store: ParquetStore;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'flowlens-store-'));
    dirs.push(home);
    store = await openStore({ home, mode: 'write' });
  });
  afterEach(async () => store.close());
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('counts added, revised and unchanged, and keeps both values of a revision', async () => {
    const first = await store.write(fetched(pts(['2026-08-05', 6600000], ['2026-08-12', 6610000], ['2026-08-19', 6620000])), '2026-08-20T12:00:00Z');
    assert.deepEqual(first, { seriesId: 'WALCL', added: 3, revised: 0, unchanged: 0, lastDate: '2026-08-19' });
    const second = await store.write(
      fetched(pts(['2026-08-05', 6600000], ['2026-08-12', 6611111], ['2026-08-19', 6620000], ['2026-08-26', 6630000])),
      '2026-08-27T12:00:00Z',
    );
    assert.deepEqual(second, { seriesId: 'WALCL', added: 1, revised: 1, unchanged: 2, lastDate: '2026-08-26' });
    assert.deepEqual(
      (await store.read('WALCL')).map((p) => p.value),
      [6600000, 6611111, 6620000, 6630000],
    );
    // As of a time between the two retrievals: the earlier value, and no 08-26 yet.
    assert.deepEqual(await store.read('WALCL', { asOf: '2026-08-25' }), pts(['2026-08-05', 6600000], ['2026-08-12', 6610000], ['2026-08-19', 6620000]));
    assert.deepEqual(await store.revisions('WALCL'), [
      {
        date: '2026-08-12',
        values: [
          { value: 6610000, retrievedAt: '2026-08-20T12:00:00.000Z' },
          { value: 6611111, retrievedAt: '2026-08-27T12:00:00.000Z' },
        ],
      },
    ]);
    assert.equal((await store.observations('WALCL')).length, 5);
  });

  it('does not rewrite a series when nothing changed', async () => {
    await store.write(fetched(pts(['2026-08-05', 1])), '2026-08-20T00:00:00Z');
    const r = await store.write(fetched(pts(['2026-08-05', 1])), '2026-08-21T00:00:00Z');
    assert.deepEqual([r.added, r.revised, r.unchanged], [0, 0, 1]);
    assert.equal((await store.observations('WALCL')).length, 1);
    assert.equal(await store.retrievedAt('WALCL'), '2026-08-20T00:00:00.000Z');
  });

  it('round-trips missing values and ignores float noise below 1e-12', async () => {
    await store.write(fetched(pts(['2025-10-01', Number.NaN], ['2025-11-01', 4.5])), '2026-01-01T00:00:00Z');
    const r = await store.write(fetched(pts(['2025-10-01', Number.NaN], ['2025-11-01', 4.5 + 4.5e-15])), '2026-02-01T00:00:00Z');
    assert.equal(r.revised, 0);
    const read = await store.read('WALCL');
    assert.ok(Number.isNaN(read[0]?.value));
    assert.equal(read[1]?.value, 4.5);
    assert.equal(r.lastDate, '2025-11-01');
  });

  it('stores ALFRED vintages at their own dates, and a re-sent history appends nothing', async () => {
    const alfred = fetched(pts(['2026-04-01', 4.3]), {
      vintages: [
        // Given newest first on purpose: the store orders vintages itself.
        { realtimeStart: '2026-06-05' as IsoDate, points: pts(['2026-04-01', 4.3]) },
        { realtimeStart: '2026-05-08' as IsoDate, points: pts(['2026-04-01', 4.2]) },
      ],
    });
    const r = await store.write(alfred, '2026-11-24T10:00:00Z');
    // One new date, counted once however many vintages it has.
    assert.deepEqual([r.added, r.revised, r.unchanged], [1, 0, 0]);
    assert.deepEqual(
      (await store.observations('WALCL')).map((o) => [o.value, o.retrievedAt]),
      [
        [4.2, '2026-05-08T00:00:00.000Z'],
        [4.3, '2026-06-05T00:00:00.000Z'],
      ],
    );
    assert.deepEqual(await store.read('WALCL', { asOf: '2026-05-31' }), pts(['2026-04-01', 4.2]));
    assert.deepEqual(await store.read('WALCL', { asOf: '2026-06-05' }), pts(['2026-04-01', 4.3]));
    assert.deepEqual(await store.read('WALCL', { asOf: '2026-05-07' }), []);
    const again = await store.write(alfred, '2026-11-25T10:00:00Z');
    assert.deepEqual([again.added, again.revised, again.unchanged], [0, 0, 1]);
    assert.equal((await store.observations('WALCL')).length, 2);
  });

  it('back-fills vintages older than what is stored without counting or listing a revision twice', async () => {
    await store.write(fetched(pts(['2025-12-01', 5])), '2026-03-01T00:00:00Z');
    const r = await store.write(
      fetched(pts(['2025-12-01', 5]), {
        vintages: [
          { realtimeStart: '2026-01-10' as IsoDate, points: pts(['2025-12-01', 4]) },
          { realtimeStart: '2026-02-10' as IsoDate, points: pts(['2025-12-01', 5]) },
        ],
      }),
      '2026-04-01T00:00:00Z',
    );
    assert.deepEqual([r.added, r.revised, r.unchanged], [0, 0, 1]);
    assert.deepEqual(
      (await store.observations('WALCL')).map((o) => [o.value, o.retrievedAt.slice(0, 10)]),
      [
        [4, '2026-01-10'],
        [5, '2026-02-10'],
        [5, '2026-03-01'],
      ],
    );
    assert.deepEqual(await store.read('WALCL', { asOf: '2026-01-31' }), pts(['2025-12-01', 4]));
    assert.deepEqual(await store.revisions('WALCL'), [
      {
        date: '2025-12-01',
        values: [
          { value: 4, retrievedAt: '2026-01-10T00:00:00.000Z' },
          { value: 5, retrievedAt: '2026-02-10T00:00:00.000Z' },
        ],
      },
    ]);
  });

  it('names the origin and the date of a malformed date', async () => {
    await assert.rejects(
      store.write(fetched(pts(['2026-02-30', 1])), '2026-08-21T00:00:00Z'),
      (err: unknown) => err instanceof DataFormatError && /example\.test\/WALCL: WALCL: not a date \(YYYY-MM-DD\): "2026-02-30"/.test(err.message),
    );
  });

  it('refuses a duplicated date and leaves the stored series as it was', async () => {
    await store.write(fetched(pts(['2026-08-05', 1])), '2026-08-20T00:00:00Z');
    await assert.rejects(
      store.write(fetched(pts(['2026-08-12', 2], ['2026-08-12', 3])), '2026-08-21T00:00:00Z'),
      (err: unknown) => err instanceof DataFormatError && /example\.test\/WALCL: WALCL: date 2026-08-12 appears twice/.test(err.message),
    );
    assert.deepEqual(await store.read('WALCL'), pts(['2026-08-05', 1]));
  });

  it('reads from/to windows and lists every stored series', async () => {
    await store.write(fetched(pts(['2026-01-01', 1], ['2026-02-01', 2], ['2026-03-01', Number.NaN])), '2026-03-02T00:00:00Z');
    await store.write({ seriesId: 'UNRATE', points: pts(['2026-07-01', 4.4]), origin: 'f' }, '2026-08-08T00:00:00Z');
    assert.deepEqual(await store.read('WALCL', { from: '2026-02-01' as IsoDate, to: '2026-02-28' as IsoDate }), pts(['2026-02-01', 2]));
    assert.deepEqual(await store.list(), [
      { seriesId: 'UNRATE', firstDate: '2026-07-01', lastDate: '2026-07-01', count: 1, rows: 1, lastRetrievedAt: '2026-08-08T00:00:00.000Z' },
      { seriesId: 'WALCL', firstDate: '2026-01-01', lastDate: '2026-02-01', count: 2, rows: 3, lastRetrievedAt: '2026-03-02T00:00:00.000Z' },
    ]);
    assert.deepEqual((await store.list({ asOf: '2026-08-01' })).map((s) => s.seriesId), ['WALCL']);
    assert.deepEqual(await store.read('NEVER_SYNCED'), []);
  });

  it('rejects ids that are not catalog-shaped', async () => {
    await assert.rejects(store.write({ seriesId: '../x', points: [], origin: '' }, '2026-01-01T00:00:00Z'), /invalid series id/);
  });

  it('keeps the last sync outcome per series', async () => {
    await store.recordSync([
      { seriesId: 'WALCL', at: '2026-08-20T00:00:00Z', origin: 'a', ok: true, added: 3, revised: 0 },
      { seriesId: 'VIX', at: '2026-08-20T00:00:00Z', origin: 'b', ok: false, error: 'HTTP 503', added: 0, revised: 0 },
    ]);
    await store.recordSync([{ seriesId: 'WALCL', at: '2026-08-27T00:00:00Z', origin: 'a', ok: true, added: 1, revised: 0 }]);
    const last = await store.lastSync();
    assert.equal(last.get('WALCL')?.at, '2026-08-27T00:00:00Z');
    assert.equal(last.get('VIX')?.error, 'HTTP 503');
  });
});

describe('store opening', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-open-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('allows one writer at a time and readers alongside it', async () => {
    const w = await openStore({ home, mode: 'write' });
    await assert.rejects(openStore({ home, mode: 'write' }), new RegExp(`another flowlens sync \\(pid ${process.pid}\\) is writing`));
    const r = await openStore({ home, mode: 'read' });
    assert.deepEqual(await r.read('WALCL'), []);
    await r.close();
    await w.close();
    const again = await openStore({ home, mode: 'write' });
    await again.close();
  });

  it('takes over a lock left by a dead process', async () => {
    // pid 2^22 + 1 is above Linux's default pid_max, so no live process has it.
    writeFileSync(storePaths(home).lock, JSON.stringify({ pid: 4194305, at: '2026-01-01T00:00:00Z' }));
    const w = await openStore({ home, mode: 'write' });
    await w.close();
    assert.equal(existsSync(storePaths(home).lock), false);
  });

  it('takes over a lock from before the last boot even if its pid is alive again', async () => {
    writeFileSync(storePaths(home).lock, JSON.stringify({ pid: process.pid, at: '2000-01-01T00:00:00Z' }));
    const w = await openStore({ home, mode: 'write' });
    await w.close();
    // A lock taken since boot by a live process is respected.
    writeFileSync(storePaths(home).lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
    await assert.rejects(openStore({ home, mode: 'write' }), /another flowlens sync/);
    rmSync(storePaths(home).lock);
  });

  it('removes temp files a crashed writer left', async () => {
    writeFileSync(join(storePaths(home).series, 'WALCL.parquet.tmp-999'), 'partial');
    const w = await openStore({ home, mode: 'write' });
    await w.close();
    assert.deepEqual(readdirSync(storePaths(home).series).filter((f) => f.includes('.tmp-')), []);
  });
});

describe('helpers', () => {
  it('reads a bare as-of date as the end of that day', () => {
    assert.equal(asOfCutoff('2026-08-20'), Date.parse('2026-08-21T00:00:00Z') - 1);
    assert.equal(asOfCutoff('2026-08-20T12:00:00Z'), Date.parse('2026-08-20T12:00:00Z'));
    assert.throws(() => asOfCutoff('yesterday'), /as-of must be a date/);
  });
  it('compares values with NaN equal to NaN', () => {
    assert.equal(sameValue(Number.NaN, Number.NaN), true);
    assert.equal(sameValue(Number.NaN, 0), false);
    assert.equal(sameValue(1, 1 + 1e-9), false);
  });
});

describe('readManyArrays', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-many-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('reads several series at once, latest or as of a time, and nothing before the first retrieval', async () => {
    const s = await openStore({ home, mode: 'write' });
    try {
      await s.write(fetched(pts(['2026-08-05', 1], ['2026-08-12', Number.NaN])), '2026-08-20T00:00:00Z');
      await s.write(fetched(pts(['2026-08-05', 2])), '2026-08-27T00:00:00Z');
      await s.write({ seriesId: 'UNRATE', points: pts(['2026-07-01', 4.4]), origin: 'f' }, '2026-08-08T00:00:00Z');
      const all = await s.readManyArrays(['WALCL', 'UNRATE', 'NEVER']);
      assert.deepEqual([...all.keys()].sort(), ['UNRATE', 'WALCL']);
      assert.deepEqual(Array.from(all.get('WALCL')?.values ?? []).map((v) => (Number.isNaN(v) ? null : v)), [2, null]);
      const before = await s.readManyArrays(['WALCL'], { asOf: '2026-08-21' });
      assert.deepEqual(Array.from(before.get('WALCL')?.values ?? []).map((v) => (Number.isNaN(v) ? null : v)), [1, null]);
      assert.equal((await s.readManyArrays(['WALCL'], { asOf: '2026-01-01' })).size, 0);
    } finally {
      await s.close();
    }
  });

  it('a reader answers again from the rows it read (same values at every date and range), and a new manifest reads the new files', async () => {
    const r = await openStore({ home, mode: 'read' });
    const plain = (m: Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>) => [...m].map(([id, a]) => [id, [...a.dates], [...a.values].map((v) => (Number.isNaN(v) ? null : v)), a.retrievedMs]);
    try {
      const d = (x: string) => x as IsoDate;
      const reads: ReadOptions[] = [{}, { asOf: '2026-08-21' }, { asOf: '2026-01-01' }, { to: d('2026-08-10') }, { from: d('2026-08-06') }, { asOf: '2026-08-21', to: d('2026-08-05') }];
      const first = [];
      for (const o of reads) first.push(plain(await r.readManyArrays(['WALCL', 'UNRATE'], o)));
      // The same reads again (served from the rows kept), and each from a fresh reader (a scan each).
      for (const [i, o] of reads.entries()) {
        assert.deepEqual(plain(await r.readManyArrays(['WALCL', 'UNRATE'], o)), first[i]);
        const fresh = await openStore({ home, mode: 'read' });
        try {
          assert.deepEqual(plain(await fresh.readManyArrays(['WALCL', 'UNRATE'], o)), first[i]);
        } finally {
          await fresh.close();
        }
      }
      assert.deepEqual(first[0], [['WALCL', [20670, 20677], [2, null], Date.parse('2026-08-27T00:00:00Z')], ['UNRATE', [20635], [4.4], Date.parse('2026-08-08T00:00:00Z')]]);
      assert.deepEqual(first[3], [['WALCL', [20670], [2], Date.parse('2026-08-27T00:00:00Z')], ['UNRATE', [20635], [4.4], Date.parse('2026-08-08T00:00:00Z')]]);
      // A writer stores a revision: the reader's next read after refresh() sees it.
      const w = await openStore({ home, mode: 'write' });
      try {
        await w.write(fetched(pts(['2026-08-05', 3])), '2026-09-01T00:00:00Z');
      } finally {
        await w.close();
      }
      assert.equal(r.refresh(), true);
      assert.deepEqual(Array.from((await r.readManyArrays(['WALCL'])).get('WALCL')?.values ?? []).map((v) => (Number.isNaN(v) ? null : v)), [3, null]);
      assert.deepEqual(Array.from((await r.readManyArrays(['WALCL'], { asOf: '2026-08-21' })).get('WALCL')?.values ?? []).map((v) => (Number.isNaN(v) ? null : v)), [1, null]);
    } finally {
      await r.close();
    }
  });
});
