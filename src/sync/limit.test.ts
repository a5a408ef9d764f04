import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapLimit, Serial } from './limit.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapLimit', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([30, 10, 20, 5, 15], 2, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(ms);
      inFlight--;
      return i * 10;
    });
    assert.deepEqual(out, [0, 10, 20, 30, 40]);
    assert.equal(peak, 2);
  });
});

describe('Serial', () => {
  it('runs tasks one at a time in call order, even after a failure', async () => {
    const s = new Serial();
    const log: string[] = [];
    const a = s.run(async () => {
      await tick(20);
      log.push('a');
    });
    const b = s.run(async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const c = s.run(async () => {
      log.push('c');
      return 3;
    });
    await a;
    await assert.rejects(b, /b failed/);
    assert.equal(await c, 3);
    assert.deepEqual(log, ['a', 'b', 'c']);
  });
});
