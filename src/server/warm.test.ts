import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { IsoDate } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { SharedStore } from './sharedStore.ts';
import { warmPages } from './warm.ts';

describe('warmPages', () => {
  it('asks for each page once, in order, with the token, and counts the 200s', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
      res.writeHead(req.url === '/fed' ? 500 : 200).end('x'.repeat(10_000));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      assert.equal(await warmPages(url, ['/', '/flows', '/fed'], 'abcdefghijklmnop'), 2);
      assert.deepEqual(seen, ['/ Bearer abcdefghijklmnop', '/flows Bearer abcdefghijklmnop', '/fed Bearer abcdefghijklmnop']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    // The server is gone: the warm-up stops at the first request, without throwing.
    assert.equal(await warmPages(url, ['/', '/flows']), 0);
  });
});

/** A new home whose store holds one WALCL point (6,745,699 on 2026-08-19). */
async function storeWithWalcl(prefix: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const w = await openStore({ home, mode: 'write' });
  await w.write({ seriesId: 'WALCL', points: [{ date: '2026-08-19' as IsoDate, value: 6745699 }], origin: 'test' }, '2026-08-20T12:00:00Z');
  await w.close();
  return home;
}

describe('SharedStore.cached', () => {
  it('computes an answer once for requests that come while it is being computed, and forgets a failure', async () => {
    const home = await storeWithWalcl('flowlens-shared-');
    const shared = new SharedStore(home, () => undefined);
    try {
      let runs = 0;
      const compute = async (s: Parameters<Parameters<SharedStore['cached']>[1]>[0]) => {
        runs++;
        return (await s.read('WALCL'))[0]?.value;
      };
      const answers = await Promise.all([shared.cached('k', compute), shared.cached('k', compute), shared.cached('k', compute)]);
      assert.deepEqual(answers, [6745699, 6745699, 6745699]);
      assert.equal(runs, 1);
      let fails = 0;
      const failing = () => {
        fails++;
        return Promise.reject(new Error('boom'));
      };
      await assert.rejects(Promise.all([shared.cached('f', failing), shared.cached('f', failing)]), /boom/);
      assert.equal(fails, 1, 'the second request shared the failing computation');
      await assert.rejects(shared.cached('f', failing), /boom/);
      assert.equal(fails, 2, 'a failure is not kept');
    } finally {
      await shared.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('SharedStore.close', () => {
  it('waits for a query already running before it closes DuckDB (closing under a running query hung serve on SIGTERM)', async () => {
    const home = await storeWithWalcl('flowlens-shared-close-');
    const shared = new SharedStore(home, () => undefined);
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const order: string[] = [];
      const running = shared.use(async (s) => {
        await gate;
        const v = (await s.read('WALCL'))[0]?.value;
        order.push('query done');
        return v;
      });
      const closed = shared.close().then(() => order.push('closed'));
      // Several turns of the event loop: the close must still be waiting for the query.
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, []);
      release();
      assert.equal(await running, 6745699, 'the running query read the store, not a closed one');
      await closed;
      assert.deepEqual(order, ['query done', 'closed']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
