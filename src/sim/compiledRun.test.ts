import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveCtaParams } from '../models/cta.ts';
import { canCompileRun } from './compiledRun.ts';
import { ctaKernelParams } from './kernels.ts';
import { bootstrapPath, cholesky, GbmSampler } from './paths.ts';
import { Rng } from './rng.ts';
import { MonteCarloRun, runMonteCarlo, ScenarioEngine, type RiskParityLeg, type ScenarioSetup, type VolControlLeg } from './scenario.ts';

function walk(seed: number, n = 320): Float64Array {
  const g = new Rng(seed);
  const px = new Float64Array(n);
  px[0] = 100;
  for (let i = 1; i < n; i++) px[i] = (px[i - 1] as number) * Math.exp(0.012 * g.normal());
  return px;
}

const corr = Float64Array.from([1, 0.4, -0.2, 0.4, 1, 0.1, -0.2, 0.1, 1]);
const spec = { dailyVol: Float64Array.from([0.011, 0.009, 0.02]), dailyDrift: Float64Array.from([0.0003, 0, -0.0002]), cholesky: cholesky(corr, 3) };

function setupWith(rule: 'sign' | 'smooth'): ScenarioSetup {
  return {
    assets: [
      { id: 'SPY', prices: walk(11), weight: 0.5 },
      { id: 'GLD', prices: walk(12, 400), weight: 0.3 },
      { id: 'BTC', prices: walk(13), weight: 0.2 },
    ],
    cta: resolveCtaParams({ aumBn: 300, rule }),
    volControl: { assetIndex: 0, targetVol: 0.1, cap: 1.5, shortWindow: 21, longWindow: 63, adjustSpeed: 0.25, aumBn: 400, exposure: 0.8 },
    horizons: [5, 21],
  };
}

