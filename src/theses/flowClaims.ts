import { NotEnoughDataError } from '../core/errors.ts';
import { lastAtOrBefore } from '../series/align.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { cleanPrices, ctaAssumptions, ctaPositionHistory, ctaWarmup, resolveCtaParams, trendSign } from '../models/cta.ts';
import { eventStudy, type EventStudyResult, type HorizonStats } from '../models/eventStudy.ts';
import { flowRegressionDesign, flowVarianceDecomposition, type FlowDesignInputs } from '../models/flowVariance.ts';
import { volControlAssumptions, volControlModel, type VolControlResult } from '../models/volcontrol.ts';
import { lastVolSpikes } from '../models/volSpikes.ts';
import { fmtNumber } from '../views/format.ts';
import type { Metric, ThesisResult, Verdict } from './thesis.ts';

/** Catalog ids the flow claims read (S&P 500, VIX curve, rates, credit, crude, dollar, Nasdaq-100, Russell 2000). */
export const FLOW_CLAIM_INPUTS: readonly string[] = ['GSPC', 'SPY', 'VIX', 'VIXCLS', 'VIX3M', 'DGS10', 'DGS2', 'BAMLH0A0HYM2', 'CL_F', 'DCOILWTICO', 'DXY', 'DTWEXBGS', 'NDX', 'QQQ', 'RUT', 'IWM'];

const signed = (x: number, d = 0) => `${x >= 0 ? '+' : ''}${fmtNumber(x, d)}`;
const pct = (x: number, d = 1) => `${fmtNumber(100 * x, d)}%`;

/** The series with only the observations dated on or before `asOfDay` (point in time). */
export function cutAt(s: Series, asOfDay: number): Series {
  const k = lastAtOrBefore(s.dates, asOfDay) + 1;
  return k === s.dates.length ? s : { ...s, dates: s.dates.subarray(0, k), values: s.values.subarray(0, k) };
}

/** Day number of the last non-NaN value, or −∞ for an empty series. */
function lastValidDay(s: Series): number {
  for (let i = s.values.length - 1; i >= 0; i--) if (!Number.isNaN(s.values[i] as number)) return s.dates[i] as number;
  return Number.NEGATIVE_INFINITY;
}

/** Of the series present (already cut), the one with the latest valid date; ties go to the first id. */
function freshestOf(data: ReadonlyMap<string, Series>, ids: readonly string[], asOfDay: number): Series | undefined {
  let best: Series | undefined;
  for (const id of ids) {
    const s = data.get(id);
    if (!s) continue;
    const c = cutAt(s, asOfDay);
    if (c.dates.length === 0) continue;
    if (!best || lastValidDay(c) > lastValidDay(best)) best = c;
  }
  return best;
}

/**
 * Model results the flow claims share, as the application computes them once per point-in-time
 * read (app/snapshotModels.ts); each is called with the S&P 500 series the claims picked (already
 * cut) and must return what the model returns on it with its default parameters. Without them the
 * claims compute their own.
 */
export interface SharedFlowModels {
  /** volControlModel(spx) with the default parameters (the move table is not read). */
  readonly volControl?: (spx: Series) => VolControlResult;
  /** ctaPositionHistory(cleanPrices(spx).px, resolveCtaParams()). */
  readonly ctaPosition?: (spx: Series) => Float64Array;
  /** eventStudy(prices, events, horizons) (no bootstrap). */
  readonly eventStudy?: (prices: Series, events: readonly number[], horizons: readonly number[]) => EventStudyResult;
}

const FLOWS_ID = 'flows-dominate';
const FLOWS_STATEMENT = 'Prices follow systematic flows (vol-control, CTAs, buybacks, hedging) more than fundamentals.';

/**
 * Claim 1: flows dominate. Daily S&P 500 log returns regressed on predetermined model flows
 * (vol-control pending rebalancing, CTA trigger roll, buyback blackout share, lagged ΔVIX/VIX3M)
 * and on same-day macro changes (10y, 2y, HY spread, crude, dollar) over rolling `window`-day
 * windows stepping monthly (flowVariance.ts); Shapley split of the joint R². Rule: supported if
 * φ_flows ≥ φ_macro over the full sample and in ≥ 60% of windows; not supported if φ_flows <
 * φ_macro over the full sample and in ≥ 60% of windows; mixed otherwise.
 */
