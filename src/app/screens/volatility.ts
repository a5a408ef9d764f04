import { valueAt } from '../../models/fedOverview.ts';
import { vixTermModel, type Classification, type InversionEpisode } from '../../models/vixterm.ts';
import { toDay, toIso } from '../../series/dates.ts';
import { freshest } from '../../series/series.ts';
import type { IsoDate } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { absentBrief, laterVintagesNote, required } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** The Cboe curve's tenors, shortest first: the series, its label and its maturity in calendar days (Cboe: 9 and 30 days, 3 and 6 months). */
export const VIX_TENORS = [
  { id: 'VIX9D', label: '9 days', days: 9 },
  { id: 'VIX', label: '30 days', days: 30 },
  { id: 'VIX3M', label: '3 months', days: 91 },
  { id: 'VIX6M', label: '6 months', days: 182 },
] as const;

/** The curve on one date: one value per tenor (null where the index has no close within 10 days before). */
export interface TermCurve {
  readonly label: 'now' | '1 week ago' | '1 month ago';
  readonly date: IsoDate;
  readonly values: readonly (number | null)[];
}

/** The volatility page. */
export interface VolatilityScreen {
  readonly asOf: IsoDate | null;
  readonly today?: { readonly date: IsoDate; readonly vix: number; readonly vix3m: number; readonly ratio: number; readonly state: 'contango' | 'backwardation'; readonly classification: Classification };
  readonly tenors: readonly string[];
  readonly curves: readonly TermCurve[];
  /** The curves as a chart over maturity: one line per curve (now, 1 week ago, 1 month ago). */
  readonly curveChart?: ChartData;
  /** The latest inversion episodes, newest last (at most 12). */
  readonly episodes: readonly InversionEpisode[];
  readonly episodeCount: number;
  readonly ratioChart?: ChartData;
  readonly levelChart?: ChartData;
  readonly notes: readonly string[];
  readonly problems: readonly ScreenProblem[];
}

/**
 * The volatility page: the VIX curve (VIX9D, VIX, VIX3M, VIX6M) on the curve's last day and
 * 7 and 30 calendar days before (each index's last close on or before that day), VIX/VIX3M
 * with its inversion episodes as bands (models/vixterm.ts: ratio ≥ 1, gaps ≤ 3 days merged,
 * labelled hedging flow or stress at the peak), and the VIX and VIX3M levels.
 */
export async function volatilityScreen(store: Store, params: ScreenInput = {}): Promise<VolatilityScreen> {
  const p = screenParams(params);
  const { data, pit } = await readScreen(store, ['VIX', 'VIXCLS', 'VIX3M', 'VIX9D', 'VIX6M', 'GSPC', 'SPY', 'BAMLH0A0HYM2', 'RSP'], p.asOf);
  const problems: ScreenProblem[] = [];
  const r = part('VIX term structure', problems, () => {
    const spx = freshest(data, ['GSPC', 'SPY']) ?? required(data, 'SPY', 'the S&P 500');
    return vixTermModel({
      vix: data.get('VIX') ?? required(data, 'VIXCLS', 'the VIX'),
      vix3m: required(data, 'VIX3M', 'the VIX curve'),
      spx,
      ...(data.get('VIX9D') ? { vix9d: data.get('VIX9D') } : {}),
      ...(data.get('BAMLH0A0HYM2') ? { hySpread: data.get('BAMLH0A0HYM2') } : {}),
      ...(data.get('RSP') ? { equalWeight: data.get('RSP') } : {}),
    });
  });
  const tenors = VIX_TENORS.map((t) => t.label);
  if (!r) return { asOf: p.asOf ?? null, tenors, curves: [], episodes: [], episodeCount: 0, notes: [], problems };
  const day = toDay(r.today.date);
  const curves: TermCurve[] = (
    [
      ['now', day],
      ['1 week ago', day - 7],
      ['1 month ago', day - 30],
    ] as const
  ).map(([label, d]) => ({ label, date: toIso(d), values: VIX_TENORS.map((t) => valueAt(t.id === 'VIX' ? (data.get('VIX') ?? data.get('VIXCLS')) : data.get(t.id), d) ?? null) }));
  const t = r.today;
  const curveChart = termCurveChart(curves);
  const stress = r.episodes.filter((e) => e.classification.label === 'stress').length;
  const ratioChart = chartOf(
    {
      id: 'vix-ratio',
      title: 'VIX / VIX3M (≥ 1 = inverted curve)',
      unit: 'ratio',
      summary: `VIX/VIX3M is ${t.ratio.toFixed(3)} on ${t.date} (${t.state}); ${r.episodes.length} inversion episodes since ${toIso(r.dates[0] as number)}, ${stress} of them stress.`,
      rules: [1],
      bands: r.episodes.map((e) => ({ from: e.start, to: e.end, label: `${e.classification.label} (peak ${e.peakRatio.toFixed(2)})` })),
    },
    [{ label: 'VIX/VIX3M', dates: r.dates, values: r.ratio }],
  );
  const vix = data.get('VIX') ?? data.get('VIXCLS');
  const vix3m = data.get('VIX3M');
  const levelChart = chartOf(
    { id: 'vix-levels', title: 'VIX and VIX3M', unit: 'index points', summary: `VIX ${t.vix.toFixed(2)} and VIX3M ${t.vix3m.toFixed(2)} on ${t.date}.` },
    [
      ...(vix ? [{ label: 'VIX', dates: vix.dates, values: vix.values }] : []),
      ...(vix3m ? [{ label: 'VIX3M', dates: vix3m.dates, values: vix3m.values }] : []),
    ],
  );
  const later = laterVintagesNote(pit);
  // A tenor none of the three curves has (VIX6M ends 2026-04-24 in the shared data) is left off the chart: say why.
  const missingTenors = VIX_TENORS.flatMap((x, i) => {
    if (!curves.every((c) => c.values[i] === null)) return [];
    const s = data.get(x.id);
    const last = s && s.dates.length > 0 ? toIso(s.dates[s.dates.length - 1] as number) : undefined;
    const why = last !== undefined && last < (curves[curves.length - 1]?.date ?? last) ? `last close ${last}, none within 10 days before the curves' dates` : absentBrief(data, x.id);
    return [`${x.label} (${x.id}): ${why}; left off the curve`];
  });
  return {
    asOf: p.asOf ?? null,
    today: { date: t.date, vix: t.vix, vix3m: t.vix3m, ratio: t.ratio, state: t.state, classification: t.classification },
    tenors,
    curves,
    curveChart,
    episodes: r.episodes.slice(-12),
    episodeCount: r.episodes.length,
    ratioChart,
    levelChart,
    notes: [...missingTenors, ...(later ? [later] : [])],
    problems,
  };
}

