import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { parsePort, registerServe } from './serve.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** A program with only `serve`, as main.ts will register it. */
const HARNESS = `import { Command } from 'commander'; import { registerServe } from ${JSON.stringify(join(import.meta.dirname, 'serve.ts'))};
const p = new Command().exitOverride(); registerServe(p);
p.parseAsync(process.argv.slice(1), { from: 'user' }).catch((e) => { process.stderr.write('flowlens: ' + e.message + '\\n'); process.exitCode = 1; });`;

describe('parsePort', () => {
  it('accepts 0 to 65535 and names the flag otherwise', () => {
    assert.equal(parsePort('8787'), 8787);
    assert.equal(parsePort('0'), 0);
    for (const bad of ['65536', '-1', '80.5', 'http', '']) assert.throws(() => parsePort(bad), new RegExp(`^FlowlensError: --port must be a whole number from 0 to 65535, got "${bad}"`));
  });

  it('fails the command before listening on a bad --port', async () => {
    const p = new Command().exitOverride();
    registerServe(p);
    await assert.rejects(p.parseAsync(['serve', '--port', 'abc'], { from: 'user' }), /--port must be a whole number from 0 to 65535, got "abc"/);
  });
});

describe('flowlens serve as a process', () => {
  const home = mkdtempSync(join(tmpdir(), 'flowlens-serve-cli-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints its URL, serves the store, and stops cleanly on ${signal}`, async (t) => {
      const store = await openStore({ home, mode: 'write' });
      await store.write({ seriesId: 'WALCL', points: [{ date: '2026-08-19' as IsoDate, value: 6745699 }], origin: 'serve test' }, '2026-08-20T12:00:00Z');
      await store.close();
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HARNESS, 'serve', '--port', '0'], { cwd: ROOT, env: { ...process.env, FLOWLENS_HOME: home } });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^flowlens serve: (http:\/\/127\.0\.0\.1:\d+\/) /m.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code} before printing its URL: ${err}`)));
      });
      const j = (await (await fetch(`${url}api/series/WALCL`)).json()) as { dates: string[]; values: number[] };
      assert.deepEqual([j.dates, j.values], [['2026-08-19'], [6745699]]);
      const t0 = performance.now();
      child.kill(signal);
      const code = await exited;
      t.diagnostic(`exited ${(performance.now() - t0).toFixed(0)} ms after ${signal}`);
      assert.equal(code, 0, err);
      assert.match(out, new RegExp(`flowlens serve: stopped \\(${signal}\\)\\n$`));
      assert.match(err, /^GET \/api\/series\/WALCL 200 \d+ ms$/m);
      await assert.rejects(fetch(`${url}healthz`));
    });
  }
});
