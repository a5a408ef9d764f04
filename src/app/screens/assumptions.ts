import { z } from 'zod';
import { FlowlensError } from '../../core/errors.ts';
import { misspelledParam } from '../../core/queryKeys.ts';
import { isIsoDate } from '../../series/dates.ts';
import type { IsoDate } from '../../series/types.ts';

/** One assumption a user can change on a page: its key (the GET parameter), label, unit, default and bounds. */
export interface AssumptionSpec {
  readonly key: keyof ScreenAssumptionValues;
  readonly label: string;
  readonly unit: string;
  readonly default: number | string;
  readonly min: number;
  readonly max: number;
  /** Where the default comes from (the model's own spec). */
  readonly source: string;
}

/** The values of the changeable assumptions (defaults filled in). */
export interface ScreenAssumptionValues {
  /** Vol-control target volatility, a fraction (models/volcontrol.ts targetVol). */
  readonly volTarget: number;
  /** Vol-control AUM, USD bn (models/volcontrol.ts aumBn). */
  readonly vcAumBn: number;
  /** Trend-following (CTA) AUM, USD bn (models/cta.ts aumBn). */
  readonly ctaAumBn: number;
  /** CTA trend lookbacks, trading days, comma-separated (models/cta.ts lookbacks). */
  readonly ctaLookbacks: readonly number[];
  /** Size of the one-day S&P 500 shock the flow estimates use, % (negative = a fall). */
  readonly shockPct: number;
  /** Buyback blackout: calendar days before a report (models/buyback.ts blackoutBefore). */
  readonly blackoutBefore: number;
}

/** What every screen takes: the as-of date (the time machine) and the assumptions. */
export interface ScreenParams extends ScreenAssumptionValues {
  readonly asOf?: IsoDate;
}

/** The defaults, as the models define them (volcontrol.ts, cta.ts, buyback.ts). */
export const ASSUMPTION_DEFAULTS: ScreenAssumptionValues = { volTarget: 0.1, vcAumBn: 400, ctaAumBn: 350, ctaLookbacks: [21, 63, 126, 252], shockPct: -2, blackoutBefore: 42 };

/** The assumptions form: one row per parameter, with its bounds (the zod schema below checks them). */
export const ASSUMPTION_SPECS: readonly AssumptionSpec[] = [
  { key: 'volTarget', label: 'Vol-control target volatility', unit: 'fraction', default: 0.1, min: 0.01, max: 0.5, source: 'models/volcontrol.ts targetVol' },
  { key: 'vcAumBn', label: 'Vol-control AUM', unit: 'USD bn', default: 400, min: 0, max: 5000, source: 'models/volcontrol.ts aumBn' },
  { key: 'ctaAumBn', label: 'CTA AUM', unit: 'USD bn', default: 350, min: 0, max: 5000, source: 'models/cta.ts aumBn' },
  { key: 'ctaLookbacks', label: 'CTA lookbacks', unit: 'trading days', default: '21,63,126,252', min: 5, max: 504, source: 'models/cta.ts lookbacks' },
  { key: 'shockPct', label: 'One-day S&P 500 shock', unit: '%', default: -2, min: -20, max: 20, source: 'flowlens convention (the report’s −2% day)' },
  { key: 'blackoutBefore', label: 'Buyback blackout before a report', unit: 'calendar days', default: 42, min: 0, max: 90, source: 'models/buyback.ts blackoutBefore' },
];

const spec = (key: AssumptionSpec['key']): AssumptionSpec => ASSUMPTION_SPECS.find((s) => s.key === key) as AssumptionSpec;
/** A number parameter within its spec's bounds (min/max, so the OpenAPI document shows them), described from the spec. */
const bounded = (key: AssumptionSpec['key'], example: number, whole = false) => {
  const s = spec(key);
  const range = `${key} must be from ${s.min} to ${s.max}${s.unit ? ` (${s.unit})` : ''}`;
  const n = z.coerce.number({ error: `${key} must be a number` });
  return (whole ? n.int(`${key} must be a whole number`) : n)
    .min(s.min, range)
    .max(s.max, range)
    .meta({ description: `${s.label}, ${s.unit}, ${s.min} to ${s.max}; default ${s.default} (${s.source})`, examples: [example] });
};
const lookbacks = z
  .string()
  .max(64, 'ctaLookbacks is too long')
  .meta({ description: `${spec('ctaLookbacks').label}: 1 to 6 whole trading days from ${spec('ctaLookbacks').min} to ${spec('ctaLookbacks').max}, separated by commas; default ${spec('ctaLookbacks').default} (${spec('ctaLookbacks').source})`, examples: ['21,63,252'] })
  .transform((v, ctx) => {
    const parts = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const s = spec('ctaLookbacks');
    const out = parts.map(Number);
    if (out.length < 1 || out.length > 6 || out.some((n) => !Number.isInteger(n) || n < s.min || n > s.max)) {
      ctx.addIssue({ code: 'custom', message: `ctaLookbacks must be 1 to 6 whole trading days from ${s.min} to ${s.max} separated by commas, got "${v}"` });
      return z.NEVER;
    }
    return [...new Set(out)].sort((a, b) => a - b);
  });

