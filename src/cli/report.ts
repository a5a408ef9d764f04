import type { Command } from 'commander';
import pc from 'picocolors';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import type { Assumption } from '../models/assumptions.ts';
import { buybackWindow } from '../models/buyback.ts';
import { ctaModel } from '../models/cta.ts';
import { liquidityModel } from '../models/liquidity.ts';
import { vixTermModel } from '../models/vixterm.ts';
import { volControlModel } from '../models/volcontrol.ts';
import { lastValid } from '../series/series.ts';
import { toDay, toIso, todayDay } from '../series/dates.ts';
import type { IsoDate, Series } from '../series/types.ts';
import { openStore } from '../store/parquetStore.ts';
import { CATALOG } from '../series/catalog.ts';
import { syncFromSources } from '../sync/runSync.ts';
import { buybackDemand, cryptoUpside, fedSwings, kShapeWidening, liquidityWave, vixHedging } from '../theses/claims.ts';
import { cryptoModel } from '../models/crypto.ts';
import { kShapeModel } from '../models/kshape.ts';
import { economyTheses, ECONOMY_CLAIM_INPUTS } from '../theses/economyClaims.ts';
import { flowTheses, FLOW_CLAIM_INPUTS } from '../theses/flowClaims.ts';
import { verdictSymbol, type ThesisResult } from '../theses/thesis.ts';
import { fmtNumber } from '../views/format.ts';
import { renderHtml, type HtmlSection } from '../views/html.ts';
import { lineChartSvg } from '../views/svg.ts';
import { parseAsOf, readForModel, required, laterVintagesNote, type PointInTime } from './data.ts';
import { curveFedPathWithHistory, curveLastDay } from './fed.ts';
import { CTA_UNIVERSE } from './flows.ts';
import { printJson, renderTable } from './output.ts';
import { checkOutputFile, writeOutputFile } from './outputFile.ts';
import { freshest } from './vol.ts';

interface ReportOptions {
  sync?: boolean;
  html?: string;
  json?: boolean;
  asOf?: string;
}

/** Every series the report reads. */
export const REPORT_INPUTS = [...ECONOMY_CLAIM_INPUTS, ...FLOW_CLAIM_INPUTS, 'XLK', 'SMH', 'XLY', 'TLT', 'DBC', 'WALCL', 'WDTGAL', 'WTREGEN', 'RRPONTSYD', 'TREAST', 'WRESBAL', 'VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP', 'EFFR', 'DFEDTARL', 'DFEDTARU', 'DTB3', 'DGS2', ...CTA_UNIVERSE.flatMap((a) => a.ids)];

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