export function flowsDominate(inputs: FlowDesignInputs, asOfDay: number, window = 252, shared: SharedFlowModels = {}): ThesisResult {
  const cut = (s: Series | undefined) => (s ? cutAt(s, asOfDay) : undefined);
  const x: FlowDesignInputs = {
    spx: cutAt(inputs.spx, asOfDay),
    ...Object.fromEntries(
      (['vix', 'vix3m', 'dgs10', 'dgs2', 'hySpread', 'crude', 'dollar'] as const).flatMap((k) => {
        const s = cut(inputs[k]);
        return s ? [[k, s]] : [];
      }),
    ),
  };
  const rule = `daily S&P 500 log returns on predetermined model flows vs same-day macro changes, OLS over rolling ${window}-day windows stepping monthly, Shapley split of the joint R²: supported if φ_flows ≥ φ_macro over the full sample and in ≥ 60% of windows; not supported if φ_flows < φ_macro over the full sample and in ≥ 60% of windows; mixed otherwise`;
  const design = flowRegressionDesign(x, { ...(shared.volControl ? { volControl: shared.volControl(x.spx) } : {}), ...(shared.ctaPosition ? { ctaPosition: shared.ctaPosition(x.spx) } : {}) });
  const r = flowVarianceDecomposition(design, window);
  // Only the full sample of the variant without the HY spread is shown: no rolling windows.
  const noHy = design.macro.some((m) => m.name === 'Δ HY spread') && design.macro.length > 1 ? flowVarianceDecomposition({ ...design, macro: design.macro.filter((m) => m.name !== 'Δ HY spread') }, window, false).full : undefined;
  const f = r.full;
  const flowsWin = r.windows.filter((w) => w.shapleyFlows >= w.shapleyMacro).length;
  const nw = r.windows.length;
  const shareWin = nw ? flowsWin / nw : Number.NaN;
  const verdict: Verdict = f.shapleyFlows >= f.shapleyMacro && shareWin >= 0.6 ? 'supported' : f.shapleyFlows < f.shapleyMacro && 1 - shareWin >= 0.6 ? 'not supported' : 'mixed';
  const last = r.windows[nw - 1];
  const peak = r.windows.reduce((b, w) => (w.shapleyFlows > b.shapleyFlows ? w : b), r.windows[0] ?? { ...f, end: f.end, start: f.start });
  const dates = Int32Array.from(r.windows.map((w) => toDay(w.end)));
  const mk = (id: string, title: string, v: number[]): Series => ({ id, title, unit: '% of variance', frequency: 'monthly', source: 'fred', dates, values: Float64Array.from(v), retrievedAt: '' });
  const metrics: Metric[] = [
    { label: 'flows share of variance (Shapley)', value: pct(f.shapleyFlows, 2), asOf: f.end },
    { label: 'macro share of variance (Shapley)', value: pct(f.shapleyMacro, 1), asOf: f.end },
    { label: 'R² flows only / macro only / both', value: `${pct(f.r2Flows, 2)} / ${pct(f.r2Macro, 1)} / ${pct(f.r2Joint, 1)}` },
    { label: 'sample', value: `${f.start} → ${f.end}, ${f.n} days` },
    { label: 'windows where flows ≥ macro', value: `${flowsWin} of ${nw}` },
    ...(last ? [{ label: `latest ${window}-day window: flows / macro`, value: `${pct(last.shapleyFlows, 2)} / ${pct(last.shapleyMacro, 1)}`, asOf: last.end }] : []),
    { label: 'largest flows share in a window', value: pct(peak.shapleyFlows, 2), asOf: peak.end },
    ...(noHy ? [{ label: 'macro share without the HY spread', value: `${pct(noHy.shapleyMacro, 1)} (flows ${pct(noHy.shapleyFlows, 2)})` }] : []),
  ];
  const yearEnds = r.windows.filter((w, i) => i === nw - 1 || w.end.slice(0, 4) !== r.windows[i + 1]?.end.slice(0, 4));
  return {
    id: FLOWS_ID,
    statement: FLOWS_STATEMENT,
    verdict,
    assumptions: [
      { name: 'window', value: window, default: 252, unit: 'trading days', description: 'rolling regression window (stepping monthly)', source: 'flowlens convention (one trading year)' },
      ...volControlAssumptions({}, asOfDay),
      ...ctaAssumptions(),
    ],
    reason: `over ${f.start} → ${f.end} estimated flows explain ${pct(f.shapleyFlows, 2)} of the variance of daily S&P 500 returns and same-day macro moves ${pct(f.shapleyMacro, 1)} (Shapley split of R² = ${pct(f.r2Joint, 1)}); flows led in ${flowsWin} of ${nw} rolling ${window}-day windows`,
    rule,
    metrics,
    chart: {
      title: `Share of daily S&P 500 return variance, rolling ${window} days (Shapley, %)`,
      series: [mk('PHI_FLOWS', 'flows', r.windows.map((w) => 100 * w.shapleyFlows)), mk('PHI_MACRO', 'macro', r.windows.map((w) => 100 * w.shapleyMacro))],
      rules: [0],
      yLabel: '% of variance',
    },
    table: {
      caption: `R² and Shapley shares (%), full sample and the ${window}-day window ending each year; flows: ${r.flowNames.join(', ')}; macro: ${r.macroNames.join(', ')}`,
      head: ['window', 'R² flows', 'R² macro', 'R² both', 'φ flows', 'φ macro'],
      rows: [f, ...yearEnds].map((w) => [`${w.start} → ${w.end}`, fmtNumber(100 * w.r2Flows, 2), fmtNumber(100 * w.r2Macro, 1), fmtNumber(100 * w.r2Joint, 1), fmtNumber(100 * w.shapleyFlows, 2), fmtNumber(100 * w.shapleyMacro, 1)]),
    },
  };
}

