import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReport, REPORT_INPUTS, reportJson } from '../cli/report.ts';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import { toDay } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { loadRealSeries, skipWithoutRealData } from '../testing/realData.ts';
import { cutAt } from './flowClaims.ts';

/** Scheduled FOMC decision days: a claim may name the meeting ahead (whether its calendar was out by then is the Fed path's part). */
const MEETINGS = new Set(FOMC_MEETINGS.filter((m) => m.scheduled).map((m) => m.date as string));

/**
 * Later dates that are known and not inputs, each with its reason (the scan fails on any other):
 * a chart band's end drawn past an episode, and a citation of an alternative buyback pace (the
 * default in use, 0, does not come from it).
 */
const KNOWN: readonly { readonly path: RegExp; readonly date: string; readonly why: string }[] = [
  { path: /^\$\.theses\[\d+\]\.chart\.bands\[\d+\]\.to$/, date: '2024-08-07', why: 'vix-hedging chart: a band is drawn to the day after the episode\'s last day (2024-08-06), for width' },
  { path: /^\$\.assumptions\[\d+\]\.assumptions\[\d+\]\.source$/, date: '2023-09-15', why: 'buyback blackoutActivity: citation of the alternative 0.65, not of the default 0' },
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The periods a text names without a full date, each with its first day: a year ("2025",
 * "FY2025", "fiscal 2025" → 01-01), a quarter ("Q3 2025", "3Q25", "2025Q3" → the quarter's first
 * day), a half ("H2 2025" → 07-01), a month ("December 2025", "Dec 2025" → the 1st), an arXiv
 * identifier ("arXiv:2603.01298" → 2026-03-01, the month it was submitted). A period
 * whose first day is after the as-of date cannot have been known then.
 */
function periodsIn(text: string): { text: string; start: IsoDate }[] {
  const out: { text: string; start: IsoDate }[] = [];
  const iso = (y: string, m: number) => `${y}-${String(m).padStart(2, '0')}-01` as IsoDate;
  const taken: [number, number][] = [];
  const add = (m: RegExpMatchArray, start: IsoDate) => {
    const a = m.index ?? 0;
    const b = a + m[0].length;
    if (taken.some(([x, y]) => a < y && b > x)) return;
    taken.push([a, b]);
    out.push({ text: m[0], start });
  };
  for (const m of text.matchAll(/\barXiv:(\d\d)(\d\d)\.\d{4,5}\b/g)) add(m, iso(`20${m[1] as string}`, Number(m[2])));
  for (const m of text.matchAll(/\bQ([1-4])[ -]?((?:19|20)\d\d)\b/gi)) add(m, iso(m[2] as string, 3 * Number(m[1]) - 2));
  for (const m of text.matchAll(/\b((?:19|20)\d\d)[ -]?Q([1-4])\b/gi)) add(m, iso(m[1] as string, 3 * Number(m[2]) - 2));
  for (const m of text.matchAll(/\b([1-4])Q(\d\d)\b/g)) add(m, iso(`20${m[2] as string}`, 3 * Number(m[1]) - 2));
  for (const m of text.matchAll(/\bH([12])[ -]?((?:19|20)\d\d)\b/gi)) add(m, iso(m[2] as string, m[1] === '1' ? 1 : 7));
  for (const m of text.matchAll(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? ((?:19|20)\d\d)\b/gi)) add(m, iso(m[2] as string, MONTHS.indexOf((m[1] as string).toLowerCase()) + 1));
  for (const m of text.matchAll(/(?<![\d.,])(?:FY ?|fiscal )?((?:19|20)\d\d)(?![\d.,]\d)/gi)) add(m, iso(m[1] as string, 1));
  return out;
}

/**
 * Everything dated after `asOf` in a JSON value, as "path: date" strings: every ISO date in a
 * string (a field such as `asOf` or `knownFrom`, a citation, a sentence) and every period named
 * by year, quarter, half or month (periodsIn) that starts after it, except in an object flagged
 * `laterThanAsOf` and in a sentence that says it uses a parameter "from a later date".
 */
function laterThan(asOf: IsoDate, v: unknown, path = '$', out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (/from a later date/.test(v)) return out;
    for (const m of v.matchAll(/\b(19|20)\d\d-\d\d-\d\d\b/g)) {
      const d = m[0];
      if (d <= asOf || MEETINGS.has(d) || KNOWN.some((k) => k.date === d && k.path.test(path))) continue;
      out.push(`${path}: ${d} in ${JSON.stringify(v.slice(0, 160))}`);
    }
    // Citations by period only ("2025", "FY2025", "Q3 2025", "December 2025"), full dates taken out.
    for (const p of periodsIn(v.replace(/\b(19|20)\d\d-\d\d(-\d\d)?\b/g, ' '))) {
      if (p.start <= asOf || KNOWN.some((k) => k.date === p.text && k.path.test(path))) continue;
      out.push(`${path}: ${p.text} (from ${p.start}) in ${JSON.stringify(v.slice(0, 160))}`);
    }
  } else if (Array.isArray(v)) v.forEach((x, i) => laterThan(asOf, x, `${path}[${i}]`, out));
  else if (typeof v === 'object' && v !== null) {
    if ((v as { laterThanAsOf?: unknown }).laterThanAsOf === true) return out;
    for (const [k, x] of Object.entries(v)) laterThan(asOf, x, `${path}.${k}`, out);
  }
  return out;
}

