import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kShapeBase } from '../../models/kshape.ts';
import { toDay, todayDay } from '../../series/dates.ts';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface KshapeJson {
  base: string;
  latest: { date: string; spread: number; upper: number; lower: number };
  consumerStress: { id: string; date: string; value: number; stressed: boolean; vsMean: number }[];
  missing: string[];
  assumptions: { name: string; value: string; default: string }[];
}

describe('flowlens economy kshape on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY', 'PSAVERT', 'DRCCLACBS', 'TDSP']);
  });
  after(() => cleanup());

  it('AI/tech has outrun the real economy over 5 years to 2026-03-03: spread = 100·(upper/lower) − 100', async () => {
    const j = jsonOf<KshapeJson>(await runCli('economy', 'kshape', '--json', '--as-of', '2026-03-03'));
    assert.equal(j.base, '2021-03-03'); // the default base: 5 years before the as-of date
    assert.equal(j.assumptions[0]?.default, '5 years before the as-of date');
    assert.ok(Math.abs(j.latest.spread - 75.69) < 0.01, `spread ${j.latest.spread}`);
    const since2020 = jsonOf<KshapeJson>(await runCli('economy', 'kshape', '--json', '--base', '2020-01-02'));
    assert.equal(since2020.base, '2020-01-02');
    assert.ok(since2020.latest.spread > 50);
  });

  it('an --as-of in the future reads as today (its base was 5 years before 9999-12-31: "no common prices"); one before the data says where each starts', async () => {
    const future = await runCli('economy', 'kshape', '--json', '--as-of', '9999-12-31');
    assert.equal(future.code, 0, future.stderr);
    const today = jsonOf<KshapeJson>(await runCli('economy', 'kshape', '--json'));
    assert.equal(jsonOf<KshapeJson>(future).base, today.base);
    const early = await runCli('economy', 'kshape', '--as-of', '1800-01-01');
    assert.equal(early.code, 1);
    assert.equal(early.stderr, 'flowlens: K-shape needs at least one of XLK, SMH, QQQ and one of RSP, IWM, XLY; no observation on or before 1800-01-01: XLK (starts 1998-12-22), SMH (starts 2000-06-05), QQQ (starts 1999-03-10), RSP (starts 2003-05-01), IWM (starts 2000-05-26), XLY (starts 1998-12-22)\n');
  });

  it('without --as-of the default base is 5 years before today (the first trading day on or after it)', async () => {
    const j = jsonOf<KshapeJson>(await runCli('economy', 'kshape', '--json'));
    const base = kShapeBase(todayDay());
    assert.ok(j.base >= base && toDay(j.base) - toDay(base) <= 4, `${j.base} vs ${base}`);
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
