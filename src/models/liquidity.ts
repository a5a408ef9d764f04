import { ParameterError } from '../core/errors.ts';
import { alignTo, lastAtOrBefore } from '../series/align.ts';
import { toIso } from '../series/dates.ts';
import { lastValid } from '../series/series.ts';
import { logReturns, rollingCorrBeta } from '../series/returns.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { UsdBn } from '../series/units.ts';
import { assumption, type Assumption, type ModelProvenance } from './assumptions.ts';

/**
 * Net liquidity, the market's shorthand for the dollars the Fed's balance sheet leaves in the
 * banking system after the Treasury's cash and the money funds' reverse repos:
 *   NL = WALCL − TGA − RRP   (USD bn)
 * WALCL (Fed total assets, Wednesday level) and TGA (WDTGAL Wednesday level, or WTREGEN week
 * average) are published in USD millions by the Fed's H.4.1 release; ON RRP (RRPONTSYD) in USD
 * billions by the New York Fed. Sources: https://www.federalreserve.gov/releases/h41/ and
 * https://fred.stlouisfed.org/series/RRPONTSYD.
 */

/** The series the model reads. `tgaWeekAvg` (WTREGEN) fills weeks where the Wednesday level is absent. */
export interface LiquidityInputs {
  /** WALCL, USD mn, weekly (Wednesday). */
  readonly walcl: Series;
  /** WDTGAL, USD mn, weekly (Wednesday level). */
  readonly tga?: Series;
  /** WTREGEN, USD mn, weekly (average of the week ending Wednesday). */
  readonly tgaWeekAvg?: Series;
  /** RRPONTSYD, USD bn, daily. */
  readonly rrp: Series;
  /** TREAST, USD mn, weekly: the Fed's Treasury holdings (QE/QT channel). */
  readonly treasuries?: Series;
  /** WRESBAL, USD mn, weekly: reserve balances. */
  readonly reserves?: Series;
}

/** Parameters with their defaults. */
export interface LiquidityParams {
  /** Oldest a Wednesday's RRP value may be, in days, when the Wednesday itself has none (holidays). */
  readonly rrpMaxAgeDays?: number;
  /** First day of the daily ON RRP operations (ISO); before it a Wednesday without an operation within rrpMaxAgeDays has RRP = 0. */
  readonly rrpDailyFrom?: string;
  /** Oldest a weekly value may be on the daily-aligned basis. */
  readonly weeklyMaxAgeDays?: number;
  /** A TGA whose last date is older than WALCL's by more than this is stale. */
  readonly staleTgaDays?: number;
  /** Weekly window of the rolling correlation and beta to assets. */
  readonly corrWindowWeeks?: number;
  /** Smallest TGA swing counted as a drawdown or rebuild, USD bn. */
  readonly tgaEpisodeBn?: number;
  /** Window of the fixed-window TGA episodes (TGA change over this many weeks ≥ tgaEpisodeBn). */
  readonly tgaEpisodeWeeks?: number;
}

const SPECS = {
  rrpMaxAgeDays: { name: 'rrpMaxAgeDays', default: 4, unit: 'days', description: 'oldest RRP value used for a Wednesday without one (holidays)', source: 'flowlens convention' },
  rrpDailyFrom: { name: 'rrpDailyFrom', default: '2013-09-23', unit: 'date', description: 'first day of the daily ON RRP exercise; before it RRPONTSYD has a value only on the days of an occasional test operation, and nothing was outstanding on the other days (RRP = 0)', source: 'FOMC minutes, July 30–31 and September 17–18, 2013; New York Fed, reverse repo exercise from 2013-09-23' },
  weeklyMaxAgeDays: { name: 'weeklyMaxAgeDays', default: 7, unit: 'days', description: 'weekly WALCL/TGA carried forward at most one week on the daily basis', source: 'H.4.1 is weekly' },
  staleTgaDays: { name: 'staleTgaDays', default: 14, unit: 'days', description: 'TGA older than WALCL by more than this is flagged stale', source: 'flowlens convention' },
  corrWindowWeeks: { name: 'corrWindowWeeks', default: 52, unit: 'weeks', description: 'window of the rolling correlation and beta of asset returns to ΔNL', source: 'flowlens convention' },
  tgaEpisodeBn: { name: 'tgaEpisodeBn', default: 200, unit: 'USD bn', description: 'smallest TGA swing (peak to trough or back) counted as a drawdown or rebuild', source: 'flowlens convention (debt-ceiling swings are $300bn+)' },
  tgaEpisodeWeeks: { name: 'tgaEpisodeWeeks', default: 8, unit: 'weeks', description: 'window of the fixed-window TGA episodes (change over this many weeks ≥ tgaEpisodeBn)', source: 'flowlens convention (about two months)' },
} as const;

