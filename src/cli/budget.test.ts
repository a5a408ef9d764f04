import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { budgetInputFromFlags } from './budget.ts';
import { jsonOf, runCli } from './economy/testkit.ts';

interface BudgetJson {
  budget: number;
  requiredGross: number;
  persons: number;
  filingStatus: string;
  povertyGuideline: number;
  lines: { item: string; annual: number }[];
  taxesAtRequired: { federalIncomeTax: number; fica: number; stateTax: number; eitc: number; net: number };
  atIncome?: { surplus: number };
}

describe('budget flags → BudgetInput', () => {
  it('reads ages, rents, shares and money flags into the model’s fields', () => {
    assert.deepEqual(budgetInputFromFlags({ children: '4,7', rent: '2000', stateTax: '0.05', earnerShares: '0.6,0.4', childcareUnderFive: '15000' }), {
      adults: 2,
      children: [{ age: 4 }, { age: 7 }],
      rentByBedrooms: [2000],
      childcare: { underFive: 15000 },
      stateTaxRate: 0.05,
      earnerShares: [0.6, 0.4],
    });
    assert.throws(() => budgetInputFromFlags({ children: '4,x' }), /--children must be a number, got "x"/);
  });
});

describe('flowlens budget', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlens-budget-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('one adult, defaults: budget 41,034.31 and required gross 50,958, by hand', async () => {
    // rent 1 bedroom 1,400 × 12 = 16,800; premium (single) 1,440; out of pocket 1,886; transport 13,138;
    // food 280.55 × 1.2 × 12 = 4,039.92 → 37,303.92; other 10% → 41,034.312.
    // Single, no EITC at this income: net(G) = G − [1,192.5 + 0.12·(G − 15,750 − 11,925)] − 0.0765·G − 0.04·G
    //   = 0.7635·G + 2,128.5 ≥ 41,034.312 → G ≥ 50,957.19 → 50,958.
    const j = jsonOf<BudgetJson>(await runCli('budget', '--adults', '1', '--json'));
    assert.equal(j.persons, 1);
    assert.equal(j.filingStatus, 'single');
    assert.ok(Math.abs(j.budget - 41_034.312) < 1e-6, `${j.budget}`);
    assert.equal(j.requiredGross, 50_958);
    assert.ok(Math.abs(j.taxesAtRequired.federalIncomeTax - 3_986.46) < 1e-6);
    assert.ok(Math.abs(j.taxesAtRequired.fica - 0.0765 * 50_958) < 1e-6);
    assert.ok(Math.abs(j.taxesAtRequired.stateTax - 2_038.32) < 1e-6);
    assert.equal(j.povertyGuideline, 15_650);
  });

  it('the screen lists the lines with sources, the required gross, taxes, the guideline and the median', async () => {
    const r = await runCli('budget', '--adults', '1');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /What a family of 1 needs \(single filer\): 41,034 USD a year/);
    assert.match(r.stdout, /│ transport +│ +13,138 │ \[\d\] +│/);
    assert.match(r.stdout, /Required gross income: 50,958 USD — 3\.3× the HHS 2025 poverty guideline of 15,650 USD, 0\.61× the median household income of 83,730 USD/);
    assert.match(r.stdout, /│ state income tax +│ +−2,038 │/);
    assert.match(r.stdout, /\[5\] BLS Consumer Expenditures 2023/);
  });

  it('--as-of 2020-06-30: 2020 tax law and HHS guideline, later prices flagged on screen', async () => {
    const r = await runCli('budget', '--children', '2,4', '--as-of', '2020-06-30');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Required gross income: 106,982 USD — 4\.1× the HHS 2020 poverty guideline of 26,200 USD/);
    assert.match(r.stdout, /! parameter from a later date: the rent is from 2024-10-01, after the as-of date 2020-06-30/);
    assert.match(r.stdout, /federal tax law of 2020 \(in force on 2020-06-30\)/);
    const bad = await runCli('budget', '--as-of', '2020-02-30');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--as-of must be a date YYYY-MM-DD, got "2020-02-30"/);
  });

  it('a family of four from --input, with a flag on top, and an income to evaluate', async () => {
    const file = join(dir, 'family.json');
    writeFileSync(file, JSON.stringify({ adults: 2, children: [{ age: 4 }, { age: 7 }], transport: 10_000 }));
    const j = jsonOf<BudgetJson>(await runCli('budget', '--input', file, '--rent', '1650', '--income', '80000', '--json'));
    assert.equal(j.persons, 4);
    assert.equal(j.povertyGuideline, 32_150);
    assert.equal(j.lines[0]?.annual, 19_800);
    assert.equal(j.lines.find((l) => l.item === 'transport')?.annual, 10_000);
    assert.equal(j.lines.find((l) => l.item.startsWith('childcare'))?.annual, 13_128 + 6_564);
    assert.ok(j.atIncome && j.atIncome.surplus < 0, 'an 80k family of four falls short');
  });

  it('an --input file saved with a byte-order mark and CRLF line ends reads as without', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ adults: 2, children: [{ age: 4 }, { age: 7 }] }, null, 2).replace(/\n/g, '\r\n')}\r\n`);
    const r = await runCli('budget', '--input', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonOf<BudgetJson>(r).persons, 4);
  });

  it('bad input: one clear line and exit code 1', async () => {
    const neg = await runCli('budget', '--adults', '1', '--income', '-5');
    assert.equal(neg.code, 1);
    assert.equal(neg.stderr, 'flowlens: income must be a non-negative number (USD per year), got -5\n');
    const zero = await runCli('budget', '--adults', '0');
    assert.equal(zero.code, 1);
    assert.equal(zero.stderr, 'flowlens: the family has zero people: set adults (1–2) and/or children\n');
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"adults": 2,');
    const broken = await runCli('budget', '--input', file);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, new RegExp(`^flowlens: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(`));
    assert.equal(broken.stderr.split('\n').length, 2);
    const missing = await runCli('budget', '--input', join(dir, 'nope.json'));
    assert.match(missing.stderr, /^flowlens: --input .*nope\.json: cannot read the file \(ENOENT\)/);
  });
});
