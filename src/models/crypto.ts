import { NotEnoughDataError, ParameterError } from '../core/errors.ts';
import { innerJoin, resample, valueAtOrBefore } from '../series/align.ts';
import { logReturns, rollingCorrBeta } from '../series/returns.ts';
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
  if (!(end > start)) throw new ParameterError(`the return window must be longer than a day, got ${years} years`);
  return assets
    .flatMap((s) => {
      // The last valid close on or before each end, at most 7 days old (a binary search each).
      const p0 = valueAtOrBefore(s, start, 7);
      const p1 = valueAtOrBefore(s, end, 7);
      if (Number.isNaN(p0) || Number.isNaN(p1)) return [];
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

/** Weekly (Friday) closes: the last valid value of each week. */
function weekly(s: Series): Series {
  return resample(s, 'weekly', 'last', { weekEnd: 5 });
}

/** Rolling beta and correlation of BTC's weekly log returns on a driver's weekly log changes. */
export interface RollingLink {
  readonly driver: string;
  readonly dates: Int32Array;
  readonly beta: Float64Array;
  readonly corr: Float64Array;
  readonly latest: { readonly date: IsoDate; readonly beta: number; readonly corr: number } | null;
}

/** BTC against the S&P 500 and net liquidity; a missing driver is listed. */
export interface CryptoLinksResult extends ModelProvenance {
  readonly window: number;
  readonly links: readonly RollingLink[];
  readonly missing: readonly string[];
}

/**
 * Rolling beta and correlation over `window` weeks (default 52) of BTC's weekly log returns
 * r = ln(P_w / P_{w−1}) on the S&P 500's and on net liquidity's weekly log changes (Friday closes;
 * net liquidity carried to the Friday from its Wednesday date). beta = cov / var(driver).
 */
export function cryptoLinks(inputs: { btc: Series; spx?: Series; netLiquidity?: Series }, window = 52): CryptoLinksResult {
  if (!Number.isInteger(window) || window < 8) throw new ParameterError(`window must be an integer of at least 8 weeks, got ${window}`);
  const btcW = weekly(inputs.btc);
  const missing: string[] = [];
  const links: RollingLink[] = [];
  const inputsAsOf: Record<string, IsoDate> = { [inputs.btc.id]: lastValid(inputs.btc).date };
  for (const [name, s] of [['GSPC', inputs.spx], ['NET_LIQUIDITY', inputs.netLiquidity]] as const) {
    if (!s) {
      missing.push(name);
      continue;
    }
    inputsAsOf[s.id] = lastValid(s).date;
    const j = innerJoin(btcW, weekly(s));
    const rb = logReturns(j.a);
    const rd = logReturns(j.b);
    const { beta, corr } = rollingCorrBeta(rd, rb, window);
    let L = j.dates.length - 1;
    while (L >= 0 && Number.isNaN(beta[L] as number)) L--;
    links.push({ driver: s.id, dates: j.dates, beta, corr, latest: L >= 0 ? { date: toIso(j.dates[L] as number), beta: beta[L] as number, corr: corr[L] as number } : null });
  }
  return { window, links, missing, assumptions: [{ name: 'window', value: window, default: 52, unit: 'weeks', description: 'rolling window of weekly returns', source: 'flowlens convention (one year)' }], inputsAsOf };
}

/** Deepest fall from a running peak over the whole history. */
export function maxDrawdown(s: Series): Drawdown | null {
  const all = drawdowns(s, 0);
  return all.reduce<Drawdown | null>((m, d) => (m === null || d.depth < m.depth ? d : m), null);
}

/** Each asset's total return over [from, to] and its share of an equal-weight basket's gain. */
export interface ReturnShare {
  readonly id: string;
  /** %, simple. */
  readonly totalReturn: number;
  readonly rank: number;
  /** R_i / Σ_j R_j, %: the asset's share of the gain of an equal-weight buy-and-hold basket (NaN if Σ ≤ 0). */
  readonly shareOfBasketGain: number;
}

/**
 * Total returns of several assets (BTC, SPY, QQQ, GLD, TLT, DBC) between two dates (prices carried
 * up to 7 days back to the dates), ranked best first, with each one's share of the gain of an
 * equal-weight basket: in a basket holding 1/N of each, asset i adds R_i / N of the basket's
 * Σ R_j / N, i.e. a share R_i / Σ R_j. Assets without prices at both dates are left out.
 */
export function returnShares(assets: readonly Series[], from: string, to: string): ReturnShare[] {
  const a = toDay(from);
  const b = toDay(to);
  if (!(b > a)) throw new ParameterError(`'to' (${to}) must be after 'from' (${from})`);
  const rets = assets.flatMap((s) => {
    const p0 = valueAtOrBefore(s, a, 7);
    const p1 = valueAtOrBefore(s, b, 7);
    return Number.isNaN(p0) || Number.isNaN(p1) ? [] : [{ id: s.id, totalReturn: 100 * (p1 / p0 - 1) }];
  });
  const sum = rets.reduce((s, r) => s + r.totalReturn, 0);
  return rets
    .sort((x, y) => y.totalReturn - x.totalReturn)
    .map((r, i) => ({ ...r, rank: i + 1, shareOfBasketGain: sum > 0 ? (100 * r.totalReturn) / sum : Number.NaN }));
}
