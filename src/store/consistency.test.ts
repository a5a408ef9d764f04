// Readers during a sync: while another process rewrites every series again and again, reads in
// a loop (a fresh reader each time, as CLI commands do, and one long-lived reader that follows the
// manifest, as `serve` does) get no error and no mixed or torn value: every read is one version.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, type ParquetStore } from './parquetStore.ts';

const CHILD = join(import.meta.dirname, 'testing', 'versionWriter.ts');
const COUNT = 30;
const SIZE = 1500;
const LAST = 12;
const IDS = Array.from({ length: COUNT }, (_, i) => `S${i}`);

/** The one version all of a read's series hold (every series, every point), or a description of what is wrong. */
function versionOfRead(all: Map<string, { values: Float64Array }>): number | string {
  let version: number | undefined;
  for (let i = 0; i < COUNT; i++) {
    const values = all.get(`S${i}`)?.values;
    if (!values || values.length !== SIZE) return `S${i} has ${values?.length ?? 0} values`;
    const v = Math.floor((values[0] as number) / 1e6);
    for (let j = 0; j < SIZE; j++) if (values[j] !== v * 1e6 + i * 1000 + (j % 997)) return `S${i}[${j}] = ${values[j]} is no version`;
    if (version !== undefined && v !== version) return `S${i} is version ${v}, S0 version ${version}: mixed`;
    version = v;
  }
  return version ?? 'empty';
}

describe('reads during a sync', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-consistency-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it(`see one whole version each: 0 errors and 0 wrong values over ${LAST - 1} rewrites of every series`, async (t) => {
    // Version 1 first (the child writes 2..LAST while we read).
    const first = spawnSync(process.execPath, ['--import', 'tsx', CHILD, home, String(COUNT), String(SIZE), '1', '1'], { encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    const writer = spawn(process.execPath, ['--import', 'tsx', CHILD, home, String(COUNT), String(SIZE), '2', String(LAST)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    let stderr = '';
    writer.stderr.setEncoding('utf8');
    writer.stderr.on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => writer.on('exit', (code) => resolve(code)));
    void exited.then(() => (done = true));

    const errors: string[] = [];
    const wrong: string[] = [];
    const seen = new Set<number>();
    let reads = 0;
    const long: ParquetStore = await openStore({ home, mode: 'read', warn: (l) => errors.push(l) });
    try {
      while (!done) {
        for (const kind of ['fresh', 'long'] as const) {
          try {
            let all;
            if (kind === 'fresh') {
              const s = await openStore({ home, mode: 'read', warn: (l) => errors.push(l) });
              try {
                all = await s.readManyArrays(IDS);
                const listed = await s.list();
                if (listed.length !== 0 && listed.length !== COUNT) wrong.push(`list has ${listed.length} series`);
              } finally {
                await s.close();
              }
            } else {
              long.refresh();
              all = await long.readManyArrays(IDS);
            }
            reads++;
            if (all.size === 0) continue; // before version 1 was swapped in
            const v = versionOfRead(all);
            if (typeof v === 'number') seen.add(v);
            else wrong.push(`${kind}: ${v}`);
          } catch (err) {
            errors.push(`${kind}: ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
    } finally {
      await long.close();
    }
    assert.equal(await exited, 0, stderr);
    t.diagnostic(`${reads} reads during the rewrites, versions seen: ${[...seen].sort((a, b) => a - b).join(', ')}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(wrong, []);
    assert.ok(reads > 0);
    // The reads overlapped the rewrites: they saw more than the first and the last version.
    assert.ok(seen.size >= 2, `versions seen: ${[...seen].join(', ')}`);
  });
});