/** A change in points as words: "21.97 points above". */
const points = (x: number) => `${Math.abs(x).toFixed(2)} points ${x < 0 ? 'below' : 'above'}`;

/**
 * The curves as one chart over maturity (x: calendar days, named by the tenor; a tenor no curve
 * has is left off), one line per curve with its date, and a summary: the slope from the shortest to the longest tenor now, and
 * how the 30-day VIX moved against a week and a month before.
 */
export function termCurveChart(curves: readonly TermCurve[]): ChartData {
  const now = curves[0];
  const vixAt = VIX_TENORS.findIndex((x) => x.id === 'VIX');
  const val = (c: TermCurve | undefined, i: number) => c?.values[i] ?? null;
  const present = (now?.values ?? []).flatMap((v, i) => (v !== null ? [i] : []));
  const firstI = present[0] ?? -1;
  const lastI = present[present.length - 1] ?? -1;
  const slope = now && firstI >= 0 && lastI > firstI ? `${VIX_TENORS[firstI]?.label} ${(val(now, firstI) as number).toFixed(2)} to ${VIX_TENORS[lastI]?.label} ${(val(now, lastI) as number).toFixed(2)}: ${(val(now, firstI) as number) > (val(now, lastI) as number) ? 'falling with maturity (inverted)' : 'rising with maturity (contango)'}` : 'no curve';
  const kept = VIX_TENORS.flatMap((_, i) => (curves.some((c) => c.values[i] !== null && c.values[i] !== undefined) ? [i] : []));
  const moves = curves.slice(1).flatMap((c) => {
    const a = val(now, vixAt);
    const b = val(c, vixAt);
    return a !== null && b !== null ? [`${points(a - b)} its level ${c.label}`] : [];
  });
  return {
    id: 'vix-curve',
    title: 'VIX term structure now vs 1 week and 1 month ago, by maturity',
    unit: 'index points',
    summary: `On ${now?.date ?? '—'} the curve runs from ${slope}${moves.length ? `; the 30-day VIX is ${moves.join(', ')}` : ''}.`,
    x: 'maturity',
    // Only the maturities some curve has: an axis out to 6 months with no 6-month point (VIX6M ending months before) reads as a gap in the curve.
    dates: kept.map((i) => String(VIX_TENORS[i]?.days)),
    xLabels: kept.map((i) => VIX_TENORS[i]?.label ?? ''),
    // Six significant digits, as every other chart (chartData.ts): the stored closes are float32, 19.06 read back as 19.059999465942383 in the CSV.
    lines: curves.map((c) => ({ label: `${c.label} (${c.date})`, values: kept.map((i) => (c.values[i] === null || c.values[i] === undefined ? null : Number((c.values[i] as number).toPrecision(6)))) })),
  };
}
