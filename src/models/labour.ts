import { NotEnoughDataError } from '../core/errors.ts';
import { alignTo, innerJoin } from '../series/align.ts';
import { toDay, toIso } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { ModelProvenance } from './assumptions.ts';
import { readNamedInputs } from './namedInputs.ts';

/** The labour inputs the model reads; any may be missing (listed in `missing`). */
export interface LabourInputs {
  /** UNRATE, %. */
  readonly unrate?: Series;
  /** LNS14000036, unemployment rate ages 20–24, %. */
  readonly youth?: Series;
  /** U6RATE, %. */
  readonly u6?: Series;
  /** ICSA, initial claims, persons, weekly. */
  readonly initialClaims?: Series;
  /** CCSA, continuing claims, persons, weekly. */
  readonly continuingClaims?: Series;
  /** JTSJOL, job openings, thousands. */
  readonly openings?: Series;
  /** JTSHIR, hires rate, %. */
  readonly hiresRate?: Series;
  /** USINFO, information-sector employment, thousands. */
  readonly infoJobs?: Series;
}

/** A latest value with its date and a comparison a year earlier. */
export interface Reading {
  readonly id: string;
  readonly date: IsoDate;
  readonly value: number;
  /** Value a year before (same period), or NaN. */
  readonly yearAgo: number;
}

export interface LabourResult extends ModelProvenance {
  readonly readings: readonly Reading[];
  /** Youth (20–24) minus overall unemployment, percentage points, on the months both exist. */
  readonly youthGap?: { readonly dates: Int32Array; readonly gap: Float64Array; readonly latest: { readonly date: IsoDate; readonly youth: number; readonly overall: number; readonly gap: number }; readonly alwaysAbove: boolean };
  /** 4-week average of initial claims. */
  readonly claims4wk?: { readonly date: IsoDate; readonly value: number };
  /** Inputs not available. */
  readonly missing: readonly string[];
}

/** Latest value of a series with the value 365 days before (±10 days). */
export function reading(s: Series): Reading {
  const last = lastValid(s);
  const day = Date.parse(last.date) / 86_400_000;
  const yearAgo = alignTo(Int32Array.of(day - 365), s, { kind: 'ffill', maxAgeDays: 40 })[0] as number;
  return { id: s.id, date: last.date, value: last.value, yearAgo };
}

/**
 * The labour picture: latest readings with their year-ago values, the youth unemployment gap
 * (LNS14000036 − UNRATE, pp) and whether the young have always had the higher rate, and the
 * 4-week average of initial claims. A missing input is listed, never filled.
 */
export function labourModel(inputs: LabourInputs): LabourResult {
  const named: [keyof LabourInputs, string][] = [
    ['unrate', 'UNRATE'],
    ['youth', 'LNS14000036'],
    ['u6', 'U6RATE'],
    ['initialClaims', 'ICSA'],
    ['continuingClaims', 'CCSA'],
    ['openings', 'JTSJOL'],
    ['hiresRate', 'JTSHIR'],
    ['infoJobs', 'USINFO'],
  ];
  const { readings, missing, inputsAsOf } = readNamedInputs(inputs, named, (s) => reading(s));
  let youthGap: LabourResult['youthGap'];
  if (inputs.youth && inputs.unrate) {
    const j = innerJoin(inputs.youth, inputs.unrate);
    const gap = j.a.map((y, i) => y - (j.b[i] as number));
    const n = j.dates.length - 1;
    youthGap = {
      dates: j.dates,
      gap,
      latest: { date: toIso(j.dates[n] as number), youth: j.a[n] as number, overall: j.b[n] as number, gap: gap[n] as number },
      alwaysAbove: gap.every((g) => g > 0),
    };
  }
  let claims4wk: LabourResult['claims4wk'];
  if (inputs.initialClaims) {
    const v: number[] = [];
    for (let i = inputs.initialClaims.values.length - 1; i >= 0 && v.length < 4; i--) if (!Number.isNaN(inputs.initialClaims.values[i] as number)) v.push(inputs.initialClaims.values[i] as number);
    claims4wk = { date: lastValid(inputs.initialClaims).date, value: v.reduce((a, b) => a + b, 0) / v.length };
  }
  return { readings, ...(youthGap ? { youthGap } : {}), ...(claims4wk ? { claims4wk } : {}), missing, assumptions: [], inputsAsOf };
}

/** Rolling mean of the last `n` valid observations at each date (the 4-week average of weekly claims). */
export function movingAverage(s: Series, n = 4): Series {
  const values = new Float64Array(s.values.length).fill(Number.NaN);
  const win: number[] = [];
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i] as number;
    if (Number.isNaN(v)) continue;
    win.push(v);
    if (win.length > n) win.shift();
    if (win.length === n) values[i] = win.reduce((a, b) => a + b, 0) / n;
  }
  return { ...s, id: `${s.id}_MA${n}`, values };
}

/** Change over 12 months in %, for a monthly series: 100 · (x_t / x_{t−12 months} − 1). */
export function yoyMonthly(s: Series): Series {
  const byDay = new Map<number, number>();
  for (let i = 0; i < s.dates.length; i++) byDay.set(s.dates[i] as number, s.values[i] as number);
  const values = Float64Array.from(s.dates, (d, i) => {
    const p = new Date(d * 86_400_000);
    const prior = Date.UTC(p.getUTCFullYear() - 1, p.getUTCMonth(), p.getUTCDate()) / 86_400_000;
    const base = byDay.get(prior);
    return base === undefined ? Number.NaN : 100 * ((s.values[i] as number) / base - 1);
  });
  return { ...s, id: `${s.id}_YOY`, unit: '% y/y', values };
}

