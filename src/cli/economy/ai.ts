import pc from 'picocolors';
import { NotEnoughDataError } from '../../core/errors.ts';
import { readInputFile } from '../inputFile.ts';
import { aiCapexModel, hyperscalerByYear, parseHyperscalerCsv, type AiCapexResult, type HyperscalerRow, type HyperscalerYear } from '../../models/aicapex.ts';
import { dayOf, toIso } from '../../series/dates.ts';
import { lastValid } from '../../series/series.ts';
import type { IsoDate, Series } from '../../series/types.ts';
import { capexVsGdp, type CapexVsGdp } from '../../theses/economyClaims.ts';
import { fmtNumber } from '../../views/format.ts';
import type { PointInTime } from '../data.ts';
import { renderTable } from '../output.ts';
import { assumptionsLine, chartBlock, chartSeries, inputsLine, isoRows, loadInputs, missingLine, signed, type EconomyOptions, type Topic } from './common.ts';

/** The five hyperscalers whose capex and revenue flowlens follows. */
export const HYPERSCALER_TICKERS = ['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT'] as const;
/** BEA components of AI capex by label: nominal (USD bn SAAR) and real (chained USD bn SAAR) ids. */
const COMPONENTS = {
  informationProcessing: { nominal: 'Y034RC1Q027SBEA', real: 'Y034RX1Q020SBEA' },
  software: { nominal: 'B985RC1Q027SBEA', real: 'B985RX1Q020SBEA' },
} as const;
const GDP_IDS = ['GDP', 'GDPC1'];
/** Years of the hyperscaler table shown on the screen (all of them in `--json`). */
const TABLE_YEARS = 8;

/** Store ids of one company's annual capex and revenue (USD bn, dated at fiscal-year end). */
export function hyperscalerIds(ticker: string): { capex: string; revenue: string } {
  return { capex: `CAPEX_${ticker}`, revenue: `REVENUE_${ticker}` };
}

/**
 * Turns the store's annual `CAPEX_<T>` and `REVENUE_<T>` series (USD bn, dated at the fiscal-year
 * end) into HyperscalerRow (USD, as in the hyperscaler CSV) for each ticker with both series, one
 * row per fiscal-year end where both have a value. Ids not given are listed in `missing`.
 */
export function hyperscalerRowsFromSeries(series: ReadonlyMap<string, Series>, tickers: readonly string[] = HYPERSCALER_TICKERS): { rows: HyperscalerRow[]; missing: string[] } {
  const rows: HyperscalerRow[] = [];
  const missing: string[] = [];
  for (const t of tickers) {
    const ids = hyperscalerIds(t);
    const capex = series.get(ids.capex);
    const revenue = series.get(ids.revenue);
    if (!capex) missing.push(ids.capex);
    if (!revenue) missing.push(ids.revenue);
    if (!capex || !revenue) continue;
    const rev = new Map<number, number>();
    for (let i = 0; i < revenue.dates.length; i++) if (!Number.isNaN(revenue.values[i] as number)) rev.set(revenue.dates[i] as number, revenue.values[i] as number);
    for (let i = 0; i < capex.dates.length; i++) {
      const d = capex.dates[i] as number;
      const c = capex.values[i] as number;
      const r = rev.get(d);
      if (Number.isNaN(c) || r === undefined) continue;
      rows.push({ ticker: t, fyEnd: toIso(d), revenue: r * 1e9, capex: c * 1e9 });
    }
  }
  return { rows, missing };
}

/** Hyperscaler capex and revenue by calendar year, and where they came from. */
export interface HyperscalerData {
  readonly years: readonly HyperscalerYear[];
  /** The `--hyperscalers` file, `store`, or null when neither had any. */
  readonly source: string | null;
  /** Store ids not found (empty when a file was given). */
  readonly missing: readonly string[];
  /** Last fiscal-year end of each store series, or of the file. */
  readonly inputsAsOf: Readonly<Record<string, IsoDate>>;
}

