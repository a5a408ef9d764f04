import { DataFormatError, FetchError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, IsoDate, Point } from '../series/types.ts';
import { parseDateCell } from './formats/index.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

/** SEC EDGAR's JSON API host (data.sec.gov; keyless, at most 10 requests a second, a User-Agent with a contact). */
export const SEC_BASE_URL = 'https://data.sec.gov';

/** What a catalog series measures in a company's XBRL facts. */
export type SecMeasure = 'capex' | 'revenue';

/**
 * Revenue concepts in priority order, per fiscal year: `Revenues` (Alphabet, Meta),
 * `RevenueFromContractWithCustomerExcludingAssessedTax` (ASC 606, fiscal 2018 on: Apple,
 * Amazon, Microsoft), `SalesRevenueNet` (before ASC 606). The first concept holding a year wins.
 */
export const REVENUE_CONCEPTS: readonly string[] = ['Revenues', 'RevenueFromContractWithCustomerExcludingAssessedTax', 'SalesRevenueNet'];

/**
 * Capital expenditure concepts per company (CIK), in priority order; the default is
 * `PaymentsToAcquirePropertyPlantAndEquipment` ("purchases of / additions to property and
 * equipment": Apple, Alphabet, Meta, Microsoft). Amazon tags its cash-flow line "Purchases of
 * property and equipment" (gross, before proceeds from sales and incentives) as
 * `PaymentsToAcquireProductiveAssets`; the PP&E concept covers years it did not.
 */
export const CAPEX_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  '0001018724': ['PaymentsToAcquireProductiveAssets', 'PaymentsToAcquirePropertyPlantAndEquipment'],
};
const DEFAULT_CAPEX: readonly string[] = ['PaymentsToAcquirePropertyPlantAndEquipment'];

/** The XBRL concepts, in priority order, of one measure of one company. */
export function secConcepts(cik: string, measure: SecMeasure): readonly string[] {
  return measure === 'revenue' ? REVENUE_CONCEPTS : (CAPEX_CONCEPTS[cik] ?? DEFAULT_CAPEX);
}

/** Step 1: the company facts URL of a 10-digit CIK. */
export function secUrl(cik: string, baseUrl = SEC_BASE_URL): string {
  return `${baseUrl}/api/xbrl/companyfacts/CIK${cik}.json`;
}

/**
 * The CIK (the catalog key, 10 digits) and the measure (from the id: `CAPEX_<T>` or
 * `REVENUE_<T>`) of a SEC catalog entry.
 */
export function parseSecEntry(entry: Pick<CatalogEntry, 'id' | 'key'>): { cik: string; measure: SecMeasure } {
  if (!/^\d{10}$/.test(entry.key)) throw new DataFormatError(entry.id, `SEC key must be a 10-digit CIK, got ${JSON.stringify(entry.key)}`);
  const measure = entry.id.startsWith('CAPEX_') ? 'capex' : entry.id.startsWith('REVENUE_') ? 'revenue' : undefined;
  if (!measure) throw new DataFormatError(entry.id, 'SEC series ids must start with CAPEX_ or REVENUE_');
  return { cik: entry.key, measure };
}

/** One reported value of a duration concept, as companyfacts lists it under `units.USD`. */
export interface SecFact {
  readonly start: IsoDate | undefined;
  readonly end: IsoDate;
  readonly val: number;
  readonly fy: number | undefined;
  readonly fp: string | undefined;
  readonly form: string;
  readonly filed: IsoDate;
}

/** The `us-gaap` facts of a companyfacts response, by concept. */
export type SecFacts = ReadonlyMap<string, readonly SecFact[]>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function dateField(raw: unknown, path: string, origin: string): IsoDate {
  const d = typeof raw === 'string' ? parseDateCell(raw) : undefined;
  if (!d || raw !== d) throw new DataFormatError(origin, `${path}: expected a YYYY-MM-DD date, got ${JSON.stringify(raw)}`);
  return d;
}

/**
 * Step 2: the USD facts of the `us-gaap` concepts in `concepts` (others are left unread, a
 * large company lists hundreds). Throws DataFormatError naming the field (`facts.us-gaap.X.units.USD[3].val`)
 * when the response is not companyfacts JSON or a fact lacks a field flowlens reads.
 */
