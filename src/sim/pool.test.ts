import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32, normalSource } from '../core/random.ts';
import { resolveCtaParams } from '../models/cta.ts';
import { runMonteCarloParallel } from './pool.ts';
import { runMonteCarlo, type ScenarioSetup } from './scenario.ts';

function walk(seed: number): Float64Array {
  const z = normalSource(mulberry32(seed));
  const px = new Float64Array(400);
  px[0] = 100;
  for (let i = 1; i < px.length; i++) px[i] = (px[i - 1] as number) * Math.exp(0.0003 + 0.012 * z());
  return px;
}

describe('scenario worker pool', () => {
  const setup: ScenarioSetup = {
    assets: [1, 2, 3].map((s) => ({ id: `A${s}`, prices: walk(s), weight: 1 / 3 })),
    cta: resolveCtaParams(),
    volControl: { assetIndex: 0, targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25, aumBn: 400, exposure: 0.7 },
    horizons: [5, 21],
  };
  it('gives bit-identical results with 1 and 2 workers for the same seed', async () => {
    const opts = { paths: 501, seed: 11, method: 'gbm' as const };
    const one = runMonteCarlo(setup, opts);
    const two = await runMonteCarloParallel(setup, opts, 2);
    assert.deepEqual(two, one);
  });
});
