import type { Command } from 'commander';
import pc from 'picocolors';
import { DataFormatError, ParameterError } from '../core/errors.ts';
import { povertyLine, type BudgetResult, type TaxBreakdown } from '../models/budget.ts';
import { fmtNumber } from '../views/format.ts';
import { parseAsOf } from './data.ts';
import { readInputFile } from './inputFile.ts';
import { printJson, renderTable, writeOut } from './output.ts';

/** Flags of `flowlens budget` (strings, as commander hands them over). */
export interface BudgetOptions {
  readonly input?: string;
  readonly adults?: string;
  readonly children?: string;
  readonly filingStatus?: string;
  readonly rent?: string;
  readonly bedrooms?: string;
  readonly childcareUnderFive?: string;
  readonly childcareSchoolAge?: string;
  readonly healthPremium?: string;
  readonly healthOutOfPocket?: string;
  readonly transport?: string;
  readonly foodMultiplier?: string;
  readonly otherShare?: string;
  readonly stateTax?: string;
  readonly earnerShares?: string;
  readonly medianIncome?: string;
  readonly income?: string;
  readonly asOf?: string;
  readonly json?: boolean;
}

/** A number from a flag; ParameterError naming the flag when it is not one. */
function num(flag: string, raw: string): number {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new ParameterError(`${flag} must be a number, got "${raw}"`);
  return x;
}

/** A comma-separated list of numbers from a flag ("4,7"); ParameterError naming the flag otherwise. */
function numList(flag: string, raw: string): number[] {
  if (raw.trim() === '') return [];
  return raw.split(',').map((x) => num(flag, x.trim()));
}

/**
 * Reads `--input FILE.json` into a plain object. A file that cannot be read or is not JSON is a
 * FlowlensError naming the file (and the JSON parser's reason).
 */