/**
 * The query schema of every screen: `as-of` and the assumptions, each optional and bounded. The
 * dashboard parses its pages' queries with it and the OpenAPI document (server/openapi.ts)
 * describes them from it, so the two cannot drift apart.
 */
export const screenQuerySchema = z.object({
  'as-of': z
    .string()
    .refine(isIsoDate, 'as-of must be a date YYYY-MM-DD')
    .meta({ format: 'date', description: 'show the page as of this day (point in time: data retrieved later is not used); default: the newest data', examples: ['2024-08-05'] })
    .optional(),
  volTarget: bounded('volTarget', 0.2).optional(),
  vcAumBn: bounded('vcAumBn', 500).optional(),
  ctaAumBn: bounded('ctaAumBn', 300).optional(),
  ctaLookbacks: lookbacks.optional(),
  shockPct: bounded('shockPct', -3).optional(),
  blackoutBefore: bounded('blackoutBefore', 30, true).optional(),
});

/**
 * Screen parameters from GET parameters (empty values count as absent, so a form sent with a
 * blank field keeps the default). A bad value, or a known parameter spelt another way (`asOf`),
 * is a FlowlensError naming the parameter.
 */
export function parseScreenParams(query: Readonly<Record<string, string | undefined>>): ScreenParams {
  const misspelt = misspelledParam(Object.keys(query), Object.keys(screenQuerySchema.shape));
  if (misspelt !== undefined) throw new FlowlensError(misspelt);
  const present = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && v.trim() !== '' && k in screenQuerySchema.shape));
  const r = screenQuerySchema.safeParse(present);
  if (!r.success) throw new FlowlensError(r.error.issues.map((i) => i.message).join('; '));
  const q = r.data;
  return {
    ...ASSUMPTION_DEFAULTS,
    ...(q['as-of'] ? { asOf: q['as-of'] as IsoDate } : {}),
    ...(q.volTarget !== undefined ? { volTarget: q.volTarget } : {}),
    ...(q.vcAumBn !== undefined ? { vcAumBn: q.vcAumBn } : {}),
    ...(q.ctaAumBn !== undefined ? { ctaAumBn: q.ctaAumBn } : {}),
    ...(q.ctaLookbacks !== undefined ? { ctaLookbacks: q.ctaLookbacks } : {}),
    ...(q.shockPct !== undefined ? { shockPct: q.shockPct } : {}),
    ...(q.blackoutBefore !== undefined ? { blackoutBefore: q.blackoutBefore } : {}),
  };
}

/**
 * The parameters of a refused query that are valid on their own (the others at their defaults):
 * what a page refusing one field shows in its date control and assumptions form, so the as-of
 * date and the other values typed are not lost.
 */
export function validScreenParams(query: Readonly<Record<string, string | undefined>>): ScreenParams {
  const ok = Object.entries(query).filter(([k, v]) => {
    try {
      parseScreenParams({ [k]: v });
      return true;
    } catch {
      return false;
    }
  });
  return parseScreenParams(Object.fromEntries(ok));
}

/** What a screen function takes: any of the parameters, the as-of date as a plain `YYYY-MM-DD` string (checked). */
export type ScreenInput = Partial<Omit<ScreenParams, 'asOf'>> & { readonly asOf?: string };

/** Screen parameters from a partial object (tests, the CLI): defaults filled in, then checked as a query would be. */
export function screenParams(p: ScreenInput = {}): ScreenParams {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) q[k === 'asOf' ? 'as-of' : k] = Array.isArray(v) ? v.join(',') : String(v);
  return parseScreenParams(q);
}

/** The value of each assumption next to its default, for the page's "value vs default" column. */
export function assumptionRows(p: ScreenAssumptionValues): { spec: AssumptionSpec; value: string; changed: boolean }[] {
  return ASSUMPTION_SPECS.map((s) => {
    const v = p[s.key];
    const value = Array.isArray(v) ? v.join(',') : String(v);
    return { spec: s, value, changed: value !== String(s.default) };
  });
}