/** Which TGA value a week used. */
export type TgaBasis = 'wednesday' | 'week-average' | 'missing';

/** Net liquidity on the Fed's weekly (Wednesday) grid. */
export interface WeeklyNetLiquidity {
  readonly dates: Int32Array;
  readonly walcl: Float64Array;
  readonly tga: Float64Array;
  readonly rrp: Float64Array;
  readonly netLiquidity: Float64Array;
  readonly tgaBasis: readonly TgaBasis[];
  /** TGA on each basis alone, USD bn (NaN where that series has no value): a change is taken on one of them, never across both. */
  readonly tgaWednesday: Float64Array;
  readonly tgaWeekAverage: Float64Array;
}

/** A change in net liquidity over a horizon, split into its three components. */
export interface LiquidityChange {
  readonly weeks: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly change: UsdBn;
  readonly fromWalcl: UsdBn;
  /** −ΔTGA: a TGA drawdown adds liquidity. */
  readonly fromTga: UsdBn;
  /** −ΔRRP: money leaving the RRP adds liquidity. */
  readonly fromRrp: UsdBn;
  /** The TGA basis of both ends of the change (see tgaChange). */
  readonly tgaBasis: Exclude<TgaBasis, 'missing'>;
  readonly driver: 'Fed balance sheet' | 'Treasury General Account' | 'reverse repo';
  /** Share of the change from the Treasury side (TGA + RRP) vs the Fed side (WALCL), in %. */
  readonly treasuryShare: number;
}

/** A TGA drawdown or rebuild. */
export interface TgaEpisode {
  readonly kind: 'drawdown' | 'rebuild';
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly change: UsdBn;
}

/** The full liquidity picture. */
export interface LiquidityResult extends ModelProvenance {
  readonly weekly: WeeklyNetLiquidity;
  /** On the RRP's business-day grid; NaN where a weekly input is older than its max age. */
  readonly daily: DailyNetLiquidity;
  readonly latest: { readonly date: IsoDate; readonly netLiquidity: UsdBn; readonly walcl: UsdBn; readonly tga: UsdBn; readonly rrp: UsdBn; readonly tgaBasis: TgaBasis };
  readonly changes: readonly LiquidityChange[];
  readonly tgaEpisodes: readonly TgaEpisode[];
  /** TGA moves of at least tgaEpisodeBn within tgaEpisodeWeeks weeks (see tgaWindowEpisodes). */
  readonly tgaWindowEpisodes: readonly TgaEpisode[];
  /** RRP now vs its peak. */
  readonly rrpDepletion: { readonly peak: UsdBn; readonly peakDate: IsoDate; readonly latest: UsdBn; readonly depletedPct: number };
  /** 13-week change of the Fed's Treasury holdings (QE > 0, QT < 0) and of reserves, USD bn. */
  readonly channels: { readonly treasuries13w?: UsdBn; readonly reserves13w?: UsdBn; readonly reservesLatest?: UsdBn };
  /** The last 13-week change of net liquidity split into the QE/QT and Treasury channels (needs TREAST). */
  readonly channelSplit13w?: ChannelSplit;
  /** Warnings a reader must see (a stale TGA, a missing input). */
  readonly flags: readonly string[];
}

