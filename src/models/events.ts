import { DataFormatError, ParameterError } from '../core/errors.ts';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { isIsoDate, toDay, toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { blackoutShare, resolveBuybackParams, seasonalReports, withSeasonalRemainder } from './buyback.ts';
import type { InversionEpisode } from './vixterm.ts';

/**
 * Event generators for `flowlens study`: pure functions from series (or a calendar) to the day
 * numbers of events, each with a label, and the average price path after a set of events. The
 * forward-return statistics themselves come from eventStudy.ts.
 */

/** One event: its day number and its label (e.g. "stress", "up"; "event" when unlabelled). */
export interface LabelledEvent {
  readonly day: number;
  readonly label: string;
}

/**
 * Start day of each VIX/VIX3M inversion episode (vixterm.ts), labelled with the classifier's
 * verdict on that day ("hedging flow" or "stress", classificationAtStart): only what was known
 * on day 0, so the forward returns carry no look-ahead.
 */
export function vixInversionEvents(episodes: readonly InversionEpisode[]): LabelledEvent[] {
  return episodes.map((e) => ({ day: toDay(e.start), label: e.classificationAtStart.label }));
}

/**
 * Heavy vol-control selling: the days whose implied flow is at or below the `tail` quantile of
 * all finite flows, the quantile being the order statistic ⌊tail·(n − 1)⌋ of the sorted flows
 * (the rule of volControlSelling in theses/flowClaims.ts). Returns the days and the threshold.
 */
export function volSellingDays(dates: Int32Array, flowBn: Float64Array, tail: number): { days: number[]; threshold: number } {
  if (!(tail > 0 && tail < 0.5)) throw new ParameterError(`--tail must be a share between 0 and 0.5, got ${tail}`);
  const finite = flowBn.filter((x) => Number.isFinite(x)).sort();
  if (finite.length === 0) return { days: [], threshold: Number.NaN };
  const threshold = finite[Math.floor(tail * (finite.length - 1))] as number;
  const days: number[] = [];
  for (let i = 0; i < dates.length; i++) if ((flowBn[i] as number) <= threshold) days.push(dates[i] as number);
  return { days, threshold };
}

/**
 * CTA flip days (ctaFlipDays in theses/flowClaims.ts) merged into one list sorted by day,
 * labelled "up" or "down" by the direction of the flip.
 */
export function ctaFlipEvents(flips: { readonly up: readonly number[]; readonly down: readonly number[] }): LabelledEvent[] {
  return [...flips.up.map((day) => ({ day, label: 'up' })), ...flips.down.map((day) => ({ day, label: 'down' }))].sort((a, b) => a.day - b.day);
}

/**
 * FOMC policy decision days in [fromDay, toDay] (scheduled meetings and unscheduled calls; the
 * meeting called off in March 2020 is left out), labelled "projections" when a Summary of
 * Economic Projections came with the decision, "no projections" otherwise.
 */
export function fomcEvents(fromDay: number, toDay_: number): LabelledEvent[] {
  return FOMC_MEETINGS.filter((m) => !m.cancelledOn)
    .map((m) => ({ day: toDay(m.date), label: m.sep ? 'projections' : 'no projections' }))
    .filter((e) => e.day >= fromDay && e.day <= toDay_);
}

/**
 * Days a daily share series crosses a level: `below` — share[i] < level after share[i−1] ≥ level
 * (the buyback window "open" again); `above` — share[i] ≥ level after share[i−1] < level (the
 * window "closed"). `days[i]` is the day number of `share[i]`.
 */
export function levelCrossings(days: ArrayLike<number>, share: ArrayLike<number>, level: number, direction: 'below' | 'above'): number[] {
  const out: number[] = [];
  for (let i = 1; i < share.length; i++) {
    const a = share[i - 1] as number;
    const b = share[i] as number;
    if (direction === 'below' ? a >= level && b < level : a < level && b >= level) out.push(days[i] as number);
  }
  return out;
}

/**
 * Buyback-window events in [fromDay, toDay] from the seasonal model (seasonalReports and
 * blackoutShare in buyback.ts, default parameters), or from company `reports` (day numbers and
 * cap weights) with the seasonal model for the part of each season they do not cover
 * (withSeasonalRemainder): `open` — the share of cap in blackout falls below 25% (closingAt);
 * `closed` — it rises to 50% (closedAt) or above. Days are calendar days (the event study starts
 * on the first trading day on or after).
 */
export function buybackEvents(fromDay: number, toDay_: number, kind: 'open' | 'closed', reports?: readonly { readonly day: number; readonly weight: number }[]): number[] {
  const d = resolveBuybackParams();
  // One day before the range, so a crossing on fromDay is seen.
  const from = fromDay - 1;
  const seasonal = seasonalReports(from, toDay_, d.weeks);
  const share = blackoutShare(reports ? withSeasonalRemainder(reports, seasonal) : seasonal, from, toDay_, d.before, d.after);
  const days = Array.from({ length: share.length }, (_, i) => from + i);
  return kind === 'open' ? levelCrossings(days, share, d.closingAt, 'below') : levelCrossings(days, share, d.closedAt, 'above');
}

/**
 * Events from a CSV of the user's own dates: a header line with a `date` column (any position,
 * case-insensitive) and optionally a `label` column; one ISO date (YYYY-MM-DD) per line. Blank
 * lines and lines starting with # are skipped; surrounding quotes are removed. A missing header,
 * a bad date or an empty file throws a DataFormatError naming `origin:line`. Sorted by day.
 */
export function parseEventDates(text: string, origin: string): LabelledEvent[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cells = (s: string) => s.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
  let header: string[] | undefined;
  let dateCol = -1;
  let labelCol = -1;
  const out: LabelledEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const row = cells(line);
    if (!header) {
      header = row.map((c) => c.toLowerCase());
      dateCol = header.indexOf('date');
      labelCol = header.indexOf('label');
      if (dateCol < 0) throw new DataFormatError(origin, `the header has no "date" column (got "${line}")`, i + 1);
      continue;
    }
    const d = row[dateCol] ?? '';
    if (!isIsoDate(d)) throw new DataFormatError(origin, `"${d}" is not an ISO date (YYYY-MM-DD)`, i + 1);
    const label = labelCol >= 0 && row[labelCol] ? (row[labelCol] as string) : 'event';
    out.push({ day: toDay(d), label });
  }
  if (!header) throw new DataFormatError(origin, 'empty file: expected a header with a "date" column');
  if (out.length === 0) throw new DataFormatError(origin, 'no dates under the header');
  return out.sort((a, b) => a.day - b.day);
}

