import { toDay } from '../series/dates.ts';

/**
 * Model estimates set beside published desk figures. A flow model gives a flow per trading day
 * (vol-control, risk parity) or a position per day (CTAs); over a published window [from, to]
 * (trading days, inclusive) its estimate is
 *   Σ_{from ≤ t ≤ to} flow_t                        (daily flows)
 *   scale · (position_{to} − position_{before from})  (positions: the change of exposure)
 * and the ratio to a published figure is estimate ÷ midpoint(low, high).
 */

/** Σ of flow over the days in [from, to] (day numbers); NaN flows count as 0; NaN when no day of the series falls in the window. */
export function flowOver(dates: Int32Array, flow: Float64Array, from: number, to: number): number {
  let s = 0;
  let any = false;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as number;
    if (d < from || d > to) continue;
    any = true;
    const f = flow[i] as number;
    if (!Number.isNaN(f)) s += f;
  }
  return any ? s : Number.NaN;
}

/**
 * scale · (position on the last day ≤ to − position on the last day < from): the dollar change of
 * a position over the window (NaN when either end is missing or the window holds no day).
 */
export function exposureChange(dates: Int32Array, position: Float64Array, scale: number, from: number, to: number): number {
  let a = -1;
  let b = -1;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as number;
    if (d < from) a = i;
    if (d <= to) b = i;
  }
  if (a < 0 || b <= a) return Number.NaN;
  return scale * ((position[b] as number) - (position[a] as number));
}

/** One published figure with the model's estimate. */
export interface CalibrationRow<F> {
  readonly figure: F;
  readonly estimateBn: number;
  /** estimate ÷ midpoint of the published range (NaN when the midpoint is 0 or the estimate is missing). */
  readonly ratio: number;
}

/** Estimates and ratios for each figure; `estimate(model, fromDay, toDay)` gives the model's flow over a window. */
export function calibrate<F extends { readonly model: string; readonly from: string; readonly to: string; readonly lowBn: number; readonly highBn: number }>(figures: readonly F[], estimate: (model: F['model'], from: number, to: number) => number): CalibrationRow<F>[] {
  return figures.map((f) => {
    const e = estimate(f.model, toDay(f.from), toDay(f.to));
    const mid = (f.lowBn + f.highBn) / 2;
    return { figure: f, estimateBn: e, ratio: mid !== 0 && Number.isFinite(e) ? e / mid : Number.NaN };
  });
}
