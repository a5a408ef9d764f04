import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { jsonOf, realStore, runCli } from './testkit.ts';

interface AffordabilityJson {
  latest: { date: string; shareOfIncome: number; incomeYear: number; price: number };
  costsVsWages: { base: string; deflator: string; latest: { date: string; rentVsDeflator: number; childcareVsDeflator: number } } | null;
  missing: string[];
}

describe('flowlens economy affordability on the shared data', { skip: skipWithoutRealData }, () => {
  let cleanup: () => void = () => undefined;
  before(async () => {
    cleanup = await realStore(['MSPUS', 'MORTGAGE30US', 'MEHOINUSA646N', 'CUUR0000SEHA', 'CUUR0000SEEB', 'CES0500000003', 'CPIAUCSL']);
  });
  after(() => cleanup());

  it('the median home in 2026 Q1 costs 30–50% of the 2024 median income', async () => {
    const j = jsonOf<AffordabilityJson>(await runCli('economy', 'affordability', '--json'));
    assert.equal(j.latest.date, '2026-01-01');
    assert.equal(j.latest.incomeYear, 2024);
    assert.equal(j.latest.price, 408_500);
    assert.ok(j.latest.shareOfIncome > 30 && j.latest.shareOfIncome < 50);
  });

  it('rent and childcare against average hourly earnings since 2006-03 (the first wage month), by hand', async () => {
    const j = jsonOf<AffordabilityJson>(await runCli('economy', 'affordability', '--json'));
    const c = j.costsVsWages;
    assert.ok(c);
    assert.equal(c.deflator, 'CES0500000003');
    assert.equal(c.base, '2006-03-01');
    assert.equal(c.latest.date, '2025-01-01');
    // rent 429.506 / 222.3 over wages 35.84 / 20.04 → 108.0338; childcare 879.628 / 457.2 → 107.5778.
    assert.ok(Math.abs(c.latest.rentVsDeflator - 100 * (429.506 / 222.3) / (35.84 / 20.04)) < 1e-9, `${c.latest.rentVsDeflator}`);
    assert.ok(Math.abs(c.latest.rentVsDeflator - 108.03376) < 1e-4);
    assert.ok(Math.abs(c.latest.childcareVsDeflator - 107.57777) < 1e-4, `${c.latest.childcareVsDeflator}`);
    assert.deepEqual(j.missing, []);
    const since2010 = jsonOf<AffordabilityJson>(await runCli('economy', 'affordability', '--json', '--base', '2010-01-01'));
    assert.equal(since2010.costsVsWages?.base, '2010-01-01');
    const screen = await runCli('economy', 'affordability');
    assert.match(screen.stdout, /since 2006-03, against average hourly earnings, on 2025-01: rent 108\.0, childcare 107\.6/);
    assert.doesNotMatch(screen.stdout, /not in the store/);
  });

  it('a bad --down-payment names the flag', async () => {
    const r = await runCli('economy', 'affordability', '--down-payment', 'ten');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: --down-payment must be a number, got "ten"/);
  });
});
