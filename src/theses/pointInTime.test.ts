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

/**
 * Everything dated after `asOf` in a JSON value, as "path: date" strings: every ISO date in a
 * string (a field such as `asOf` or `knownFrom`, a citation, a sentence), except in an object
 * flagged `laterThanAsOf` and in a sentence that says it uses a parameter "from a later date".
 */
function laterThan(asOf: IsoDate, v: unknown, path = '$', out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (/from a later date/.test(v)) return out;
    for (const m of v.matchAll(/\b(19|20)\d\d-\d\d-\d\d\b/g)) {
      const d = m[0];
      if (d <= asOf || MEETINGS.has(d) || KNOWN.some((k) => k.date === d && k.path.test(path))) continue;
      out.push(`${path}: ${d} in ${JSON.stringify(v.slice(0, 160))}`);
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