/** A volatility spike to check: a label and the calendar range in which its VIX peak lies. */
export interface Spike {
  readonly label: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/**
 * The spikes the vol-control claim checks as of `asOfDay`: the last three episodes of the VIX
 * (detectVolSpikes: first close ≥ 30 until a close < 20), found from the closes on or before that
 * day only; without the VIX, the same rule on the model's realised vol σ̂ in % (annualised).
 */
export function spikesToCheck(dates: Int32Array, level: ArrayLike<number>, asOfDay: number): Spike[] {
  return lastVolSpikes(dates, level, asOfDay, 3).map((e) => ({ label: e.label, from: e.from, to: e.to }));
}

/** What the vol-control claim measured at one spike. */
export interface SpikeFlow {
  readonly label: string;
  /** Day of the highest VIX close in the range (of the highest σ̂ without the VIX). */
  readonly peak: IsoDate;
  readonly peakVix: number;
  /** Model flow summed over the 5 trading days to the peak, USD bn (< 0 selling). */
  readonly flow5dBn: number;
  readonly exposureBefore: number;
  readonly exposureAtPeak: number;
  /** First day after the peak on which the model buys (flow > 0), if any. */
  readonly firstBuy?: IsoDate;
}

const VC_ID = 'vol-control-selling';
const VC_STATEMENT = 'Vol-control funds sell into rising volatility and buy as it falls.';

/** Pearson correlation over the indices where both are finite. */
function corr(a: Float64Array, b: Float64Array): { r: number; n: number } {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++)
    if (Number.isFinite(a[i] as number) && Number.isFinite(b[i] as number)) {
      n++;
      sa += a[i] as number;
      sb += b[i] as number;
    }
  if (n < 3) return { r: Number.NaN, n };
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++)
    if (Number.isFinite(a[i] as number) && Number.isFinite(b[i] as number)) {
      const x = (a[i] as number) - ma;
      const y = (b[i] as number) - mb;
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
  return { r: sab / Math.sqrt(saa * sbb), n };
}

/** Value of `q` (0…1) of the finite values of x: the order statistic ⌊q·(n−1)⌋ of the sorted values. */
function quantileOf(x: Float64Array, q: number): number {
  const v = x.filter((z) => Number.isFinite(z)).sort();
  return v.length ? (v[Math.floor(q * (v.length - 1))] as number) : Number.NaN;
}

const hz = (r: { horizons: readonly HorizonStats[] }, h: number) => r.horizons.find((x) => x.horizon === h) as HorizonStats;

/**
 * Micro-claim: vol-control funds sell into rising volatility and buy as it falls. On the
 * vol-control model's implied daily flow (volcontrol.ts, default parameters) on the S&P 500:
 * (a) mechanics — the model's 5-day flow to the VIX peak is negative in each of the last three
 * VIX spikes known on `asOfDay` (spikesToCheck: closes up to that day only), and the 5-day flow correlates
 * with the 5-day change in the VIX at ≤ −0.3 (sells as implied vol rises, buys as it falls);
 * (b) price pressure — event study of the days whose flow is in the most negative `tail` (5%):
 * the mean 1-day forward return is below the unconditional mean with Welch t ≤ −1.
 * Rule: supported if (a) and (b); mixed if one; not supported if neither.
 */
