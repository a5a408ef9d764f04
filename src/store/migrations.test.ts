import { DuckDBInstance } from '@duckdb/node-api';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CURRENT_SCHEMA_VERSION, migrate, type Migration, schemaVersion } from './migrations.ts';
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
    assert.equal(CURRENT_SCHEMA_VERSION, 2);
  });

  it('upgrades a schema-1 store with its data intact, then writes provenance', async () => {
    const home = fresh();
    await makeV1Store(home);
    await assert.rejects(openStore({ home, mode: 'read' }), /has schema 1 and needs an upgrade to 2: run `flowlens sync`/);
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
    const rows = (await c.runAndReadAll(`SELECT value, origin FROM read_parquet('${join(storePaths(home).series, 'WALCL.parquet')}') ORDER BY retrieved_at, date`)).getRowsJS();
    c.closeSync();
    assert.deepEqual(rows, [
      [719542, null],
      [725000, null],
      [726000, 'fredgraph'],
    ]);
    assert.equal((JSON.parse(readFileSync(storePaths(home).meta, 'utf8')) as { schemaVersion: number }).schemaVersion, 2);
  });

  it('refuses a store written by a newer flowlens', async () => {
    const home = fresh();
    mkdirSync(storePaths(home).root, { recursive: true });
    writeFileSync(storePaths(home).meta, JSON.stringify({ schemaVersion: 99 }));
    await assert.rejects(openStore({ home, mode: 'write' }), /written by a newer flowlens \(schema 99, this one knows 2\)/);
    await assert.rejects(openStore({ home, mode: 'read' }), /written by a newer flowlens/);
  });

  it('names a damaged metadata file', async () => {
    const home = fresh();
    mkdirSync(storePaths(home).root, { recursive: true });
    writeFileSync(storePaths(home).meta, '{"schemaVersion":');
    await assert.rejects(openStore({ home, mode: 'read' }), /store\.json: not valid JSON/);
  });

  it('runs pending migrations in order, records each step, and resumes after a failure', async () => {
    const home = fresh();
    const paths = storePaths(home);
    const ran: number[] = [];
    let failOnce = true;
    const steps: Migration[] = [
      { to: 1, description: 'one', up: async () => void ran.push(1) },
      {
        to: 2,
        description: 'two',
        up: async () => {
          ran.push(2);
          if (failOnce) {
            failOnce = false;
            throw new Error('disk full');
          }
        },
      },
      { to: 3, description: 'three', up: async () => void ran.push(3) },
    ];
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await assert.rejects(migrate(c, paths, { migrations: steps }), /store migration to schema 2 \(two\) failed: disk full/);
      assert.equal(schemaVersion(paths), 1);
      assert.equal(await migrate(c, paths, { migrations: steps }), 3);
      assert.deepEqual(ran, [1, 2, 2, 3]);
      assert.equal(schemaVersion(paths), 3);
      assert.equal(await migrate(c, paths, { migrations: steps }), 3);
      assert.deepEqual(ran, [1, 2, 2, 3]);
      await assert.rejects(migrate(c, paths, { migrations: [steps[1] as Migration, steps[0] as Migration] }), /increasing versions/);
    } finally {
      c.closeSync();
    }
  });
});