/**
 * Net liquidity on a daily grid with the fill used on every date. Bits of `missing`: 1 = WALCL,
 * 2 = TGA, 4 = RRP had no value within its max age (net liquidity is then NaN, never filled).
 * Ages are days since the value used (−1 when none).
 */
export interface DailyNetLiquidity {
  readonly dates: Int32Array;
  readonly netLiquidity: Float64Array;
  /** 1 where WALCL was carried forward from an earlier Wednesday. */
  readonly filled: Uint8Array;
  readonly walclAgeDays: Int16Array;
  readonly tgaAgeDays: Int16Array;
  /** 1 where the TGA value is the week average (WTREGEN), not the Wednesday level. */
  readonly tgaWeekAverage: Uint8Array;
  readonly missing: Uint8Array;
}

/**
 * The 13-week change of net liquidity by channel: QE/QT = ΔTREAST (the Fed's Treasury holdings);
 * other Fed = ΔWALCL − ΔTREAST (MBS, loans, facilities); Treasury = −ΔTGA − ΔRRP. Shares are of
 * the gross (sum of absolute contributions), so they add to 100% even when channels offset.
 */
export interface ChannelSplit {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly change: UsdBn;
  readonly qeqt: UsdBn;
  readonly otherFed: UsdBn;
  readonly treasury: UsdBn;
  readonly qeqtSharePct: number;
  readonly otherFedSharePct: number;
  readonly treasurySharePct: number;
}

/** Age in days of the last valid value of `s` at or before each target date, −1 when none within `maxAge`. */
function ages(target: Int32Array, s: Series, maxAge: number): Int16Array {
  const out = new Int16Array(target.length).fill(-1);
  let j = -1;
  let last = Number.NaN;
  for (let i = 0; i < target.length; i++) {
    const d = target[i] as number;
    while (j + 1 < s.dates.length && (s.dates[j + 1] as number) <= d) {
      j++;
      if (!Number.isNaN(s.values[j] as number)) last = s.dates[j] as number;
    }
    if (!Number.isNaN(last) && d - last <= maxAge) out[i] = d - last;
  }
  return out;
}

/**
 * Splits the change between weekly rows `from` and `to` into the QE/QT channel (ΔTREAST), the
 * rest of the Fed's balance sheet, and the Treasury channel (−ΔTGA − ΔRRP); see ChannelSplit.
 * Undefined when TREAST has no value on either Wednesday.
 */
export function channelSplit(w: WeeklyNetLiquidity, treasuries: Series, weeks = 13): ChannelSplit | undefined {
  const c = liquidityChange(w, weeks);
  if (!c) return undefined;
  const t = alignTo(Int32Array.from([Date.parse(c.from) / 86_400_000, Date.parse(c.to) / 86_400_000]), treasuries, { kind: 'exact' });
  const qeqt = ((t[1] as number) - (t[0] as number)) / 1000;
  if (Number.isNaN(qeqt)) return undefined;
  const otherFed = c.fromWalcl - qeqt;
  const treasury = c.fromTga + c.fromRrp;
  const gross = Math.abs(qeqt) + Math.abs(otherFed) + Math.abs(treasury);
  const share = (x: number) => (gross > 0 ? (100 * Math.abs(x)) / gross : 0);
  return {
    from: c.from,
    to: c.to,
    change: c.change,
    qeqt: qeqt as UsdBn,
    otherFed: otherFed as UsdBn,
    treasury: treasury as UsdBn,
    qeqtSharePct: share(qeqt),
    otherFedSharePct: share(otherFed),
    treasurySharePct: share(treasury),
  };
}

