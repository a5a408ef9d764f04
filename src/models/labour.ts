import { alignTo, innerJoin } from '../series/align.ts';
import { toIso } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { ModelProvenance } from './assumptions.ts';

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
  const readings: Reading[] = [];
  const missing: string[] = [];
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const [k, id] of named) {
    const s = inputs[k];
    if (!s) {
      missing.push(id);
      continue;
    }
    const r = reading(s);
    readings.push(r);
    inputsAsOf[s.id] = r.date;
  }
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
