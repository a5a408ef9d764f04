import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { readInputFile } from './inputFile.ts';
import { curveFedPathWithHistory, curveLastDay, at, rangeOn } from '../app/fedCurve.ts';
import { fedWatch, oddsHistory, oddsSwings, type FedPathResult, type OddsPoint } from '../models/fedpath.ts';
import { FOMC_MEETINGS } from '../series/calendars/fomc.ts';
import { isIsoDate, toDay, toIso } from '../series/dates.ts';
import { seriesFrom } from '../series/series.ts';
import type { IsoDate } from '../series/types.ts';
import { parseFedFundsFuturesCsv } from '../sources/fedFutures.ts';
import { terminalChart } from '../views/chart.ts';
import { fmtNumber } from '../views/format.ts';
import { loadForModel, parseAsOf, required, laterVintagesNote, type PointInTime } from './data.ts';
import { printJson, renderTable } from './output.ts';

interface FedOptions {
  billSpread?: string;
  termPremium?: string;
  futures?: string;
  date?: string;
  meeting?: string;
  swing?: string;
  asOf?: string;
  json?: boolean;
}

function oddsTable(r: FedPathResult): string {
  return renderTable(
    ['meeting', 'cut', 'hold', 'hike', 'exp. move', 'EFFR after', 'below today', 'most likely range'],
    r.meetings.map((m) => {
      const top = Object.entries(m.ranges).sort((a, b) => b[1] - a[1])[0];
      return [
        m.meeting,
        `${fmtNumber(m.cut, 1)}%`,
        `${fmtNumber(m.hold, 1)}%`,
        `${fmtNumber(m.hike, 1)}%`,
        `${m.expectedMoveBp >= 0 ? '+' : ''}${fmtNumber(m.expectedMoveBp, 1)} bp`,
        `${fmtNumber(m.effrPost, 3)}%`,
        `${fmtNumber(m.belowToday, 1)}%`,
        top ? `${top[0]}–${fmtNumber(Number(top[0]) + 0.25, 2)} (${fmtNumber(top[1], 0)}%)` : '—',
      ];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** `flowlens fed`: rate-cut odds at each meeting and how they swung. */
export function registerFed(program: Command): void {
  program
    .command('fed')
    .description('market-implied odds of a cut, hold or hike at each FOMC meeting, the implied rate path, and the swings in those odds')
    .option('--futures <file>', 'fed funds futures settlements (CSV: symbol,date,…,close or contract,price) for the CME FedWatch method')
    .option('--date <date>', 'trade date to price (default: the newest in the futures file, or in the store)')
    .option('--meeting <date>', 'meeting whose odds history to chart (default: the next one)')
    .option('--swing <pp>', 'smallest reversal of the odds counted as a swing, percentage points', '30')
    .option('--bill-spread <bp>', 'curve method: 3-month bill minus the expected policy rate, bp', '0')
    .option('--term-premium <bp>', 'curve method: 2-year yield minus the expected policy rate, bp', '0')
    .option('--as-of <date>', 'the picture as it stood on that date (point in time)')
    .option('--json', 'print the whole result as JSON')
    .addHelpText('after', '\nWithout --futures the path comes from the short-rate curve (EFFR, 3-month bill, 2-year yield): an approximation, labelled as such.')
    .action(async (opts: FedOptions) => {
      const asOf = parseAsOf(opts.asOf);
      const swingPts = Number(opts.swing);
      const billSpreadBp = Number(opts.billSpread);
      const termPremiumBp = Number(opts.termPremium);
      if (!(Math.abs(billSpreadBp) <= 500) || !(Math.abs(termPremiumBp) <= 500)) throw new FlowlensError(`--bill-spread and --term-premium must be numbers of basis points from -500 to 500, got "${opts.billSpread}" and "${opts.termPremium}"`);
      if (!(swingPts > 0 && swingPts <= 100)) throw new FlowlensError(`--swing must be between 0 and 100 percentage points, got "${opts.swing}"`);
      for (const [flag, v] of [['--date', opts.date], ['--meeting', opts.meeting]] as const) if (v !== undefined && !isIsoDate(v)) throw new FlowlensError(`${flag} must be a date YYYY-MM-DD, got "${v}"`);
      if (opts.meeting !== undefined && !FOMC_MEETINGS.some((m) => m.date === opts.meeting)) throw new FlowlensError(`--meeting ${opts.meeting} is not an FOMC decision day (next ones: ${FOMC_MEETINGS.filter((m) => m.date >= (opts.meeting ?? '')).slice(0, 3).map((m) => m.date).join(', ') || 'none in the calendar'})`);
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const data = await loadForModel(['EFFR', 'DFEDTARL', 'DFEDTARU', 'DTB3', 'DGS2'], pit);
      const effrS = required(data, 'EFFR', 'the effective fed funds rate');
      const lower = data.get('DFEDTARL');
      const upper = data.get('DFEDTARU');
      let result: FedPathResult;
      let history: OddsPoint[] = [];
      let historyMeeting: IsoDate | undefined;
      if (opts.futures) {
        const text = readInputFile('--futures', opts.futures);
        const futures = parseFedFundsFuturesCsv(text, opts.futures, opts.date as IsoDate | undefined);
        const dates = [...futures.keys()].filter((d) => !asOf || d <= asOf).sort();
        const tradeDate = (opts.date as IsoDate | undefined) ?? dates[dates.length - 1];
        if (!tradeDate || !futures.has(tradeDate)) throw new FlowlensError(`${opts.futures} has no settlements on ${tradeDate ?? 'any date'}${asOf ? ` up to ${asOf}` : ''}`);
        const day = toDay(tradeDate);
        const effr = at(effrS, day);
        const range = rangeOn(lower, upper, effr, day);
        if (effr === undefined || !range) throw new FlowlensError(`no EFFR within 10 days before ${tradeDate}: sync EFFR`);
        result = fedWatch({ tradeDate, quotes: futures.get(tradeDate) ?? [], range, effr, meetings: FOMC_MEETINGS });
        historyMeeting = (opts.meeting as IsoDate | undefined) ?? result.meetings[0]?.meeting;
        if (historyMeeting) {
          history = oddsHistory(
            futures,
            historyMeeting,
            FOMC_MEETINGS,
            (d) => rangeOn(lower, upper, at(effrS, toDay(d)), toDay(d)),
            (d) => at(effrS, toDay(d)),
            toIso(toDay(historyMeeting) - 180),
          ).filter((p) => p.tradeDate <= tradeDate);
        }
      } else {
        const c = curveFedPathWithHistory(data, opts.date ? toDay(opts.date) : curveLastDay(data), {
          ...(opts.meeting ? { meeting: opts.meeting as IsoDate } : {}),
          billSpreadBp,
          termPremiumBp,
        });
        result = c.result;
        history = c.history;
        historyMeeting = c.meeting;
      }
      const swings = oddsSwings(history, swingPts);
      const later = laterVintagesNote(pit);
      const flags = later ? [later] : [];
      if (opts.json) return printJson({ ...result, historyMeeting: historyMeeting ?? null, history, swings, swingThresholdPts: swingPts, flags });
      const out: string[] = [];
      out.push(pc.bold(`Fed path on ${result.tradeDate}: target ${fmtNumber(result.currentRange[0], 2)}–${fmtNumber(result.currentRange[1], 2)}%, EFFR ${fmtNumber(result.effr, 2)}%`));
      out.push(pc.dim(`method: ${result.method}`));
      out.push(oddsTable(result));
      if (history.length > 1 && historyMeeting) {
        const s = seriesFrom('PCUT', history.map((h) => h.tradeDate), history.map((h) => h.cut), { unit: '%' });
        out.push('', `P(cut) at the ${historyMeeting} meeting, by trade date`, terminalChart(s, { height: 8 }));
        out.push(
          swings.length
            ? `${swings.length} swing${swings.length > 1 ? 's' : ''} of ≥ ${swingPts} pp: ${swings.map((w) => `${fmtNumber(w.fromPct, 0)}% → ${fmtNumber(w.toPct, 0)}% (${w.from} → ${w.to})`).join('; ')}`
            : `no swing of ≥ ${swingPts} pp in the ${history.length} trade dates shown`,
        );
      }
      for (const n of [...result.notes, ...flags]) out.push(pc.yellow(`! ${n}`));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