/** Value of `s` at `day` or the closest earlier valid value within `maxAge` days, else NaN. */
function valueNear(s: Series, day: number, maxAge: number): number {
  let i = lastAtOrBefore(s.dates, day);
  while (i >= 0 && Number.isNaN(s.values[i] as number)) i--;
  return i >= 0 && day - (s.dates[i] as number) <= maxAge ? (s.values[i] as number) : Number.NaN;
}

/**
 * Weekly net liquidity: on each WALCL Wednesday, NL = WALCL/1000 − TGA/1000 − RRP (USD bn);
 * before the daily ON RRP exercise (rrpDailyFrom, 2013-09-23) a Wednesday without an operation has RRP = 0.
 * TGA is the Wednesday level (WDTGAL) where published, else the week average (WTREGEN), and the
 * basis is recorded per week; a week with no TGA is NaN, never filled silently.
 */
export function weeklyNetLiquidity(inputs: LiquidityInputs, params: LiquidityParams = {}): WeeklyNetLiquidity {
  const rrpAge = params.rrpMaxAgeDays ?? SPECS.rrpMaxAgeDays.default;
  const rrpDailyFrom = Date.parse(params.rrpDailyFrom ?? SPECS.rrpDailyFrom.default) / 86_400_000;
  const dates: number[] = [];
  for (let i = 0; i < inputs.walcl.dates.length; i++) if (!Number.isNaN(inputs.walcl.values[i] as number)) dates.push(inputs.walcl.dates[i] as number);
  const grid = Int32Array.from(dates);
  const walcl = alignTo(grid, inputs.walcl, { kind: 'exact' });
  const wed = inputs.tga ? alignTo(grid, inputs.tga, { kind: 'exact' }) : undefined;
  const avg = inputs.tgaWeekAvg ? alignTo(grid, inputs.tgaWeekAvg, { kind: 'exact' }) : undefined;
  const n = grid.length;
  const tga = new Float64Array(n);
  const rrp = new Float64Array(n);
  const nl = new Float64Array(n);
  const basis = new Array<TgaBasis>(n);
  const tgaWednesday = new Float64Array(n);
  const tgaWeekAverage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = wed?.[i] ?? Number.NaN;
    const a = avg?.[i] ?? Number.NaN;
    basis[i] = !Number.isNaN(w) ? 'wednesday' : !Number.isNaN(a) ? 'week-average' : 'missing';
    tga[i] = (!Number.isNaN(w) ? w : a) / 1000;
    tgaWednesday[i] = w / 1000;
    tgaWeekAverage[i] = a / 1000;
    walcl[i] = (walcl[i] as number) / 1000;
    // Overnight test operations before the daily exercise left nothing outstanding between them:
    // a Wednesday without one is 0, not a gap (NL 2003–2013 was a line drawn between a few weeks).
    const r = valueNear(inputs.rrp, grid[i] as number, rrpAge);
    rrp[i] = Number.isNaN(r) && (grid[i] as number) < rrpDailyFrom ? 0 : r;
    nl[i] = (walcl[i] as number) - (tga[i] as number) - (rrp[i] as number);
  }
  return { dates: grid, walcl, tga, rrp, netLiquidity: nl, tgaBasis: basis, tgaWednesday, tgaWeekAverage };
}

/**
 * ΔTGA (USD bn) between weekly rows `a` and `b` on one basis: the Wednesday level (WDTGAL) when
 * both rows have it, else the week average (WTREGEN) when both have it, else undefined. The level
 * series mixes the two where WDTGAL starts later than WTREGEN, and a change across that seam
 * would compare a week average with a Wednesday level (2024-04-17's 52-week change: −97 bn on
 * one basis, +36 bn across the seam), so changes never mix them.
 */
export function tgaChange(w: WeeklyNetLiquidity, a: number, b: number): { delta: number; basis: Exclude<TgaBasis, 'missing'> } | undefined {
  const dw = (w.tgaWednesday[b] as number) - (w.tgaWednesday[a] as number);
  if (!Number.isNaN(dw)) return { delta: dw, basis: 'wednesday' };
  const da = (w.tgaWeekAverage[b] as number) - (w.tgaWeekAverage[a] as number);
  if (!Number.isNaN(da)) return { delta: da, basis: 'week-average' };
  return undefined;
}