/** Builds the report from stored series (no I/O besides what the caller passes in). */
export function buildReport(data: ReadonlyMap<string, Series>, pit: PointInTime): Report {
  const asOfDay = pit.asOf ? toDay(pit.asOf) : todayDay();
  const assumptions: { model: string; assumptions: readonly Assumption[] }[] = [];
  const flows: string[] = [];
  const spx = freshest(data, ['GSPC', 'SPY']);

  // The short-rate curve's Fed path: the Fed claim's swings and the liquidity claim's rate path.
  let curve: ReturnType<typeof curveFedPathWithHistory> | Error;
  try {
    curve = curveFedPathWithHistory(data, Math.min(curveLastDay(data), asOfDay));
  } catch (err) {
    curve = err as Error;
  }

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

  const vix = attempt('vix-hedging', 'An inverted VIX curve today reflects short-dated hedging flows, not panic.', () => {
    const r = vixTermModel({
      vix: data.get('VIX') ?? required(data, 'VIXCLS', 'the VIX'),
      vix3m: required(data, 'VIX3M', 'the VIX curve'),
      spx: spx ?? required(data, 'SPY', 'the S&P 500'),
      ...(data.get('BAMLH0A0HYM2') ? { hySpread: data.get('BAMLH0A0HYM2') } : {}),
      ...(data.get('RSP') ? { equalWeight: data.get('RSP') } : {}),
    });
    assumptions.push({ model: 'VIX term structure', assumptions: r.assumptions });
    return vixHedging(r, r.today.date);
  });

  const fed = attempt('fed-swings', 'Fed communication alone swings the odds of a rate cut (80% → 30% → 80%).', () => {
    if (curve instanceof Error) throw curve;
    const c = curve;
    if (!c.meeting) throw new FlowlensError('no FOMC meeting ahead in the calendar');
    return fedSwings(c.result, c.history, c.meeting);
  });

  const buyback = attempt('buyback-window', "The buyback window is the market's largest source of demand.", () => buybackDemand(spx ?? required(data, 'SPY', 'the S&P 500')));

  // The flows that matter this week.
  if (spx) {
    try {
      const vc = volControlModel(spx);
      assumptions.push({ model: 'vol-control', assumptions: vc.assumptions });
      const down = vc.moveTable.find((m) => m.movePct === -2);
      flows.push(`vol-control: exposure ${fmtNumber(100 * vc.latest.exposure, 0)}% on ${vc.latest.date}; a −2% day would mean ${fmtNumber(down?.flowBn ?? Number.NaN, 1)} bn`);
    } catch (err) {
      flows.push(`vol-control: ${(err as Error).message}`);
    }
  }
  const ctaInputs = CTA_UNIVERSE.flatMap((a) => {
    const s = freshest(data, a.ids);
    return s && a.key !== 'ust10' ? [{ prices: s }] : [];
  });
  if (ctaInputs.length) {
    try {
      const cta = ctaModel(ctaInputs);
      assumptions.push({ model: 'CTA', assumptions: cta.assumptions });
      for (const a of cta.assets) {
        const near = a.triggers.filter((t) => Math.abs(t.distancePct) <= 2);
        if (near.length) flows.push(`CTA trigger within 2% for ${a.id}: ${near.map((t) => `${fmtNumber(t.level, 2)} (${t.lookback}d, ${t.distancePct >= 0 ? '+' : ''}${fmtNumber(t.distancePct, 1)}%)`).join(', ')} as of ${a.latest.date}`);
      }
      flows.push(`CTA total exposure ${fmtNumber(cta.totalExposureBn, 0)} bn across ${cta.assets.length} assets`);
    } catch (err) {
      flows.push(`CTA: ${(err as Error).message}`);
    }
  }
  const bb = buybackWindow(asOfDay);
  assumptions.push({ model: 'buyback window', assumptions: bb.assumptions });
  flows.push(`buyback window ${bb.today.status} on ${bb.today.date} (${fmtNumber(100 * bb.today.share, 0)}% of cap in blackout${bb.changes[0] ? `; ${bb.changes[0].status} from ${bb.changes[0].date}` : ''})`);

  const [aiCapex, wealthGap, energy] = economyTheses(data, asOfDay) as [ThesisResult, ThesisResult, ThesisResult];
  const [flowsDominate, volControlSelling, ctaTriggers] = flowTheses(data, asOfDay) as [ThesisResult, ThesisResult, ThesisResult];
  const theses: ThesisResult[] = [
    flowsDominate,
    aiCapex,
    liquidity,
    wealthGap,
    energy,
    attempt('crypto-upside', 'Crypto is the one asset class with real upside for the young, and so a political asset.', () => {
      const btc = required(data, 'BTCUSD', 'bitcoin');
      const others = ['SPY', 'QQQ', 'GLD', 'TLT', 'DBC'].flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));
      return cryptoUpside(cryptoModel(btc, others), [btc, ...others]);
    }),
    attempt('k-shape', 'The economy runs on two tracks (K-shape), and the gap widens.', () => {
      const legs = (ids: string[]) => ids.flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));
      return kShapeWidening(kShapeModel(legs(['XLK', 'SMH', 'QQQ']), legs(['RSP', 'IWM', 'XLY']), '2020-01-02'));
    }),
    volControlSelling,
    ctaTriggers,
    vix,
    fed,
    buyback,
  ];
  for (const t of theses) if (t.assumptions?.length) assumptions.push({ model: `claim ${t.id}`, assumptions: t.assumptions });
  const inputsAsOf: Record<string, IsoDate> = {};
  for (const [id, s] of data) inputsAsOf[id] = lastValid(s).date;
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

