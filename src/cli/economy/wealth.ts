import pc from 'picocolors';
import { NotEnoughDataError, ParameterError } from '../../core/errors.ts';
import { GENERATIONS, shareTable, sharesAtAge, type Generation, type ShareTable } from '../../models/wealth.ts';
import type { Series } from '../../series/types.ts';
import { fmtNumber } from '../../views/format.ts';
import { renderTable } from '../output.ts';
import { absentInputs, assumptionsLine, chartBlock, chartSeries, inputsLine, isoRows, loadInputs, missingLine, numberFlag, type Topic } from './common.ts';

/** Wealth-percentile groups of the DFA, top first, with their labels. */
const PERCENTILES = { TopPt1: 'top 0.1%', RemainingTop1: '99–99.9th', Next9: '90–99th', Next40: '50–90th', Bottom50: 'bottom 50%' } as const;
const GEN_LABEL: Readonly<Record<Generation, string>> = { Silent: 'Silent and earlier', BabyBoom: 'Baby boomers', GenX: 'Generation X', Millennial: 'Millennials' };
/** The age at which generations are compared by default (docs/MODELS.md). */
const DEFAULT_AGE = 35;

/** Catalog id of a DFA net-worth share: `DFA_GEN_<CAT>_NW_SHARE` or `DFA_PCT_<CAT>_NW_SHARE`. */
export function dfaShareId(dim: 'GEN' | 'PCT', cat: string): string {
  return `DFA_${dim}_${cat.toUpperCase()}_NW_SHARE`;
}

/** A share table, or undefined (with every id listed) when the store has none of its series. */
function tableOf(series: Readonly<Record<string, Series | undefined>>): ShareTable | undefined {
  if (Object.values(series).every((s) => s === undefined)) return undefined;
  return shareTable(series);
}

/**
 * `economy wealth`: the Fed's DFA net-worth shares by generation and by wealth percentile (latest
 * quarter, with their sum as a check), the millennial and boomer shares over time, and the share
 * each generation held when its median age was `--age` (default 35).
 */
export const wealthTopic: Topic = async (opts, pit) => {
  const age = numberFlag('--age', opts.age) ?? DEFAULT_AGE;
  if (!(age >= 0 && age <= 110)) throw new ParameterError(`--age must be between 0 and 110 years, got ${age}`);
  const gens = Object.keys(GENERATIONS) as Generation[];
  const pcts = Object.keys(PERCENTILES) as (keyof typeof PERCENTILES)[];
  const ids = [...gens.map((g) => dfaShareId('GEN', g)), ...pcts.map((p) => dfaShareId('PCT', p))];
  const { data, missing } = await loadInputs(ids, pit);
  const byGen = Object.fromEntries(gens.map((g) => [g, data.get(dfaShareId('GEN', g))])) as Partial<Record<Generation, Series>>;
  const byPct = Object.fromEntries(pcts.map((p) => [p, data.get(dfaShareId('PCT', p))]));
  const gen = tableOf(byGen);
  const pct = tableOf(byPct);
  if (!gen && !pct) {
    const why = absentInputs(ids, data);
    throw new NotEnoughDataError(why && !why.notStored ? `no DFA share series to read (${why.text}): choose a later --as-of` : `no DFA share series in the store (${ids.join(', ')}): run \`flowlens sync --from DIR\` with the DFA CSVs or \`flowlens sync\``);
  }
  const atAge = sharesAtAge(byGen, age);
  const tableJson = (t: ShareTable | undefined) => (t ? { latest: t.latest, totalLatest: t.total[t.total.length - 1], series: isoRows(t.dates, { ...Object.fromEntries(t.groups.map((g, j) => [g, t.shares[j] as Float64Array])), total: t.total }) } : null);
  const json = {
    byGeneration: tableJson(gen),
    byPercentile: tableJson(pct),
    atAge,
    missing,
    assumptions: [{ name: 'age', value: age, default: DEFAULT_AGE, unit: 'years', description: 'median age at which generations are compared', source: 'flowlens convention; birth years per Fed DFA definitions' }],
    inputsAsOf: { ...(gen?.inputsAsOf ?? {}), ...(pct?.inputsAsOf ?? {}) },
  };
  const out: string[] = [];
  // Generations and percentiles side by side, each with its sum (≈ 100 when the groups cover everyone).
  const column = (t: ShareTable | undefined, label: (g: string) => string): [string, string][] =>
    t ? [...t.groups.map((g): [string, string] => [label(g), `${fmtNumber(t.latest.shares[g] ?? Number.NaN, 1)}%`]), ['sum', `${fmtNumber(t.total[t.total.length - 1] ?? Number.NaN, 1)}%`]] : [];
  const left = column(gen, (g) => GEN_LABEL[g as Generation] ?? g);
  const right = column(pct, (g) => PERCENTILES[g as keyof typeof PERCENTILES] ?? g);
  const n = Math.max(left.length, right.length);
  const pad = (c: [string, string][], i: number, last: boolean): [string, string] => (last ? (c[c.length - 1] ?? ['', '']) : i < c.length - 1 ? (c[i] as [string, string]) : ['', '']);
  out.push(pc.bold(`Share of household net worth, ${gen?.latest.date ?? pct?.latest.date ?? ''}`));
  out.push(renderTable(['generation', 'share', 'wealth percentile', 'share'], Array.from({ length: n }, (_, i) => [...pad(left, i, i === n - 1), ...pad(right, i, i === n - 1)]), ['left', 'right', 'left', 'right'], { priority: [0, 0, 1, 1] })); // the percentile pair goes first, share before label
  if (atAge.length > 0) {
    out.push(pc.bold(`Share each generation held at a median age of ${age}`));
    out.push(
      renderTable(
        ['generation', 'quarter', 'median age then', 'share'],
        atAge.map((a) => [GEN_LABEL[a.generation], a.date ?? '—', fmtNumber(a.ageAtDate, 1), Number.isNaN(a.share) ? `— (data reach age ${fmtNumber(a.ageAtDate, 1)})` : `${fmtNumber(a.share, 1)}%`]),
        ['left', 'left', 'right', 'right'],
        { priority: [0, 2, 1, 0] }, // the quarter, then the age then, go first
      ),
    );
  }
  if (gen) {
    for (const g of ['BabyBoom', 'Millennial'] as const) {
      const j = gen.groups.indexOf(g);
      if (j >= 0) out.push(...chartBlock(`${GEN_LABEL[g]}, share of net worth (%)`, chartSeries(g, '%', 'quarterly', gen.dates, gen.shares[j] as Float64Array), 5));
    }
  }
  out.push('', ...inputsLine(json.inputsAsOf), ...assumptionsLine(json.assumptions));
  out.push(...missingLine(missing, data));
  return { json, screen: out };
};