/** Valid (non-NaN) prices of a series as parallel arrays. */
function validPrices(prices: Series): { dates: Int32Array; px: Float64Array } {
  const d: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < prices.values.length; i++) {
    const x = prices.values[i] as number;
    if (!Number.isNaN(x)) {
      d.push(prices.dates[i] as number);
      v.push(x);
    }
  }
  return { dates: Int32Array.from(d), px: Float64Array.from(v) };
}

/** Index of day 0 of an event: the first valid price on or after its day (eventStudy's rule), or −1 past the data. */
function dayZero(dates: Int32Array, day: number): number {
  const i = lastAtOrBefore(dates, day - 1) + 1;
  return i < dates.length ? i : -1;
}

/** Mean path after events and of all days. */
export interface AveragePath {
  /** k = 0 … maxH trading days after day 0. */
  readonly k: readonly number[];
  /** Mean of 100·(P_{t+k}/P_t − 1) over the events with a price k days after day 0, %. */
  readonly mean: readonly number[];
  /** Events contributing at each k. */
  readonly n: readonly number[];
  /** The same mean over every day t with a price at t + k: the unconditional drift, %. */
  readonly unconditional: readonly number[];
}

/**
 * Average path after events: for k = 0 … maxH, the mean over events of 100·(P_{t+k}/P_t − 1),
 * day 0 (t) being the first valid price on or after the event (as in eventStudy, so the path at
 * k = h equals the event study's mean h-day return); each k averages the events that have a
 * price k days later. Next to it the unconditional drift: the same mean over every day t with a
 * price at t + k.
 */
