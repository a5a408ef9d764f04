import { bondPriceFromYield, cleanPrices, ctaModel, signalAt } from '../models/cta.ts';
import { liquidityChange, weeklyNetLiquidity } from '../models/liquidity.ts';
import { vixTermModel } from '../models/vixterm.ts';
import { volControlModel } from '../models/volcontrol.ts';
import { toDay, toIso, todayDay } from '../series/dates.ts';
import { freshest } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import type { UsdBn } from '../series/units.ts';
import type { Store } from '../store/store.ts';
import type { Verdict } from '../theses/thesis.ts';
import { CTA_UNIVERSE } from './ctaUniverse.ts';
import { fedOverview } from '../models/fedOverview.ts';
import { futuresFromStore } from '../series/zqContracts.ts';
import { fedInputIds } from './fedInputs.ts';
import { readForModel, required, type PointInTime } from './pointInTime.ts';
import { REPORT_INPUTS, reportSteps } from './report.ts';
import { SnapshotModels } from './snapshotModels.ts';

/** Which horizons the readings must cover (from the rules: see signalNeeds in src/alerts/rules.ts). */
export interface SignalNeeds {
  /** Vol-control flow summed over the last N trading days, for each N. */
  readonly flowDays: readonly number[];
  /** Net liquidity change over the last W weeks, for each W. */
  readonly liquidityWeeks: readonly number[];
  /** Cut odds K calendar days before the reading, for each K. */
  readonly oddsDays: readonly number[];
  /** Whether to evaluate the claims (the whole scorecard: the slowest reading). */
  readonly claims: boolean;
}

/** The horizons used when no rule asks for others. */
export const DEFAULT_NEEDS: SignalNeeds = { flowDays: [5], liquidityWeeks: [4], oddsDays: [7], claims: true };

/** One CTA asset: its trend triggers for tomorrow and the lookbacks whose signal flipped on the last day. */
export interface CtaReading {
  readonly asset: string;
  readonly label: string;
  readonly seriesId: string;
  readonly date: IsoDate;
  readonly price: number;
  /** The trigger nearest to the price: the close tomorrow at which a lookback's signal flips, and its distance in % of the price. */
  readonly nearest: { readonly lookback: number; readonly level: number; readonly distancePct: number };
  /** Lookbacks whose trend sign changed between the previous close and the last one (a trigger crossed). */
  readonly crossed: readonly { readonly lookback: number; readonly from: number; readonly to: number }[];
}

/** The VIX curve on its last day. */
export interface VixReading {
  readonly date: IsoDate;
  readonly vix: number;
  readonly vix3m: number;
  /** VIX / VIX3M: ≥ 1 is an inverted (backwardated) curve. */
  readonly ratio: number;
  readonly label: 'hedging flow' | 'stress';
}

/** The vol-control model's implied flows. */
export interface VolControlReading {
  readonly date: IsoDate;
  readonly exposure: number;
  /** Sum of the daily implied flows over the last `days` trading days, USD bn. */
  readonly flows: readonly { readonly days: number; readonly flowBn: UsdBn }[];
}

/** Net liquidity (Fed assets − TGA − RRP) on the Fed's weekly grid. */
export interface LiquidityReading {
  readonly date: IsoDate;
  readonly netLiquidityBn: UsdBn;
  readonly changes: readonly { readonly weeks: number; readonly from: IsoDate; readonly to: IsoDate; readonly changeBn: UsdBn }[];
}

/** P(cut) and P(hike) at one FOMC meeting on the reading's trade date and K days before (the /fed page's "cut" and "hike" columns). */
export interface MeetingOddsReading {
  readonly meeting: IsoDate;
  /** P(cut at this meeting), %. */
  readonly cutPct: number;
  /** P(hike at this meeting), %. */
  readonly hikePct: number;
  readonly before: readonly { readonly days: number; readonly tradeDate: IsoDate; readonly cutPct: number; readonly hikePct: number }[];
}

/**
 * The market-implied Fed path as the /fed page and `flowlens fed` show it (models/fedOverview.ts
 * fedOverview): FedWatch on the fed funds futures when fresh, else the short-rate curve.
 */
export interface FedReading {
  readonly tradeDate: IsoDate;
  readonly method: string;
  /** Which futures were used, or why the curve was. */
  readonly source: string;
  readonly meetings: readonly MeetingOddsReading[];
}

/** A claim's verdict as the scorecard gives it. */
export interface ClaimReading {
  readonly id: string;
  readonly statement: string;
  readonly verdict: Verdict;
  readonly reason: string;
}

/** Everything an alert rule can look at, from one point-in-time read of the store. */
export interface Signals {
  /** The as-of date of the read, or null for the latest data. */
  readonly asOf: IsoDate | null;
  readonly cta: readonly CtaReading[];
  readonly vix?: VixReading;
  readonly volControl?: VolControlReading;
  readonly liquidity?: LiquidityReading;
  readonly fed?: FedReading;
  readonly claims: readonly ClaimReading[];
  /** Readings that could not be made, and why (a missing series, too short a history). */
  readonly problems: readonly { readonly signal: string; readonly reason: string }[];
}

