import { buybackWindow } from '../../models/buyback.ts';
import { catalogEntry } from '../../series/catalog.ts';
import { toDay, todayDay, toIso } from '../../series/dates.ts';
import { lastValid, lastValidIndex } from '../../series/series.ts';
import { staleness } from '../../series/staleness.ts';
import type { Frequency, IsoDate } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import type { Verdict } from '../../theses/thesis.ts';
import { fedInputIds } from '../fedInputs.ts';
import { runFlowModels } from '../flowModels.ts';
import { resolveBuybackInput } from '../buybackCalendar.ts';
import { laterVintagesNote, storedEarningsCalendar } from '../pointInTime.ts';
import { buildReportYielding, REPORT_INPUTS } from '../report.ts';
import { SnapshotModels } from '../snapshotModels.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { nextTurn, part, readScreen, type ScreenProblem } from './read.ts';

/** One claim of the scorecard. */
export interface ScorecardRow {
  readonly id: string;
  readonly statement: string;
  readonly verdict: Verdict;
  readonly reason: string;
  /** The claim's first metric ("label: value"), when it has one. */
  readonly keyNumber?: string;
}

/** One flow estimate, USD bn (positive = buying). */
export interface FlowEstimate {
  readonly flow: string;
  /** What period the number covers ("last 5 days", "tomorrow on a −2% day", "next 7 days"). */
  readonly horizon: string;
  readonly flowBn: number;
  readonly asOf: IsoDate;
}

/** How fresh one input is. */
export interface Freshness {
  readonly id: string;
  readonly title: string;
  readonly frequency: Frequency;
  readonly lastDate: IsoDate;
  readonly ageDays: number;
  readonly stale: boolean;
}

/** The overview page. */
export interface OverviewScreen {
  readonly asOf: IsoDate | null;
  /** The date freshness is judged on (the as-of date, or today). */
  readonly judgedOn: IsoDate;
  readonly scorecard: readonly ScorecardRow[];
  /** The largest flow estimates first (by absolute size). */
  readonly flows: readonly FlowEstimate[];
  /** The report's "flows that matter this week" lines (default assumptions). */
  readonly flowNotes: readonly string[];
  /** Every input read, stale ones first, then by id. Fed funds futures contracts are summed up in `futures`. */
  readonly freshness: readonly Freshness[];
  readonly futures?: { readonly contracts: number; readonly lastDate: IsoDate };
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/**
 * The overview: the scorecard (app/report.ts buildReport), the flow estimates sorted by size
 * with the page's assumptions — vol-control's flow over the last 5 trading days (AUM × Δexposure
 * summed) and tomorrow on the shock, the CTA flow per asset over the last 5 days
 * (AUM × weight × Δposition), risk parity's over 5 days, buyback demand over the next 7 calendar
 * days — and the freshness of every input (series/staleness.ts: age of the last observation
 * against its frequency's publication lag, on the as-of date).
 */
export async function overviewScreen(store: Store, params: ScreenInput = {}): Promise<OverviewScreen> {
  const p = screenParams(params);
  const asOfDay = p.asOf ? toDay(p.asOf) : todayDay();
  const { data, pit } = await readScreen(store, [...REPORT_INPUTS, ...fedInputIds(asOfDay)], p.asOf);
  const problems: ScreenProblem[] = [];
  // The report and the flow estimates run on one read: model results they share are computed once.
  // The report pauses between its parts, so a server computing this page answers other requests meanwhile.
  const models = new SnapshotModels();
  await nextTurn();
  const report = await buildReportYielding(data, { ...pit, laterVintages: [...pit.laterVintages] }, models);
  const scorecard = report.theses.map((t): ScorecardRow => ({ id: t.id, statement: t.statement, verdict: t.verdict, reason: t.reason, ...(t.metrics[0] ? { keyNumber: `${t.metrics[0].label}: ${t.metrics[0].value}` } : {}) }));
  const flows: FlowEstimate[] = [];
  part('flow models', problems, () => {
    const m = runFlowModels(data, { volControl: { targetVol: p.volTarget, aumBn: p.vcAumBn }, cta: { aumBn: p.ctaAumBn, lookbacks: p.ctaLookbacks }, moves: [p.shockPct] }, models);
    const vc = m.volControl;
    flows.push({ flow: 'vol-control', horizon: 'last 5 trading days', flowBn: vc.latest.flow5dBn, asOf: vc.latest.date });
    const shock = vc.moveTable[0];
    if (shock) flows.push({ flow: 'vol-control', horizon: `tomorrow on a ${p.shockPct > 0 ? '+' : ''}${p.shockPct}% day`, flowBn: shock.flowBn, asOf: vc.latest.date });
    m.cta.assets.forEach((a, i) => {
      const n = a.position.length;
      const flow = p.ctaAumBn * a.weight * ((a.position[n - 1] as number) - (a.position[n - 6] as number));
      // The asset's name (S&P 500, US 10-year), as on the flows page, not the series id standing for it.
      if (Number.isFinite(flow)) flows.push({ flow: `CTA ${m.chosen[i]?.label ?? a.id}`, horizon: 'last 5 trading days', flowBn: flow, asOf: a.latest.date });
    });
    if (m.riskParity) flows.push({ flow: 'risk parity', horizon: 'last 5 trading days', flowBn: m.riskParity.latest.flow5dBn, asOf: m.riskParity.latest.date });
  });
  part('buyback window', problems, () => {
    const input = resolveBuybackInput(asOfDay, { calendar: storedEarningsCalendar(data), blackoutBefore: p.blackoutBefore });
    const bb = buybackWindow(asOfDay, { blackoutBefore: p.blackoutBefore }, input.reports);
    let s = 0;
    for (let i = 0; i < bb.dates.length; i++) {
      const d = bb.dates[i] as number;
      if (d > asOfDay && d <= asOfDay + 7) s += bb.demandBn[i] as number;
    }
    flows.push({ flow: input.from === 'stored calendar' ? 'buybacks (company earnings dates)' : 'buybacks (seasonal model)', horizon: 'next 7 calendar days', flowBn: s, asOf: toIso(asOfDay) });
  });
  flows.sort((a, b) => Math.abs(b.flowBn) - Math.abs(a.flowBn));
  const judgedOn = toIso(asOfDay);
  const freshness: Freshness[] = [];
  let futures: { contracts: number; lastDate: IsoDate } | undefined;
  for (const [id, s] of data) {
    // An input read with only missing rows by the as-of date (WTREGEN in 1993) has no age to judge: left off, not a problem.
    if (lastValidIndex(s) < 0) continue;
    const last = lastValid(s);
    if (/^ZQ[FGHJKMNQUVXZ]\d\d/.test(id)) {
      futures = { contracts: (futures?.contracts ?? 0) + (id.endsWith('_VOL') ? 0 : 1), lastDate: !futures || last.date > futures.lastDate ? last.date : futures.lastDate };
      continue;
    }
    const e = catalogEntry(id);
    const st = staleness(last.date, e.frequency, judgedOn);
    freshness.push({ id, title: e.title, frequency: e.frequency, lastDate: last.date, ageDays: st.ageDays, stale: st.stale });
  }
  freshness.sort((a, b) => Number(b.stale) - Number(a.stale) || a.id.localeCompare(b.id));
  const later = laterVintagesNote(pit, true);
  return { asOf: p.asOf ?? null, judgedOn, scorecard, flows, flowNotes: report.flowsThisWeek, freshness, ...(futures ? { futures } : {}), notes: later ? [later] : [], problems };
}
