import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineLog } from './lineLog.ts';

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

test('lines logged in one turn are written once, together, in order, at the end of the turn', async () => {
  const writes: string[] = [];
  const { log } = lineLog((t) => writes.push(t));
  log('GET /api/series/WALCL 200 1 ms');
  log('GET /api/report 200 0 ms (report hit)');
  assert.deepEqual(writes, []);
  await nextTurn();
  assert.deepEqual(writes, ['GET /api/series/WALCL 200 1 ms\nGET /api/report 200 0 ms (report hit)\n']);
  log('GET /healthz 200 0 ms');
  await nextTurn();
  assert.deepEqual(writes.slice(1), ['GET /healthz 200 0 ms\n']);
});

test('flush writes the queued lines at once and the end of the turn writes nothing more', async () => {
  const writes: string[] = [];
  const { log, flush } = lineLog((t) => writes.push(t));
  log('a');
  flush();
  assert.deepEqual(writes, ['a\n']);
  await nextTurn();
  flush();
  assert.deepEqual(writes, ['a\n']);
});