/** Claims and information-sector jobs as series a chart can show. */
export interface LabourDetail {
  /** 4-week averages of initial (ICSA) and continuing (CCSA) claims. */
  readonly initialClaims4wk?: Series;
  readonly continuingClaims4wk?: Series;
  /** USINFO, % y/y. */
  readonly infoJobsYoY?: Series;
  readonly missing: readonly string[];
}

/** The weekly claims averages and information-sector job growth; a missing input is listed. */
export function labourDetail(inputs: Pick<LabourInputs, 'initialClaims' | 'continuingClaims' | 'infoJobs'>): LabourDetail {
  const missing: string[] = [];
  if (!inputs.initialClaims) missing.push('ICSA');
  if (!inputs.continuingClaims) missing.push('CCSA');
  if (!inputs.infoJobs) missing.push('USINFO');
  return {
    ...(inputs.initialClaims ? { initialClaims4wk: movingAverage(inputs.initialClaims, 4) } : {}),
    ...(inputs.continuingClaims ? { continuingClaims4wk: movingAverage(inputs.continuingClaims, 4) } : {}),
    ...(inputs.infoJobs ? { infoJobsYoY: yoyMonthly(inputs.infoJobs) } : {}),
    missing,
  };
}

/** Profits against GDP and against labour income: the shift from labour to capital. */
export interface ProfitShareResult extends ModelProvenance {
  readonly dates: Int32Array;
  /** CP / GDP, % (NaN where GDP is missing). */
  readonly profitsToGdp: Float64Array;
  /** CP / compensation of employees (COE), % (NaN where COE is missing). */
  readonly profitsToCompensation: Float64Array;
  /** Mean of each ratio over the base period and its latest change from that mean, pp. */
  readonly base: { readonly from: IsoDate; readonly to: IsoDate; readonly profitsToGdp: number; readonly profitsToCompensation: number };
  /** `date` is the quarter of the last profits/GDP ratio, `compensationDate` that of the last profits/COE ratio (COE is released later than GDP, so they can differ). */
  readonly latest: { readonly date: IsoDate; readonly compensationDate: IsoDate | null; readonly profitsToGdp: number; readonly profitsToCompensation: number; readonly changeToGdp: number; readonly changeToCompensation: number };
  readonly missing: readonly string[];
}

/**
 * Corporate profits (CP, after tax, USD bn SAAR) as a share of nominal GDP and of compensation of
 * employees (COE), quarterly, with the change of each ratio against its mean over a base period
 * (default 1990–2019). Needs CP; GDP or COE may be missing (listed, that ratio NaN).
 */
export function profitShareModel(inputs: { profits?: Series; gdp?: Series; compensation?: Series }, base: { from: string; to: string } = { from: '1990-01-01', to: '2019-12-31' }): ProfitShareResult {
  const missing: string[] = [];
  if (!inputs.profits) missing.push('CP');
  if (!inputs.gdp) missing.push('GDP');
  if (!inputs.compensation) missing.push('COE');
  const cp = inputs.profits;
  if (!cp) throw new NotEnoughDataError('profit share needs corporate profits (CP)');
  const dates = cp.dates;
  const ratio = (den: Series | undefined) => {
    if (!den) return new Float64Array(dates.length).fill(Number.NaN);
    const d = alignTo(dates, den, { kind: 'exact' });
    return Float64Array.from(cp.values, (v, i) => (100 * v) / (d[i] as number));
  };
  const toGdp = ratio(inputs.gdp);
  const toComp = ratio(inputs.compensation);
  const lo = toDay(base.from);
  const hi = toDay(base.to);
  const mean = (x: Float64Array) => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < dates.length; i++) {
      const d = dates[i] as number;
      const v = x[i] as number;
      if (d >= lo && d <= hi && !Number.isNaN(v)) {
        s += v;
        n++;
      }
    }
    return n > 0 ? s / n : Number.NaN;
  };
  const last = (x: Float64Array) => {
    for (let i = x.length - 1; i >= 0; i--) if (!Number.isNaN(x[i] as number)) return { i, v: x[i] as number };
    return { i: -1, v: Number.NaN };
  };
  const bG = mean(toGdp);
  const bC = mean(toComp);
  const lG = last(toGdp);
  const lC = last(toComp);
  const li = lG.i >= 0 ? lG.i : lC.i;
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const s of [cp, inputs.gdp, inputs.compensation]) if (s) inputsAsOf[s.id] = lastValid(s).date;
  return {
    dates,
    profitsToGdp: toGdp,
    profitsToCompensation: toComp,
    base: { from: toIso(lo), to: toIso(hi), profitsToGdp: bG, profitsToCompensation: bC },
    latest: { date: li >= 0 ? toIso(dates[li] as number) : lastValid(cp).date, compensationDate: lC.i >= 0 ? toIso(dates[lC.i] as number) : null, profitsToGdp: lG.v, profitsToCompensation: lC.v, changeToGdp: lG.v - bG, changeToCompensation: lC.v - bC },
    missing,
    assumptions: [{ name: 'basePeriod', value: `${toIso(lo)}..${toIso(hi)}`, default: '1990-01-01..2019-12-31', description: 'period whose mean ratio is the comparison base', source: 'flowlens convention (three decades before the pandemic)' }],
    inputsAsOf,
  };
}