export function volControlSelling(inputs: { spx: Series; vix?: Series }, asOfDay: number, tail = 0.05, shared: SharedFlowModels = {}): ThesisResult {
  const spx = cutAt(inputs.spx, asOfDay);
  const vixS = inputs.vix ? cutAt(inputs.vix, asOfDay) : undefined;
  const rule = `(a) the model's 5-day flow to the VIX peak is negative in every spike checked (the last three VIX episodes known on the date: first close ≥ 30 until a close < 20) and corr(5-day flow, 5-day ΔVIX) ≤ −0.3; (b) after the days with the most negative ${pct(tail, 0)} of flows, the mean 1-day S&P 500 return is below the all-days mean with Welch t ≤ −1; supported if (a) and (b), mixed if one, not supported if neither`;
  const vc = shared.volControl ? shared.volControl(spx) : volControlModel(spx, {}, []);
  const n = vc.dates.length;
  const flow = vc.flowBn;
  // VIX on the model's days (exact dates).
  const vixOn = new Float64Array(n).fill(Number.NaN);
  if (vixS) {
    for (let i = 0; i < n; i++) {
      const j = lastAtOrBefore(vixS.dates, vc.dates[i] as number);
      if (j >= 0 && vixS.dates[j] === vc.dates[i]) vixOn[i] = vixS.values[j] as number;
    }
  }
  // 5-day sums of flow and 5-day VIX changes (overlapping).
  const f5 = new Float64Array(n).fill(Number.NaN);
  const v5 = new Float64Array(n).fill(Number.NaN);
  for (let i = 5; i < n; i++) {
    let s = 0;
    for (let k = i - 4; k <= i; k++) s += flow[k] as number;
    f5[i] = s;
    v5[i] = (vixOn[i] as number) - (vixOn[i - 5] as number);
  }
  const c = vixS ? corr(f5, v5) : { r: Number.NaN, n: 0 };
  const spikes: SpikeFlow[] = [];
  const spikeLevel = vixS ? vixOn : vc.sigma.map((x) => 100 * x);
  for (const sp of spikesToCheck(vc.dates, spikeLevel, asOfDay)) {
    const a = toDay(sp.from);
    const b = Math.min(toDay(sp.to), asOfDay);
    if (b < a) continue;
    let best = -1;
    for (let i = 0; i < n; i++) {
      const d = vc.dates[i] as number;
      if (d < a || d > b) continue;
      const key = vixS ? (vixOn[i] as number) : (vc.sigma[i] as number);
      if (Number.isFinite(key) && (best < 0 || key > (vixS ? (vixOn[best] as number) : (vc.sigma[best] as number)))) best = i;
    }
    if (best < 5) continue;
    let firstBuy: IsoDate | undefined;
    for (let i = best + 1; i < n && i <= best + 126; i++)
      if ((flow[i] as number) > 0) {
        firstBuy = toIso(vc.dates[i] as number);
        break;
      }
    spikes.push({
      label: sp.label,
      peak: toIso(vc.dates[best] as number),
      peakVix: vixOn[best] as number,
      flow5dBn: f5[best] as number,
      exposureBefore: vc.exposure[Math.max(0, best - 21)] as number,
      exposureAtPeak: vc.exposure[best] as number,
      ...(firstBuy ? { firstBuy } : {}),
    });
  }
  const q = quantileOf(flow, tail);
  const events: number[] = [];
  for (let i = 0; i < n; i++) if ((flow[i] as number) <= q) events.push(vc.dates[i] as number);
  if (events.length < 30) throw new NotEnoughDataError(`${spx.id}: ${events.length} heavy-selling days, the event study needs 30`);
  const es = shared.eventStudy ? shared.eventStudy(spx, events, [1, 5, 21]) : eventStudy(spx, events, [1, 5, 21]);
  const h1 = hz(es, 1);
  const sellsInSpikes = spikes.length > 0 && spikes.every((s) => s.flow5dBn < 0);
  const mechanics = sellsInSpikes && (!vixS || c.r <= -0.3);
  const pressure = h1.meanReturn < h1.unconditionalMean && h1.tVsUnconditional <= -1;
  const verdict: Verdict = spikes.length === 0 ? 'not enough data' : mechanics && pressure ? 'supported' : mechanics || pressure ? 'mixed' : 'not supported';
  const last = n - 1;
  const from = Math.max(0, lastAtOrBefore(vc.dates, toDay('2019-01-01')));
  const expo: Series = { id: 'VC_EXPOSURE', title: 'vol-control exposure, %', unit: '%', frequency: 'daily', source: 'yahoo', dates: vc.dates.subarray(from), values: vc.exposure.subarray(from).map((e) => 100 * e), retrievedAt: '' };
  const spikeTxt = spikes.map((s) => `${s.label} ${signed(s.flow5dBn, 0)} bn in the 5 days to ${s.peak}`).join(', ');
  return {
    id: VC_ID,
    statement: VC_STATEMENT,
    verdict,
    assumptions: [{ name: 'tail', value: tail, default: 0.05, unit: 'share of days', description: 'the heaviest-selling days studied', source: 'flowlens convention (5% tail)' }, ...vc.assumptions],
    reason: `the model sold into ${spikes.filter((s) => s.flow5dBn < 0).length} of ${spikes.length} spikes (${spikeTxt}); corr(5-day flow, 5-day ΔVIX) = ${fmtNumber(c.r, 2)}; after the ${h1.n} days of heaviest selling (flow ≤ ${fmtNumber(q, 1)} bn) the S&P 500 returned ${signed(h1.meanReturn, 2)}% the next day vs ${signed(h1.unconditionalMean, 2)}% on all days (t = ${fmtNumber(h1.tVsUnconditional, 2)})`,
    rule,
    metrics: [
      { label: 'vol-control exposure', value: `${fmtNumber(100 * (vc.exposure[last] as number), 0)}%`, asOf: toIso(vc.dates[last] as number) },
      ...spikes.map((s) => ({ label: `${s.label}: 5-day flow to the VIX peak`, value: `${signed(s.flow5dBn, 1)} bn (VIX ${fmtNumber(s.peakVix, 1)}; exposure ${fmtNumber(100 * s.exposureBefore, 0)}% → ${fmtNumber(100 * s.exposureAtPeak, 0)}%; first buying ${s.firstBuy ?? '—'})`, asOf: s.peak })),
      { label: 'corr(5-day flow, 5-day ΔVIX)', value: `${fmtNumber(c.r, 2)} (n = ${c.n})` },
      { label: `heavy-selling threshold (${pct(tail, 0)} tail)`, value: `${fmtNumber(q, 2)} bn/day` },
    ],
    chart: {
      title: 'Vol-control exposure (model, %); shaded: the spikes checked',
      series: [expo],
      rules: [100],
      bands: spikes.map((s) => ({ from: toIso(toDay(s.peak) - 10), to: toIso(Math.min(toDay(s.peak) + 10, asOfDay)), label: s.label })),
    },
    table: {
      caption: `S&P 500 (${spx.id}) forward returns after the heaviest-selling days vs all days`,
      head: ['horizon (days)', 'events', 'mean %', 'hit rate %', 'all days mean %', 'all days hit %', 't vs all days'],
      rows: es.horizons.map((h) => [h.horizon, h.n, fmtNumber(h.meanReturn, 2), fmtNumber(h.hitRate, 0), fmtNumber(h.unconditionalMean, 2), fmtNumber(h.unconditional.hitRate, 0), fmtNumber(h.tVsUnconditional, 2)]),
    },
  };
}

