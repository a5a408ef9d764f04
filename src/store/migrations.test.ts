import { DuckDBInstance } from '@duckdb/node-api';
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CURRENT_SCHEMA_VERSION, migrate, type Migration, schemaVersion } from './migrations.ts';
import { sha256File } from './checksum.ts';
import { readManifest } from './manifest.ts';
import { openStore, storePaths } from './parquetStore.ts';

/** A store as flowlens schema 1 wrote it: Parquet files without the origin column. */
async function makeV1Store(home: string): Promise<void> {
  const paths = storePaths(home);
  mkdirSync(paths.series, { recursive: true });
  writeFileSync(paths.meta, JSON.stringify({ schemaVersion: 1 }));
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(
    `COPY (SELECT * FROM (VALUES (DATE '2002-12-18', 719542.0, TIMESTAMP '2026-01-01 00:00:00'),
                                (DATE '2002-12-25', 725000.0, TIMESTAMP '2026-01-01 00:00:00')) t(date, value, retrieved_at))
     TO '${join(paths.series, 'WALCL.parquet')}' (FORMAT parquet)`,
  );
  c.closeSync();
}

describe('store migrations', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'flowlens-mig-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('creates a new store at the current schema', async () => {
    const home = fresh();
    await (await openStore({ home, mode: 'write' })).close();
    assert.equal((JSON.parse(readFileSync(storePaths(home).meta, 'utf8')) as { schemaVersion: number }).schemaVersion, CURRENT_SCHEMA_VERSION);
    assert.equal(CURRENT_SCHEMA_VERSION, 3);
  });

  it('upgrades a schema-1 store with its data intact, then writes provenance', async () => {
    const home = fresh();
    await makeV1Store(home);
    await assert.rejects(openStore({ home, mode: 'read' }), /has schema 1 and needs an upgrade to 3: run `flowlens sync`/);
    const store = await openStore({ home, mode: 'write' });
    try {
      assert.deepEqual(await store.read('WALCL'), [
        { date: '2002-12-18', value: 719542 },
        { date: '2002-12-25', value: 725000 },
      ]);
      const r = await store.write({ seriesId: 'WALCL', points: [{ date: '2002-12-25' as never, value: 726000 }], origin: 'fredgraph' }, '2026-02-01T00:00:00Z');
      assert.equal(r.revised, 1);
      assert.equal((await store.revisions('WALCL')).length, 1);
    } finally {
      await store.close();
    }
    // Rows from before the migration have no known origin; the new one names its source.
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const file = readManifest(storePaths(home).manifest).series.WALCL?.file ?? '';
    const rows = (await c.runAndReadAll(`SELECT value, origin FROM read_parquet('${join(storePaths(home).series, file)}') ORDER BY retrieved_at, date`)).getRowsJS();
    c.closeSync();
    assert.deepEqual(rows, [
      [719542, null],
      [725000, null],
      [726000, 'fredgraph'],
    ]);
    assert.equal((JSON.parse(readFileSync(storePaths(home).meta, 'utf8')) as { schemaVersion: number }).schemaVersion, 3);
  });

  it('upgrades a schema-2 store in place: each series file under a manifest with its checksum and summary, a damaged one set aside', async () => {
    const home = fresh();
    const paths = storePaths(home);
    await makeV1Store(home);
    writeFileSync(paths.meta, JSON.stringify({ schemaVersion: 2 }));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT date, value, retrieved_at, NULL::VARCHAR AS origin FROM read_parquet('${join(paths.series, 'WALCL.parquet')}')) TO '${join(paths.series, 'WALCL.parquet')}.x' (FORMAT parquet)`);
    c.closeSync();
    renameSync(`${join(paths.series, 'WALCL.parquet')}.x`, join(paths.series, 'WALCL.parquet'));
    writeFileSync(join(paths.series, 'SP500.parquet'), 'PAR1 not really');
    const store = await openStore({ home, mode: 'write' });
    await store.close();
    const m = readManifest(paths.manifest);
    assert.equal(m.generation, 1);
    assert.deepEqual(Object.keys(m.series), ['WALCL']);
    const e = m.series.WALCL;
    assert.equal(e?.file, 'WALCL.1.parquet');
    assert.deepEqual([e?.rows, e?.count, e?.firstDate, e?.lastDate, e?.lastRetrievedAt], [2, 2, '2002-12-18', '2002-12-25', '2026-01-01T00:00:00.000Z']);
    assert.equal(e?.sha256, sha256File(join(paths.series, 'WALCL.1.parquet')));
    assert.deepEqual(readdirSync(paths.series).sort(), ['WALCL.1.parquet']);
    assert.deepEqual(readdirSync(paths.quarantine), ['SP500.parquet']);
    assert.equal(schemaVersion(paths), 3);
    const r = await openStore({ home, mode: 'read' });
    try {
      assert.deepEqual((await r.read('WALCL')).map((p) => p.value), [719542, 725000]);
    } finally {
      await r.close();
    }
  });

  it('resumes an upgrade to schema 3 interrupted after the manifest was written', async () => {
    const home = fresh();
    const paths = storePaths(home);
    await (await openStore({ home, mode: 'write' })).close();
    // As a crash would leave it: the manifest names WALCL.1.parquet, an old name is still there, the version is still 2.
    const w = await openStore({ home, mode: 'write' });
    await w.write({ seriesId: 'WALCL', points: [{ date: '2002-12-18' as never, value: 719542 }], origin: 'x' }, '2026-01-01T00:00:00Z');
    await w.close();
    const file = readManifest(paths.manifest).series.WALCL?.file ?? '';
    linkSync(join(paths.series, file), join(paths.series, 'WALCL.parquet'));
    writeFileSync(paths.meta, JSON.stringify({ schemaVersion: 2 }));
    await (await openStore({ home, mode: 'write' })).close();
    assert.deepEqual(readdirSync(paths.series), [file]);
    const r = await openStore({ home, mode: 'read' });
    try {
      assert.deepEqual((await r.read('WALCL')).map((p) => p.value), [719542]);
    } finally {
      await r.close();
    }
  });

  it('refuses a store written by a newer flowlens', async () => {
    const home = fresh();
    mkdirSync(storePaths(home).root, { recursive: true });
    writeFileSync(storePaths(home).meta, JSON.stringify({ schemaVersion: 99 }));
    await assert.rejects(openStore({ home, mode: 'write' }), /written by a newer flowlens \(schema 99, this one knows 3\)/);
    await assert.rejects(openStore({ home, mode: 'read' }), /written by a newer flowlens/);
  });

  it('names a damaged metadata file', async () => {
    const home = fresh();
    mkdirSync(storePaths(home).root, { recursive: true });
    writeFileSync(storePaths(home).meta, '{"schemaVersion":');
    await assert.rejects(openStore({ home, mode: 'read' }), /store\.json: not valid JSON/);
  });

  it('creates a new store in one step: a failure midway leaves no metadata, not a midway schema a reader refuses', async () => {
    const paths = storePaths(fresh());
    let failOnce = true;
    const steps: Migration[] = [
      { to: 1, description: 'one', up: async () => undefined },
      {
        to: 2,
        description: 'two',
        up: async () => {
          if (failOnce) {
            failOnce = false;
            throw new Error('killed');
          }
        },
      },
      { to: 3, description: 'three', up: async () => undefined },
    ];
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await assert.rejects(migrate(c, paths, { migrations: steps }), /schema 2 \(two\) failed: killed/);
      assert.equal(schemaVersion(paths), 0);
      assert.equal(await migrate(c, paths, { migrations: steps }), 3);
      assert.equal(schemaVersion(paths), 3);
    } finally {
      c.closeSync();
    }
  });

  it('runs pending migrations in order, records each step, and resumes after a failure', async () => {
    const paths = storePaths(fresh());
    mkdirSync(paths.root, { recursive: true });
    writeFileSync(paths.meta, JSON.stringify({ schemaVersion: 1 }));
    const ran: number[] = [];
    let failOnce = true;
    const steps: Migration[] = [
      { to: 1, description: 'one', up: async () => void ran.push(1) },
      { to: 2, description: 'two', up: async () => void ran.push(2) },
      {
        to: 3,
        description: 'three',
        up: async () => {
          ran.push(3);
          if (failOnce) {
            failOnce = false;
            throw new Error('disk full');
          }
        },
      },
      { to: 4, description: 'four', up: async () => void ran.push(4) },
    ];
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await assert.rejects(migrate(c, paths, { migrations: steps }), /store migration to schema 3 \(three\) failed: disk full/);
      assert.equal(schemaVersion(paths), 2);
      assert.equal(await migrate(c, paths, { migrations: steps }), 4);
      assert.deepEqual(ran, [2, 3, 3, 4]);
      assert.equal(schemaVersion(paths), 4);
      assert.equal(await migrate(c, paths, { migrations: steps }), 4);
      assert.deepEqual(ran, [2, 3, 3, 4]);
      await assert.rejects(migrate(c, paths, { migrations: [steps[1] as Migration, steps[0] as Migration] }), /increasing versions/);
    } finally {
      c.closeSync();
    }
  });
});
