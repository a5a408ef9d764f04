import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import { catalogEntry } from '../series/catalog.ts';
import { isIsoDate, toDay } from '../series/dates.ts';
import { usuallyKnownOn } from '../series/release.ts';
import { metaOf } from '../series/series.ts';
import type { EarningsCalendar } from '../series/earningsCalendar.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { Store } from '../store/store.ts';

/** How a read for an analysis command treats `--as-of`. */
export interface PointInTime {
  /** The as-of date, or undefined for "latest". */
  readonly asOf?: IsoDate;
  /** Series whose values are later retrievals because the store holds no vintage from before the as-of date. */
  readonly laterVintages: string[];
}

/**
 * The line a view prints when `--as-of` had to use later retrievals (see readForModel), or
 * undefined: which series, and that each observation counts from its usual release date.
 * `count` names how many series instead of listing them (the report's long input list).
 */
export function laterVintagesNote(pit: PointInTime, count = false): string | undefined {
  if (pit.laterVintages.length === 0) return undefined;
  const which = count ? `${pit.laterVintages.length} series` : pit.laterVintages.join(', ');
  return `no vintage from before ${pit.asOf} for ${which}: later retrievals used, each observation from its usual release date`;
}

/** Validates `--as-of` for analysis commands (a date). */
export function parseAsOf(value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new FlowlensError(`--as-of must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Why a read returned no series for an id it was asked for. */
export interface AbsentSeries {
  /** Whether the store holds the series at all. */
  readonly stored: boolean;
  /** Its first date with a value (the store's latest values), when stored. */
  readonly firstDate: IsoDate | null;
}

/**
 * The series of one read for a model (readForModel), keyed by catalog id, with why each id asked
 * for and not returned is absent: not in the store, or stored but with nothing on or before the
 * as-of date — so `required` can say which.
 */
export class ModelData extends Map<string, Series> {
  private calendar: { value: EarningsCalendar | undefined } | undefined;

  constructor(
    readonly asOf: IsoDate | undefined,
    readonly absent: ReadonlyMap<string, AbsentSeries>,
    /** Reads the store's S&P 500 earnings calendar (Store.earningsCalendar), on first use. */
    private readonly readCalendar: () => EarningsCalendar | undefined = () => undefined,
  ) {
    super();
  }

  /**
   * The S&P 500 earnings calendar of the store this was read from (the buyback window's input),
   * undefined when none was imported; read once, on first call (a damaged file: its one-line error).
   */
  earningsCalendar(): EarningsCalendar | undefined {
    this.calendar ??= { value: this.readCalendar() };
    return this.calendar.value;
  }
}

/** The stored earnings calendar of a read (ModelData.earningsCalendar), or undefined for any other map of series. */
export function storedEarningsCalendar(data: ReadonlyMap<string, Series>): EarningsCalendar | undefined {
  return data instanceof ModelData ? data.earningsCalendar() : undefined;
}

/**
 * Reads catalog series for a model. With an as-of date, only observations dated on or before it,
 * as the store knew them then when it holds a retrieval from before that date; otherwise the
 * values retrieved later are used — only those usually published by the as-of date (the end of
 * their period plus the usual release lag, usuallyKnownOn) — and the series is listed in
 * `pit.laterVintages`, so the view can say so. Series never synced come back undefined; for
 * each id not returned, `absent` says whether the store holds it and from which date (the
 * store's own record of each series, storedSpans: no extra read).
 */
export async function readForModel(store: Store, ids: readonly string[], pit: PointInTime): Promise<ModelData> {
  const entries = ids.map((id) => catalogEntry(id));
  const wanted = entries.map((e) => e.id);
  const known = await store.readManyArrays(wanted, pit.asOf ? { to: pit.asOf, asOf: pit.asOf } : {});
  const missing = wanted.filter((id) => !known.has(id));
  const later = pit.asOf && missing.length ? await store.readManyArrays(missing, { to: pit.asOf }) : new Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>();
  if (pit.asOf) {
    // Without a vintage, an annual income dated 2022-01-01 was not known on 2022-06-30: keep only
    // what was usually published by then.
    const asOfDay = toDay(pit.asOf);
    for (const [id, a] of later) {
      const f = catalogEntry(id).frequency;
      let n = a.dates.length;
      while (n > 0 && usuallyKnownOn(a.dates[n - 1] as number, f, id) > asOfDay) n--;
      if (n < a.dates.length) later.set(id, { ...a, dates: a.dates.subarray(0, n), values: a.values.subarray(0, n) });
    }
  }
  for (const id of later.keys()) pit.laterVintages.push(id);
  const series: [string, Series][] = [];
  for (const e of entries) {
    const a = known.get(e.id) ?? later.get(e.id);
    if (a && a.dates.length > 0) series.push([e.id, { ...metaOf(e), dates: a.dates, values: a.values, retrievedAt: new Date(a.retrievedMs).toISOString() }]);
  }
  const have = new Set(series.map(([id]) => id));
  const gone = [...new Set(wanted.filter((id) => !have.has(id)))];
  const spans = gone.length > 0 ? await store.storedSpans(gone) : new Map<string, { readonly firstDate: IsoDate | null }>();
  const out = new ModelData(pit.asOf, new Map(gone.map((id) => [id, { stored: spans.has(id), firstDate: spans.get(id)?.firstDate ?? null }])), () => store.earningsCalendar());
  for (const [id, s] of series) out.set(id, s);
  return out;
}

/** Opens the store read-only under FLOWLENS_HOME, reads `ids` for a model (see readForModel), closes it. */
export async function loadForModel(ids: readonly string[], pit: PointInTime): Promise<ModelData> {
  // Imported here, not at the top: a command's --help should not load DuckDB.
  const { openStore } = await import('../store/parquetStore.ts');
  const store = await openStore({ home: flowlensHome(), mode: 'read' });
  try {
    return await readForModel(store, ids, pit);
  } finally {
    await store.close();
  }
}

/** Why an id asked for is not in a read (readForModel): its store record and the as-of date. */
type Absence =
  | { readonly kind: 'not stored' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'starts later' | 'published later'; readonly asOf: IsoDate; readonly firstDate: IsoDate }
  | { readonly kind: 'unread'; readonly firstDate: IsoDate };

function absenceOf(series: ReadonlyMap<string, Series>, id: string): Absence {
  const a = series instanceof ModelData ? series.absent.get(id) : undefined;
  if (!a?.stored) return { kind: 'not stored' };
  if (a.firstDate === null) return { kind: 'empty' };
  const asOf = (series as ModelData).asOf;
  if (asOf) return { kind: a.firstDate > asOf ? 'starts later' : 'published later', asOf, firstDate: a.firstDate };
  return { kind: 'unread', firstDate: a.firstDate };
}

/**
 * Why `id` is not in a read, as one phrase with `why` (what it is needed for): not in the store
 * (with how to sync it); stored but with no observation on or before the as-of date (and where it
 * starts); stored with values on or before it none of which was usually published by then; or
 * stored without a value. A map that is not a readForModel result can only say "not in the store".
 */
export function absentReason(series: ReadonlyMap<string, Series>, id: string, why: string): string {
  const a = absenceOf(series, id);
  const sync = `run \`flowlens sync --only ${id}\` or \`flowlens sync --from DIR\``;
  switch (a.kind) {
    case 'not stored':
      return `${id} is not in the store (${why}); ${sync}`;
    case 'empty':
      return `${id} is in the store but holds no value (${why}); ${sync}`;
    case 'starts later':
      return `${id} has no observation on or before ${a.asOf} (${why}; ${id} starts ${a.firstDate})`;
    case 'published later':
      return `${id} has no observation known on ${a.asOf} (${why}; ${id} starts ${a.firstDate}, and its first values were usually published after ${a.asOf})`;
    case 'unread':
      return `${id} could not be read (${why}; ${id} starts ${a.firstDate}); ${sync}`;
  }
}

/**
 * absentReason in a few words, for a list of what a view left out: "not in the store",
 * "none by 1995-01-01 (starts 2004-11-18)", "none known on DATE (starts …)", "no value",
 * "not readable".
 */
export function absentBrief(series: ReadonlyMap<string, Series>, id: string): string {
  const a = absenceOf(series, id);
  switch (a.kind) {
    case 'not stored':
      return 'not in the store';
    case 'empty':
      return 'no value';
    case 'starts later':
      return `none by ${a.asOf} (starts ${a.firstDate})`;
    case 'published later':
      return `none known on ${a.asOf} (starts ${a.firstDate})`;
    case 'unread':
      return 'not readable';
  }
}

/** The series `id` from a read, or an error saying why it is absent (absentReason) and what to do. */
export function required(series: ReadonlyMap<string, Series>, id: string, why: string): Series {
  const s = series.get(id);
  if (!s) throw new FlowlensError(absentReason(series, id, why));
  return s;
}