/** Flip statistics of one asset (or all assets pooled) at one horizon. */
export interface FlipStats {
  readonly id: string;
  readonly horizon: number;
  readonly up: number;
  readonly down: number;
  /** Share of flips followed by a move in the flip's direction, %. */
  readonly continuation: number;
  /** The continuation share expected without information: (n_up·p + n_down·(100 − p)) / N, p = all-days hit rate, %. */
  readonly baseline: number;
  /** Mean of d·(R − mean R of all days), %: the move in the flip's direction beyond the drift. */
  readonly directionalExcess: number;
}

/**
 * Days on which at least one CTA lookback signal flips sign (the close crossed that lookback's
 * trigger, the close L days earlier; sign rule, cta.ts defaults), with the direction of the
 * flip(s): +1 up, −1 down; days where lookbacks flip both ways are left out. A flip is a new
 * non-zero sign that differs from the lookback's last non-zero sign (so 1 → 0 → −1 is one flip).
 */
export function ctaFlipDays(prices: Series): { dates: Int32Array; px: Float64Array; up: number[]; down: number[] } {
  const { dates, px } = cleanPrices(prices);
  const p = resolveCtaParams();
  const maxL = Math.max(...p.lookbacks);
  const up: number[] = [];
  const down: number[] = [];
  // The last non-zero sign of each lookback: a signal that passes through flat (1 → 0 → −1)
  // flips on the day it turns −1.
  const lastSign = p.lookbacks.map(() => 0);
  for (let i = maxL; i < px.length; i++) {
    let vote = 0;
    let both = false;
    for (const [k, l] of p.lookbacks.entries()) {
      const now = trendSign(Math.log((px[i] as number) / (px[i - l] as number)));
      if (now === 0) continue;
      const before = lastSign[k] as number;
      lastSign[k] = now;
      if (i > maxL && before !== 0 && now !== before) {
        if (vote !== 0 && Math.sign(vote) !== now) both = true;
        vote += now;
      }
    }
    if (both || vote === 0) continue;
    (vote > 0 ? up : down).push(dates[i] as number);
  }
  return { dates, px, up, down };
}