/**
 * Net liquidity chain-linked to one TGA basis per step: the last level is the published one, and
 * going back NL_{i−1} = NL_i − (ΔWALCL − ΔTGA − ΔRRP) with ΔTGA from tgaChange, so every
 * week-on-week change of the result uses one basis. NaN before the first week with no change.
 */
export function chainLinkedNetLiquidity(w: WeeklyNetLiquidity): Float64Array {
  const n = w.netLiquidity.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let last = n - 1;
  while (last >= 0 && Number.isNaN(w.netLiquidity[last] as number)) last--;
  if (last < 0) return out;
  out[last] = w.netLiquidity[last] as number;
  for (let i = last; i > 0; i--) {
    const t = tgaChange(w, i - 1, i);
    const dNl = (w.walcl[i] as number) - (w.walcl[i - 1] as number) - (t?.delta ?? Number.NaN) - ((w.rrp[i] as number) - (w.rrp[i - 1] as number));
    if (Number.isNaN(dNl)) break;
    out[i - 1] = (out[i] as number) - dNl;
  }
  return out;
}

/**
 * The change of net liquidity over the last `weeks` weeks and its decomposition
 * ΔNL = ΔWALCL − ΔTGA − ΔRRP; the driver is the component with the largest absolute share.
 */
export function liquidityChange(w: WeeklyNetLiquidity, weeks: number): LiquidityChange | undefined {
  let end = w.netLiquidity.length - 1;
  while (end >= 0 && Number.isNaN(w.netLiquidity[end] as number)) end--;
  const start = end - weeks;
  if (start < 0 || Number.isNaN(w.netLiquidity[start] as number)) return undefined;
  const tga = tgaChange(w, start, end);
  if (!tga) return undefined;
  const fromWalcl = (w.walcl[end] as number) - (w.walcl[start] as number);
  const fromTga = -tga.delta;
  const fromRrp = -((w.rrp[end] as number) - (w.rrp[start] as number));
  const parts: [LiquidityChange['driver'], number][] = [
    ['Fed balance sheet', fromWalcl],
    ['Treasury General Account', fromTga],
    ['reverse repo', fromRrp],
  ];
  const driver = parts.reduce((a, b) => (Math.abs(b[1]) > Math.abs(a[1]) ? b : a))[0];
  const gross = Math.abs(fromWalcl) + Math.abs(fromTga + fromRrp);
  return {
    weeks,
    from: toIso(w.dates[start] as number),
    to: toIso(w.dates[end] as number),
    change: (fromWalcl + fromTga + fromRrp) as UsdBn,
    fromWalcl: fromWalcl as UsdBn,
    fromTga: fromTga as UsdBn,
    fromRrp: fromRrp as UsdBn,
    tgaBasis: tga.basis,
    driver,
    treasuryShare: gross > 0 ? (100 * Math.abs(fromTga + fromRrp)) / gross : 0,
  };
}

/**
 * TGA drawdowns and rebuilds as the swings of a zig-zag with threshold `thresholdBn`: a drawdown
 * runs from a peak to the next trough at least `thresholdBn` lower, a rebuild from a trough to the
 * next peak at least that much higher. Weeks without a TGA value are skipped.
 */
