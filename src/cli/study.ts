import asciichart from 'asciichart';
import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError, ParameterError } from '../core/errors.ts';
import { eventStudyByLabel, type EventStudyResult } from '../models/eventStudy.ts';
import { resolveBuybackParams } from '../models/buyback.ts';
import { averagePath, buybackEvents, ctaFlipEvents, declusterEvents, eventRows, fomcEvents, parseEventDates, vixInversionEvents, volSellingDays, type AveragePath, type EventRow, type LabelledEvent } from '../models/events.ts';
import { resolveCtaParams } from '../models/cta.ts';
import { volControlModel } from '../models/volcontrol.ts';
import { vixTermModel } from '../models/vixterm.ts';
import { catalogEntry } from '../series/catalog.ts';
import { isIsoDate, toDay, toIso } from '../series/dates.ts';
import { lastValid, sliceSeries } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { ctaFlipDays } from '../theses/flowClaims.ts';
import { downsampleLast } from '../views/chart.ts';
import { fmtNumber } from '../views/format.ts';
import { readInputFile } from './inputFile.ts';
import { loadForModel, parseAsOf, required, laterVintagesNote, type PointInTime } from './data.ts';
import { FLAG_LIMITS, wholeFlag } from './flags.ts';
import { printJson, renderTable } from './output.ts';
import { freshest } from './vol.ts';

/** The events `flowlens study` knows (besides `--dates FILE`). */
export const STUDY_EVENTS = ['vix-inversion', 'vol-selling', 'cta-flip', 'fomc', 'buyback-open', 'buyback-closed'] as const;
export type StudyEvent = (typeof STUDY_EVENTS)[number];

/** Flags of `flowlens study`, as commander hands them over. */
export interface StudyOptions {
  readonly asset?: string;
  readonly horizons?: string;
  readonly from?: string;
  readonly asOf?: string;
  readonly bootstrap?: string;
  readonly seed?: string;
  readonly tail?: string;
  readonly gap?: string;
  readonly dates?: string;
  readonly json?: boolean;
}

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

