import { NotEnoughDataError } from '../core/errors.ts';
import { innerJoin } from '../series/align.ts';
import { dayOf, daysInMonth, toDay, toIso, ymd } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { ModelProvenance } from './assumptions.ts';
import { readNamedInputs } from './namedInputs.ts';

/**
 * The K-shape in markets: AI and technology (XLK, SMH, QQQ) against the real economy
 * (equal-weight S&P 500 RSP, Russell 2000 IWM, consumer discretionary XLY), as cumulative
 * relative returns from a base date:
 *   spread_t = 100 · (P^AI_t / P^AI_base) / (P^real_t / P^real_base) − 100     (%)
 * where each leg is the equal-weight average of its members' growth since the base, on the days
 * every member has a price. A widening K is a rising spread.
 */
export interface KShapeResult extends ModelProvenance {
  readonly base: IsoDate;
  readonly dates: Int32Array;
  /** Growth of 1 invested at the base, per leg. */
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** Relative return of the upper leg over the lower, %. */
  readonly spread: Float64Array;
  readonly latest: { readonly date: IsoDate; readonly spread: number; readonly upper: number; readonly lower: number };
  /** Change of the spread over the last 63 trading days, pp. */
  readonly change3m: number;
}

/**
 * Default length of the K-shape comparison: 5 calendar years ending at the as-of date — the
 * horizon of the crypto claim's 5-year returns, long enough to span a business cycle's upswing.
 * A rule known on the as-of date: a fixed start (the first trading day of 2020 until Dec 2026)
 * was chosen with hindsight, after the pandemic split the two legs.
 */
export const KSHAPE_LOOKBACK_YEARS = 5;

/**
 * The default K-shape base as of a date: the same calendar day `years` earlier,
 *   base = asOf − years (29 February → 28 February in a non-leap year);
 * the model compounds from the first day on or after it on which every member trades.
 */
export function kShapeBase(asOf: string | number, years: number = KSHAPE_LOOKBACK_YEARS): IsoDate {
  const d = ymd(typeof asOf === 'number' ? asOf : toDay(asOf));
  const y = d.year - years;
  return toIso(dayOf(y, d.month, Math.min(d.day, daysInMonth(y, d.month))));
}

/** Growth since the base of the equal-weight basket of `members`, on the days all have a price. */
function basket(members: readonly Series[], baseDay: number): { dates: Int32Array; growth: Float64Array } {
  let dates = members[0]?.dates ?? new Int32Array();
  let cols: Float64Array[] = members[0] ? [members[0].values] : [];
  for (const m of members.slice(1)) {
    const prev: Series = { ...(members[0] as Series), dates, values: cols[0] as Float64Array };
    const j = innerJoin(prev, m);
    const keep = new Set(j.dates);
    const idx: number[] = [];
    for (let i = 0; i < dates.length; i++) if (keep.has(dates[i] as number)) idx.push(i);
    cols = [...cols.map((c) => Float64Array.from(idx, (i) => c[i] as number)), j.b];
    dates = j.dates;
  }
  const start = dates.findIndex((d) => d >= baseDay);
  if (start < 0) throw new NotEnoughDataError(`no common prices on or after ${toIso(baseDay)}`);
  const n = dates.length - start;
  const growth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const c of cols) s += (c[start + i] as number) / (c[start] as number);
    growth[i] = s / cols.length;
  }
  return { dates: dates.slice(start), growth };
}

/** The K-shape spread from `base` (ISO date) between an upper and a lower basket. */
export function kShapeModel(upper: readonly Series[], lower: readonly Series[], base: string): KShapeResult {
  if (upper.length === 0 || lower.length === 0) throw new NotEnoughDataError('the K-shape needs at least one series on each leg');
  const b = toDay(base);
  const u = basket(upper, b);
  const l = basket(lower, b);
  const j = innerJoin({ ...(upper[0] as Series), dates: u.dates, values: u.growth }, { ...(lower[0] as Series), dates: l.dates, values: l.growth });
  const spread = j.a.map((x, i) => 100 * (x / (j.b[i] as number)) - 100);
  const n = spread.length - 1;
  if (n < 1) throw new NotEnoughDataError(`no common dates of the two legs after ${base}`);
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const s of [...upper, ...lower]) inputsAsOf[s.id] = toIso(s.dates[s.dates.length - 1] as number);
  return {
    base: toIso(j.dates[0] as number),
    dates: j.dates,
    upper: j.a,
    lower: j.b,
    spread,
    latest: { date: toIso(j.dates[n] as number), spread: spread[n] as number, upper: j.a[n] as number, lower: j.b[n] as number },
    change3m: n >= 63 ? (spread[n] as number) - (spread[n - 63] as number) : Number.NaN,
    assumptions: [
      {
        name: 'base',
        value: base,
        default: `${KSHAPE_LOOKBACK_YEARS} years before the as-of date`,
        unit: 'date',
        description: `start of the comparison; both legs are compounded from the first day on or after it that every member trades (here ${toIso(j.dates[0] as number)})`,
        source: `flowlens convention: a fixed ${KSHAPE_LOOKBACK_YEARS}-year lookback ending at the as-of date, known on that date (the horizon of the crypto claim); it replaces a fixed pre-pandemic start chosen with hindsight (issue #13)`,
      },
    ],
    inputsAsOf,
  };
}

/** One consumer-stress gauge against its own history. */
export interface StressReading {
  readonly id: string;
  readonly date: IsoDate;
  readonly value: number;
  /** Mean and sample standard deviation over the whole history given. */
  readonly longRunMean: number;
  readonly longRunStd: number;
  /** value − mean, pp. */
  readonly vsMean: number;
  /** (value − mean) / std. */
  readonly zScore: number;
  /** True when the reading points to stress: saving below its mean, delinquency or debt service above. */
  readonly stressed: boolean;
}

/**
 * Consumer stress, the lower arm of the K: personal saving rate (PSAVERT, low = stress), credit
 * card delinquency (DRCCLACBS, high = stress) and debt service (TDSP, high = stress), each as its
 * latest value against its long-run mean and standard deviation. A missing input is listed.
 */
export function consumerStress(inputs: { saving?: Series; cardDelinquency?: Series; debtService?: Series }): { readings: StressReading[]; missing: string[]; inputsAsOf: Record<string, IsoDate> } {
  // Which side of the mean is stress: a low saving rate, high delinquency and debt service.
  const stressSign: Record<string, 1 | -1> = { PSAVERT: -1, DRCCLACBS: 1, TDSP: 1 };
  return readNamedInputs(inputs, [['saving', 'PSAVERT'], ['cardDelinquency', 'DRCCLACBS'], ['debtService', 'TDSP']], (s, id): StressReading => {
    const v = Array.from(s.values).filter((x) => !Number.isNaN(x));
    const last = lastIndex(s);
    if (v.length < 2 || last < 0) throw new NotEnoughDataError(`${s.id}: fewer than two values`);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    const value = s.values[last] as number;
    return { id: s.id, date: toIso(s.dates[last] as number), value, longRunMean: mean, longRunStd: std, vsMean: value - mean, zScore: (value - mean) / std, stressed: (stressSign[id] ?? 1) * (value - mean) > 0 };
  });
}

function lastIndex(s: Series): number {
  for (let i = s.values.length - 1; i >= 0; i--) if (!Number.isNaN(s.values[i] as number)) return i;
  return -1;
}