export function readBudgetFile(file: string): Record<string, unknown> {
  const text = readInputFile('--input', file);
  let value: unknown;
  try {
    // A byte-order mark (Windows editors save one) is not JSON but is no mistake of the user's.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DataFormatError(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataFormatError(file, 'must hold a JSON object such as {"adults": 2, "children": [{"age": 4}]}');
  return value as Record<string, unknown>;
}

/**
 * The raw budget input from `--input FILE` (if any) with the flags on top; validation is left to
 * the model (validateBudgetInput), whose errors name the field. Without either, two adults.
 * `--rent N` is the family's monthly rent; `--rent a,b,c…` monthly rents by bedrooms (0, 1, 2…).
 */
export function budgetInputFromFlags(opts: BudgetOptions): Record<string, unknown> {
  const o: Record<string, unknown> = opts.input !== undefined ? readBudgetFile(opts.input) : {};
  if (opts.adults !== undefined) o.adults = num('--adults', opts.adults);
  else if (opts.input === undefined) o.adults = 2;
  if (opts.children !== undefined) o.children = numList('--children', opts.children).map((age) => ({ age }));
  if (opts.filingStatus !== undefined) o.filingStatus = opts.filingStatus;
  if (opts.rent !== undefined) o.rentByBedrooms = numList('--rent', opts.rent);
  if (opts.bedrooms !== undefined) o.bedrooms = num('--bedrooms', opts.bedrooms);
  if (opts.childcareUnderFive !== undefined || opts.childcareSchoolAge !== undefined) {
    const cc = { ...((typeof o.childcare === 'object' && o.childcare !== null ? o.childcare : {}) as Record<string, unknown>) };
    if (opts.childcareUnderFive !== undefined) cc.underFive = num('--childcare-under-five', opts.childcareUnderFive);
    if (opts.childcareSchoolAge !== undefined) cc.schoolAge = num('--childcare-school-age', opts.childcareSchoolAge);
    o.childcare = cc;
  }
  const money: [keyof BudgetOptions, string, string][] = [
    ['healthPremium', 'healthPremium', '--health-premium'],
    ['healthOutOfPocket', 'healthOutOfPocket', '--health-out-of-pocket'],
    ['transport', 'transport', '--transport'],
    ['foodMultiplier', 'foodPlanMultiplier', '--food-multiplier'],
    ['otherShare', 'otherShare', '--other-share'],
    ['stateTax', 'stateTaxRate', '--state-tax'],
    ['medianIncome', 'medianHouseholdIncome', '--median-income'],
    ['income', 'income', '--income'],
  ];
  for (const [flag, field, name] of money) {
    const raw = opts[flag];
    if (typeof raw === 'string') o[field] = num(name, raw);
  }
  if (opts.earnerShares !== undefined) o.earnerShares = numList('--earner-shares', opts.earnerShares);
  return o;
}

const usd = (x: number) => fmtNumber(x, 0);

/** The tax rows of a breakdown: each tax or credit with its sign as it enters net income. */
function taxRows(t: TaxBreakdown): (string | number)[][] {
  return [
    ['gross income', usd(t.gross)],
    ['federal income tax (before credits)', `−${usd(t.federalIncomeTax)}`],
    ['child tax credit used against it', `+${usd(t.ctcNonRefundable)}`],
    ['additional child tax credit (refundable)', `+${usd(t.ctcRefundable)}`],
    ['earned income tax credit', `+${usd(t.eitc)}`],
    ['payroll tax (FICA)', `−${usd(t.fica)}`],
    ['state income tax', `−${usd(t.stateTax)}`],
    ['income after taxes and credits', usd(t.net)],
  ];
}

/** The terminal screen of a budget result: lines with numbered sources, required gross, taxes, comparisons. */
export function renderBudget(r: BudgetResult): string[] {
  const sources = [...new Set(r.lines.map((l) => l.source))];
  const out: string[] = [pc.bold(`What a family of ${r.persons} needs (${r.filingStatus} filer): ${usd(r.budget)} USD a year`)];
  out.push(
    renderTable(
      ['budget line', 'USD a year', 'source'],
      [...r.lines.map((l) => [l.item, usd(l.annual), `[${sources.indexOf(l.source) + 1}]`]), ['total', usd(r.budget), '']],
      ['left', 'right', 'left'],
      { priority: [0, 0, 1] }, // the source number goes first (the sources are listed below the table)
    ),
  );
  out.push('', pc.bold(`Required gross income: ${usd(r.requiredGross)} USD`) + ` — ${fmtNumber(r.multipleOfPovertyLine, 1)}× the HHS ${r.povertyGuidelineYear} poverty guideline of ${usd(r.povertyGuideline)} USD, ${fmtNumber(r.multipleOfMedian, 2)}× the median household income of ${usd(r.medianHouseholdIncome)} USD`);
  out.push(renderTable(['at the required gross income', 'USD a year'], taxRows(r.taxesAtRequired), ['left', 'right'], { priority: [0, 0] }));
  if (r.atIncome) {
    const s = r.atIncome.surplus;
    out.push('', `At an income of ${usd(r.atIncome.taxes.gross)} USD: ${usd(r.atIncome.taxes.net)} USD after taxes and credits, ${s >= 0 ? `${usd(s)} USD left after the budget` : pc.red(`${usd(-s)} USD short of the budget`)}`);
  }
  if (r.notes.length > 0) out.push('', ...r.notes.map((n) => pc.yellow(`! ${n}`)));
  out.push('', pc.dim(`federal tax law of ${r.taxYear}${r.asOf ? ` (in force on ${r.asOf})` : ''}`));
  out.push(pc.dim('sources:'), ...sources.map((s, i) => pc.dim(`[${i + 1}] ${s}`)));
  out.push(pc.dim(`assuming ${r.assumptions.map((a) => `${a.name}=${a.value}`).join(', ')}`));
  return out;
}

/** `flowlens budget`: the gross income a family needs to cover a budget of necessities after taxes. */
export function registerBudget(program: Command): void {
  program
    .command('budget')
    .description('a household "poverty line": the budget of necessities, the gross income that covers it after taxes and credits, next to the HHS guideline and the median income')
    .option('--input <file>', 'a JSON file with the BudgetInput fields (flags override it)')
    .option('--adults <n>', 'adults in the household, 1 or 2 (default 2)')
    .option('--children <ages>', 'children’s ages, comma-separated, e.g. "4,7"')
    .option('--filing-status <status>', 'single | married | headOfHousehold (default from the family)')
    .option('--rent <usd>', 'monthly rent incl. utilities, USD; or rents by bedrooms "1300,1400,1650,…"')
    .option('--bedrooms <n>', 'bedrooms rented (default ⌈children/2⌉ + 1)')
    .option('--childcare-under-five <usd>', 'childcare per child aged 0–4, USD a year (default 13,128)')
    .option('--childcare-school-age <usd>', 'childcare per child aged 5–12, USD a year (default 6,564)')
    .option('--health-premium <usd>', 'employee share of the health premium, USD a year (default 6,850 family, 1,440 single)')
    .option('--health-out-of-pocket <usd>', 'out-of-pocket health spending, USD a year (default 1,886 per adult)')
    .option('--transport <usd>', 'transport, USD a year (default 13,138)')
    .option('--food-multiplier <x>', 'multiplier on the USDA Thrifty Food Plan (default 1)')
    .option('--other-share <share>', 'other necessities, share of the other lines (default 0.1)')
    .option('--state-tax <rate>', 'flat state income tax, share of gross income (default 0.04)')
    .option('--earner-shares <shares>', 'earners’ shares of gross income, e.g. "0.6,0.4" (default even)')
    .option('--median-income <usd>', 'median household income to compare with (default 83,730)')
    .option('--income <usd>', 'an income to evaluate: what is left after taxes and the budget')
    .option('--as-of <date>', 'tax law, HHS guideline and prices as known on that date (YYYY-MM-DD; later prices are flagged)')
    .option('--json', 'print the whole result as JSON')
    .action((opts: BudgetOptions) => {
      const r = povertyLine(budgetInputFromFlags(opts), parseAsOf(opts.asOf));
      if (opts.json) return printJson(r);
      writeOut(`${renderBudget(r).join('\n')}\n`);
    });
}