/**
 * The report for `--json`: as built, with each chart's series as ISO dates and values (typed
 * arrays would serialise as objects keyed by index, and day numbers mean nothing to a script).
 */
export function reportJson(r: Report): unknown {
  return {
    ...r,
    theses: r.theses.map((t) =>
      t.chart
        ? {
            ...t,
            chart: {
              ...t.chart,
              series: t.chart.series.map((s) => ({ id: s.id, title: s.title, unit: s.unit, dates: Array.from(s.dates, (d) => toIso(d)), values: Array.from(s.values, (v) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null)) })),
              ...(t.chart.bands ? { bands: t.chart.bands } : {}),
            },
          }
        : t,
    ),
  };
}

/** The report as one self-contained HTML document (inline CSS and SVG, no script); `banner` joins the subtitle (e.g. `flowlens serve`'s data line). */
export function reportHtml(r: Report, opts: { readonly banner?: string } = {}): string {
  const hasSection = (t: ThesisResult) => t.verdict !== 'not enough data' || t.metrics.length > 0;
  const tone = (v: ThesisResult['verdict']) => (v === 'supported' ? 'good' : v === 'not supported' ? 'bad' : v === 'mixed' ? 'mixed' : 'none');
  const sections: HtmlSection[] = [
    {
      id: 'scorecard',
      title: 'Scorecard',
      // A claim links to its section when it has one (a claim with nothing measured has none).
      tables: [{ head: ['claim', 'verdict', 'why'], rows: r.theses.map((t) => [hasSection(t) ? { text: t.statement, href: `#${t.id}` } : t.statement, { text: t.verdict, tone: tone(t.verdict) }, t.reason]) }],
    },
    { id: 'flows', title: 'Flows that matter this week', notes: r.flowsThisWeek },
    ...r.theses
      .filter(hasSection)
      .map(
        (t): HtmlSection => ({
          id: t.id,
          title: t.statement,
          badge: { text: t.verdict, tone: tone(t.verdict) },
          lead: t.reason,
          metrics: t.metrics.map((m) => ({ label: m.label, value: m.value, ...(m.asOf ? { asOf: m.asOf } : {}) })),
          charts: t.chart ? [lineChartSvg(t.chart.series, { title: t.chart.title, ...(t.chart.rules ? { rules: t.chart.rules } : {}), ...(t.chart.bands ? { bands: t.chart.bands } : {}) })] : [],
          tables: t.table ? [{ caption: t.table.caption, head: t.table.head, rows: t.table.rows }] : [],
          notes: [`Rule: ${t.rule}`],
        }),
      ),
    {
      id: 'as-of',
      title: 'As of / assuming',
      tables: [
        { caption: 'Last date of each input', head: ['series', 'last date'], rows: Object.entries(r.inputsAsOf).sort().map(([k, v]) => [k, v]) },
        ...r.assumptions.map((m) => ({ caption: m.model, head: ['parameter', 'value', 'default', 'source'], rows: m.assumptions.map((a) => [a.name, `${a.value}${a.unit ? ` ${a.unit}` : ''}`, String(a.default), a.source]) })),
      ],
      notes: r.notes,
    },
  ];
  return renderHtml({
    title: 'flowlens: is the flows thesis true right now?',
    subtitle: `${r.asOf ? `As of ${r.asOf}` : 'Latest data'}; generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC${opts.banner ? ` — ${opts.banner}` : ''}`,
    sections,
    footer: 'flowlens — public data, every assumption shown. Verdicts follow the stated rules; they are measurements, not advice.',
  });
}

