import { FlowlensError, ParameterError } from '../core/errors.ts';
import { eventStudyByLabel, type EventStudyResult } from '../models/eventStudy.ts';
import { resolveBuybackParams } from '../models/buyback.ts';
import { averagePath, buybackEvents, ctaFlipEvents, declusterEvents, eventRows, fomcEvents, vixInversionEvents, volSellingDays, type AveragePath, type EventRow, type LabelledEvent } from '../models/events.ts';
import { resolveCtaParams } from '../models/cta.ts';
import { volControlModel } from '../models/volcontrol.ts';
import { vixTermModel } from '../models/vixterm.ts';
import { toDay, toIso } from '../series/dates.ts';
import { freshest, lastValid, sliceSeries } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { coveredSeasons } from '../series/earningsCalendar.ts';
import { ctaFlipDays } from '../theses/flowClaims.ts';
import { fmtNumber } from '../views/format.ts';
import { laterVintagesNote, required, storedEarningsCalendar, type PointInTime } from './pointInTime.ts';

/** The events `flowlens study` knows (besides `--dates FILE`). */
export const STUDY_EVENTS = ['vix-inversion', 'vol-selling', 'cta-flip', 'fomc', 'buyback-open', 'buyback-closed'] as const;
export type StudyEvent = (typeof STUDY_EVENTS)[number];

/** Everything `flowlens study` computes (the `--json` output). */
export interface StudyResult {
  readonly event: string;
  /** The event rule in one line. */
  readonly rule: string;
  readonly asset: { readonly id: string; readonly title: string };
  readonly asOf: IsoDate | null;
  readonly from: IsoDate | null;
  readonly horizons: readonly number[];
  /** "all" first, then each label that has events (fixed order per event; `--dates` labels in the order of their first event). */
  readonly labels: readonly string[];
  readonly studies: Readonly<Record<string, EventStudyResult>>;
  /** Average path per label, k = 0 … max horizon, with the unconditional drift. */
  readonly path: { readonly k: readonly number[]; readonly unconditional: readonly number[]; readonly byLabel: Readonly<Record<string, { readonly mean: readonly number[]; readonly n: readonly number[] }>> };
  /** Every event in the studied range with its day 0 and forward returns. */
  readonly events: readonly EventRow[];
  readonly inputsAsOf: Readonly<Record<string, IsoDate>>;
  readonly flags: readonly string[];
}