function parseDateFlag(flag: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new ParameterError(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

const LABEL_ORDER: Record<string, readonly string[]> = {
  'vix-inversion': ['hedging flow', 'stress'],
  'cta-flip': ['up', 'down'],
  fomc: ['projections', 'no projections'],
};

/** Series each event needs besides the asset. */
function inputsOf(event: string): string[] {
  if (event === 'vix-inversion') return ['VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP'];
  if (event === 'vol-selling') return ['GSPC', 'SPY'];
  return [];
}

function firstValidDay(s: Series): number {
  for (let i = 0; i < s.values.length; i++) if (!Number.isNaN(s.values[i] as number)) return s.dates[i] as number;
  return Number.POSITIVE_INFINITY;
}

/**
 * Runs the study: reads the inputs (point in time with `--as-of`), builds the events, and the
 * event study per label on the asset's forward returns, the average paths and the event rows.
 */
export async function runStudy(eventArg: string | undefined, opts: StudyOptions): Promise<StudyResult> {
  if (eventArg !== undefined && opts.dates !== undefined) throw new ParameterError(`give an event or --dates FILE, not both (got "${eventArg}" and --dates ${opts.dates})`);
  if (eventArg === undefined && opts.dates === undefined) throw new ParameterError(`name an event (${STUDY_EVENTS.join(', ')}) or give --dates FILE`);
  if (eventArg !== undefined && !(STUDY_EVENTS as readonly string[]).includes(eventArg)) throw new ParameterError(`unknown event "${eventArg}": choose one of ${STUDY_EVENTS.join(', ')}, or --dates FILE`);
  const event = eventArg ?? 'dates';
  const horizons = parseHorizons(opts.horizons ?? '1,5,21,63');
  const maxH = horizons[horizons.length - 1] as number;
  const from = parseDateFlag('--from', opts.from);
  const asOf = parseAsOf(opts.asOf);
  const bootstrap = opts.bootstrap !== undefined ? { resamples: wholeFlag('--bootstrap', opts.bootstrap, 100, FLAG_LIMITS.bootstrap), seed: wholeFlag('--seed', opts.seed ?? '1', 0, FLAG_LIMITS.seed) } : undefined;
  const tail = Number(opts.tail ?? '0.05');
  if (!(tail > 0 && tail < 0.5)) throw new ParameterError(`--tail must be a share between 0 and 0.5 (e.g. 0.05), got "${opts.tail}"`);
  // Read the user's file first: a bad line should fail before any data is read.
  let userEvents: LabelledEvent[] | undefined;
  if (opts.dates !== undefined) {
    userEvents = parseEventDates(readInputFile('--dates', opts.dates), opts.dates);
  }

  let assetId: string | undefined;
  try {
    assetId = opts.asset !== undefined ? catalogEntry(opts.asset).id : undefined;
  } catch (e) {
    throw new ParameterError(`--asset ${opts.asset}: ${(e as Error).message}`);
  }
  // Horizons count trading days of daily prices: a quarterly GDP read as daily returns is nonsense.
  if (assetId !== undefined && catalogEntry(assetId).frequency !== 'daily') {
    throw new ParameterError(`--asset ${assetId} is a ${catalogEntry(assetId).frequency} series: the study measures forward returns over trading days of a daily price series (e.g. GSPC, SPY, QQQ, BTCUSD)`);
  }
  const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
  const ids = [...new Set([...(assetId ? [assetId] : ['GSPC', 'SPY']), ...inputsOf(event)])];
  const data = await loadForModel(ids, pit);
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
    events = buybackEvents(lo, hi, kind).map((day) => ({ day, label: 'event' }));
    const d = resolveBuybackParams();
    rule =
      kind === 'open'
        ? `days the seasonal model's share of S&P 500 cap in buyback blackout falls below ${100 * d.closingAt}% (blackout ${d.before} days before to ${d.after} after each report; buyback.ts); calendar days, day 0 the next trading day on or after`
        : `days the seasonal model's share of S&P 500 cap in buyback blackout rises to ${100 * d.closedAt}% or above (blackout ${d.before} days before to ${d.after} after each report; buyback.ts); calendar days, day 0 the next trading day on or after`;
  } else {
    events = userEvents as LabelledEvent[];
    rule = `the ${events.length} dates in ${opts.dates}; day 0 = the first trading day of ${asset.id} on or after each`;
  }
  const after = events.filter((e) => e.day > hi).length;
  events = events.filter((e) => e.day >= lo && e.day <= hi);
  const gap = wholeFlag('--gap', opts.gap ?? '0', 0, FLAG_LIMITS.tradingDays);
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

function pathChart(path: AveragePath['mean'], unconditional: readonly number[], width = 64, height = 10): string {
  let end = path.length;
  while (end > 0 && Number.isNaN(path[end - 1] as number)) end--;
  if (end < 2) return '';
  const a = downsampleLast(Float64Array.from(path.slice(0, end)), width);
  const b = downsampleLast(Float64Array.from(unconditional.slice(0, end)), width);
  const colour = pc.isColorSupported;
  return asciichart.plot([a, b], {
    height,
    padding: '        ',
    format: (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`.padStart(8),
    ...(colour ? { colors: [asciichart.red, asciichart.default] } : {}),
  });
}

function renderStudy(r: StudyResult, bootstrap: boolean): string {
  const out: string[] = [];
  const evs = r.events;
  const first = evs[0]?.date ?? '';
  const last = evs[evs.length - 1]?.date ?? '';
  out.push(pc.bold(`${r.event}: ${evs.length} events ${first} … ${last}, forward returns of ${r.asset.id} (${r.asset.title})`));
  out.push(`rule: ${r.rule}`);
  const head = ['events', 'horizon', 'n', 'mean %', 'median %', '95% CI', ...(bootstrap ? ['bootstrap CI'] : []), 'up', 'all days %', 't vs all'];
  const rows: (string | number)[][] = [];
  for (const l of r.labels) {
    const s = r.studies[l] as EventStudyResult;
    for (const h of s.horizons) {
      rows.push([
        l,
        `${h.horizon}d`,
        h.n,
        fmtNumber(h.meanReturn, 2),
        fmtNumber(h.medianReturn, 2),
        `[${fmtNumber(h.ci95[0], 2)}, ${fmtNumber(h.ci95[1], 2)}]`,
        ...(bootstrap ? [h.bootstrapCi95 ? `[${fmtNumber(h.bootstrapCi95[0], 2)}, ${fmtNumber(h.bootstrapCi95[1], 2)}]` : '—'] : []),
        Number.isNaN(h.hitRate) ? '—' : `${fmtNumber(h.hitRate, 0)}%`,
        fmtNumber(h.unconditionalMean, 2),
        fmtNumber(h.tVsUnconditional, 2),
      ]);
    }
  }
  out.push('', renderTable(head, rows, ['left', ...head.slice(1).map(() => 'right' as const)]));
  const all = r.path.byLabel.all as { mean: readonly number[]; n: readonly number[] };
  const maxH = r.path.k[r.path.k.length - 1] as number;
  const chart = pathChart(all.mean, r.path.unconditional);
  if (chart) {
    out.push('', pc.bold(`Average path after the events, % (k = 0 … ${maxH} trading days)`) + `: ${pc.isColorSupported ? pc.red('events') : 'events'} vs ${pc.isColorSupported ? 'all days (white)' : 'all days (the straighter line)'}`);
    out.push(chart);
    const at = (xs: readonly number[], k: number) => fmtNumber(xs[k] as number, 2);
    out.push(`  at ${maxH}d: events ${at(all.mean, maxH)}% (n = ${all.n[maxH]}) vs all days ${at(r.path.unconditional, maxH)}%`);
  }
  const recent = evs.slice(-10);
  out.push(
    '',
    pc.bold(`Last ${recent.length} events (forward return %, — = not yet)`),
    renderTable(
      ['date', 'day 0', ...(r.labels.length > 1 ? ['label'] : []), ...r.horizons.map((h) => `${h}d`)],
      recent.map((e) => [e.date, e.day0 ?? '—', ...(r.labels.length > 1 ? [e.label] : []), ...r.horizons.map((h) => (e.forward[h] === null || e.forward[h] === undefined ? '—' : fmtNumber(e.forward[h] as number, 2)))]),
      ['left', 'left', ...(r.labels.length > 1 ? ['left' as const] : []), ...r.horizons.map(() => 'right' as const)],
    ),
  );
  if (r.flags.length) out.push('', ...r.flags.map((f) => pc.yellow(`! ${f}`)));
  out.push('', pc.dim(`inputs: ${Object.entries(r.inputsAsOf).map(([id, d]) => `${id} to ${d}`).join(', ')}${r.asOf ? ` (as of ${r.asOf})` : ''}${r.from ? `; events and all-days sample from ${r.from}` : ''}`));
  out.push(pc.dim('overlapping windows make the samples autocorrelated: read |t| > 2 as a hint, not a test'));
  return out.join('\n');
}

/** `flowlens study <event>`: an event study of forward returns after a mechanism's events. */
export function registerStudy(program: Command): void {
  program
    .command('study')
    .argument('[event]', `one of ${STUDY_EVENTS.join(', ')} (or --dates FILE)`)
    .description('Event study: forward returns of an asset after the events of a mechanism (or your own dates), against all days')
    .option('--dates <file>', 'your own events: a CSV with a "date" column (YYYY-MM-DD) and optionally a "label" column')
    .option('--asset <id>', 'price series the forward returns are measured on (default: the S&P 500, the fresher of GSPC and SPY)')
    .option('--horizons <list>', 'forward horizons in trading days', '1,5,21,63')
    .option('--from <date>', 'only events (and all-days sample) from this date')
    .option('--as-of <date>', 'the study as it stood on that date (point in time)')
    .option('--tail <share>', 'vol-selling: the most negative share of flows', '0.05')
    .option('--gap <days>', 'count a run of events once: drop events within this many trading days of the last one kept (same label)', '0')
    .option('--bootstrap <n>', 'add a seeded percentile-bootstrap 95% interval with n resamples (100 to 10,000)')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--json', 'print the whole result as JSON')
    .action(async (event: string | undefined, opts: StudyOptions) => {
      const r = await runStudy(event, opts);
      if (opts.json) return printJson(r);
      process.stdout.write(`${renderStudy(r, opts.bootstrap !== undefined)}\n`);
    });
}