export function tgaEpisodes(w: WeeklyNetLiquidity, thresholdBn: number): TgaEpisode[] {
  const v = w.tga;
  const pivots: number[] = [];
  let trend: 'up' | 'down' | undefined;
  let hi = -1;
  let lo = -1;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (Number.isNaN(x)) continue;
    if (hi < 0) hi = i;
    if (lo < 0) lo = i;
    // Going up (or undecided) we track the peak; going down (or undecided) the trough.
    if (trend !== 'down' && x > (v[hi] as number)) hi = i;
    if (trend !== 'up' && x < (v[lo] as number)) lo = i;
    if (trend !== 'down' && (v[hi] as number) - x >= thresholdBn) {
      if (trend === undefined && lo < hi) pivots.push(lo);
      pivots.push(hi);
      trend = 'down';
      lo = i;
    } else if (trend !== 'up' && x - (v[lo] as number) >= thresholdBn) {
      if (trend === undefined && hi < lo) pivots.push(hi);
      pivots.push(lo);
      trend = 'up';
      hi = i;
    }
  }
  // The move in progress counts once it has gone far enough.
  const tail = trend === 'down' ? lo : trend === 'up' ? hi : -1;
  const lastPivot = pivots.at(-1);
  if (tail >= 0 && lastPivot !== undefined && tail !== lastPivot && Math.abs((v[tail] as number) - (v[lastPivot] as number)) >= thresholdBn) pivots.push(tail);
  const out: TgaEpisode[] = [];
  for (let k = 1; k < pivots.length; k++) {
    const a = pivots[k - 1] as number;
    const b = pivots[k] as number;
    const change = (v[b] as number) - (v[a] as number);
    out.push({ kind: change < 0 ? 'drawdown' : 'rebuild', start: toIso(w.dates[a] as number), end: toIso(w.dates[b] as number), change: change as UsdBn });
  }
  return out;
}

/**
 * TGA moves measured over a fixed window: weeks t where TGA_t − TGA_{t−weeks} ≤ −thresholdBn
 * (drawdown) or ≥ thresholdBn (rebuild); qualifying windows of the same kind that overlap are
 * merged into one episode from the first window's start to the last window's end, with the
 * change between them.
 */
export function tgaWindowEpisodes(w: WeeklyNetLiquidity, thresholdBn: number, weeks: number): TgaEpisode[] {
  if (!Number.isInteger(weeks) || weeks < 1) throw new ParameterError(`TGA episode window must be a whole number of weeks ≥ 1, got ${weeks}`);
  // Index spans; a new qualifying window that overlaps the last span of the same kind extends it.
  const spans: { kind: TgaEpisode['kind']; a: number; b: number }[] = [];
  for (let t = weeks; t < w.tga.length; t++) {
    const d = tgaChange(w, t - weeks, t)?.delta ?? Number.NaN;
    const kind: TgaEpisode['kind'] | undefined = d <= -thresholdBn ? 'drawdown' : d >= thresholdBn ? 'rebuild' : undefined;
    if (!kind) continue;
    const last = spans.at(-1);
    if (last && last.kind === kind && t - weeks <= last.b) last.b = t;
    else spans.push({ kind, a: t - weeks, b: t });
  }
  return spans.map((s) => ({ kind: s.kind, start: toIso(w.dates[s.a] as number), end: toIso(w.dates[s.b] as number), change: (tgaChange(w, s.a, s.b)?.delta ?? Number.NaN) as UsdBn }));
}

/**
 * Runs the whole liquidity model: weekly and daily net liquidity, 4/13/52-week changes with
 * their drivers, TGA episodes, RRP depletion, the QE/QT channel, and flags for stale inputs.
 */
