import { FlowlensError } from '../core/errors.ts';
import { curvePath, type FedPathResult, type OddsPoint } from '../models/fedpath.ts';
import { valueAtOrBefore } from '../series/align.ts';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import { toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { required } from './pointInTime.ts';

/**
 * The curve-method Fed path on `day` and the P(cut) history of one meeting over the 180 days
 * before (on the bill's trading days), from stored EFFR, DTB3, DGS2 and the target range.
 */
export function curveFedPathWithHistory(
  data: ReadonlyMap<string, Series>,
  day: number,
  opts: { meeting?: IsoDate; billSpreadBp?: number; termPremiumBp?: number } = {},
): { result: FedPathResult; history: OddsPoint[]; meeting: IsoDate | undefined } {
  const effrS = required(data, 'EFFR', 'the effective fed funds rate');
  const bill = required(data, 'DTB3', 'the 3-month bill');
  const two = required(data, 'DGS2', 'the 2-year yield');
  const lower = data.get('DFEDTARL');
  const upper = data.get('DFEDTARU');
  const price = (d: number): FedPathResult | undefined => {
    const effr = at(effrS, d);
    const b = at(bill, d);
    const y = at(two, d);
    const range = rangeOn(lower, upper, effr, d);
    if (effr === undefined || b === undefined || y === undefined || !range) return undefined;
    return curvePath({ tradeDate: toIso(d), range, effr, bill3m: b, yield2y: y, meetings: FOMC_MEETINGS, billSpreadBp: opts.billSpreadBp ?? 0, termPremiumBp: opts.termPremiumBp ?? 0 });
  };
  const result = price(day);
  if (!result) throw new FlowlensError(`EFFR, DTB3 and DGS2 are not all known on ${toIso(day)}: sync them`);
  const meeting = opts.meeting ?? result.meetings[0]?.meeting;
  const billDays = new Set(bill.dates);
  const history: OddsPoint[] = [];
  for (let d = day - 180; d <= day; d++) {
    if (!billDays.has(d) && d !== day) continue;
    const m = price(d)?.meetings.find((x) => x.meeting === meeting);
    if (m) history.push({ tradeDate: toIso(d), cut: m.cut, hike: m.hike });
  }
  return { result, history, meeting };
}

/** The freshest common date of the curve inputs. */
export function curveLastDay(data: ReadonlyMap<string, Series>): number {
  return Math.min(...['EFFR', 'DTB3', 'DGS2'].map((id) => {
    const s = required(data, id, 'the short-rate curve');
    return s.dates[s.dates.length - 1] as number;
  }));
}

/** Value of a series on `day` or the last one before it (at most `maxAge` days old). */
export function at(s: Series | undefined, day: number, maxAge = 10): number | undefined {
  if (!s) return undefined;
  // Binary search, not an alignTo copy: the report calls this once per day of history.
  const v = valueAtOrBefore(s, day, maxAge);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * The target range on a day: DFEDTARL/DFEDTARU from 16 Dec 2008; before, the Fed set a single
 * target, approximated here by the 25 bp bucket holding the EFFR.
 */
export function rangeOn(lower: Series | undefined, upper: Series | undefined, effr: number | undefined, day: number): [number, number] | undefined {
  const l = at(lower, day);
  const u = at(upper, day);
  if (l !== undefined && u !== undefined) return [l, u];
  if (effr === undefined) return undefined;
  const lo = Math.floor(effr / 0.25) * 0.25;
  return [lo, lo + 0.25];
}

