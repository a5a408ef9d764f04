import asciichart from 'asciichart';
import type { Command } from 'commander';
import pc from 'picocolors';
import { ParameterError } from '../core/errors.ts';
import type { EventStudyResult } from '../models/eventStudy.ts';
import { parseEventDates, type AveragePath, type LabelledEvent } from '../models/events.ts';
import { catalogEntry } from '../series/catalog.ts';
import { isIsoDate } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { computeStudy, parseHorizons, STUDY_EVENTS, studyInputIds, type StudyEvent, type StudyResult } from '../app/study.ts';
import { downsampleLast } from '../views/chart.ts';
import { terminalColumns } from '../views/terminal.ts';
import { fmtNumber } from '../views/format.ts';
import { readInputFile } from './inputFile.ts';
import { loadForModel, parseAsOf, type PointInTime } from './data.ts';
import { FLAG_LIMITS, wholeFlag } from './flags.ts';
import { printJson, renderTable, writeOut } from './output.ts';

export { parseHorizons, STUDY_EVENTS, type StudyEvent, type StudyResult };

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

function parseDateFlag(flag: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new ParameterError(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
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
  const from = parseDateFlag('--from', opts.from);
  const asOf = parseAsOf(opts.asOf);
  // --seed is checked even without --bootstrap: `--seed abc` must not pass unnoticed.
  const seed = wholeFlag('--seed', opts.seed ?? '1', 0, FLAG_LIMITS.seed);
  const bootstrap = opts.bootstrap !== undefined ? { resamples: wholeFlag('--bootstrap', opts.bootstrap, 100, FLAG_LIMITS.bootstrap), seed } : undefined;
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
  const gap = wholeFlag('--gap', opts.gap ?? '0', 0, FLAG_LIMITS.tradingDays);
  const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
  const data = await loadForModel(studyInputIds({ event, ...(assetId ? { assetId } : {}) }), pit);
  return computeStudy(data, pit, {
    event,
    ...(assetId ? { assetId } : {}),
    horizons,
    ...(from ? { from } : {}),
    ...(asOf ? { asOf } : {}),
    ...(bootstrap ? { bootstrap } : {}),
    tail,
    gap,
    ...(userEvents ? { userEvents, datesSource: opts.dates } : {}),
  });
}

/** Width of the average-path chart: 64 points, fewer on a narrow terminal (the y labels and axis take 11 columns). */
function pathChartWidth(columns: number | undefined = terminalColumns()): number {
  return columns === undefined ? 64 : Math.max(20, Math.min(64, columns - 11));
}

function pathChart(path: AveragePath['mean'], unconditional: readonly number[], width = pathChartWidth(), height = 10): string {
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
  // Narrow terminals keep the labels, the mean, its interval and t; the median, the hit rate and n go first.
  const priority = [0, 0, 4, 0, 6, 2, ...(bootstrap ? [1] : []), 5, 3, 0];
  out.push('', renderTable(head, rows, ['left', ...head.slice(1).map(() => 'right' as const)], { priority }));
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
      // The day-0 reading goes first, then the longest horizons; the date, the label and the first horizon stay.
      { priority: [0, r.horizons.length + 1, ...(r.labels.length > 1 ? [0] : []), ...r.horizons.map((_, i) => (i === 0 ? 0 : i))] },
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
    .action(async (event: string | undefined, opts: StudyOptions, cmd: Command) => {
      // --tail has a default, so only commander knows whether it was given: given with another event it would be silently ignored.
      if (cmd.getOptionValueSource('tail') === 'cli' && event !== 'vol-selling') throw new ParameterError(`--tail applies to the vol-selling event only (it picks the most negative share of the model's flows), not to ${event ?? '--dates'}`);
      const r = await runStudy(event, opts);
      if (opts.json) return printJson(r);
      writeOut(`${renderStudy(r, opts.bootstrap !== undefined)}\n`);
    });
}
