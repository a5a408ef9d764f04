import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { dfaShareId } from './wealth.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface TableJson {
  latest: { date: string; shares: Record<string, number> };
  totalLatest: number;
}
interface WealthJson {
  byGeneration: TableJson;
  byPercentile: TableJson;
  atAge: { generation: string; date: string | null; ageAtDate: number; share: number | null }[];
  missing: string[];
}

describe('DFA share ids', () => {
  it('follow the catalog: DFA_GEN_<CAT>_NW_SHARE and DFA_PCT_<CAT>_NW_SHARE in capitals', () => {
    assert.equal(dfaShareId('GEN', 'BabyBoom'), 'DFA_GEN_BABYBOOM_NW_SHARE');
    assert.equal(dfaShareId('PCT', 'TopPt1'), 'DFA_PCT_TOPPT1_NW_SHARE');
  });
});

describe('flowlens economy wealth on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    const gens = ['Silent', 'BabyBoom', 'GenX', 'Millennial'].map((g) => dfaShareId('GEN', g));
    const pcts = ['TopPt1', 'RemainingTop1', 'Next9', 'Next40', 'Bottom50'].map((p) => dfaShareId('PCT', p));
    cleanup = await realStore([...gens, ...pcts]);
  });
  after(() => cleanup());

  it('shares by generation and by percentile each sum to ~100 in the last quarter (2023 Q1)', async () => {
    const j = jsonOf<WealthJson>(await runCli('economy', 'wealth', '--json'));
    assert.equal(j.byGeneration.latest.date, '2023-01-01');
    assert.ok(Math.abs(j.byGeneration.totalLatest - 100) < 0.5, `${j.byGeneration.totalLatest}`);
    assert.ok(Math.abs(j.byPercentile.totalLatest - 100) < 0.5, `${j.byPercentile.totalLatest}`);
    assert.ok(Math.abs((j.byGeneration.latest.shares.BabyBoom ?? 0) - 53.2) < 0.05);
    assert.ok(Math.abs((j.byPercentile.latest.shares.Bottom50 ?? 0) - 2.4) < 0.05);
    assert.deepEqual(j.missing, []);
  });

  it('at a median age of 35: Boomers 21.5% (1990 Q2), Gen X 10.5% (2007 Q4), Millennials 5.6% (2023 Q1)', async () => {
    const j = jsonOf<WealthJson>(await runCli('economy', 'wealth', '--json'));
    const by = new Map(j.atAge.map((a) => [a.generation, a]));
    assert.equal(by.get('BabyBoom')?.date, '1990-04-01');
    assert.ok(Math.abs((by.get('BabyBoom')?.share ?? 0) - 21.5) < 0.05);
    assert.equal(by.get('GenX')?.date, '2007-10-01');
    assert.ok(Math.abs((by.get('GenX')?.share ?? 0) - 10.5) < 0.05);
    assert.equal(by.get('Millennial')?.date, '2023-01-01');
    assert.ok(Math.abs((by.get('Millennial')?.share ?? 0) - 5.6) < 0.05);
    assert.equal(by.get('Silent')?.share, null); // the data start when they were 52
    const screen = await runCli('economy', 'wealth');
    assert.match(screen.stdout, /│ Baby boomers +│ 1990-04-01 │ +34\.9 │ +21\.5% │/);
    assert.match(screen.stdout, /│ sum +│ +100\.0% │/);
  });

  it('--age 50 picks other quarters; --age abc fails naming the flag', async () => {
    const j = jsonOf<WealthJson>(await runCli('economy', 'wealth', '--json', '--age', '50'));
    const boom = j.atAge.find((a) => a.generation === 'BabyBoom');
    assert.ok(boom && Math.abs(boom.ageAtDate - 50) <= 1 && boom.date !== null && boom.date >= '2004-01-01' && boom.date <= '2007-01-01');
    const r = await runCli('economy', 'wealth', '--age', 'abc');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: --age must be a number, got "abc"/);
  });
});