/**
 * An empty store is filled by a live sync first. One quick probe (a single FRED request, no
 * retries) tells an offline machine at once, so it gets the one-line hint instead of minutes of
 * retries.
 */
async function firstSync(home: string): Promise<void> {
  const { createSources } = await import('../sources/registry.ts');
  const { fetchFred } = await import('../sources/fred.ts');
  const { HttpClient } = await import('../sources/http.ts');
  const probeUrl = process.env.FLOWLENS_FRED_URL ? { graphUrl: process.env.FLOWLENS_FRED_URL } : {};
  try {
    await fetchFred('WALCL', 'WALCL', new HttpClient({ attempts: 1, timeoutMs: 8000 }), probeUrl);
  } catch {
    throw new FlowlensError('the store is empty and FRED cannot be reached: import files instead with `flowlens sync --from DIR` (e.g. ../shared/data)');
  }
  process.stderr.write('The store is empty: syncing every series first (flowlens sync)…\n');
  const store = await openStore({ home, mode: 'write' });
  try {
    const rows = await syncFromSources(store, CATALOG, createSources(process.env));
    const failed = rows.filter((r) => r.error).length;
    process.stderr.write(`Synced ${rows.length - failed} series${failed ? `, ${failed} failed (see \`flowlens series list\`)` : ''}.\n`);
  } finally {
    await store.close();
  }
}

/** `flowlens report`: the scorecard of the thesis, in the terminal, as HTML or as JSON. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the scorecard: each claim of the flows thesis with its evidence and verdict, and the flows that matter this week')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--as-of <date>', 'the report as it would have read on that date')
    .option('--json', 'print the whole scorecard as JSON')
    .option('--no-sync', 'do not sync an empty store first')
    .action(async (opts: ReportOptions) => {
      const asOf = parseAsOf(opts.asOf);
      // Checked before the build: a bad path should fail in a moment, not after the report.
      if (opts.html !== undefined) checkOutputFile('--html', opts.html);
      const pit: PointInTime = { ...(asOf ? { asOf } : {}), laterVintages: [] };
      const home = flowlensHome();
      let store = await openStore({ home, mode: 'read' });
      const empty = (await store.list()).length === 0;
      if (empty) {
        await store.close();
        if (opts.sync === false) throw new FlowlensError('the store is empty: run `flowlens sync` (online) or `flowlens sync --from ../shared/data` (offline) first');
        await firstSync(home);
        store = await openStore({ home, mode: 'read' });
      }
      let data: Map<string, Series>;
      try {
        data = await readForModel(store, [...new Set(REPORT_INPUTS)], pit);
      } finally {
        await store.close();
      }
      const report = buildReport(data, pit);
      if (opts.html !== undefined) writeOutputFile('--html', opts.html, reportHtml(report));
      if (opts.json) return printJson(reportJson(report));
      const out: string[] = [pc.bold(`flowlens scorecard${asOf ? ` as of ${asOf}` : ''}`)];
      out.push(
        renderTable(
          ['', 'claim', 'verdict', 'key number'],
          report.theses.map((t) => [verdictSymbol(t.verdict), t.statement.length > 70 ? `${t.statement.slice(0, 69)}…` : t.statement, t.verdict, t.metrics[0] ? `${t.metrics[0].label}: ${t.metrics[0].value}${t.metrics[0].asOf ? ` (${t.metrics[0].asOf})` : ''}` : '—']),
          ['left', 'left', 'left', 'left'],
        ),
      );
      out.push('', pc.bold('Why'), ...report.theses.filter((t) => t.verdict !== 'not enough data' || !t.reason.startsWith('not measured')).map((t) => `  ${verdictSymbol(t.verdict)} ${t.id}: ${t.reason}`));
      out.push('', pc.bold('Flows that matter this week'), ...report.flowsThisWeek.map((f) => `  • ${f}`));
      for (const n of report.notes) out.push(pc.yellow(`! ${n}`));
      if (opts.html) out.push('', `HTML report written to ${opts.html}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

