import type { Command } from 'commander';
import pc from 'picocolors';
import { DataFormatError, FlowlensError } from '../core/errors.ts';
import { meetingCompare, type CompareLine, type DatedEvent, type FedWatchView } from '../models/fedOdds.ts';
import { fedOverview, type FedOverview } from '../models/fedOverview.ts';
import { mostLikelyRange, type FedPathResult } from '../models/fedpath.ts';
import type { FedWatchResult } from '../models/fedwatch.ts';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import { isIsoDate, todayDay, toDay } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { IsoDate } from '../series/types.ts';
import { FED_RATE_INPUTS, fedInputIds } from '../app/fedInputs.ts';
import { futuresFromStore, type FuturesHistory } from '../series/zqContracts.ts';
import { parseFedFundsFuturesCsv } from '../sources/fedFutures.ts';
import { parseFomcCalendarCsv } from '../sources/formats/fomcCalendar.ts';
import { readCsv } from '../sources/formats/index.ts';
import { terminalChart } from '../views/chart.ts';
import { fmtChange, fmtNumber, fmtRange } from '../views/format.ts';
import { readInputFile } from './inputFile.ts';
import { absentBrief } from '../app/pointInTime.ts';
import { laterVintagesNote, loadForModel, parseAsOf, type PointInTime } from './data.ts';
import { printJson, renderTable , writeOut } from './output.ts';

export { FED_RATE_INPUTS, fedInputIds };

interface FedOptions {
  billSpread?: string;
  termPremium?: string;
  futures?: string;
  date?: string;
  meeting?: string;
  swing?: string;
  within?: string;
  reversedWithin?: string;
  events?: string;
  asOf?: string;
  calendar?: string;
  json?: boolean;
}