export function extractSecFacts(json: unknown, concepts: readonly string[], origin: string): SecFacts {
  if (!isObject(json) || !isObject(json.facts)) throw new DataFormatError(origin, 'facts: missing (not an SEC companyfacts response)');
  const gaap = json.facts['us-gaap'];
  if (!isObject(gaap)) throw new DataFormatError(origin, 'facts.us-gaap: missing (the company files no US GAAP XBRL facts)');
  const out = new Map<string, SecFact[]>();
  for (const concept of concepts) {
    const c = gaap[concept];
    if (c === undefined) continue;
    const base = `facts.us-gaap.${concept}`;
    if (!isObject(c) || !isObject(c.units)) throw new DataFormatError(origin, `${base}.units: missing`);
    const usd = c.units.USD;
    if (usd === undefined) continue;
    if (!Array.isArray(usd)) throw new DataFormatError(origin, `${base}.units.USD: expected an array of facts`);
    out.set(
      concept,
      usd.map((f: unknown, i: number): SecFact => {
        const at = `${base}.units.USD[${i}]`;
        if (!isObject(f)) throw new DataFormatError(origin, `${at}: not an object`);
        if (typeof f.val !== 'number' || !Number.isFinite(f.val)) throw new DataFormatError(origin, `${at}.val: expected a number, got ${JSON.stringify(f.val)}`);
        if (typeof f.form !== 'string') throw new DataFormatError(origin, `${at}.form: expected a form type such as "10-K", got ${JSON.stringify(f.form)}`);
        return {
          start: f.start === undefined ? undefined : dateField(f.start, `${at}.start`, origin),
          end: dateField(f.end, `${at}.end`, origin),
          val: f.val,
          fy: typeof f.fy === 'number' ? f.fy : undefined,
          fp: typeof f.fp === 'string' ? f.fp : undefined,
          form: f.form,
          filed: dateField(f.filed, `${at}.filed`, origin),
        };
      }),
    );
  }
  return out;
}

const DAY_MS = 86_400_000;

/** True for a full fiscal year from an annual report: form 10-K (or 10-K/A), fp FY, 350–380 days long. */
export function isFullFiscalYear(f: SecFact): boolean {
  if ((f.form !== '10-K' && f.form !== '10-K/A') || f.fp !== 'FY' || f.start === undefined) return false;
  const days = (Date.parse(f.end) - Date.parse(f.start)) / DAY_MS;
  return days >= 350 && days <= 380;
}

/** Fiscal-year values dated at the fiscal-year end, in USD bn, with each filing's revisions as vintages. */
export type SecAnnual = Pick<FetchedSeries, 'points' | 'vintages'>;

/**
 * Step 3: full fiscal years of the first concept (in `concepts` order) that reports each year,
 * in USD bn, dated at the fiscal-year end. When several filings report a year (each 10-K repeats
 * the two years before it), the latest `filed` wins; a value that changed between filings (a
 * restatement) is kept as a vintage dated at the filing, so the store records it as a revision.
 */
export function secAnnualPoints(facts: SecFacts, concepts: readonly string[]): SecAnnual {
  const chosen = new Map<IsoDate, SecFact[]>();
  for (const concept of concepts) {
    const byEnd = new Map<IsoDate, SecFact[]>();
    for (const f of facts.get(concept) ?? []) if (isFullFiscalYear(f)) byEnd.set(f.end, [...(byEnd.get(f.end) ?? []), f]);
    for (const [end, list] of byEnd) if (!chosen.has(end)) chosen.set(end, list);
  }
  const points: Point[] = [];
  const byFiled = new Map<IsoDate, Point[]>();
  for (const [date, list] of [...chosen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Stable sort: among facts filed the same day, the last listed wins.
    const sorted = [...list].sort((a, b) => (a.filed < b.filed ? -1 : a.filed > b.filed ? 1 : 0));
    let previous: number | undefined;
    for (const f of sorted) {
      const value = f.val / 1e9;
      if (value !== previous) byFiled.set(f.filed, [...(byFiled.get(f.filed) ?? []), { date, value }]);
      previous = value;
    }
    points.push({ date, value: previous as number });
  }
  const vintages = [...byFiled].sort(([a], [b]) => (a < b ? -1 : 1)).map(([realtimeStart, pts]) => ({ realtimeStart, points: pts }));
  return { points, vintages };
}

/** Options of the SEC adapter. */
export interface SecOptions {
  /** Default https://data.sec.gov */
  readonly baseUrl?: string;
  readonly http?: HttpClient;
}

/** What to set when SEC refuses a request (it does so without a contact in the User-Agent). */
const UA_HINT = "SEC refuses requests whose User-Agent lacks a contact: set FLOWLENS_SEC_USER_AGENT='Your Name you@example.com'";

/**
 * SEC EDGAR XBRL company facts (keyless): capital expenditure and revenue by fiscal year from
 * the companies' own 10-K filings. One companyfacts download per company serves both of its
 * series (fetched once per adapter instance, i.e. per sync).
 */
export function createSecSource(opts: SecOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2, timeoutMs: 60_000 });
  const cache = new Map<string, Promise<unknown>>();
  return {
    name: 'sec',
    concurrency: 2,
    description: 'SEC EDGAR XBRL company facts (keyless; User-Agent with a contact)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      const { cik, measure } = parseSecEntry(entry);
      const url = secUrl(cik, opts.baseUrl);
      let json = cache.get(url);
      if (!json) {
        json = http.json(url, signal).catch((err: unknown) => {
          cache.delete(url); // a failed download is not kept: the company's other series tries again
          throw err instanceof FetchError && err.status === 403 ? new FetchError(err.url, `${err.message.replace(`${err.url}: `, '')} — ${UA_HINT}`, 403) : err;
        });
        cache.set(url, json);
      }
      const concepts = secConcepts(cik, measure);
      const annual = secAnnualPoints(extractSecFacts(await json, concepts, url), concepts);
      if (annual.points.length === 0) throw new DataFormatError(url, `no full fiscal year (10-K, FY) of ${concepts.join(' / ')} in USD`);
      return { seriesId: entry.id, ...annual, origin: url };
    },
  };
}
