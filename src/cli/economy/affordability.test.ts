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

  it('rent and childcare against the CPI since 2000-01 (no wages in the store), by hand', async () => {
    const j = jsonOf<AffordabilityJson>(await runCli('economy', 'affordability', '--json'));
    const c = j.costsVsWages;
    assert.ok(c);
    assert.equal(c.deflator, 'CPIAUCSL');
    assert.equal(c.base, '2000-01-01');
    assert.equal(c.latest.date, '2025-01-01');
    // rent 429.506 / 181.1 over CPI 318.961 / 169.3 → 125.884; childcare 879.628 / 317.3 → 147.146.
    assert.ok(Math.abs(c.latest.rentVsDeflator - 125.88389) < 1e-4, `${c.latest.rentVsDeflator}`);
    assert.ok(Math.abs(c.latest.childcareVsDeflator - 147.14596) < 1e-4, `${c.latest.childcareVsDeflator}`);
    assert.deepEqual(j.missing, ['CES0500000003']);
    const screen = await runCli('economy', 'affordability');
    assert.match(screen.stdout, /since 2000-01, against the CPI .* on 2025-01: rent 125\.9, childcare 147\.1/);
    assert.match(screen.stdout, /! not in the store: CES0500000003/);
  });

  it('a bad --down-payment names the flag', async () => {
    const r = await runCli('economy', 'affordability', '--down-payment', 'ten');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^flowlens: --down-payment must be a number, got "ten"/);
  });
});
