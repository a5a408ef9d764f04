import { FlowlensError } from '../core/errors.ts';
import type { Assumption } from '../models/assumptions.ts';
import { buybackWindow } from '../models/buyback.ts';
import { claimReportDates, reportDatesAssumption, resolveBuybackInput } from './buybackCalendar.ts';
import { cryptoModel } from '../models/crypto.ts';
import { ctaModel } from '../models/cta.ts';
import { kShapeBase, kShapeModel } from '../models/kshape.ts';
import { liquidityModel } from '../models/liquidity.ts';
import { vixTermModel } from '../models/vixterm.ts';
import { toDay, todayDay, toIso } from '../series/dates.ts';
import { freshest, lastValidIndex } from '../series/series.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { buybackDemand, cryptoUpside, fedSwings, kShapeWidening, liquidityWave, vixHedging, type ClaimReportDates } from '../theses/claims.ts';
import { economyTheses, ECONOMY_CLAIM_INPUTS } from '../theses/economyClaims.ts';
import { flowThesisSteps, FLOW_CLAIM_INPUTS } from '../theses/flowClaims.ts';
import type { ThesisResult } from '../theses/thesis.ts';
import { fmtNumber } from '../views/format.ts';
import { CTA_UNIVERSE, riskParityInputs } from './ctaUniverse.ts';
import { fedOverview, type FedOverview } from '../models/fedOverview.ts';
import { futuresFromStore } from '../series/zqContracts.ts';
import { fedInputIds } from './fedInputs.ts';
import { laterVintagesNote, required, storedEarningsCalendar, type PointInTime } from './pointInTime.ts';
import { SnapshotModels } from './snapshotModels.ts';

/** Every series the report reads. */
export const REPORT_INPUTS = [...ECONOMY_CLAIM_INPUTS, ...FLOW_CLAIM_INPUTS, 'XLK', 'SMH', 'XLY', 'TLT', 'DBC', 'WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD', 'TREAST', 'WRESBAL', 'VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP', ...fedInputIds(todayDay()), ...CTA_UNIVERSE.flatMap((a) => a.ids)];

/** Runs a thesis, turning a failure (missing input, too little data) into a "not enough data" verdict with the reason. */
function attempt(id: string, statement: string, run: () => ThesisResult): ThesisResult {
  try {
    return run();
  } catch (err) {
    return { id, statement, verdict: 'not enough data', reason: (err as Error).message, rule: '—', metrics: [] };
  }
}

/** Everything the report shows, for the terminal, the HTML file and --json. */
export interface Report {
  readonly asOf: IsoDate | null;
  readonly generatedAt: string;
  readonly theses: readonly ThesisResult[];
  readonly flowsThisWeek: readonly string[];
  readonly inputsAsOf: Readonly<Record<string, IsoDate>>;
  readonly assumptions: readonly { readonly model: string; readonly assumptions: readonly Assumption[] }[];
  readonly notes: readonly string[];
}

/**
 * Builds the report from stored series (no I/O besides what the caller passes in). `models`
 * shares model results on this read with the caller (the overview); one is made otherwise.
 */