/**
 * Hyperscaler capex and revenue: from `--hyperscalers FILE` (ticker,fy_end,revenue,capex in USD)
 * when given, else from the store's CAPEX_<T> / REVENUE_<T> series. With `--as-of`, fiscal years
 * ending after that date are left out of the file too (the store read is point in time already).
 */
export async function loadHyperscalers(opts: Pick<EconomyOptions, 'hyperscalers'>, pit: PointInTime): Promise<HyperscalerData> {
  if (opts.hyperscalers !== undefined) {
    const file = opts.hyperscalers;
    const rows = parseHyperscalerCsv(readInputFile('--hyperscalers', file), file).filter((r) => pit.asOf === undefined || r.fyEnd <= pit.asOf);
    const last = rows.reduce<IsoDate | undefined>((m, r) => (m === undefined || r.fyEnd > m ? r.fyEnd : m), undefined);
    return { years: hyperscalerByYear(rows), source: file, missing: [], inputsAsOf: last ? { [file]: last } : {} };
  }
  const ids = HYPERSCALER_TICKERS.flatMap((t) => Object.values(hyperscalerIds(t)));
  const { data } = await loadInputs(ids, pit);
  const { rows, missing } = hyperscalerRowsFromSeries(data);
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const [id, s] of data) inputsAsOf[id] = lastValid(s).date;
  return { years: hyperscalerByYear(rows), source: rows.length > 0 ? 'store' : null, missing, inputsAsOf };
}

/** The last year in which every company of the year before reported, or undefined. */
export function lastCompleteYear(years: readonly HyperscalerYear[]): HyperscalerYear | undefined {
  return [...years].reverse().find((y) => y.complete);
}

/**
 * `economy ai`: the contribution of AI capex (information processing equipment, software) to real
 * GDP growth by BEA's formula, and the hyperscalers' capex and capex/revenue by year. Inputs
 * missing from the store are named; the rest is shown.
 */
