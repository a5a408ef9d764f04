import { valueAt } from '../../models/fedOverview.ts';
import { vixTermModel, type Classification, type InversionEpisode } from '../../models/vixterm.ts';
import { toDay, toIso } from '../../series/dates.ts';
import { freshest } from '../../series/series.ts';
import type { IsoDate } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { laterVintagesNote, required } from '../pointInTime.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { chartOf, type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** The Cboe curve's tenors, shortest first: the series and its label. */
export const VIX_TENORS = [
  { id: 'VIX9D', label: '9 days' },
  { id: 'VIX', label: '30 days' },
  { id: 'VIX3M', label: '3 months' },
  { id: 'VIX6M', label: '6 months' },
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
  return {
    asOf: p.asOf ?? null,
    today: { date: t.date, vix: t.vix, vix3m: t.vix3m, ratio: t.ratio, state: t.state, classification: t.classification },
    tenors,
    curves,
    episodes: r.episodes.slice(-12),
    episodeCount: r.episodes.length,
    ratioChart,
    levelChart,
    notes: later ? [later] : [],
    problems,
  };
}
