import { buybackWindow, type WindowStatus } from '../../models/buyback.ts';
import type { Trigger } from '../../models/cta.ts';
import type { MoveRow } from '../../models/volcontrol.ts';
import { addTradingDays } from '../../series/calendars/nyse.ts';
import { toDay, todayDay, toIso } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import { bootstrapStart, jointReturns } from '../../sim/history.ts';
import { runMonteCarlo, type FlowDistribution } from '../../sim/scenario.ts';
import type { Store } from '../../store/store.ts';
import { CTA_UNIVERSE } from '../ctaUniverse.ts';
import { runFlowModels, scenarioSetup } from '../flowModels.ts';
import { type BuybackInput, resolveBuybackInput } from '../buybackCalendar.ts';
import { laterVintagesNote, storedEarningsCalendar } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartBand, type ChartData } from './chartData.ts';
import { nextTurn, part, readScreen, type ScreenProblem } from './read.ts';

/** One CTA asset with its trigger ladder (one rung per lookback: the close tomorrow at which its signal flips). */
export interface CtaRow {
  readonly id: string;
  readonly label: string;
  readonly date: IsoDate;
  readonly price: number;
  readonly position: number;
  readonly exposureBn: number;
  /** Sorted by level, highest first. */
  readonly ladder: readonly Trigger[];
  readonly flipLevel?: number;
}