describe('compiled path loop (GBM and bootstrap)', () => {
  const vcBase = setupWith('sign').volControl as VolControlLeg;
  // Rules stepped inside the compiled loop (max, blend, EWMA with a long-term decay), one it
  // leaves to the engine (a rebalancing lag), and none.
  const vcVariants: [string, VolControlLeg | undefined][] = [
    ['max', vcBase],
    ['blend', { ...vcBase, combine: 'blend', blendWeight: 0.3 }],
    ['ewma', { ...vcBase, combine: 'ewma', ewmaLambda: 0.94, ewmaVariance0: 0.011 ** 2, ewmaLambdaLong: 0.985, ewmaVarianceLong0: 0.0125 ** 2 }],
    ['lag 2', { ...vcBase, lagDays: 2, sigmaHistory: Float64Array.from([0.16, 0.17]) }],
    ['none', undefined],
  ];
  for (const rule of ['sign', 'smooth'] as const) {
    for (const [label, volControl] of vcVariants) {
      it(`gives the generic engine's flows bit for bit (${rule} rule, vol-control ${label})`, () => {
        const setup = { ...setupWith(rule), volControl };
        const run = new MonteCarloRun(setup, { paths: 200, seed: 5, method: 'gbm', correlation: corr });
        assert.equal(run.engine.compiledSelfContained, label !== 'lag 2', 'only the lagged rule needs the engine after each path');
        const raw = new Float64Array(run.rows * 200);
        run.simulate(0, 200, raw);
        const genericEngine = new ScenarioEngine(setup);
        const sampler = new GbmSampler({ dailyVol: genericEngine.dailyVol, cholesky: cholesky(corr, 3) }, 3, 21);
        const path = new Float64Array(3 * 21);
        let nonZero = 0;
        for (let p = 0; p < 200; p++) {
          const fast = Array.from({ length: run.rows }, (_, r) => raw[r * 200 + p] as number);
          sampler.path(new Rng(5, p), path, 0);
          const slow: number[] = Array.from(genericEngine.evaluate(path, 0));
          assert.deepEqual(fast, slow, `path ${p}`);
          if (fast.some((x) => x !== 0)) nonZero++;
        }
        assert.ok(nonZero > 50, `paths with some flow: ${nonZero}`);
        if (volControl) assert.ok(raw.subarray(3 * 2 * 200 + 200, 3 * 2 * 200 + 400).some((x) => x !== 0), 'the vol-control row moves');
      });
    }
  }

  // A joint history for the bootstrap: 250 days of 3 assets, the third flat on every fourth day
  // (zero returns in its windows and risk-parity sums).
  const g = new Rng(77);
  const history = Array.from({ length: 250 }, (_, d) => Float64Array.from([0.011 * g.normal(), 0.009 * g.normal(), d % 4 === 0 ? 0 : 0.02 * g.normal()]));
  /** A risk-parity leg over `assets` with a window of `w` days of those assets' returns. */
  const rpLeg = (assets: number[], w: number): RiskParityLeg => ({
    assetIndices: assets,
    equity: assets.map((a) => a === 0),
    budgets: Float64Array.from(assets, (_, i) => [0.5, 0.3, 0.2][i] as number),
    targetVol: 0.1,
    cap: 3,
    adjustSpeed: 0.1,
    aumBn: 150,
    exposure: Float64Array.from(assets, (_, i) => [0.6, 1.9, 0.4][i] as number),
    windowReturns: history.slice(0, w).map((r) => Float64Array.from(assets, (a) => r[a] as number)),
  });
  const legs: [string, RiskParityLeg | undefined, boolean][] = [
    ['none', undefined, true],
    ['3 assets, 63-day window', rpLeg([0, 1, 2], 63), true],
    ['assets 2 and 0, 21-day window', rpLeg([2, 0], 21), true],
    ['a 10-day window (left to the engine)', rpLeg([0, 1, 2], 10), false],
  ];
  for (const [label, riskParity, inline] of legs) {
    for (const [vcLabel, volControl] of [vcVariants[0], vcVariants[2], vcVariants[3]] as [string, VolControlLeg | undefined][]) {
      it(`gives the generic engine's flows bit for bit on bootstrap paths (risk parity: ${label}; vol-control ${vcLabel})`, () => {
        const setup: ScenarioSetup = { ...setupWith('sign'), volControl, ...(riskParity ? { riskParity } : {}) };
        const P = 300;
        const run = new MonteCarloRun(setup, { paths: P, seed: 9, method: 'bootstrap', history, blockLength: 5 });
        assert.equal(run.engine.compiledSelfContained, inline && vcLabel !== 'lag 2');
        const raw = new Float64Array(run.rows * P);
        run.simulate(0, P, raw);
        const genericEngine = new ScenarioEngine(setup);
        const hist = new Float64Array(250 * 3);
        history.forEach((r, d) => hist.set(r, d * 3));
        const path = new Float64Array(3 * 21);
        let rpMoves = 0;
        for (let p = 0; p < P; p++) {
          const fast = Array.from({ length: run.rows }, (_, r) => raw[r * P + p] as number);
          bootstrapPath(new Rng(9, p), hist, 250, 3, 21, 5, path, 0);
          const slow: number[] = Array.from(genericEngine.evaluate(path, 0));
          assert.deepEqual(fast, slow, `path ${p}`);
          if (fast[3 * 2 + 3 * 2 + 1] !== 0) rpMoves++;
        }
        if (riskParity) assert.ok(rpMoves > P / 2, `paths with a risk-parity flow: ${rpMoves}`);
      });
    }
  }

  it('gives the generic engine\'s flows bit for bit on GBM paths with a risk-parity leg stepped in the loop', () => {
    const setup: ScenarioSetup = { ...setupWith('smooth'), riskParity: rpLeg([0, 1, 2], 63) };
    const run = new MonteCarloRun(setup, { paths: 200, seed: 3, method: 'gbm', correlation: corr });
    assert.equal(run.engine.compiledSelfContained, true);
    const raw = new Float64Array(run.rows * 200);
    run.simulate(0, 200, raw);
    const genericEngine = new ScenarioEngine(setup);
    const sampler = new GbmSampler({ dailyVol: genericEngine.dailyVol, cholesky: cholesky(corr, 3) }, 3, 21);
    const path = new Float64Array(3 * 21);
    for (let p = 0; p < 200; p++) {
      sampler.path(new Rng(3, p), path, 0);
      assert.deepEqual(Array.from({ length: run.rows }, (_, r) => raw[r * 200 + p] as number), Array.from(genericEngine.evaluate(path, 0)), `path ${p}`);
    }
  });

  it('applies only when every lookback and the vol window reach back past the longest horizon', () => {
    assert.equal(canCompileRun(ctaKernelParams(resolveCtaParams({})), Int32Array.from([5, 21])), true);
    assert.equal(canCompileRun(ctaKernelParams(resolveCtaParams({ lookbacks: [10, 63] })), Int32Array.from([5, 21])), false);
    assert.equal(canCompileRun(ctaKernelParams(resolveCtaParams({ volWindow: 20 })), Int32Array.from([5, 21])), false);
  });

  it('leaves the Monte Carlo unchanged when it falls back to the generic path (a 10-day lookback)', () => {
    const setup = { ...setupWith('sign'), cta: resolveCtaParams({ aumBn: 300, lookbacks: [10, 63, 126, 252] }) };
    assert.equal(new ScenarioEngine(setup).compileRun({ method: 'gbm', gbm: spec }), undefined);
    const r = runMonteCarlo(setup, { paths: 300, seed: 2, method: 'gbm' });
    assert.equal(r.ctaTotal.length, 2);
    assert.ok(r.ctaTotal.every((d) => d.p5 <= d.p50 && d.p50 <= d.p95));
  });
});
