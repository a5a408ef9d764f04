import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { resolveCtaParams } from '../models/cta.ts';
import { closePool, partFor, rowsOfThread, runMonteCarloParallel, summariseParts } from './pool.ts';
import { Rng } from './rng.ts';
import { runMonteCarlo, summariseRows, type ScenarioSetup } from './scenario.ts';

function walk(seed: number): Float64Array {
  const g = new Rng(seed);
  const px = new Float64Array(300);
  px[0] = 100;
  for (let i = 1; i < px.length; i++) px[i] = (px[i - 1] as number) * Math.exp(0.0003 + 0.012 * g.normal());
  return px;
}

describe('scenario worker pool', () => {
  after(closePool);
  const setup: ScenarioSetup = {
    assets: [1, 2, 3].map((s) => ({ id: `A${s}`, prices: walk(s), weight: 1 / 3 })),
    cta: resolveCtaParams(),
    volControl: { assetIndex: 0, targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25, aumBn: 400, exposure: 0.7 },
    horizons: [5, 21],
  };
  const history = Array.from({ length: 120 }, (_, d) => Float64Array.from([0.01 * Math.sin(d), 0.008 * Math.sin(d + 1), 0.012 * Math.cos(2 * d)]));

  it('gives bit-identical results with 1, 2 and 3 threads for the same seed (correlated GBM)', async () => {
    const opts = { paths: 501, seed: 11, method: 'gbm' as const, history };
    const one = runMonteCarlo(setup, opts);
    assert.deepEqual(await runMonteCarloParallel(setup, opts, 1), one);
    assert.deepEqual(await runMonteCarloParallel(setup, opts, 2), one);
    assert.deepEqual(await runMonteCarloParallel(setup, opts, 3), one);
    assert.equal(one.correlated, true);
  });

  it('gives bit-identical results with 1 and 2 threads for the bootstrap, and reuses its workers', async () => {
    const opts = { paths: 333, seed: 4, method: 'bootstrap' as const, history, blockLength: 5 };
    const one = runMonteCarlo(setup, opts);
    assert.deepEqual(await runMonteCarloParallel(setup, opts, 2), one);
    assert.deepEqual(await runMonteCarloParallel(setup, opts, 2), one);
  });

  it('releases every run\'s result buffers: memory in ArrayBuffers does not grow over eight runs', async () => {
    // A full collection on demand (as node --expose-gc), so what is still referenced is all that is counted.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collect = async () => {
      gc();
      // Buffers that came back from a worker are freed once their messages are done with: a turn, then again.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    };
    const opts = { paths: 40_000, seed: 3, method: 'gbm' as const, history };
    const resultBytes = 6 * setup.horizons.length * opts.paths * 8; // (3 assets + 3 totals) × horizons × paths doubles
    const held: number[] = [];
    for (let k = 0; k < 8; k++) {
      await runMonteCarloParallel(setup, opts, 2);
      await collect();
      held.push(process.memoryUsage().arrayBuffers);
    }
    // Kept SharedArrayBuffers grew this by one result (3.7 MB) per run, 26 MB over seven more runs;
    // released, at most a run's transient copies (about two results) may still be counted.
    const growth = (held[7] as number) - Math.min(...held.slice(0, 2));
    assert.ok(growth < 2.5 * resultBytes, `ArrayBuffer memory grew by ${(growth / 2 ** 20).toFixed(2)} MB over seven more runs (one result is ${(resultBytes / 2 ** 20).toFixed(2)} MB): ${held.map((x) => (x / 2 ** 20).toFixed(1)).join(', ')} MB`);
  });

  it('summarises rows dealt to threads from their parts exactly as from the whole result', () => {
    // 7 rows × 1001 paths cut into ranges of 300, 401 and 300 paths (3 threads).
    const g = new Rng(9);
    const rows = 7;
    const paths = [300, 401, 300];
    const whole = new Float64Array(rows * 1001);
    for (let i = 0; i < whole.length; i++) whole[i] = g.below(4) === 0 ? 0 : g.normal();
    const own = paths.map((m, t) => {
      const start = paths.slice(0, t).reduce((s, x) => s + x, 0);
      const b = new Float64Array(rows * m);
      for (let r = 0; r < rows; r++) b.set(whole.subarray(r * 1001 + start, r * 1001 + start + m), r * m);
      return b;
    });
    assert.deepEqual(rowsOfThread(rows, 3, 1), [1, 4]);
    const want = summariseRows(whole, rows);
    for (let t = 0; t < 3; t++) {
      const mine = rowsOfThread(rows, 3, t);
      const parts = paths.map((m, u) => (u === t ? undefined : new Float64Array(partFor(own[u] as Float64Array, rows, m, 3, t))));
      const wholes = paths.map((_, u) => (u === t ? own[u] : undefined));
      assert.deepEqual(summariseParts(mine, paths, wholes, parts), mine.map((r) => want[r]), `thread ${t}`);
    }
  });

  it('rejects bad options before starting any thread', async () => {
    await assert.rejects(runMonteCarloParallel(setup, { paths: 10, seed: 1, method: 'bootstrap' }, 2), /at least one block/);
  });
});
