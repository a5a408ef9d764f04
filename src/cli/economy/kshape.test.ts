import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface KshapeJson {
  base: string;
  latest: { date: string; spread: number; upper: number; lower: number };
  consumerStress: { id: string; date: string; value: number; stressed: boolean; vsMean: number }[];
  missing: string[];
}

describe('flowlens economy kshape on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY', 'PSAVERT', 'DRCCLACBS', 'TDSP']);
  });
  after(() => cleanup());

  it('AI/tech has outrun the real economy since 2020: spread = 100·(upper/lower) − 100', async () => {
    const j = jsonOf<KshapeJson>(await runCli('economy', 'kshape', '--json'));
    assert.equal(j.base, '2020-01-02');
    assert.equal(j.latest.date, '2026-03-03'); // RSP ends there
    assert.ok(Math.abs(j.latest.spread - (100 * (j.latest.upper / j.latest.lower) - 100)) < 1e-9);
    assert.ok(j.latest.spread > 50);
  });

  it('consumer stress: the saving rate 2.7% in June 2026 is below its mean (stress), delinquency is not', async () => {
    const j = jsonOf<KshapeJson>(await runCli('economy', 'kshape', '--json'));
    const by = new Map(j.consumerStress.map((s) => [s.id, s]));
    assert.equal(by.get('PSAVERT')?.date, '2026-06-01');
    assert.equal(by.get('PSAVERT')?.value, 2.7);
    assert.equal(by.get('PSAVERT')?.stressed, true);
    assert.ok((by.get('PSAVERT')?.vsMean ?? 0) < -5);
    assert.equal(by.get('DRCCLACBS')?.stressed, false);
    assert.deepEqual(j.missing, []);
    const screen = await runCli('economy', 'kshape');
    assert.match(screen.stdout, /│ PSAVERT +│ +2\.70% │ 2026-06-01 │/);
    assert.doesNotMatch(screen.stdout, /not in the store/);
  });
});