/**
 * Forward simple returns R = 100·(P_{i+h}/P_i − 1) after up- and down-flip days (event study on
 * typed arrays, day 0 = the flip's close; events without a full window are left out), against
 * every day with a full window: counts, continuations (R > 0 after up, R < 0 after down), the
 * expected continuations without information Σ(p or 1 − p), p = share of all days with R > 0,
 * and Σ d·(R − R̄_all).
 */
export function flipForward(px: Float64Array, dates: Int32Array, upDays: readonly number[], downDays: readonly number[], h: number): { up: number; down: number; cont: number; base: number; excess: number; allMean: number; allHit: number } {
  const n = px.length;
  let sum = 0;
  let pos = 0;
  for (let i = 0; i + h < n; i++) {
    const r = 100 * ((px[i + h] as number) / (px[i] as number) - 1);
    sum += r;
    if (r > 0) pos++;
  }
  const nAll = Math.max(0, n - h);
  const mean = sum / nAll;
  const p = pos / nAll;
  let up = 0;
  let down = 0;
  let cont = 0;
  let excess = 0;
  for (const [days, d] of [[upDays, 1], [downDays, -1]] as const) {
    for (const day of days) {
      const i = lastAtOrBefore(dates, day);
      if (i < 0 || dates[i] !== day || i + h >= n) continue;
      const r = 100 * ((px[i + h] as number) / (px[i] as number) - 1);
      if (d > 0) up++;
      else down++;
      if (d * r > 0) cont++;
      excess += d * (r - mean);
    }
  }
  return { up, down, cont, base: up * p + down * (1 - p), excess, allMean: mean, allHit: 100 * p };
}

const CTA_ID = 'cta-triggers';
const CTA_STATEMENT = 'CTAs flip at trigger levels, and prices move after the flip.';

/**
 * Micro-claim: CTAs flip at trigger levels and prices move after the flip. For each asset, the
 * days a lookback signal flips (ctaFlipDays), an event study (flipForward) of forward returns
 * after up-flips and after down-flips at 5 and 21 days; continuation = the move went the flip's
 * way. Pooled over assets. Rule: supported if the continuation share at 21 days beats its
 * baseline by ≥ 5 pp and the directional excess return is > 0 at both 5 and 21 days; not
 * supported if continuation ≤ baseline at both horizons; mixed otherwise.
 */