/** Runs one reading, turning a failure into a problem line (a rule on it is then "unknown", never fired). */
function attempt<T>(signal: string, problems: { signal: string; reason: string }[], run: () => T): T | undefined {
  try {
    return run();
  } catch (err) {
    problems.push({ signal, reason: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

/**
 * One CTA asset's reading from the CTA model (models/cta.ts, default parameters): the nearest
 * of its trigger levels (the close at which a lookback's return, hence its sign signal, changes
 * sign), and the lookbacks whose sign differs between the last two closes.
 */
function ctaReading(asset: (typeof CTA_UNIVERSE)[number], s: Series): CtaReading {
  const prices = asset.key === 'ust10' ? bondPriceFromYield(s) : s;
  const a = ctaModel([{ prices }]).assets[0];
  if (!a) throw new Error(`${s.id}: the CTA model returned no asset`);
  const nearest = [...a.triggers].sort((x, y) => Math.abs(x.distancePct) - Math.abs(y.distancePct))[0];
  if (!nearest) throw new Error(`${s.id}: no trigger`);
  const { px } = cleanPrices(prices);
  const last = px.length - 1;
  const crossed = a.triggers.flatMap((t) => {
    // The sign rule's signal does not depend on the volatility argument.
    const before = signalAt(px, last - 1, t.lookback, 'sign', 1);
    const now = signalAt(px, last, t.lookback, 'sign', 1);
    return before !== now ? [{ lookback: t.lookback, from: before, to: now }] : [];
  });
  return { asset: asset.key, label: asset.label, seriesId: s.id, date: a.latest.date, price: a.latest.price, nearest: { lookback: nearest.lookback, level: nearest.level, distancePct: nearest.distancePct }, crossed };
}

/**
 * The alertable readings from series already read at one point in time (pure: no I/O):
 * - CTA: per asset of the CTA universe, the nearest trigger (models/cta.ts ctaModel) and the
 *   triggers crossed on the last close;
 * - VIX/VIX3M on the curve's last day (models/vixterm.ts), with its hedging-flow/stress label;
 * - vol-control: Σ of the daily implied flow (AUM × Δexposure, models/volcontrol.ts) over the
 *   last N trading days of the S&P 500, USD bn;
 * - net liquidity: its change over W weeks, ΔNL = ΔWALCL − ΔTGA − ΔRRP (models/liquidity.ts);
 * - Fed: P(cut) per meeting as the /fed page and `flowlens fed` price it (models/fedOverview.ts
 *   fedOverview: FedWatch on the fed funds futures of their newest trade date, at most the as-of
 *   date, when fresh, else the short-rate curve), and on the last trade date at least K days
 *   before (the same method, or that horizon is a problem line);
 * - claims: every claim's verdict from the scorecard (app/report.ts buildReport).
 */
export function computeSignals(data: ReadonlyMap<string, Series>, pit: PointInTime, needs: SignalNeeds = DEFAULT_NEEDS): Signals {
  const steps = signalSteps(data, pit, needs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * computeSignals with a turn of the event loop between its parts (each CTA asset, each reading,
 * each part of the scorecard): the same readings, while a server computing the alerts page on a
 * cold visit goes on answering other requests — the page's stylesheet — in between.
 */
export async function computeSignalsYielding(data: ReadonlyMap<string, Series>, pit: PointInTime, needs: SignalNeeds = DEFAULT_NEEDS): Promise<Signals> {
  const steps = signalSteps(data, pit, needs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The readings' computation, paused (`yield`) between its parts; computeSignals runs it through. */
function* signalSteps(data: ReadonlyMap<string, Series>, pit: PointInTime, needs: SignalNeeds): Generator<undefined, Signals, undefined> {
  const problems: { signal: string; reason: string }[] = [];
  const cta: CtaReading[] = [];
  for (const asset of CTA_UNIVERSE) {
    const s = freshest(data, asset.ids);
    if (!s) {
      problems.push({ signal: `cta:${asset.key}`, reason: `${asset.ids.join(' or ')} not in the store` });
      continue;
    }
    const r = attempt(`cta:${asset.key}`, problems, () => ctaReading(asset, s));
    if (r) cta.push(r);
    yield;
  }
  const spx = freshest(data, ['GSPC', 'SPY']);
  const vix = attempt('vix', problems, (): VixReading => {
    const r = vixTermModel({ vix: data.get('VIX') ?? required(data, 'VIXCLS', 'the VIX'), vix3m: required(data, 'VIX3M', 'the VIX curve'), spx: spx ?? required(data, 'SPY', 'the S&P 500') });
    return { date: r.today.date, vix: r.today.vix, vix3m: r.today.vix3m, ratio: r.today.ratio, label: r.today.classification.label };
  });
  yield;
  const volControl = attempt('vol-control', problems, (): VolControlReading => {
    const r = volControlModel(spx ?? required(data, 'SPY', 'the S&P 500'));
    const flows = [...new Set(needs.flowDays)].map((days) => {
      let sum = 0;
      for (let i = Math.max(0, r.flowBn.length - days); i < r.flowBn.length; i++) {
        const f = r.flowBn[i] as number;
        if (!Number.isNaN(f)) sum += f;
      }
      return { days, flowBn: sum as UsdBn };
    });
    return { date: r.latest.date, exposure: r.latest.exposure, flows };
  });
  yield;
  const liquidity = attempt('net-liquidity', problems, (): LiquidityReading => {
    const w = weeklyNetLiquidity({
      walcl: required(data, 'WALCL', 'net liquidity'),
      rrp: required(data, 'RRPONTSYD', 'net liquidity'),
      ...(data.get('WDTGAL') ? { tga: data.get('WDTGAL') } : {}),
      ...(data.get('WTREGEN') ? { tgaWeekAvg: data.get('WTREGEN') } : {}),
    });
    let end = w.netLiquidity.length - 1;
    while (end >= 0 && Number.isNaN(w.netLiquidity[end] as number)) end--;
    if (end < 0) throw new Error('net liquidity has no complete week');
    const changes = [...new Set(needs.liquidityWeeks)].flatMap((weeks) => {
      const c = liquidityChange(w, weeks);
      return c ? [{ weeks, from: c.from, to: c.to, changeBn: c.change }] : [];
    });
    return { date: toIso(w.dates[end] as number), netLiquidityBn: w.netLiquidity[end] as UsdBn, changes };
  });
  yield;
  const fed = attempt('fed', problems, (): FedReading => {
    // The same function and inputs as the /fed page (app/screens/fed.ts) and `flowlens fed`, so the
    // odds of a meeting on a trade date are the page's; no odds history is needed here.
    const futures = futuresFromStore(data);
    const o = fedOverview(data, futures, { ...(pit.asOf ? { asOf: pit.asOf } : {}), historyDays: 0 });
    const now = o.result;
    const before = [...new Set(needs.oddsDays)].flatMap((days) => {
      const then = attempt(`fed:${days}d`, problems, () => {
        const t = fedOverview(data, futures, { asOf: toIso(toDay(now.tradeDate) - days), historyDays: 0 }).result;
        // A move between two methods (futures now, the curve then) is the methods' gap, not the market's.
        if (t.method !== now.method) throw new Error(`the odds ${days} days before ${now.tradeDate} come from the ${t.method} (${t.tradeDate}), today's from the ${now.method}: not compared`);
        return t;
      });
      return then ? [{ days, then }] : [];
    });
    return {
      tradeDate: now.tradeDate,
      method: now.method,
      source: o.source,
      meetings: now.meetings.map((m) => ({
        meeting: m.meeting,
        cutPct: m.cut,
        hikePct: m.hike,
        before: before.flatMap(({ days, then }) => {
          const t = then.meetings.find((x) => x.meeting === m.meeting);
          return t ? [{ days, tradeDate: then.tradeDate, cutPct: t.cut, hikePct: t.hike }] : [];
        }),
      })),
    };
  });
  let claims: ClaimReading[] = [];
  if (needs.claims) {
    yield;
    // The scorecard (app/report.ts buildReport), part by part.
    try {
      const report = yield* reportSteps(data, { ...pit, laterVintages: [...pit.laterVintages] }, new SnapshotModels());
      claims = report.theses.map((t) => ({ id: t.id, statement: t.statement, verdict: t.verdict, reason: t.reason }));
    } catch (err) {
      problems.push({ signal: 'claims', reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { asOf: pit.asOf ?? null, cta, ...(vix ? { vix } : {}), ...(volControl ? { volControl } : {}), ...(liquidity ? { liquidity } : {}), ...(fed ? { fed } : {}), claims, problems };
}

/** Every series the readings at the latest data use (the scorecard's inputs cover them all; the futures contracts around today). */
export const SIGNAL_INPUTS: readonly string[] = [...new Set(REPORT_INPUTS)];

/** The series the readings on `day` use: SIGNAL_INPUTS with the fed funds futures contracts around that day (as the /fed page reads them). */
export function signalInputs(day: number): string[] {
  return [...new Set([...SIGNAL_INPUTS, ...fedInputIds(day)])];
}

/**
 * Reads the store at one point in time (src/app/pointInTime.ts readForModel: as of `asOf`, or
 * the latest data) and computes the readings (computeSignals; with `yielding`,
 * computeSignalsYielding, for a server).
 */
export async function readSignals(store: Store, asOf: IsoDate | undefined, needs: SignalNeeds = DEFAULT_NEEDS, opts: { readonly yielding?: boolean } = {}): Promise<Signals> {
  const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
  const data = await readForModel(store, signalInputs(asOf ? toDay(asOf) : todayDay()), pit);
  return opts.yielding ? computeSignalsYielding(data, pit, needs) : computeSignals(data, pit, needs);
}
