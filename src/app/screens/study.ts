import { z } from 'zod';
import { FlowlensError } from '../../core/errors.ts';
import { isIsoDate } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';
import type { Store } from '../../store/store.ts';
import { computeStudy, STUDY_EVENTS, studyInputIds, type StudyResult } from '../study.ts';
import { screenParams, type ScreenInput } from './assumptions.ts';
import { type ChartData } from './chartData.ts';
import { part, readScreen, type ScreenProblem } from './read.ts';

/** Daily price series a study can measure forward returns on from the page (the CLI's --asset takes any daily series). */
export const STUDY_ASSETS = ['GSPC', 'SPY', 'QQQ', 'NDX', 'IWM', 'RSP', 'TLT', 'GLD', 'BTCUSD'] as const;

/** The page's study parameters: event, asset, horizons, sample start, de-clustering gap (the CLI's flags, bounded). */
export interface StudyParams {
  readonly event: (typeof STUDY_EVENTS)[number];
  readonly asset: (typeof STUDY_ASSETS)[number];
  readonly horizons: readonly number[];
  readonly from?: IsoDate;
  readonly gap: number;
}

/** The defaults of the page's study form (those of `flowlens study`). */
export const STUDY_DEFAULTS: StudyParams = { event: 'vix-inversion', asset: 'GSPC', horizons: [1, 5, 21, 63], gap: 0 };

/** The study page's query (besides `as-of` and the assumptions): parsed with it, and documented from it in /api/openapi.json. */
export const studyQuerySchema = z.object({
  event: z
    .enum(STUDY_EVENTS, { error: `event must be one of ${STUDY_EVENTS.join(', ')}` })
    .meta({ description: `the event to study; default ${STUDY_DEFAULTS.event}` })
    .optional(),
  asset: z
    .enum(STUDY_ASSETS, { error: `asset must be one of ${STUDY_ASSETS.join(', ')}` })
    .meta({ description: `the daily price series whose forward returns are measured; default ${STUDY_DEFAULTS.asset}` })
    .optional(),
  horizons: z
    .string()
    .max(40, 'horizons is too long')
    .meta({ description: `forward horizons: 1 to 6 whole trading days from 1 to 252, separated by commas; default ${STUDY_DEFAULTS.horizons.join(',')}`, examples: ['1,5,21'] })
    .transform((v, ctx) => {
      const hs = v.split(',').map((x) => Number(x.trim()));
      if (hs.length < 1 || hs.length > 6 || hs.some((h) => !Number.isInteger(h) || h < 1 || h > 252)) {
        ctx.addIssue({ code: 'custom', message: `horizons must be 1 to 6 whole trading days from 1 to 252 separated by commas, got "${v}"` });
        return z.NEVER;
      }
      return [...new Set(hs)].sort((a, b) => a - b);
    })
    .optional(),
  from: z
    .string()
    .refine(isIsoDate, 'from must be a date YYYY-MM-DD')
    .meta({ format: 'date', description: 'first event date counted; default: the whole history', examples: ['2010-01-01'] })
    .optional(),
  gap: z.coerce
    .number({ error: 'gap must be a number' })
    .int('gap must be a whole number')
    .min(0, 'gap must be from 0 to 252')
    .max(252, 'gap must be from 0 to 252')
    .meta({ description: 'de-clustering: trading days an event must follow the previous one by; default 0', examples: [5] })
    .optional(),
});

/** Study parameters from GET parameters (blank = default); a bad one is a FlowlensError naming it. */
export function parseStudyParams(query: Readonly<Record<string, string | undefined>>): StudyParams {
  const present = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && v.trim() !== '' && k in studyQuerySchema.shape));
  const r = studyQuerySchema.safeParse(present);
  if (!r.success) throw new FlowlensError(r.error.issues.map((i) => i.message).join('; '));
  const q = r.data;
  return { ...STUDY_DEFAULTS, ...(q.event ? { event: q.event } : {}), ...(q.asset ? { asset: q.asset } : {}), ...(q.horizons ? { horizons: q.horizons } : {}), ...(q.from ? { from: q.from as IsoDate } : {}), ...(q.gap !== undefined ? { gap: q.gap } : {}) };
}

/** The study page. */
export interface StudyScreen {
  readonly asOf: IsoDate | null;
  readonly params: StudyParams;
  readonly result?: StudyResult;
  /** The average path after the events vs all days, % by trading day after day 0. */
  readonly pathChart?: ChartData;
  readonly problems: readonly ScreenProblem[];
}

/**
 * The study page: `flowlens study` with the page's parameters (app/study.ts computeStudy over a
 * point-in-time read), its table per label and horizon, and the average path as a chart.
 */
export async function studyScreen(store: Store, params: ScreenInput = {}, study: Partial<StudyParams> = {}): Promise<StudyScreen> {
  const p = screenParams(params);
  const s: StudyParams = { ...STUDY_DEFAULTS, ...study };
  const { data, pit } = await readScreen(store, studyInputIds({ event: s.event, assetId: s.asset }), p.asOf);
  const problems: ScreenProblem[] = [];
  const result = part('event study', problems, () =>
    computeStudy(data, pit, { event: s.event, assetId: s.asset, horizons: s.horizons, ...(s.from ? { from: s.from } : {}), ...(p.asOf ? { asOf: p.asOf } : {}), tail: 0.05, gap: s.gap }),
  );
  const all = result?.path.byLabel.all;
  const maxH = result?.path.k.at(-1) ?? 0;
  const pathChart: ChartData | undefined =
    result && all
      ? {
          id: 'study-path',
          title: `Average path of ${result.asset.id} after ${result.event} events`,
          unit: '%',
          x: 'days',
          summary: `${result.events.length} events; ${maxH} trading days after day 0 the average return is ${(all.mean[maxH] ?? Number.NaN).toFixed(2)}% vs ${(result.path.unconditional[maxH] ?? Number.NaN).toFixed(2)}% on all days.`,
          dates: result.path.k.map(String),
          lines: [
            ...Object.entries(result.path.byLabel).map(([label, v]) => ({ label: label === 'all' ? 'events' : label, values: v.mean.map((x) => (Number.isFinite(x) ? x : null)) })),
            { label: 'all days', values: result.path.unconditional.map((x) => (Number.isFinite(x) ? x : null)) },
          ],
          rules: [0],
        }
      : undefined;
  // computeStudy names the CLI's flag; the page's field is "events from".
  const onPage = problems.map((x) => ({ ...x, reason: x.reason.replace(/^--from /, 'events from ') }));
  return { asOf: p.asOf ?? null, params: s, ...(result ? { result } : {}), ...(pathChart ? { pathChart } : {}), problems: onPage };
}