test('scan: the report as of 2019-06-28, 2020-06-30, 2022-06-30 and 2024-08-06 uses no input or parameter dated after it', { skip: skipWithoutRealData }, async () => {
  const all = new Map<string, Series>();
  for (const id of new Set(REPORT_INPUTS)) {
    try {
      all.set(id, await loadRealSeries(id));
    } catch {
      // not in the shared data: the claim that needs it says "not enough data"
    }
  }
  const all2: string[] = [];
  for (const asOf of ['2019-06-28', '2020-06-30', '2022-06-30', '2024-08-06'] as IsoDate[]) {
    const day = toDay(asOf);
    // The store as it stood then: observations dated up to the as-of date (cf. report --as-of).
    const data = new Map([...all].map(([id, s]) => [id, cutAt(s, day)] as const).filter(([, s]) => s.dates.length > 0));
    const r = reportJson(buildReport(data, { asOf, laterVintages: [] })) as { theses: unknown[]; assumptions: unknown; generatedAt: string };
    const found = laterThan(asOf, { theses: r.theses, assumptions: r.assumptions });
    all2.push(...found.map((f) => `${asOf} ${f}`));
  }
  assert.deepEqual(all2, []);
});

test('periodsIn: years, fiscal years, quarters, halves and months with their first day; numbers and full dates are not periods', () => {
  const p = (t: string) => periodsIn(t).map((x) => `${x.text}→${x.start}`);
  assert.deepEqual(p('EIA, 63 GW planned for 2025'), ['2025→2025-01-01']);
  assert.deepEqual(p('FY2025 capex; fiscal 2024 revenue'), ['FY2025→2025-01-01', 'fiscal 2024→2024-01-01']);
  assert.deepEqual(p('Q3 2025 release, 3Q24 and 2023Q2'), ['Q3 2025→2025-07-01', '2023Q2→2023-04-01', '3Q24→2024-07-01']);
  assert.deepEqual(p('H2 2025 outlook'), ['H2 2025→2025-07-01']);
  assert.deepEqual(p('release of December 2025, Sep. 2023'), ['December 2025→2025-12-01', 'Sep. 2023→2023-09-01']);
  assert.deepEqual(p('rules (arXiv:2603.01298)'), ['arXiv:2603.01298→2026-03-01']);
  assert.deepEqual(p('USD 2,025 bn, 20.25%, 1,020 bn, 12025 rows'), []);
});

test('the scan fails on a citation by year or quarter after the as-of date, not on one before it', () => {
  const v = { assumptions: [{ source: 'S&P DJI Q4 2024 release; Uptime Institute 2024' }] };
  assert.deepEqual(laterThan('2024-06-30' as IsoDate, v), ['$.assumptions[0].source: Q4 2024 (from 2024-10-01) in "S&P DJI Q4 2024 release; Uptime Institute 2024"']);
  assert.deepEqual(laterThan('2024-12-31' as IsoDate, v), []);
  assert.deepEqual(laterThan('2023-12-31' as IsoDate, v).length, 2);
});
