import type { Assumption } from '../models/assumptions.ts';
import type { Report } from '../models/buyback.ts';
import { previousQuarterEnd } from '../series/calendars/quarters.ts';
import { toIso } from '../series/dates.ts';
import { calendarCompanies, coveredSeasons, type EarningsCalendar } from '../series/earningsCalendar.ts';
import type { EarningsDate } from '../sources/formats/earningsDates.ts';
import type { ClaimReportDates } from '../theses/claims.ts';
import { toDay } from '../series/dates.ts';

/** Company report dates given on the command line (`flows --earnings`, `--earnings-dates` with `--weights`). */
export interface BuybackFlags {
  readonly reports: readonly EarningsDate[];
  /** The file(s), as the note names them. */
  readonly source: string;
  /** Lines about what did not join (tickers without weight or dates, second reports dropped). */
  readonly notes?: readonly string[];
}

/** The buyback window's report dates as of a date and where they come from. */
export interface BuybackInput {
  /** Company reports with their cap weights (the seasonal model fills the rest), or undefined: the seasonal model alone. */
  readonly reports?: readonly Report[];
  readonly from: 'flags' | 'stored calendar' | 'seasonal model';
  /** One line: where the window comes from (for notes and provenance). */
  readonly note: string;
  /** Further lines (what did not join). */
  readonly notes: readonly string[];
}

/** Blackout days before a report the coverage check allows for (the model's default, buyback.ts). */
const BEFORE_DEFAULT = 42;
const AFTER_DEFAULT = 2;

/**
 * Whether the calendar speaks for the buyback window on `asOfDay`: the blackout that day depends
 * on reports from `after` days before to `before` days after it, so the calendar is used when the
 * seasons of those reports (the quarter ends before asOfDay − after and before asOfDay + before)
 * reach into the seasons it covers (coveredSeasons: at least half of the index's cap reporting).
 */
export function calendarCovers(cal: EarningsCalendar, asOfDay: number, before = BEFORE_DEFAULT, after = AFTER_DEFAULT): boolean {
  const span = coveredSeasons(cal.reports);
  if (!span) return false;
  return toIso(previousQuarterEnd(asOfDay + before)) >= span.first && toIso(previousQuarterEnd(asOfDay - after)) <= span.last;
}

/**
 * The buyback window's input as of `asOfDay`, resolved: report dates given as flags, else the
 * S&P 500 earnings calendar stored by `sync --from` when it covers the date (calendarCovers),
 * else the seasonal model. Point in time: the calendar's report dates after the as-of date are
 * used as scheduled — companies announce them weeks ahead, and the window needs the next six
 * weeks' reports — and the note says so; its index weights are one snapshot, used for every date.
 */
export function resolveBuybackInput(asOfDay: number, opts: { readonly flags?: BuybackFlags; readonly calendar?: EarningsCalendar; readonly blackoutBefore?: number } = {}): BuybackInput {
  const { flags, calendar } = opts;
  if (flags) {
    return {
      reports: flags.reports.map((e) => ({ date: e.date, weight: e.weight })),
      from: 'flags',
      note: `buyback window from ${flags.reports.length} company earnings dates in ${flags.source} (${new Set(flags.reports.map((e) => e.ticker)).size} companies); the rest of the index from the seasonal model`,
      notes: flags.notes ?? [],
    };
  }
  const asOf = toIso(asOfDay);
  if (calendar) {
    const span = coveredSeasons(calendar.reports);
    const seasons = span ? `results to ${span.first} … ${span.last}` : 'no season with most of the index';
    if (calendarCovers(calendar, asOfDay, opts.blackoutBefore ?? BEFORE_DEFAULT)) {
      const s = calendar.sources;
      return {
        reports: calendar.reports.map((r) => ({ date: r.date, weight: r.weight })),
        from: 'stored calendar',
        note:
          `buyback window from ${calendar.reports.length.toLocaleString('en-US')} company earnings dates imported ${calendar.importedAt.slice(0, 10)} from ${s.dates.file} with weights from ${s.weights.file} (${calendarCompanies(calendar)} companies; one weight snapshot for every date); ` +
          `the rest of the index, and seasons outside the calendar's (${seasons}), from the seasonal model; report dates after ${asOf} as scheduled in the calendar (companies announce them weeks ahead)`,
        notes: [],
      };
    }
    return { from: 'seasonal model', note: `buyback window from the seasonal model: the stored S&P 500 earnings calendar (${seasons}) does not cover ${asOf}`, notes: [] };
  }
  return { from: 'seasonal model', note: 'buyback window from the seasonal model (no S&P 500 earnings calendar in the store: `flowlens sync --from DIR` imports it; or give --earnings FILE, or --earnings-dates FILE --weights FILE)', notes: [] };
}

/** The input as an assumption of the buyback window, for the views' "assuming" lists: its source is the provenance line. */
export function reportDatesAssumption(input: BuybackInput): Assumption {
  return {
    name: 'reportDates',
    value: input.from,
    default: 'stored calendar, else the seasonal model',
    description: 'where the company report dates of the buyback window come from: flags (flows --earnings, --earnings-dates with --weights), the S&P 500 calendar `flowlens sync --from DIR` stored, or the seasonal model (docs/MODELS.md)',
    source: input.note,
  };
}

/**
 * The stored S&P 500 earnings calendar as the company report dates of the buyback-window claim's
 * check on real dates (theses/claims.ts buybackDemand), or undefined without a calendar or a
 * covered season. Point in time as for the window: the claim uses the dates up to the as-of
 * date's close and the reports of the six weeks after it, as scheduled; one weight snapshot.
 */
export function claimReportDates(calendar: EarningsCalendar | undefined): ClaimReportDates | undefined {
  const seasons = calendar ? coveredSeasons(calendar.reports) : undefined;
  if (!calendar || !seasons) return undefined;
  return {
    reports: calendar.reports.map((r) => ({ day: toDay(r.date), weight: r.weight })),
    seasons,
    // No dates after the as-of date in the line (the import day, the last season): the claim's
    // rule names the days it measured instead.
    source: `${calendar.reports.length.toLocaleString('en-US')} company earnings dates of the stored S&P 500 calendar, ${calendar.sources.dates.file} with weights from ${calendar.sources.weights.file}; one weight snapshot for every date; each day's reports of the next six weeks as scheduled`,
  };
}