/** Reads `date,label` events (speeches, minutes…); errors name the file and line. */
export function parseEventsCsv(text: string, origin: string): DatedEvent[] {
  const t = readCsv(text, origin);
  const head = t.header.map((h) => h.trim().toLowerCase());
  const di = head.indexOf('date');
  if (di < 0) throw new DataFormatError(origin, `expected a date column (date,label); found ${t.header.join(',')}`, t.headerLine);
  const li = head.findIndex((h, i) => i !== di);
  const dates = t.column(di);
  const labels = li >= 0 ? t.column(li) : [];
  const out: DatedEvent[] = [];
  for (let k = 0; k < t.rowCount; k++) {
    const d = (dates[k] ?? '').trim();
    if (!isIsoDate(d)) throw new DataFormatError(origin, `date must be YYYY-MM-DD, got ${JSON.stringify(dates[k])}`, t.lines[k]);
    out.push({ date: d, label: (labels[k] ?? '').trim() || 'event' });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

const rangeLabel = (lo: number, hi: number) => `${Math.round(lo * 100)}-${Math.round(hi * 100)}`;

/** The FedWatch table: meetings by target range (bp), as CME shows it. */
function fedWatchTableText(r: FedWatchResult): string {
  const t = r.table;
  return renderTable(
    ['meeting', ...t.ranges.map(([lo, hi]) => rangeLabel(lo, hi))],
    t.rows.map((row) => [row.meeting, ...row.p.map((p) => (p < 0.05 ? '' : `${fmtNumber(p, 1)}%`))]),
    ['left', ...t.ranges.map(() => 'right' as const)],
    // Ranges far from the priced ones go first (columns empty in every row go before any).
    { priority: [0, ...t.ranges.map((_, i) => 1 + Math.abs(i - (t.ranges.length - 1) / 2))] },
  );
}

function oddsTable(r: FedPathResult): string {
  const width = r.currentRange[1] - r.currentRange[0];
  return renderTable(
    ['meeting', 'cut', 'hold', 'hike', 'exp. move', 'rate after', 'below today', 'most likely range'],
    r.meetings.map((m) => {
      const top = mostLikelyRange(m, width);
      return [
        m.meeting,
        `${fmtNumber(m.cut, 1)}%`,
        `${fmtNumber(m.hold, 1)}%`,
        `${fmtNumber(m.hike, 1)}%`,
        `${m.expectedMoveBp >= 0 ? '+' : ''}${fmtNumber(m.expectedMoveBp, 1)} bp`,
        `${fmtNumber(m.effrPost, 3)}%`,
        `${fmtNumber(m.belowToday, 1)}%`,
        top ? `${rangeLabel(top.range[0], top.range[1])} (${fmtNumber(top.p, 0)}%)` : '—',
      ];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    { priority: [0, 0, 0, 0, 3, 1, 2, 0] },
  );
}

/** The next meeting's probability of each target range today and 1 day / 1 week / 1 month ago. */
function comparisonLines(o: FedOverview): string[] {
  const v = o.view;
  const first = v?.today.table.rows[0];
  if (!v || !first) return [];
  const ranges = v.today.table.ranges;
  const fmt = (p: readonly number[]) => ranges.map(([lo, hi], i) => ((p[i] ?? 0) >= 0.05 ? `${rangeLabel(lo, hi)} ${fmtNumber(p[i] ?? 0, 1)}%` : '')).filter(Boolean).join(', ');
  return [`${first.meeting} meeting: now ${fmt(first.p)}`, ...v.earlier.map((e) => `  ${e.label} ago (${e.tradeDate}): ${fmt(e.rows[0]?.p ?? [])}`)];
}

/** A compare line's value as the dashboard's /fed page prints it (there the % is in the header): a probability with one decimal, the rate with three. */
const compareValue = (key: CompareLine['key'], x: number) => `${fmtNumber(x, key === 'rate' ? 3 : 1)}%`;

/**
 * Every meeting's odds now and 1 day / 1 week / 1 month ago, with the change since (pp; bp for the
 * expected rate): models/fedOdds.ts meetingCompare, the lines the /fed page shows.
 */
function compareTable(v: FedWatchView): string {
  const rows = meetingCompare(v).flatMap((c) =>
    c.lines.map((l, i) => [
      i === 0 ? c.meeting : '',
      l.label,
      compareValue(l.key, l.now),
      ...v.earlier.map((e) => {
        const x = l.earlier.find((y) => y.label === e.label);
        return x && x.then !== null ? `${compareValue(l.key, x.then)} (${fmtChange(x.change, 1, l.changeUnit)})` : '—';
      }),
    ]),
  );
  return renderTable(
    ['meeting', 'odds', `now (${v.today.tradeDate})`, ...v.earlier.map((e) => `${e.label} ago (${e.tradeDate})`)],
    rows,
    ['left', 'left', 'right', ...v.earlier.map(() => 'right' as const)],
    // The month-ago column goes first when the terminal is narrow, then the week-ago one.
    { priority: [0, 0, 0, ...v.earlier.map((_, i) => i + 1)] },
  );
}

function readFuturesFile(path: string, date: IsoDate | undefined, notes: string[]): FuturesHistory {
  const problems: Error[] = [];
  const h = parseFedFundsFuturesCsv(readInputFile('--futures', path), path, date, problems);
  for (const p of problems) notes.push(`left out: ${p.message}`);
  return h;
}

/** `flowlens fed`: FedWatch odds at each meeting, the table vs earlier dates, and how the odds swung. */
export function registerFed(program: Command): void {
  program
    .command('fed')
    .description('market-implied odds of each target range at each FOMC meeting (CME FedWatch method on fed funds futures), their history and swings')
    .option('--futures <file>', 'fed funds futures from a CSV instead of the store (symbol,date,…,close,volume; Index,name,value,term; trade_date,contract,close; or contract,price with --date)')
    .option('--date <date>', 'trade date to price (default: the newest stored, not after --as-of)')
    .option('--meeting <date>', 'meeting whose odds history to chart (default: the next one)')
    .option('--swing <pp>', 'smallest move, and smallest reversal, counted as a swing, percentage points', '30')
    .option('--within <n>', 'the move happens within this many trade dates', '20')
    .option('--reversed-within <n>', 'and is reversed within this many trade dates', '20')
    .option('--events <file>', 'CSV date,label of speeches, minutes… to show next to the swings')
    .option('--calendar <file>', 'FOMC meetings from a CSV date,announced (decision day; the day it became public, or empty) instead of the built-in calendar')
    .option('--bill-spread <bp>', 'curve method: 3-month bill minus the expected policy rate, bp', '0')
    .option('--term-premium <bp>', 'curve method: 2-year yield minus the expected policy rate, bp', '0')
    .option('--as-of <date>', 'the picture as it stood on that date (point in time)')
    .option('--json', 'print the whole result as JSON')
    .addHelpText('after', '\nUses the stored fed funds futures (flowlens sync; ZQ contracts) and the short-rate-curve approximation (EFFR, 3-month bill, 2-year yield) only when no contract is fresh, and says so.')
    .action(async (opts: FedOptions) => {
      const asOf = parseAsOf(opts.asOf);
      const num = (flag: string, v: string | undefined, ok: (x: number) => boolean, what: string) => {
        const x = Number(v);
        // Number('') is 0: an empty value would pass as a spread of 0 bp.
        if (v === undefined || v.trim() === '' || !ok(x)) throw new FlowlensError(`${flag} must be ${what}, got "${v}"`);
        return x;
      };
      const minPts = num('--swing', opts.swing, (x) => x > 0 && x <= 100, 'between 0 and 100 percentage points');
      const within = num('--within', opts.within, (x) => Number.isInteger(x) && x >= 1 && x <= 500, 'a whole number of trade dates from 1 to 500');
      const reversedWithin = num('--reversed-within', opts.reversedWithin, (x) => Number.isInteger(x) && x >= 1 && x <= 500, 'a whole number of trade dates from 1 to 500');
      const billSpreadBp = num('--bill-spread', opts.billSpread, (x) => Math.abs(x) <= 500, 'a number of basis points from -500 to 500');
      const termPremiumBp = num('--term-premium', opts.termPremium, (x) => Math.abs(x) <= 500, 'a number of basis points from -500 to 500');
      for (const [flag, v] of [['--date', opts.date], ['--meeting', opts.meeting]] as const) if (v !== undefined && !isIsoDate(v)) throw new FlowlensError(`${flag} must be a date YYYY-MM-DD, got "${v}"`);
      // A user's calendar replaces the built-in one (checked: sorted, no repeats, no skipped month).
      const meetings = opts.calendar !== undefined ? parseFomcCalendarCsv(readInputFile('--calendar', opts.calendar), opts.calendar) : FOMC_MEETINGS;
      if (opts.meeting !== undefined && !meetings.some((m) => m.date === opts.meeting)) throw new FlowlensError(`--meeting ${opts.meeting} is not an FOMC decision day (next ones: ${meetings.filter((m) => m.date >= (opts.meeting ?? '')).slice(0, 3).map((m) => m.date).join(', ') || 'none in the calendar'})`);
      if (asOf && opts.date && opts.date > asOf) throw new FlowlensError(`--date ${opts.date} is after --as-of ${asOf}`);
      const date = opts.date as IsoDate | undefined;
      const events = opts.events !== undefined ? parseEventsCsv(readInputFile('--events', opts.events), opts.events) : [];
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const notes: string[] = [];
      const around = date ? toDay(date) : asOf ? toDay(asOf) : todayDay();
      const data = await loadForModel(opts.futures !== undefined ? [...FED_RATE_INPUTS] : fedInputIds(around), pit);
      let futures: FuturesHistory;
      if (opts.futures !== undefined) {
        futures = readFuturesFile(opts.futures, date, notes);
        if (date && !futures.has(date)) throw new FlowlensError(`${opts.futures} has no settlements on ${date}`);
        if (asOf) futures = new Map([...futures].filter(([d]) => d <= asOf));
        if (futures.size === 0) throw new FlowlensError(`${opts.futures} has no settlements${asOf ? ` up to ${asOf}` : ''}`);
      } else futures = futuresFromStore(data);
      const o = fedOverview(data, futures, {
        ...(date ? { date } : {}),
        ...(asOf ? { asOf } : {}),
        ...(opts.meeting ? { meeting: opts.meeting as IsoDate } : {}),
        swing: { minPts, within, reversedWithin },
        events,
        billSpreadBp,
        termPremiumBp,
        ...(opts.calendar !== undefined ? { meetings } : {}),
        absent: (id) => absentBrief(data, id),
      });
      const later = laterVintagesNote(pit, pit.laterVintages.length > 8);
      const flags = [...notes, ...(later ? [later] : [])];
      if (opts.json) {
        return printJson({ ...o.result, source: o.source, compare: o.view?.earlier ?? [], compareByMeeting: o.view ? meetingCompare(o.view) : [], historyMeeting: o.historyMeeting ?? null, oddsOf: o.oddsOf, history: o.history, swings: o.swings, swingRule: o.swingRule, events, flags });
      }
      const r = o.result;
      const out: string[] = [];
      out.push(pc.bold(`Fed path on ${r.tradeDate}: target ${fmtNumber(r.currentRange[0], 2)}–${fmtNumber(r.currentRange[1], 2)}%`));
      out.push(pc.dim(`method: ${r.method}; ${o.source}`));
      if (o.view) out.push('', 'FedWatch: probability of each target range (bp) after each meeting', fedWatchTableText(o.view.today), '', ...comparisonLines(o));
      out.push('', oddsTable(r));
      if (o.view) out.push('', "Vs 1 day, 1 week, 1 month ago: each meeting's odds then (change since: pp; bp for the expected rate); a P(cut/hold/hike) at 0.0% on every date is left out", compareTable(o.view));
      if (o.history.length > 1 && o.historyMeeting) {
        const s = seriesFrom('PCUT', o.history.map((h) => h.tradeDate), o.history.map((h) => h[o.oddsOf]), { unit: '%' });
        const last = o.history[o.history.length - 1];
        // Against one range (the one in force on the last trade date), so a decision on the way does not move the reading.
        const ref = last ? `${fmtRange(last.reference)}, the range on ${last.tradeDate}` : 'the range in force';
        out.push('', `P(range after the ${o.historyMeeting} meeting ${o.oddsOf === 'cut' ? 'below' : 'above'} ${ref}), by trade date`, terminalChart(s, { height: 8 }));
        out.push(
          o.swings.length
            ? `${o.swings.length} swing${o.swings.length > 1 ? 's' : ''} of ≥ ${minPts} pp within ${within} trade dates, reversed within ${reversedWithin}:\n${o.swings
                .map((w) => `  ${fmtNumber(w.fromPct, 0)}% → ${fmtNumber(w.turnPct, 0)}% → ${fmtNumber(w.backPct, 0)}% (${w.from} → ${w.turn} → ${w.back})${w.near.length ? `; near ${w.near.map((e) => `${e.date} ${e.label}`).join(', ')}` : ''}`)
                .join('\n')}`
            : `no swing of ≥ ${minPts} pp (reversed within ${reversedWithin} trade dates) in the ${o.history.length} trade dates shown`,
        );
      }
      for (const n of [...r.notes, ...flags]) out.push(pc.yellow(`! ${n}`));
      writeOut(`${out.join('\n')}\n`);
    });
}
