import { affordabilityModel } from '../../models/affordability.ts';
import { cryptoModel } from '../../models/crypto.ts';
import { kShapeBase, kShapeModel } from '../../models/kshape.ts';
import { labourModel, type LabourResult } from '../../models/labour.ts';
import { catalogEntry } from '../../series/catalog.ts';
import { toDay, todayDay, toIso } from '../../series/dates.ts';
import type { IsoDate, Series } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { cryptoUpside, kShapeWidening } from '../../theses/claims.ts';
import { economyTheses, ECONOMY_CLAIM_INPUTS } from '../../theses/economyClaims.ts';
import type { ThesisResult, Verdict } from '../../theses/thesis.ts';
import { laterVintagesNote, required } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** One topic of the economy page (the topics of `flowlens economy`). */
export interface EconomyTopic {
  readonly topic: 'labour' | 'affordability' | 'kshape' | 'ai' | 'wealth' | 'energy' | 'crypto';
  readonly title: string;
  /** The claim about this topic and its verdict, where the scorecard has one. */
  readonly claim?: { readonly statement: string; readonly verdict: Verdict; readonly reason: string };
  readonly metrics: readonly { readonly label: string; readonly value: string; readonly asOf?: string }[];
  readonly chart?: ChartData;
  readonly table?: { readonly caption: string; readonly head: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
}

/** The economy page. */
export interface EconomyScreen {
  readonly asOf: IsoDate | null;
  readonly topics: readonly EconomyTopic[];
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

const LABOUR_IDS = ['UNRATE', 'LNS14000036', 'U6RATE', 'ICSA', 'CCSA', 'JTSJOL', 'JTSHIR', 'USINFO'];
const AFFORD_IDS = ['MSPUS', 'MORTGAGE30US', 'MEHOINUSA646N'];
const KSHAPE_IDS = ['XLK', 'SMH', 'QQQ', 'RSP', 'IWM', 'XLY'];
const CRYPTO_IDS = ['BTCUSD', 'SPY', 'QQQ', 'GLD', 'TLT', 'DBC'];

/**
 * A claim series' line label: its title, less a trailing ", <unit>" when that is the chart's unit —
 * the chart adds the unit itself (tooltip "27.77%", CSV header "name (%)"), so "AI/tech vs real
 * economy, %" would read "…, % (%)".
 */
export function lineLabel(title: string, id: string, unit: string): string {
  const name = title || id;
  return unit && name.endsWith(`, ${unit}`) ? name.slice(0, -`, ${unit}`.length) : name;
}

/** A claim's chart (theses/thesis.ts ThesisChart) as chart data. */
function claimChart(id: string, t: ThesisResult): ChartData | undefined {
  const c = t.chart;
  if (!c || c.series.length === 0) return undefined;
  const unit = c.yLabel ?? c.series[0]?.unit ?? '';
  return chartOf(
    { id, title: c.title, unit, summary: `${t.verdict}: ${t.reason}`, ...(c.rules ? { rules: c.rules } : {}), ...(c.bands ? { bands: c.bands.map((b) => ({ from: b.from as IsoDate, to: b.to as IsoDate, label: b.label ?? '' })) } : {}) },
    c.series.map((s) => ({ label: lineLabel(s.title, s.id, unit), dates: s.dates, values: s.values })),
  );
}

function fromClaim(topic: EconomyTopic['topic'], title: string, t: ThesisResult): EconomyTopic {
  const chart = claimChart(`economy-${topic}`, t);
  return {
    topic,
    title,
    claim: { statement: t.statement, verdict: t.verdict, reason: t.reason },
    metrics: t.metrics.map((m) => ({ label: m.label, value: m.value, ...(m.asOf ? { asOf: m.asOf } : {}) })),
    ...(chart ? { chart } : {}),
    ...(t.table ? { table: t.table } : {}),
  };
}

/**
 * The labour chart's summary, each figure dated by its own series: the unemployment rate on
 * UNRATE's last month, and the 20–24 rate on LNS14000036's last month with the overall rate of
 * that same month (the youth series can end years before UNRATE: 2024-12 vs 2026-07).
 */
export function labourSummary(r: LabourResult): string {
  const u = r.readings.find((x) => x.id === 'UNRATE');
  const g = r.youthGap?.latest;
  const overall = u ? `Unemployment ${u.value.toFixed(1)}% on ${u.date}` : '';
  if (!g) return overall ? `${overall}.` : 'Unemployment rates.';
  const youth = `ages 20–24 ${g.youth.toFixed(1)}% on ${g.date} (${g.overall.toFixed(1)}% overall that month)`;
  return overall ? `${overall}; ${youth}.` : `Unemployment ${youth}.`;
}

const pick = (data: ReadonlyMap<string, Series>, ids: readonly string[]) => ids.flatMap((id) => (data.get(id) ? [data.get(id) as Series] : []));

/**
 * The economy page, one section per topic of `flowlens economy`: labour (models/labour.ts:
 * each indicator now vs a year before), affordability (models/affordability.ts: the monthly
 * cost of the median home as a share of median income), and the claims about K-shape, AI capex,
 * wealth, energy and crypto with their verdicts, metrics and charts (theses/).
 */
/** The unemployment chart's lines, by series. */
const LABOUR_LINES: Readonly<Record<string, string>> = { UNRATE: 'all', LNS14000036: 'ages 20–24', U6RATE: 'U-6' };

export async function economyScreen(store: Store, params: ScreenInput = {}): Promise<EconomyScreen> {
  const p = screenParams(params);
  const asOfDay = p.asOf ? toDay(p.asOf) : todayDay();
  const { data, pit } = await readScreen(store, [...ECONOMY_CLAIM_INPUTS, ...LABOUR_IDS, ...AFFORD_IDS, ...KSHAPE_IDS, ...CRYPTO_IDS], p.asOf);
  const problems: ScreenProblem[] = [];
  const topics: EconomyTopic[] = [];
  const labour = part('labour', problems, () => {
    const g = (id: string) => data.get(id);
    const r = labourModel({ unrate: g('UNRATE'), youth: g('LNS14000036'), u6: g('U6RATE'), initialClaims: g('ICSA'), continuingClaims: g('CCSA'), openings: g('JTSJOL'), hiresRate: g('JTSHIR'), infoJobs: g('USINFO') });
    const from = toIso(asOfDay - 10 * 365);
    return {
      topic: 'labour' as const,
      title: 'Labour market',
      metrics: r.readings.slice(0, 4).map((x) => ({ label: `${catalogEntry(x.id).title}`, value: `${x.value.toLocaleString('en-US', { maximumFractionDigits: 2 })}`, asOf: x.date })),
      table: { caption: 'Each indicator now and a year before', head: ['series', 'title', 'date', 'value', 'a year before'], rows: r.readings.map((x) => [x.id, catalogEntry(x.id).title, x.date, x.value.toLocaleString('en-US', { maximumFractionDigits: 2 }), Number.isFinite(x.yearAgo) ? x.yearAgo.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—']) },
      chart: chartOf(
        { id: 'economy-labour', title: 'Unemployment: all, ages 20–24, U-6', unit: '%', summary: labourSummary(r), from },
        // The legend names what the title lists (all, ages 20–24, U-6), not the FRED ids.
        pick(data, ['UNRATE', 'LNS14000036', 'U6RATE']).map((s) => ({ label: LABOUR_LINES[s.id] ?? s.id, dates: s.dates, values: s.values })),
      ),
    };
  });
  if (labour) topics.push(labour);
  const afford = part('affordability', problems, () => {
    const price = data.get('MSPUS');
    const rate = data.get('MORTGAGE30US');
    const income = data.get('MEHOINUSA646N');
    if (!price || !rate || !income) throw new Error('MSPUS, MORTGAGE30US and MEHOINUSA646N are needed');
    const r = affordabilityModel({ price, rate, income });
    const L = r.latest;
    return {
      topic: 'affordability' as const,
      title: 'Housing affordability',
      metrics: [
        { label: 'median home price, USD', value: L.price.toLocaleString('en-US', { maximumFractionDigits: 0 }), asOf: L.date },
        // The quarter's mean weekly rate, and the income of the quarter's year (or the last published one).
        { label: '30-year mortgage rate, %', value: L.rate.toFixed(2), asOf: L.date },
        { label: 'monthly cost, USD', value: L.monthlyCost.toLocaleString('en-US', { maximumFractionDigits: 0 }), asOf: L.date },
        { label: 'share of median income, %', value: L.shareOfIncome.toFixed(1), asOf: L.date },
      ],
      chart: chartOf({ id: 'economy-affordability', title: 'Monthly cost of the median home, share of median income', unit: '%', summary: `The median home costs ${L.shareOfIncome.toFixed(0)}% of median household income a month on ${L.date} (income of ${L.incomeYear}).` }, [{ label: 'share of income', dates: r.dates, values: Array.from(r.shareOfIncome) }]),
    };
  });
  if (afford) topics.push(afford);
  const k = part('kshape', problems, () => kShapeWidening(kShapeModel(pick(data, ['XLK', 'SMH', 'QQQ']), pick(data, ['RSP', 'IWM', 'XLY']), kShapeBase(asOfDay))));
  if (k) topics.push(fromClaim('kshape', 'K-shape: two tracks', k));
  const [ai, wealth, energy] = economyTheses(data, asOfDay) as [ThesisResult, ThesisResult, ThesisResult];
  topics.push(fromClaim('ai', 'AI capex', ai), fromClaim('wealth', 'Wealth by generation', wealth), fromClaim('energy', 'Energy: the bottleneck', energy));
  const crypto = part('crypto', problems, () => {
    // required says why it is absent: not stored, or (an early as-of) not started yet.
    const btc = required(data, 'BTCUSD', 'Bitcoin');
    const others = pick(data, ['SPY', 'QQQ', 'GLD', 'TLT', 'DBC']);
    return cryptoUpside(cryptoModel(btc, others), [btc, ...others]);
  });
  if (crypto) topics.push(fromClaim('crypto', 'Crypto', crypto));
  const later = laterVintagesNote(pit, true);
  return { asOf: p.asOf ?? null, topics, notes: later ? [later] : [], problems };
}