export function ctaTriggers(inputs: { assets: readonly Series[] }, asOfDay: number, shared: SharedFlowModels = {}): ThesisResult {
  const rule = 'days a CTA lookback signal (21/63/126/252 days, sign rule) flips, pooled over the assets: supported if the share of flips followed by a move in the flip\'s direction at 21 days beats its no-information baseline by ≥ 5 pp and the directional excess return is > 0 at both 5 and 21 days; not supported if continuation ≤ baseline at both 5 and 21 days; mixed otherwise';
  const horizons = [5, 21];
  const per: FlipStats[] = [];
  const pooled = horizons.map((h) => ({ h, up: 0, down: 0, cont: 0, base: 0, excess: 0 }));
  let lastFlip: { id: string; date: number; dir: number } | undefined;
  let spxPos: Series | undefined;
  for (const raw of inputs.assets) {
    const s = cutAt(raw, asOfDay);
    const { dates, px, up, down } = ctaFlipDays(s);
    if (up.length + down.length < 20) continue;
    for (const [k, h] of horizons.entries()) {
      const st = flipForward(px, dates, up, down, h);
      per.push({ id: s.id, horizon: h, up: st.up, down: st.down, continuation: (100 * st.cont) / (st.up + st.down), baseline: (100 * st.base) / (st.up + st.down), directionalExcess: st.excess / (st.up + st.down) });
      const pk = pooled[k] as (typeof pooled)[number];
      pk.up += st.up;
      pk.down += st.down;
      pk.cont += st.cont;
      pk.base += st.base;
      pk.excess += st.excess;
    }
    const lu = up[up.length - 1] ?? -1;
    const ld = down[down.length - 1] ?? -1;
    const l = Math.max(lu, ld);
    if (!lastFlip || l > lastFlip.date) lastFlip = { id: s.id, date: l, dir: lu > ld ? 1 : -1 };
    if (!spxPos) {
      const cp = resolveCtaParams();
      const i0 = Math.max(ctaWarmup(cp), lastAtOrBefore(dates, toDay('2019-01-01')));
      const pos = (shared.ctaPosition ? shared.ctaPosition(s) : ctaPositionHistory(px, cp)).slice(i0);
      spxPos = { id: `${s.id}_CTA`, title: `CTA position in ${s.id}`, unit: '× AUM share', frequency: 'daily', source: 'yahoo', dates: dates.subarray(i0), values: pos, retrievedAt: '' };
    }
  }
  const pooledStats: FlipStats[] = pooled.map((pk) => {
    const nTot = pk.up + pk.down;
    return { id: 'all', horizon: pk.h, up: pk.up, down: pk.down, continuation: (100 * pk.cont) / nTot, baseline: (100 * pk.base) / nTot, directionalExcess: pk.excess / nTot };
  });
  const [p5, p21] = pooledStats as [FlipStats, FlipStats];
  if (!(p5.up + p5.down > 0)) throw new NotEnoughDataError('cta-triggers: no asset with at least 20 signal flips');
  const verdict: Verdict =
    p21.continuation - p21.baseline >= 5 && p5.directionalExcess > 0 && p21.directionalExcess > 0 ? 'supported' : p5.continuation <= p5.baseline && p21.continuation <= p21.baseline ? 'not supported' : 'mixed';
  const ids = [...new Set(per.map((x) => x.id))];
  return {
    id: CTA_ID,
    statement: CTA_STATEMENT,
    verdict,
    assumptions: ctaAssumptions(),
    reason: `${p21.up + p21.down} lookback flips on ${ids.join(', ')}: the price kept going the flip's way ${fmtNumber(p5.continuation, 1)}% of the time over 5 days (baseline ${fmtNumber(p5.baseline, 1)}%) and ${fmtNumber(p21.continuation, 1)}% over 21 days (baseline ${fmtNumber(p21.baseline, 1)}%); directional excess ${signed(p5.directionalExcess, 2)}% and ${signed(p21.directionalExcess, 2)}%`,
    rule,
    metrics: [
      { label: 'continuation at 5 days (baseline)', value: `${fmtNumber(p5.continuation, 1)}% (${fmtNumber(p5.baseline, 1)}%)` },
      { label: 'continuation at 21 days (baseline)', value: `${fmtNumber(p21.continuation, 1)}% (${fmtNumber(p21.baseline, 1)}%)` },
      { label: 'directional excess return 5 / 21 days', value: `${signed(p5.directionalExcess, 2)}% / ${signed(p21.directionalExcess, 2)}%` },
      { label: 'continuation vs baseline, z at 5 / 21 days', value: `${fmtNumber(continuationZ(p5), 2)} / ${fmtNumber(continuationZ(p21), 2)}` },
      { label: 'flips with a 21-day forward window (up / down)', value: `${p21.up} / ${p21.down}` },
      ...(lastFlip ? [{ label: `latest flip (${lastFlip.id})`, value: lastFlip.dir > 0 ? 'up' : 'down', asOf: toIso(lastFlip.date) }] : []),
    ],
    ...(spxPos ? { chart: { title: `CTA position in ${spxPos.id.replace('_CTA', '')} (model, × AUM share)`, series: [spxPos], rules: [0] } } : {}),
    table: {
      caption: 'After a lookback flip: share of moves in the flip\'s direction vs baseline, and the directional excess return',
      head: ['asset', 'horizon', 'up flips', 'down flips', 'continuation %', 'baseline %', 'z', 'excess %'],
      rows: [...per, ...pooledStats].map((x) => [x.id, x.horizon, x.up, x.down, fmtNumber(x.continuation, 1), fmtNumber(x.baseline, 1), fmtNumber(continuationZ(x), 2), fmtNumber(x.directionalExcess, 2)]),
    },
  };
}