export const aiTopic: Topic = async (opts, pit) => {
  const compIds = Object.values(COMPONENTS).flatMap((c) => [c.nominal, c.real]);
  const { data, missing: notStored } = await loadInputs([...GDP_IDS, ...compIds], pit);
  let model: AiCapexResult | undefined;
  let modelError: string | undefined;
  try {
    const components = Object.fromEntries(Object.entries(COMPONENTS).map(([label, c]) => [label, { nominal: data.get(c.nominal), real: data.get(c.real) }]));
    model = aiCapexModel({ gdpNominal: data.get('GDP'), gdpReal: data.get('GDPC1'), components });
  } catch (err) {
    if (!(err instanceof NotEnoughDataError)) throw err;
    modelError = err.message;
  }
  const hyper = await loadHyperscalers(opts, pit);
  const missing = [...notStored, ...hyper.missing];
  const inputsAsOf: Record<string, IsoDate> = { ...(model?.inputsAsOf ?? {}) };
  for (const [id, s] of data) inputsAsOf[id] ??= lastValid(s).date;
  Object.assign(inputsAsOf, hyper.inputsAsOf);
  const gdp = data.get('GDP');
  const gdpReal = data.get('GDPC1');
  let vsGdp: CapexVsGdp | undefined;
  if (gdp && gdpReal && hyper.years.length > 0) {
    try {
      vsGdp = capexVsGdp(hyper.years, gdp, gdpReal);
    } catch (err) {
      if (!(err instanceof NotEnoughDataError)) throw err;
    }
  }
  const json = {
    contribution: model
      ? { latest: model.latest, shareLast2: model.shareLast2, shareLast4: model.shareLast4, series: isoRows(model.dates, { gdpGrowth: model.gdpGrowth, aiContribution: model.aiContribution, growthExAi: model.growthExAi, ...model.contributions }), assumptions: model.assumptions }
      : null,
    contributionUnavailable: modelError ?? null,
    hyperscalers: { source: hyper.source, years: hyper.years },
    capexVsNominalGdp: vsGdp ?? null,
    missing,
    inputsAsOf,
  };
  const out: string[] = [pc.bold('AI capex')];
  if (model) {
    const L = model.latest;
    out.push(`real GDP ${signed(L.gdpGrowth, 1)}% (annual rate) in the quarter of ${L.date}; AI capex contributed ${signed(L.aiContribution, 2)} pp, growth without it ${signed(L.growthExAi, 1)}%`);
    out.push(`share of growth explained by AI capex: last 2 quarters ${fmtNumber(model.shareLast2, 0)}%, last 4 quarters ${fmtNumber(model.shareLast4, 0)}%`);
  } else {
    out.push(pc.yellow(`! contribution to GDP growth not computed: ${modelError ?? ''}`));
    const q = data.get('GDPC1');
    if (q) out.push(`real GDP (GDPC1) ${fmtNumber(lastValid(q).value, 0)} bn chained 2017 USD, SAAR, in the quarter of ${lastValid(q).date}`);
  }
  const years = hyper.years;
  if (years.length > 0) {
    const first = years[0] as HyperscalerYear;
    out.push('', pc.bold(`Hyperscaler capex and revenue by calendar year of fiscal-year end (${(lastCompleteYear(years) ?? first).tickers.join(', ')}; from ${hyper.source})`));
    out.push(
      renderTable(
        ['year', 'capex, USD bn', 'revenue, USD bn', 'capex / revenue', 'companies'],
        years.slice(-TABLE_YEARS).map((y) => [y.complete ? String(y.year) : `${y.year} (partial)`, fmtNumber(y.capex, 1), fmtNumber(y.revenue, 1), `${fmtNumber(y.capexToRevenue, 1)}%`, y.tickers.length]),
        ['left', 'right', 'right', 'right', 'right'],
        { priority: [0, 0, 2, 0, 1] }, // revenue and the count of companies go first: capex and capex/revenue carry the claim
      ),
    );
    const done = lastCompleteYear(years);
    const ref = years.find((y) => y.year === (done?.year ?? 0) - 5);
    if (done && ref) out.push(`${done.year}: ${fmtNumber(done.capex, 0)} bn, ${fmtNumber(done.capex / ref.capex, 1)}× ${ref.year}`);
    if (vsGdp) {
      const v = vsGdp;
      out.push(
        `against nominal GDP (GDP) in ${v.year}: capex ${signed(v.dCapex, 1)} bn on ${v.year - 1} = ${fmtNumber(v.share, 1)}% of the ${fmtNumber(v.dGdp, 1)} bn rise in nominal GDP (${signed(v.nominalGrowth, 1)}%; ${signed(v.capexPp, 2)} pp of GDP; real GDP ${signed(v.realGrowth, 1)}%)`,
      );
    }
    const dates = Int32Array.from(years, (y) => dayOf(y.year, 12, 31));
    if (model) out.push(...chartBlock('AI capex contribution to real GDP growth (pp, annual rate)', chartSeries('AI', 'pp', 'quarterly', model.dates, model.aiContribution)));
    else out.push(...chartBlock(`Hyperscaler capex, USD bn (${first.year}–${years[years.length - 1]?.year})`, chartSeries('CAPEX', 'USD bn', 'annual', dates, Float64Array.from(years, (y) => y.capex))));
  } else {
    if (model) out.push(...chartBlock('AI capex contribution to real GDP growth (pp, annual rate)', chartSeries('AI', 'pp', 'quarterly', model.dates, model.aiContribution)));
    out.push('', pc.yellow('! no hyperscaler capex: give --hyperscalers FILE (ticker,fy_end,revenue,capex) or sync CAPEX_<T> / REVENUE_<T>'));
  }
  out.push('', ...inputsLine(inputsAsOf), ...assumptionsLine(model?.assumptions ?? []), ...missingLine(missing, data));
  return { json, screen: out };
};