/** `--horizons`: comma-separated whole trading days ≥ 1 (at most 1260), sorted and de-duplicated. */
export function parseHorizons(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const out = parts.map((s) => {
    const n = Number(s);
    if (s === '' || !Number.isInteger(n) || n < 1 || n > 1260) throw new ParameterError(`--horizons must be whole trading days from 1 to 1260 separated by commas, got "${value}"`);
    return n;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

const LABEL_ORDER: Record<string, readonly string[]> = {
  'vix-inversion': ['hedging flow', 'stress'],
  'cta-flip': ['up', 'down'],
  fomc: ['projections', 'no projections'],
};

/** Series each event needs besides the asset. */
export function studyEventInputs(event: string): string[] {
  if (event === 'vix-inversion') return ['VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP'];
  if (event === 'vol-selling') return ['GSPC', 'SPY'];
  return [];
}

function firstValidDay(s: Series): number {
  for (let i = 0; i < s.values.length; i++) if (!Number.isNaN(s.values[i] as number)) return s.dates[i] as number;
  return Number.POSITIVE_INFINITY;
}

/** What a study runs on, checked: the event (or "dates" with the user's events), the asset, horizons, sample start, bootstrap, vol-selling tail and de-clustering gap. */
export interface StudySpec {
  readonly event: string;
  /** A daily catalog series id; undefined = the S&P 500 (the fresher of GSPC and SPY). */
  readonly assetId?: string;
  readonly horizons: readonly number[];
  readonly from?: IsoDate;
  readonly asOf?: IsoDate;
  readonly bootstrap?: { readonly resamples: number; readonly seed: number };
  readonly tail: number;
  readonly gap: number;
  /** The user's events for event "dates", and where they came from (for the rule line). */
  readonly userEvents?: readonly LabelledEvent[];
  readonly datesSource?: string;
}

/** Every series a study reads: the asset (or the S&P 500) and the event's inputs. */
export function studyInputIds(spec: Pick<StudySpec, 'event' | 'assetId'>): string[] {
  return [...new Set([...(spec.assetId ? [spec.assetId] : ['GSPC', 'SPY']), ...studyEventInputs(spec.event)])];
}

/**
 * Runs an event study on series already read at one point in time (pure): builds the events,
 * the event study per label of the asset's forward returns (models/eventStudy.ts), the average
 * paths and the event rows. `flowlens study` and the dashboard's study page both call this.
 */
export function computeStudy(data: ReadonlyMap<string, Series>, pit: PointInTime, spec: StudySpec): StudyResult {
  const { event, assetId, from, asOf, bootstrap, tail } = spec;
  const horizons = [...spec.horizons];
  const maxH = horizons[horizons.length - 1] as number;
  const asset = assetId ? required(data, assetId, '--asset') : (freshest(data, ['GSPC', 'SPY']) ?? required(data, 'SPY', 'the S&P 500, the default --asset'));
  const spx = (): Series => freshest(data, ['GSPC', 'SPY']) ?? required(data, 'SPY', 'the S&P 500');
  const inputsAsOf: Record<string, IsoDate> = { [asset.id]: lastValid(asset).date };
  const prices = from ? sliceSeries(asset, from) : asset;
  if (prices.values.every((v) => Number.isNaN(v))) throw new ParameterError(`--from ${from}: ${asset.id} has no prices on or after it (it ends ${lastValid(asset).date})`);
  const lo = firstValidDay(prices);
  const hi = toDay(lastValid(prices).date);

  let events: LabelledEvent[];
  let rule: string;
  if (event === 'vix-inversion') {
    const vix = data.get('VIX') ?? required(data, 'VIXCLS', 'the VIX');
    const s = spx();
    const r = vixTermModel({
      vix,
      vix3m: required(data, 'VIX3M', 'the 3-month VIX'),
      spx: s,
      ...(data.get('VIX9D') ? { vix9d: data.get('VIX9D') } : {}),
      ...(data.get('BAMLH0A0HYM2') ? { hySpread: data.get('BAMLH0A0HYM2') } : {}),
      ...(data.get('RSP') ? { equalWeight: data.get('RSP') } : {}),
    });
    Object.assign(inputsAsOf, r.inputsAsOf);
    events = vixInversionEvents(r.episodes);
    rule = 'first day of each run of VIX/VIX3M ≥ 1 (runs ≤ 3 trading days apart merged); labelled "stress" when ≥ 2 of credit level, credit widening, drawdown, implied vs realised, breadth fire on the episode\'s first day, "hedging flow" otherwise (the label uses only data up to day 0)';
  } else if (event === 'vol-selling') {
    const s = spx();
    const vc = volControlModel(s, {}, []);
    const { days, threshold } = volSellingDays(vc.dates, vc.flowBn, tail);
    inputsAsOf[s.id] = lastValid(s).date;
    events = days.map((day) => ({ day, label: 'event' }));
    rule = `days the vol-control model's implied flow on ${s.id} (volcontrol.ts defaults) is in its most negative ${fmtNumber(100 * tail, 1)}% over the whole history: ≤ ${fmtNumber(threshold, 2)} bn/day`;
  } else if (event === 'cta-flip') {
    events = ctaFlipEvents(ctaFlipDays(asset));
    rule = `days at least one CTA lookback signal (sign of the ${resolveCtaParams().lookbacks.join('/')}-day log return of ${asset.id}, cta.ts) changes sign; labelled up / down by the new sign; days flipping both ways left out`;
  } else if (event === 'fomc') {
    events = fomcEvents(lo, hi);
    rule = 'FOMC policy decision days (scheduled meetings and unscheduled calls; the cancelled March 2020 meeting left out), Fed calendar; labelled by whether projections (SEP) came out; day 0 is the decision day\'s close';
  } else if (event === 'buyback-open' || event === 'buyback-closed') {
    const kind = event === 'buyback-open' ? 'open' : 'closed';
    // The stored S&P 500 earnings calendar where it covers the seasons, the seasonal model elsewhere.
    const calendar = storedEarningsCalendar(data);
    const span = calendar ? coveredSeasons(calendar.reports) : undefined;
    events = buybackEvents(lo, hi, kind, span && calendar ? calendar.reports.map((r) => ({ day: toDay(r.date), weight: r.weight })) : undefined).map((day) => ({ day, label: 'event' }));
    const d = resolveBuybackParams();
    const whose = span && calendar
      ? `the share of S&P 500 cap in buyback blackout (company earnings dates of the stored calendar, ${calendar.sources.dates.file} with weights from ${calendar.sources.weights.file}, for the results to ${span.first} … ${span.last}; the seasonal model before, after and for the companies it lacks)`
      : "the seasonal model's share of S&P 500 cap in buyback blackout";
    rule =
      kind === 'open'
        ? `days ${whose} falls below ${100 * d.closingAt}% (blackout ${d.before} days before to ${d.after} after each report; buyback.ts); calendar days, day 0 the next trading day on or after`
        : `days ${whose} rises to ${100 * d.closedAt}% or above (blackout ${d.before} days before to ${d.after} after each report; buyback.ts); calendar days, day 0 the next trading day on or after`;
  } else {
    events = [...(spec.userEvents ?? [])];
    rule = `the ${events.length} dates in ${spec.datesSource ?? 'the file'}; day 0 = the first trading day of ${asset.id} on or after each`;
  }
  const after = events.filter((e) => e.day > hi).length;
  events = events.filter((e) => e.day >= lo && e.day <= hi);
  const gap = spec.gap;
  const before = events.length;
  events = declusterEvents(events, Int32Array.from(prices.dates.filter((_, i) => !Number.isNaN(prices.values[i] as number))), gap);
  if (events.length === 0) throw new FlowlensError(`no ${event} events between ${toIso(lo)} and ${toIso(hi)} (the ${asset.id} prices studied)`);

  const order = LABEL_ORDER[event] ?? [...new Set(events.map((e) => e.label))];
  const present = order.filter((l) => events.some((e) => e.label === l));
  const split = present.length > 1 || (present.length === 1 && present[0] !== 'event');
  const labels = split ? present : [];
  const studies = eventStudyByLabel(prices, events, labels, horizons, bootstrap ? { bootstrap } : {}) as Record<string, EventStudyResult>;
  const paths: Record<string, AveragePath> = { all: averagePath(prices, events.map((e) => e.day), maxH) };
  for (const l of labels) paths[l] = averagePath(prices, events.filter((e) => e.label === l).map((e) => e.day), maxH);
  const all = paths.all as AveragePath;
  const flags: string[] = [];
  const later = laterVintagesNote(pit);
  if (later) flags.push(later);
  if (gap > 0) flags.push(`--gap ${gap}: ${before - events.length} of ${before} events within ${gap} trading days of an earlier one of the same label left out`);
  if (after > 0) flags.push(`${after} event${after > 1 ? 's' : ''} after ${asset.id}'s last price (${toIso(hi)}) left out`);
  return {
    event,
    rule,
    asset: { id: asset.id, title: asset.title },
    asOf: asOf ?? null,
    from: from ?? null,
    horizons,
    labels: ['all', ...labels],
    studies,
    path: { k: all.k, unconditional: all.unconditional, byLabel: Object.fromEntries(Object.entries(paths).map(([l, p]) => [l, { mean: p.mean, n: p.n }])) },
    events: eventRows(prices, events, horizons),
    inputsAsOf,
    flags,
  };
}

