import { NotEnoughDataError } from '../core/errors.ts';
import { isIsoDate, toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';

/**
 * Point in time for parameters. A model parameter that changes over the years (a tax schedule,
 * a published capacity plan, an industry total) is kept as a list of Dated values, each with the
 * date it became known (published or took effect, whichever is later) and its source; a run
 * "as of D" uses the value in force on D — never a figure published after D.
 */
export interface Dated<T> {
  readonly value: T;
  /** First day flowlens may use the value: its publication (or effective) date, ISO. */
  readonly knownFrom: IsoDate;
  /** Publication and where to find it. */
  readonly source: string;
}

/** A Dated value picked for an as-of date; `laterThanAsOf` when no value was known by then and the earliest one stands in. */
export interface Picked<T> extends Dated<T> {
  readonly laterThanAsOf: boolean;
}

/** The as-of date as ISO (day numbers are converted); undefined = latest. */
function isoOf(asOf: IsoDate | number | undefined): IsoDate | undefined {
  if (asOf === undefined) return undefined;
  if (typeof asOf === 'number') return toIso(asOf);
  if (!isIsoDate(asOf)) throw new RangeError(`as-of must be YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  return asOf;
}

/** Index of the entry with the latest knownFrom ≤ asOf (ties: the later one in the list), or −1. */
function latestIndex<T>(list: readonly Dated<T>[], asOf: IsoDate | undefined): number {
  let best = -1;
  for (let i = 0; i < list.length; i++) {
    const k = (list[i] as Dated<T>).knownFrom;
    if (asOf !== undefined && k > asOf) continue;
    if (best < 0 || k >= (list[best] as Dated<T>).knownFrom) best = i;
  }
  return best;
}

/**
 * The value in force on `asOf`: the entry with the latest knownFrom ≤ asOf (ISO dates compare as
 * strings). Without `asOf`, the latest entry. Throws NotEnoughDataError "no WHAT known by DATE"
 * when every entry is later than `asOf` (or the list is empty).
 */
export function inForce<T>(list: readonly Dated<T>[], asOf: IsoDate | number | undefined, what: string): Dated<T> {
  const d = isoOf(asOf);
  const i = latestIndex(list, d);
  if (i < 0) {
    const first = list.reduce<IsoDate | undefined>((m, x) => (m === undefined || x.knownFrom < m ? x.knownFrom : m), undefined);
    throw new NotEnoughDataError(`no ${what} known by ${d ?? 'today'}${first ? ` (the earliest flowlens has is from ${first})` : ''}`);
  }
  return list[i] as Dated<T>;
}

/**
 * As inForce, but when nothing was known by `asOf` the earliest entry stands in, flagged
 * `laterThanAsOf: true` so the result can say it used a parameter from a later date. For inputs
 * (prices of a budget) where an older figure is better than none, as long as it is said.
 */
export function inForceOrEarliest<T>(list: readonly Dated<T>[], asOf: IsoDate | number | undefined, what: string): Picked<T> {
  const d = isoOf(asOf);
  const i = latestIndex(list, d);
  if (i >= 0) return { ...(list[i] as Dated<T>), laterThanAsOf: false };
  if (list.length === 0) throw new NotEnoughDataError(`no ${what} at all`);
  let e = 0;
  for (let k = 1; k < list.length; k++) if ((list[k] as Dated<T>).knownFrom < (list[e] as Dated<T>).knownFrom) e = k;
  return { ...(list[e] as Dated<T>), laterThanAsOf: true };
}

/** The note a result carries for a parameter from after its as-of date. */
export function laterParameterNote(what: string, p: Picked<unknown>, asOf: IsoDate | number | undefined): string {
  return `parameter from a later date: ${what} is from ${p.knownFrom}, after the as-of date ${isoOf(asOf) ?? 'today'} (the earliest flowlens has; ${p.source})`;
}