/**
 * How far the continuation share sits from its no-information baseline in binomial standard
 * errors: z = (p̂ − p₀) / √(p₀(1 − p₀)/n), p̂ and p₀ as fractions, n = up + down flips. Overlapping
 * windows and clustered flips make |z| > 2 a hint, not a test.
 */
export function continuationZ(x: { readonly up: number; readonly down: number; readonly continuation: number; readonly baseline: number }): number {
  const n = x.up + x.down;
  const p0 = x.baseline / 100;
  return (x.continuation / 100 - p0) / Math.sqrt((p0 * (1 - p0)) / n);
}

/** Runs a claim, turning a failure (missing input, too little data) into a "not enough data" verdict with the reason. */
function attempt(id: string, statement: string, run: () => ThesisResult): ThesisResult {
  try {
    return run();
  } catch (err) {
    return { id, statement, verdict: 'not enough data', reason: (err as Error).message, rule: '—', metrics: [] };
  }
}

/**
 * The three flow claims on already-read series (ids in FLOW_CLAIM_INPUTS), point in time: only
 * observations dated ≤ asOfDay. S&P 500 = the fresher of GSPC and SPY; VIX = VIX, else VIXCLS;
 * crude = the fresher of CL_F and DCOILWTICO; dollar = the fresher of DXY and DTWEXBGS;
 * Nasdaq-100 = NDX/QQQ, Russell 2000 = RUT/IWM. A failing claim reads "not enough data" with why.
 */
export function flowTheses(data: ReadonlyMap<string, Series>, asOfDay: number, shared: SharedFlowModels = {}): ThesisResult[] {
  return flowThesisSteps(data, asOfDay, shared).map((claim) => claim());
}

/** flowTheses as one function per claim, in the same order, for a caller that pauses between them (app/report.ts). */
export function flowThesisSteps(data: ReadonlyMap<string, Series>, asOfDay: number, shared: SharedFlowModels = {}): (() => ThesisResult)[] {
  const pick = (ids: readonly string[]) => freshestOf(data, ids, asOfDay);
  const spx = pick(['GSPC', 'SPY']);
  const vix = pick(['VIX']) ?? pick(['VIXCLS']);
  const need = (what: string): never => {
    throw new NotEnoughDataError(`no S&P 500 series (GSPC or SPY) on or before ${toIso(asOfDay)} for ${what}`);
  };
  const opt = <K extends string>(k: K, s: Series | undefined) => (s ? { [k]: s } : {});
  return [
    () =>
      attempt(FLOWS_ID, FLOWS_STATEMENT, () =>
        flowsDominate(
          {
            spx: spx ?? need('the flow regression'),
            ...opt('vix', vix),
            ...opt('vix3m', pick(['VIX3M'])),
            ...opt('dgs10', pick(['DGS10'])),
            ...opt('dgs2', pick(['DGS2'])),
            ...opt('hySpread', pick(['BAMLH0A0HYM2'])),
            ...opt('crude', pick(['CL_F', 'DCOILWTICO'])),
            ...opt('dollar', pick(['DXY', 'DTWEXBGS'])),
          },
          asOfDay,
          252,
          shared,
        ),
      ),
    () => attempt(VC_ID, VC_STATEMENT, () => volControlSelling({ spx: spx ?? need('the vol-control model'), ...opt('vix', vix) }, asOfDay, 0.05, shared)),
    () =>
      attempt(CTA_ID, CTA_STATEMENT, () => {
        const assets = [spx ?? need('the CTA model'), pick(['NDX', 'QQQ']), pick(['RUT', 'IWM'])].filter((s): s is Series => s !== undefined);
        return ctaTriggers({ assets }, asOfDay, shared);
      }),
  ];
}