export function liquidityModel(inputs: LiquidityInputs, params: LiquidityParams = {}): LiquidityResult {
  if (!inputs.tga && !inputs.tgaWeekAvg) throw new ParameterError('net liquidity needs a TGA series (WDTGAL or WTREGEN)');
  for (const [k, v] of Object.entries(params)) if (typeof v === 'number' && !(v > 0)) throw new ParameterError(`${k} must be positive, got ${v}`);
  const weekly = weeklyNetLiquidity(inputs, params);
  const flags: string[] = [];
  const walclLast = lastValid(inputs.walcl);
  const tgaLast = [inputs.tga, inputs.tgaWeekAvg].filter((s): s is Series => s !== undefined).map((s) => lastValid(s).date).sort().at(-1) ?? walclLast.date;
  const staleDays = params.staleTgaDays ?? SPECS.staleTgaDays.default;
  const gap = (Date.parse(walclLast.date) - Date.parse(tgaLast)) / 86_400_000;
  if (gap > staleDays) flags.push(`TGA is stale: last value ${tgaLast}, ${gap} days before WALCL's ${walclLast.date}; net liquidity after ${tgaLast} is left blank`);
  const rrpLast = lastValid(inputs.rrp);
  if ((Date.parse(walclLast.date) - Date.parse(rrpLast.date)) / 86_400_000 > staleDays) flags.push(`RRP is stale: last value ${rrpLast.date}`);

  // Daily basis on the RRP's dates: weekly inputs carried at most one week.
  const maxAge = params.weeklyMaxAgeDays ?? SPECS.weeklyMaxAgeDays.default;
  const ddates = inputs.rrp.dates;
  const dw = alignTo(ddates, inputs.walcl, { kind: 'ffill', maxAgeDays: maxAge });
  const tgaSeries = inputs.tga ?? inputs.tgaWeekAvg;
  const dt = alignTo(ddates, tgaSeries as Series, { kind: 'ffill', maxAgeDays: maxAge });
  const dtAvg = inputs.tga && inputs.tgaWeekAvg ? alignTo(ddates, inputs.tgaWeekAvg, { kind: 'ffill', maxAgeDays: maxAge }) : undefined;
  const dnl = new Float64Array(ddates.length);
  const filled = new Uint8Array(ddates.length);
  const missing = new Uint8Array(ddates.length);
  const tgaWeekAverage = new Uint8Array(ddates.length);
  const exactW = alignTo(ddates, inputs.walcl, { kind: 'exact' });
  const walclAgeDays = ages(ddates, inputs.walcl, maxAge);
  const tgaAgeDays = ages(ddates, tgaSeries as Series, maxAge);
  const avgAge = inputs.tga && inputs.tgaWeekAvg ? ages(ddates, inputs.tgaWeekAvg, maxAge) : undefined;
  for (let i = 0; i < ddates.length; i++) {
    const useAvg = Number.isNaN(dt[i] as number) && dtAvg !== undefined && !Number.isNaN(dtAvg[i] as number);
    const t = useAvg ? (dtAvg?.[i] as number) : (dt[i] as number);
    if (useAvg && avgAge) tgaAgeDays[i] = avgAge[i] as number;
    tgaWeekAverage[i] = useAvg || (!inputs.tga && !Number.isNaN(t)) ? 1 : 0;
    dnl[i] = (dw[i] as number) / 1000 - t / 1000 - (inputs.rrp.values[i] as number);
    filled[i] = Number.isNaN(exactW[i] as number) ? 1 : 0;
    missing[i] = (Number.isNaN(dw[i] as number) ? 1 : 0) | (Number.isNaN(t) ? 2 : 0) | (Number.isNaN(inputs.rrp.values[i] as number) ? 4 : 0);
  }
  // Holidays leave NaN rows all along (recorded in `missing`); only a blank latest row is a warning.
  const lastMissing = missing[ddates.length - 1] ?? 0;
  if (lastMissing) {
    const which = [lastMissing & 1 ? 'WALCL' : '', lastMissing & 2 ? 'TGA' : '', lastMissing & 4 ? 'RRP' : ''].filter(Boolean).join(', ');
    flags.push(`daily net liquidity on ${toIso(ddates[ddates.length - 1] as number)} is blank: ${which} missing or older than ${maxAge} days`);
  }

  let last = weekly.netLiquidity.length - 1;
  while (last > 0 && Number.isNaN(weekly.netLiquidity[last] as number)) last--;
  let peak = 0;
  let peakDay = 0;
  for (let i = 0; i < inputs.rrp.values.length; i++) {
    const v = inputs.rrp.values[i] as number;
    if (v > peak) {
      peak = v;
      peakDay = inputs.rrp.dates[i] as number;
    }
  }
  const chg13 = (s: Series | undefined) => {
    if (!s) return undefined;
    const { date, value } = lastValid(s);
    const before = valueNear(s, Date.parse(date) / 86_400_000 - 91, 7);
    return Number.isNaN(before) ? undefined : (((value - before) / 1000) as UsdBn);
  };
  const assumptions: Assumption[] = (Object.keys(SPECS) as (keyof typeof SPECS)[]).map((k) => assumption(SPECS[k], params[k]));
  const inputsAsOf: Record<string, IsoDate> = { [inputs.walcl.id]: walclLast.date, [inputs.rrp.id]: rrpLast.date };
  for (const s of [inputs.tga, inputs.tgaWeekAvg, inputs.treasuries, inputs.reserves]) if (s) inputsAsOf[s.id] = lastValid(s).date;
  const reservesLast = inputs.reserves ? lastValid(inputs.reserves) : undefined;
  const split = inputs.treasuries ? channelSplit(weekly, inputs.treasuries, 13) : undefined;
  return {
    weekly,
    daily: { dates: ddates, netLiquidity: dnl, filled, walclAgeDays, tgaAgeDays, tgaWeekAverage, missing },
    latest: {
      date: toIso(weekly.dates[last] as number),
      netLiquidity: weekly.netLiquidity[last] as UsdBn,
      walcl: weekly.walcl[last] as UsdBn,
      tga: weekly.tga[last] as UsdBn,
      rrp: weekly.rrp[last] as UsdBn,
      tgaBasis: weekly.tgaBasis[last] ?? 'missing',
    },
    changes: [4, 13, 52].map((k) => liquidityChange(weekly, k)).filter((c): c is LiquidityChange => c !== undefined),
    tgaEpisodes: tgaEpisodes(weekly, params.tgaEpisodeBn ?? SPECS.tgaEpisodeBn.default),
    tgaWindowEpisodes: tgaWindowEpisodes(weekly, params.tgaEpisodeBn ?? SPECS.tgaEpisodeBn.default, params.tgaEpisodeWeeks ?? SPECS.tgaEpisodeWeeks.default),
    rrpDepletion: { peak: peak as UsdBn, peakDate: toIso(peakDay), latest: rrpLast.value as UsdBn, depletedPct: peak > 0 ? 100 * (1 - rrpLast.value / peak) : 0 },
    channels: {
      ...(chg13(inputs.treasuries) !== undefined ? { treasuries13w: chg13(inputs.treasuries) } : {}),
      ...(chg13(inputs.reserves) !== undefined ? { reserves13w: chg13(inputs.reserves) } : {}),
      ...(reservesLast ? { reservesLatest: (reservesLast.value / 1000) as UsdBn } : {}),
    },
    ...(split ? { channelSplit13w: split } : {}),
    flags,
    assumptions,
    inputsAsOf,
  };
}

/**
 * Rolling correlation and beta of an asset's weekly log return to the weekly change in net
 * liquidity (USD bn): the asset is sampled on the liquidity Wednesdays (last close at or before,
 * at most 4 days old). beta is the log return per USD 1bn of ΔNL.
 */
export function assetSensitivity(w: WeeklyNetLiquidity, asset: Series, windowWeeks = 52): { dates: Int32Array; corr: Float64Array; beta: Float64Array } {
  if (windowWeeks < 8) throw new ParameterError(`corrWindowWeeks must be at least 8, got ${windowWeeks}`);
  const px = alignTo(w.dates, asset, { kind: 'ffill', maxAgeDays: 4 });
  const r = logReturns(px);
  const dnl = new Float64Array(w.netLiquidity.length).fill(Number.NaN);
  for (let i = 1; i < dnl.length; i++) dnl[i] = (w.netLiquidity[i] as number) - (w.netLiquidity[i - 1] as number);
  const { corr, beta } = rollingCorrBeta(dnl, r, windowWeeks);
  return { dates: w.dates, corr, beta };
}