export function averagePath(prices: Series, eventDays: readonly number[], maxH: number): AveragePath {
  if (!Number.isInteger(maxH) || maxH < 1) throw new ParameterError(`the longest horizon must be a whole number of days ≥ 1, got ${maxH}`);
  const { dates, px } = validPrices(prices);
  const idx = eventDays.map((d) => dayZero(dates, d)).filter((i) => i >= 0);
  const k: number[] = [];
  const mean: number[] = [];
  const n: number[] = [];
  const unconditional: number[] = [];
  for (let h = 0; h <= maxH; h++) {
    let s = 0;
    let c = 0;
    for (const i of idx) {
      if (i + h >= px.length) continue;
      s += 100 * ((px[i + h] as number) / (px[i] as number) - 1);
      c++;
    }
    let su = 0;
    let cu = 0;
    for (let i = 0; i + h < px.length; i++) {
      su += 100 * ((px[i + h] as number) / (px[i] as number) - 1);
      cu++;
    }
    k.push(h);
    mean.push(c ? s / c : Number.NaN);
    n.push(c);
    unconditional.push(cu ? su / cu : Number.NaN);
  }
  return { k, mean, n, unconditional };
}

/** One event with its day 0 and forward returns. */
export interface EventRow {
  /** The event's own date. */
  readonly date: IsoDate;
  /** Day 0: the first trading day with a price on or after it (null past the data). */
  readonly day0: IsoDate | null;
  readonly label: string;
  /** 100·(P_{t+h}/P_t − 1) per horizon, null when the window runs past the data. */
  readonly forward: Readonly<Record<number, number | null>>;
}

/** Each event with its day 0 (eventStudy's rule) and its forward simple return at each horizon, %. */
export function eventRows(prices: Series, events: readonly LabelledEvent[], horizons: readonly number[]): EventRow[] {
  const { dates, px } = validPrices(prices);
  return events.map((e) => {
    const i = dayZero(dates, e.day);
    const forward: Record<number, number | null> = {};
    for (const h of horizons) forward[h] = i >= 0 && i + h < px.length ? 100 * ((px[i + h] as number) / (px[i] as number) - 1) : null;
    return { date: toIso(e.day), day0: i >= 0 ? toIso(dates[i] as number) : null, label: e.label, forward };
  });
}

/**
 * Declustered events: per label, an event is kept only when at least `gap` trading days (rows of
 * `tradingDays`, sorted) separate its day 0 from the last kept event's day 0 — runs of events such
 * as the days of one sell-off count once, at their first day. gap = 0 keeps every event.
 * Day 0 = the first trading day on or after the event, as in eventStudy.
 */
export function declusterEvents(events: readonly LabelledEvent[], tradingDays: Int32Array, gap: number): LabelledEvent[] {
  if (!Number.isInteger(gap) || gap < 0) throw new ParameterError(`--gap must be a whole number of trading days ≥ 0, got ${gap}`);
  if (gap === 0) return [...events];
  const lastKept = new Map<string, number>();
  const out: LabelledEvent[] = [];
  for (const e of [...events].sort((a, b) => a.day - b.day)) {
    const i = lastAtOrBefore(tradingDays, e.day - 1) + 1; // row of day 0
    const prev = lastKept.get(e.label);
    if (prev !== undefined && i - prev < gap) continue;
    lastKept.set(e.label, i);
    out.push(e);
  }
  return out;
}
