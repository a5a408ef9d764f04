import { NotEnoughDataError } from '../core/errors.ts';
import { toIso, ymd } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { ModelProvenance } from './assumptions.ts';

/**
 * Wealth shares from the Fed's Distributional Financial Accounts (DFA): net-worth shares by
 * generation and by wealth percentile over time, and each generation's share at the same median
 * age. Formulas and sources: docs/MODELS.md.
 */

/** Birth years of the DFA generations (Federal Reserve DFA definitions; "Silent" includes earlier cohorts). */
export const GENERATIONS = {
  Silent: { from: 1928, to: 1945 },
  BabyBoom: { from: 1946, to: 1964 },
  GenX: { from: 1965, to: 1980 },
  Millennial: { from: 1981, to: 1996 },
} as const;
export type Generation = keyof typeof GENERATIONS;

/** Shares of several groups on their common quarters, with the total per quarter. */
export interface ShareTable extends ModelProvenance {
  readonly groups: readonly string[];
  readonly dates: Int32Array;
  /** One column per group, % of total. */
  readonly shares: readonly Float64Array[];
  /** Σ shares per quarter, % (≈ 100 when the groups cover everyone). */
  readonly total: Float64Array;
  readonly latest: { readonly date: IsoDate; readonly shares: Readonly<Record<string, number>> };
  readonly missing: readonly string[];
}

/**
 * The share table of `groups` (label → series, a missing label listed in `missing`), on the
 * quarters every present group has a value.
 */
export function shareTable(groups: Readonly<Record<string, Series | undefined>>): ShareTable {
  const present = Object.entries(groups).filter((e): e is [string, Series] => e[1] !== undefined);
  const missing = Object.entries(groups).filter(([, s]) => s === undefined).map(([k]) => k);
  if (present.length === 0) throw new NotEnoughDataError(`no DFA share series given (missing ${missing.join(', ')})`);
  const maps = present.map(([, s]) => {
    const m = new Map<number, number>();
    for (let i = 0; i < s.dates.length; i++) if (!Number.isNaN(s.values[i] as number)) m.set(s.dates[i] as number, s.values[i] as number);
    return m;
  });
  const first = maps[0] as Map<number, number>;
  const common = [...first.keys()].filter((d) => maps.every((m) => m.has(d))).sort((a, b) => a - b);
  if (common.length === 0) throw new NotEnoughDataError('the DFA share series have no quarter in common');
  const dates = Int32Array.from(common);
  const shares = maps.map((m) => Float64Array.from(common, (d) => m.get(d) as number));
  const total = Float64Array.from(common, (_, i) => shares.reduce((s, c) => s + (c[i] as number), 0));
  const L = common.length - 1;
  const latest: Record<string, number> = {};
  present.forEach(([k], j) => (latest[k] = (shares[j] as Float64Array)[L] as number));
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const [, s] of present) inputsAsOf[s.id] = lastValid(s).date;
  return { groups: present.map(([k]) => k), dates, shares, total, latest: { date: toIso(common[L] as number), shares: latest }, missing, assumptions: [], inputsAsOf };
}

/** Decimal year of the middle of the quarter starting on `day` (DFA quarters are dated by their first day). */
export function midQuarterYear(day: number): number {
  const p = ymd(day);
  return p.year + (p.month - 1) / 12 + 1.5 / 12;
}

/** Median age of a generation at a date: the middle of its birth-year range taken as its median birth year. */
export function medianAge(gen: Generation, day: number): number {
  const g = GENERATIONS[gen];
  return midQuarterYear(day) - (g.from + g.to + 1) / 2;
}

/** A generation's share of net worth at (about) a given median age. */
export interface AtAge {
  readonly generation: Generation;
  readonly targetAge: number;
  /** The quarter used and the generation's median age then. */
  readonly date: IsoDate | null;
  readonly ageAtDate: number;
  /** % of total; NaN when the data do not reach within `toleranceYears` of the target age. */
  readonly share: number;
}

/**
 * Each generation's share when its median age was `age`: the quarter whose median age is nearest
 * the target, accepted if within `toleranceYears` (default 1). Boomers were 35 around 1990–91,
 * Gen X around 2007–08, Millennials around 2023–24.
 */
export function sharesAtAge(byGeneration: Readonly<Partial<Record<Generation, Series>>>, age: number, toleranceYears = 1): AtAge[] {
  const out: AtAge[] = [];
  for (const gen of Object.keys(GENERATIONS) as Generation[]) {
    const s = byGeneration[gen];
    if (!s) continue;
    let best = -1;
    let gap = Number.POSITIVE_INFINITY;
    for (let i = 0; i < s.dates.length; i++) {
      if (Number.isNaN(s.values[i] as number)) continue;
      const g = Math.abs(medianAge(gen, s.dates[i] as number) - age);
      if (g < gap) {
        gap = g;
        best = i;
      }
    }
    if (best < 0) continue;
    const day = s.dates[best] as number;
    out.push({ generation: gen, targetAge: age, date: toIso(day), ageAtDate: medianAge(gen, day), share: gap <= toleranceYears ? (s.values[best] as number) : Number.NaN });
  }
  return out;
}