/** The flows page. */
export interface FlowsScreen {
  readonly asOf: IsoDate | null;
  readonly volControl?: {
    readonly date: IsoDate;
    readonly exposure: number;
    readonly target: number;
    readonly sigma: number;
    readonly flowBn: number;
    readonly flow5dBn: number;
    /** Tomorrow's flow for each index move; the shock's row is `shock`. */
    readonly moves: readonly MoveRow[];
    readonly shock: MoveRow;
    readonly exposureChart: ChartData;
    readonly flowChart: ChartData;
  };
  readonly cta?: { readonly totalExposureBn: number; readonly lookbacks: readonly number[]; readonly assets: readonly CtaRow[]; readonly positionChart: ChartData };
  /** Monte Carlo of all systematic flows (CTA + vol-control + risk parity), cumulative, by trading day ahead. */
  readonly fan?: { readonly paths: number; readonly seed: number; readonly method: 'bootstrap'; readonly horizons: readonly number[]; readonly total: readonly FlowDistribution[]; readonly chart: ChartData };
  readonly buyback?: {
    readonly date: IsoDate;
    readonly share: number;
    readonly status: WindowStatus;
    readonly demandBn: number;
    readonly changes: readonly { readonly date: IsoDate; readonly status: WindowStatus }[];
    /** Where the report dates come from (app/buybackCalendar.ts), and the line that says so. */
    readonly reportDates: BuybackInput['from'];
    readonly source: string;
    readonly chart: ChartData;
  };
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/** Monte Carlo paths of the fan chart (the CLI's default is 2,000; a page answers faster with fewer). */
export const FAN_PATHS = 1000;
const FAN_HORIZONS = Array.from({ length: 21 }, (_, i) => i + 1);
const pct = (x: number) => 100 * x;

/** Closed-window runs of a blackout share series as bands. */
function closedBands(dates: Int32Array, share: Float64Array, closedAt: number): ChartBand[] {
  const out: ChartBand[] = [];
  let start = -1;
  for (let i = 0; i <= dates.length; i++) {
    const closed = i < dates.length && (share[i] as number) >= closedAt;
    if (closed && start < 0) start = i;
    if (!closed && start >= 0) {
      out.push({ from: toIso(dates[start] as number), to: toIso(dates[i - 1] as number), label: 'window closed' });
      start = -1;
    }
  }
  return out;
}

/**
 * The flows page with the page's assumptions: vol-control exposure and its implied daily flows
 * (models/volcontrol.ts) with tomorrow's flow per move and the shock; CTA positions with each
 * asset's trigger ladder (models/cta.ts); a fan chart of all systematic flows over the next 21
 * trading days (sim/scenario.ts runMonteCarlo, block bootstrap of joint days since 2010, seed 1,
 * FAN_PATHS paths); the buyback blackout calendar (models/buyback.ts) ±120 days around the date.
 */
export async function flowsScreen(store: Store, params: ScreenInput = {}): Promise<FlowsScreen> {
  const p = screenParams(params);
  const asOfDay = p.asOf ? toDay(p.asOf) : todayDay();
  const { data, pit } = await readScreen(store, CTA_UNIVERSE.flatMap((a) => a.ids), p.asOf);
  const problems: ScreenProblem[] = [];
  const modelParams = { volControl: { targetVol: p.volTarget, aumBn: p.vcAumBn }, cta: { aumBn: p.ctaAumBn, lookbacks: p.ctaLookbacks } };
  const moves = [...new Set([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, p.shockPct])].sort((a, b) => a - b);
  await nextTurn();
  const m = part('flow models', problems, () => runFlowModels(data, { ...modelParams, moves }));
  await nextTurn();
  const from5y = toIso(asOfDay - 5 * 365);
  const volControl = m
    ? (() => {
        const vc = m.volControl;
        const shock = vc.moveTable.find((r) => r.movePct === p.shockPct) as MoveRow;
        return {
          date: vc.latest.date,
          exposure: vc.latest.exposure,
          target: vc.latest.target,
          sigma: vc.latest.sigma,
          flowBn: vc.latest.flowBn,
          flow5dBn: vc.latest.flow5dBn,
          moves: vc.moveTable,
          shock,
          exposureChart: chartOf(
            { id: 'vc-exposure', title: 'Vol-control equity exposure', unit: '% of AUM', summary: `Vol-control funds hold ${pct(vc.latest.exposure).toFixed(0)}% of AUM in equities on ${vc.latest.date} (target ${pct(vc.latest.target).toFixed(0)}%, realised vol ${pct(vc.latest.sigma).toFixed(1)}%).`, from: from5y },
            [{ label: 'exposure', dates: vc.dates, values: vc.exposure.map(pct) }],
          ),
          flowChart: chartOf(
            { id: 'vc-flow', title: 'Vol-control implied daily flow', unit: 'USD bn', summary: `Implied flow ${vc.latest.flowBn.toFixed(1)} bn on ${vc.latest.date}, ${vc.latest.flow5dBn.toFixed(1)} bn over the last 5 trading days; a ${p.shockPct}% day tomorrow would mean ${shock.flowBn.toFixed(1)} bn.`, from: from5y, rules: [0] },
            [{ label: 'flow', dates: vc.dates, values: vc.flowBn }],
          ),
        };
      })()
    : undefined;
  const cta = m
    ? {
        totalExposureBn: m.cta.totalExposureBn,
        lookbacks: p.ctaLookbacks,
        assets: m.cta.assets.map((a, i): CtaRow => ({
          id: a.id,
          label: m.chosen[i]?.label ?? a.id,
          date: a.latest.date,
          price: a.latest.price,
          position: a.latest.position,
          exposureBn: a.latest.exposureBn,
          ladder: [...a.triggers].sort((x, y) => y.level - x.level),
          ...(a.flipLevel !== undefined ? { flipLevel: a.flipLevel } : {}),
        })),
        positionChart: chartOf(
          { id: 'cta-positions', title: 'CTA positions by asset', unit: '× AUM share', summary: `CTA total exposure ${m.cta.totalExposureBn.toFixed(0)} bn across ${m.cta.assets.length} assets; ${m.cta.assets.filter((a) => a.latest.position > 0).length} long, ${m.cta.assets.filter((a) => a.latest.position < 0).length} short.`, from: toIso(asOfDay - 2 * 365), rules: [0] },
          m.cta.assets.map((a, i) => ({ label: m.chosen[i]?.label ?? a.id, dates: a.dates, values: a.position })),
        ),
      }
    : undefined;
  await nextTurn();
  const fan = m
    ? part('scenario fan', problems, () => {
        const setup = scenarioSetup(m, modelParams, FAN_HORIZONS);
        // The CTA model's clean prices are cleanPrices of the same series, in the universe's order.
        const mc = runMonteCarlo(setup, { paths: FAN_PATHS, seed: 1, method: 'bootstrap', history: jointReturns(m.cta.assets.map((a) => ({ dates: a.dates, px: a.prices })), bootstrapStart(p.asOf ? toDay(p.asOf) : undefined)) });
        const start = toDay(m.volControl.latest.date);
        const days = FAN_HORIZONS.map((h) => addTradingDays(start, h));
        const line = (label: string, k: keyof FlowDistribution) => ({ label, dates: days, values: mc.total.map((d) => d[k]) });
        const t21 = mc.total[mc.total.length - 1] as FlowDistribution;
        return {
          paths: FAN_PATHS,
          seed: 1,
          method: 'bootstrap' as const,
          horizons: FAN_HORIZONS,
          total: mc.total,
          chart: chartOf(
            { id: 'fan', title: 'Systematic flows over the next 21 trading days (scenario fan)', unit: 'USD bn', summary: `Over 21 trading days, all systematic flows have a median of ${t21.p50.toFixed(0)} bn; 90% of ${FAN_PATHS} bootstrapped paths lie between ${t21.p5.toFixed(0)} and ${t21.p95.toFixed(0)} bn.`, rules: [0] },
            [line('p5', 'p5'), line('p25', 'p25'), line('median', 'p50'), line('p75', 'p75'), line('p95', 'p95')],
          ),
        };
      })
    : undefined;
  const buyback = part('buyback window', problems, () => {
    // The stored S&P 500 earnings calendar when it covers the date, else the seasonal model.
    const input = resolveBuybackInput(asOfDay, { calendar: storedEarningsCalendar(data), blackoutBefore: p.blackoutBefore });
    const bb = buybackWindow(asOfDay, { blackoutBefore: p.blackoutBefore }, input.reports);
    const closedAt = Number(bb.assumptions.find((a) => a.name === 'closedAt')?.value ?? 0.5);
    const keep = (d: number) => d >= asOfDay - 120 && d <= asOfDay + 120;
    const idx = Array.from(bb.dates.keys()).filter((i) => keep(bb.dates[i] as number));
    const dates = Int32Array.from(idx, (i) => bb.dates[i] as number);
    const share = Float64Array.from(idx, (i) => bb.share[i] as number);
    return {
      date: bb.today.date,
      share: bb.today.share,
      status: bb.today.status,
      demandBn: bb.today.demandBn,
      changes: bb.changes,
      reportDates: input.from,
      source: input.note,
      chart: chartOf(
        { id: 'buyback', title: `S&P 500 market cap in buyback blackout (${input.from === 'stored calendar' ? 'company earnings dates' : 'seasonal model'})`, unit: '% of cap', summary: `On ${bb.today.date} the buyback window is ${bb.today.status}: ${pct(bb.today.share).toFixed(0)}% of S&P 500 cap in blackout${bb.changes[0] ? `; ${bb.changes[0].status} from ${bb.changes[0].date}` : ''}.`, bands: closedBands(dates, share, closedAt), rules: [pct(closedAt)] },
        [{ label: 'in blackout', dates, values: share.map(pct) }],
      ),
    };
  });
  const notes = [...(m?.missing.length ? [`left out: ${m.missing.join(', ')}`] : []), ...(laterVintagesNote(pit) ? [laterVintagesNote(pit) as string] : [])];
  return { asOf: p.asOf ?? null, ...(volControl ? { volControl } : {}), ...(cta ? { cta } : {}), ...(fan ? { fan } : {}), ...(buyback ? { buyback } : {}), notes, problems };
}
