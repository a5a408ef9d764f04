import { NotEnoughDataError } from '../core/errors.ts';
import { alignTo } from '../series/align.ts';
import { toDay, toIso } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { ModelProvenance } from './assumptions.ts';

/** Total return of one asset over a window. */
export interface WindowReturn {
  readonly id: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** %, simple. */
  readonly totalReturn: number;
  /** %, compounded per year. */
  readonly annualised: number;
}

/** A fall from a running peak. */
export interface Drawdown {
  readonly peak: IsoDate;
  readonly trough: IsoDate;
  /** %, negative. */
  readonly depth: number;
  /** Date the old peak was regained, or null. */
  readonly recovered: IsoDate | null;
}

export interface CryptoResult extends ModelProvenance {
  /** Returns over the window ending at the common last date, best first. */
  readonly ranking: readonly WindowReturn[];
  /** Drawdowns of BTC deeper than the threshold, oldest first. */
  readonly drawdowns: readonly Drawdown[];
  readonly current: { readonly date: IsoDate; readonly price: number; readonly fromPeak: number };
}

/**
 * Total return of each asset from `years` before the common end date (the earliest of the
 * assets' last dates) to that date: R = P_end / P_start − 1 (adjusted prices), annualised as
 * (1 + R)^(1/years) − 1. Assets without a price at the start are left out.
 */
export function windowReturns(assets: readonly Series[], years: number): WindowReturn[] {
  const end = Math.min(...assets.map((s) => toDay(lastValid(s).date)));
  const start = end - Math.round(365.25 * years);
  return assets
    .flatMap((s) => {
      const [p0, p1] = alignTo(Int32Array.of(start, end), s, { kind: 'ffill', maxAgeDays: 7 });
      if (p0 === undefined || p1 === undefined || Number.isNaN(p0) || Number.isNaN(p1)) return [];
      const r = p1 / p0 - 1;
      return [{ id: s.id, from: toIso(start), to: toIso(end), totalReturn: 100 * r, annualised: 100 * ((1 + r) ** (1 / years) - 1) }];
    })
    .sort((a, b) => b.totalReturn - a.totalReturn);
}

/** Drawdowns from the running peak deeper than `minDepthPct` (e.g. −50), each peak → trough → recovery. */
export function drawdowns(s: Series, minDepthPct = -50): Drawdown[] {
  const out: Drawdown[] = [];
  let peak = Number.NaN;
  let peakDay = 0;
  let trough = Number.NaN;
  let troughDay = 0;
  const close = (recovered: number | null) => {
    const depth = 100 * (trough / peak - 1);
    if (depth <= minDepthPct) out.push({ peak: toIso(peakDay), trough: toIso(troughDay), depth, recovered: recovered === null ? null : toIso(recovered) });
  };
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i] as number;
    if (Number.isNaN(v)) continue;
    const d = s.dates[i] as number;
    if (Number.isNaN(peak) || v >= peak) {
      if (!Number.isNaN(peak) && trough < peak) close(d);
      peak = v;
      peakDay = d;
      trough = v;
      troughDay = d;
    } else if (v < trough) {
      trough = v;
      troughDay = d;
    }
  }
  if (trough < peak) close(null);
  return out;
}

/** Crypto among asset classes: 5-year return ranking, BTC's deep drawdowns, distance from its peak. */
export function cryptoModel(btc: Series, others: readonly Series[], years = 5): CryptoResult {
  const last = lastValid(btc);
  let peak = 0;
  for (const v of btc.values) if (v > peak) peak = v;
  if (!(peak > 0)) throw new NotEnoughDataError(`${btc.id}: no prices`);
  const inputsAsOf: Record<string, IsoDate> = { [btc.id]: last.date };
  for (const s of others) inputsAsOf[s.id] = lastValid(s).date;
  return {
    ranking: windowReturns([btc, ...others], years),
    drawdowns: drawdowns(btc),
    current: { date: last.date, price: last.value, fromPeak: 100 * (last.value / peak - 1) },
    assumptions: [{ name: 'years', value: years, default: 5, unit: 'years', description: 'window of the return ranking', source: 'flowlens convention' }],
    inputsAsOf,
  };
}