export function buildReport(data: ReadonlyMap<string, Series>, pit: PointInTime, models: SnapshotModels = new SnapshotModels()): Report {
  const steps = reportSteps(data, pit, models);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * buildReport with a turn of the event loop (setImmediate) between its parts (each claim, the
 * Fed path, the flow lines): the same report, while a server that computes it on a cold visit
 * goes on answering other requests — the page's stylesheet, a health check — in between.
 */
export async function buildReportYielding(data: ReadonlyMap<string, Series>, pit: PointInTime, models: SnapshotModels = new SnapshotModels()): Promise<Report> {
  const steps = reportSteps(data, pit, models);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The report's computation, paused (`yield`) between its parts; buildReport runs it through (and signals.ts, for the claims). */
export function* reportSteps(data: ReadonlyMap<string, Series>, pit: PointInTime, models: SnapshotModels): Generator<undefined, Report, undefined> {
  const asOfDay = pit.asOf ? toDay(pit.asOf) : todayDay();
  const assumptions: { model: string; assumptions: readonly Assumption[] }[] = [];
  const flows: string[] = [];
  const spx = freshest(data, ['GSPC', 'SPY']);

  // The Fed path (FedWatch on stored futures where fresh, else the curve): the Fed claim's swings
  // and the liquidity claim's rate path.
  // The stored futures as quotes by trade date, once: the Fed path and the Fed claim's odds histories.
  const futures = futuresFromStore(data);
  yield;
  let curve: FedOverview | Error;
  try {
    curve = fedOverview(data, futures, { asOf: toIso(asOfDay) });
  } catch (err) {
    curve = err as Error;
  }
  yield;

  const liquidity = attempt('liquidity-wave', 'A liquidity wave is coming that prices do not yet reflect.', () => {
    const r = liquidityModel({
      walcl: required(data, 'WALCL', 'net liquidity'),
      rrp: required(data, 'RRPONTSYD', 'net liquidity'),
      ...(data.get('WDTGAL') ? { tga: data.get('WDTGAL') } : {}),
      ...(data.get('WTREGEN') ? { tgaWeekAvg: data.get('WTREGEN') } : {}),
      ...(data.get('TREAST') ? { treasuries: data.get('TREAST') } : {}),
    });
    assumptions.push({ model: 'liquidity', assumptions: r.assumptions });
    return liquidityWave(r, { ...(spx ? { spx } : {}), ...(curve instanceof Error ? {} : { fedPath: curve.result }) });
  });
  yield;

  const vix = attempt('vix-hedging', 'An inverted VIX curve today reflects short-dated hedging flows, not panic.', () => {
    const inputs = {
      vix: data.get('VIX') ?? required(data, 'VIXCLS', 'the VIX'),
      vix3m: required(data, 'VIX3M', 'the VIX curve'),
      spx: spx ?? required(data, 'SPY', 'the S&P 500'),
      ...(data.get('BAMLH0A0HYM2') ? { hySpread: data.get('BAMLH0A0HYM2') } : {}),
      ...(data.get('RSP') ? { equalWeight: data.get('RSP') } : {}),
    };
    const r = vixTermModel(inputs);
    assumptions.push({ model: 'VIX term structure', assumptions: r.assumptions });
    const verdict = vixHedging(r, r.today.date);
    // Its event study's unconditional windows on the S&P 500 (read by vixHedging) serve the
    // vol-control claim's study on the same series.
    models.noteEventStudy(inputs.spx, r.eventStudy.all);
    return verdict;
  });
  yield;

  const fed = attempt('fed-swings', 'Fed communication alone swings the odds of a rate cut (80% → 30% → 80%).', () => {
    if (curve instanceof Error) throw curve;
    const c = curve;
    if (!c.historyMeeting) throw new FlowlensError('no FOMC meeting ahead in the calendar');
    // The odds history of each of the next three meetings, for the chart (futures only: computed
    // by fedOverview in the same pass over the trade dates as the history meeting's).
    const histories = c.view ? c.nextHistories : undefined;
    return fedSwings({ ...c, ...(c.view ? { table: c.view.today.table } : {}), ...(histories ? { histories } : {}) });
  });

  const buyback = attempt('buyback-window', "The buyback window is the market's largest source of demand.", () => {
    // The stored S&P 500 earnings calendar, for the check on real dates (app/buybackCalendar.ts);
    // a damaged file leaves the test since 2000 and says so.
    let dates: ClaimReportDates | undefined;
    let damaged: string | undefined;
    try {
      dates = claimReportDates(storedEarningsCalendar(data));
    } catch (err) {
      damaged = (err as Error).message;
    }
    const r = buybackDemand(spx ?? required(data, 'SPY', 'the S&P 500'), undefined, dates);
    return damaged ? { ...r, reason: `${r.reason}; no check on company earnings dates: ${damaged}` } : r;
  });
  yield;

  // The flows that matter this week.
  if (spx) {
    try {
      const vc = models.volControl(spx);
      assumptions.push({ model: 'vol-control', assumptions: vc.assumptions });
      const down = vc.moveTable.find((m) => m.movePct === -2);
      flows.push(`vol-control: exposure ${fmtNumber(100 * vc.latest.exposure, 0)}% on ${vc.latest.date}; a −2% day would mean ${fmtNumber(down?.flowBn ?? Number.NaN, 1)} bn`);
    } catch (err) {
      flows.push(`vol-control: ${(err as Error).message}`);
    }
  }
  yield;
  // The same assets as `flows` (the 10-year as a price index from DGS10), so the totals agree.
  const universe = models.universe(data).chosen;
  const ctaInputs = universe.map((c) => ({ prices: c.series }));
  const rpIn = riskParityInputs(universe);
  if (new Set(rpIn.map((r) => r.assetClass)).size === 3) {
    try {
      const rp = models.riskParity(universe);
      assumptions.push({ model: 'risk parity', assumptions: rp.assumptions });
      flows.push(`risk parity: leverage ${fmtNumber(rp.latest.leverage, 2)}× on ${rp.latest.date}; equities ${fmtNumber(rp.latest.equityFlow5dBn, 1)} bn over the last 5 days (all assets ${fmtNumber(rp.latest.flow5dBn, 1)} bn)`);
    } catch (err) {
      flows.push(`risk parity: ${(err as Error).message}`);
    }
  }
  yield;
  if (ctaInputs.length) {
    try {
      // The position histories come from the shared results (the CTA claim and the flow regression read the S&P 500's).
      const cta = ctaModel(ctaInputs.map((a) => ({ ...a, position: models.ctaPosition(a.prices) })));
      assumptions.push({ model: 'CTA', assumptions: cta.assumptions });
      for (const [i, a] of cta.assets.entries()) {
        const near = a.triggers.filter((t) => Math.abs(t.distancePct) <= 2);
        if (near.length) flows.push(`CTA trigger within 2% for ${universe[i]?.label ?? a.id}: ${near.map((t) => `${fmtNumber(t.level, 2)} (${t.lookback}d, ${t.distancePct >= 0 ? '+' : ''}${fmtNumber(t.distancePct, 1)}%)`).join(', ')} as of ${a.latest.date}`);
      }
      flows.push(`CTA total exposure ${fmtNumber(cta.totalExposureBn, 0)} bn across ${cta.assets.length} assets`);
    } catch (err) {
      flows.push(`CTA: ${(err as Error).message}`);
    }
  }
  try {
    // The stored S&P 500 earnings calendar when it covers the date, else the seasonal model (app/buybackCalendar.ts).
    const input = resolveBuybackInput(asOfDay, { calendar: storedEarningsCalendar(data) });
    const bb = buybackWindow(asOfDay, {}, input.reports);
    assumptions.push({ model: 'buyback window', assumptions: [...bb.assumptions, reportDatesAssumption(input)] });
    const from = input.from === 'stored calendar' ? `from ${input.reports?.length.toLocaleString('en-US') ?? 0} company earnings dates` : 'from the seasonal model';
    flows.push(`buyback window ${bb.today.status} on ${bb.today.date} (${fmtNumber(100 * bb.today.share, 0)}% of cap in blackout${bb.changes[0] ? `; ${bb.changes[0].status} from ${bb.changes[0].date}` : ''}; ${from})`);
  } catch (err) {
    flows.push(`buyback window: ${(err as Error).message}`);
  }

  yield;
  const [aiCapex, wealthGap, energy] = economyTheses(data, asOfDay) as [ThesisResult, ThesisResult, ThesisResult];
  const flowClaims: ThesisResult[] = [];
  for (const claim of flowThesisSteps(data, asOfDay, models)) {
    yield;
    flowClaims.push(claim());
  }
  const [flowsDominate, volControlSelling, ctaTriggers] = flowClaims as [ThesisResult, ThesisResult, ThesisResult];
  yield;
  const crypto = attempt('crypto-upside', 'Crypto is the one asset class with real upside for the young, and so a political asset.', () => {
    const btc = required(data, 'BTCUSD', 'bitcoin');
    const others = ['SPY', 'QQQ', 'GLD', 'TLT', 'DBC'].flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));
    return cryptoUpside(cryptoModel(btc, others), [btc, ...others]);
  });
  yield;
  const kShape = attempt('k-shape', 'The economy runs on two tracks (K-shape), and the gap widens.', () => {
    const legs = (ids: string[]) => ids.flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));
    // The comparison starts a fixed lookback before the as-of date (known then), not at a date picked with hindsight.
    return kShapeWidening(kShapeModel(legs(['XLK', 'SMH', 'QQQ']), legs(['RSP', 'IWM', 'XLY']), kShapeBase(asOfDay)));
  });
  const theses: ThesisResult[] = [
    flowsDominate,
    aiCapex,
    liquidity,
    wealthGap,
    energy,
    crypto,
    kShape,
    volControlSelling,
    ctaTriggers,
    vix,
    fed,
    buyback,
  ];
  for (const t of theses) if (t.assumptions?.length) assumptions.push({ model: `claim ${t.id}`, assumptions: t.assumptions });
  const inputsAsOf: Record<string, IsoDate> = {};
  // A series read with no value by the as-of date (WTREGEN on 1993-02-01: only missing rows) has no date to show; it is not an error.
  for (const [id, s] of data) {
    const i = lastValidIndex(s);
    if (i >= 0) inputsAsOf[id] = toIso(s.dates[i] as number);
  }
  return {
    asOf: pit.asOf ?? null,
    generatedAt: new Date().toISOString(),
    theses,
    flowsThisWeek: flows,
    inputsAsOf,
    assumptions,
    notes: laterVintagesNote(pit, true) ? [laterVintagesNote(pit, true) as string] : [],
  };
}

