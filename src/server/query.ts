import { z } from 'zod';
import { misspelledParam } from '../core/queryKeys.ts';
import { isIsoDate } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { REQUEST_LIMITS } from './guard.ts';
import { HttpError } from './httpError.ts';

// The query parameters of the API, typed once: the routes parse with them and the OpenAPI
// document (openapi.ts) describes them from the same schemas, so the two cannot drift apart.

const got = (input: unknown) => JSON.stringify(String(input));

/** A `YYYY-MM-DD` calendar date (2026-02-30 is refused). */
const isoDate = (description: string) =>
  z
    .string()
    .refine(isIsoDate, { error: (iss) => `must be a date YYYY-MM-DD, got ${got(iss.input)}` })
    .meta({ format: 'date', description, examples: ['2024-08-06'] })
    .transform((s) => s as IsoDate);

/** `as-of` of a series: a date (end of that day, UTC) or a full ISO timestamp, as `series show --as-of`. */
const asOfInstant = z
  .string()
  .refine((v) => isIsoDate(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), {
    error: (iss) => `must be a date YYYY-MM-DD or an ISO timestamp, got ${got(iss.input)}`,
  })
  .meta({
    description: 'read the store as it stood then: a date (end of that day, UTC) or an ISO timestamp; values retrieved later are not used (point in time)',
    examples: ['2024-08-06', '2024-08-06T12:00:00Z'],
  });

const format = z
  .enum(['json', 'csv'], { error: (iss) => `must be json or csv, got ${got(iss.input)}` })
  .default('json')
  .meta({ description: 'json (default) or csv (a header row `date,ID…`, one row per date, empty cell = missing; readable by `pandas.read_csv`)' });

/** The ids of `?ids=A,B`: split on commas, blanks dropped, duplicates once, 1 to REQUEST_LIMITS.maxSeriesIds of them. */
export function splitIds(s: string): string[] {
  return [...new Set(s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))];
}

const ids = z
  .string()
  .refine((s) => splitIds(s).length >= 1 && splitIds(s).length <= REQUEST_LIMITS.maxSeriesIds, {
    error: (iss) => `must list 1 to ${REQUEST_LIMITS.maxSeriesIds} series ids separated by commas, got ${splitIds(String(iss.input)).length}`,
  })
  .meta({ description: `comma-separated series ids (at most ${REQUEST_LIMITS.maxSeriesIds}); without it the answer is the catalog`, examples: ['WALCL,VIX'] })
  .transform(splitIds);

/** `?as-of=` of the report: a date only (the report is built per day). */
export const reportQuery = z.object({
  'as-of': isoDate('build the report as of this day (point in time); default: the newest data').optional(),
});

const window = {
  from: isoDate('first date returned (inclusive)').optional(),
  to: isoDate('last date returned (inclusive)').optional(),
  'as-of': asOfInstant.optional(),
  format,
};

/** The query of `/api/series/:id`. */
export const seriesQuery = z.object(window);

/** The query of `/api/series`: the catalog without `ids`, those series with it. */
export const seriesListQuery = z.object({ ids: ids.optional(), ...window });

/** Distinct queries kept parsed per schema (all dropped when full: a client cycling cache-busters costs a parse each, as before). */
const MAX_PARSED_QUERIES = 256;
const parsedQueries = new WeakMap<z.ZodObject, Map<string, unknown>>();

/**
 * The query of a request parsed by `schema`, or a 400 naming the first bad parameter
 * (`from must be a date YYYY-MM-DD, got "2026-02-30"`). Parameters the schema does not know are
 * ignored (`token`, a cache-buster), unless it is a known one spelt another way (`asOf`: 400).
 */
export function parseQuery<S extends z.ZodObject>(schema: S, query: Record<string, string>): z.output<S> {
  // A dashboard asks the same few queries again and again: each is parsed once (zod and the date
  // checks cost more than the cached answer they lead to). Parsed values are shared: read-only.
  let seen = parsedQueries.get(schema);
  if (seen === undefined) parsedQueries.set(schema, (seen = new Map<string, unknown>()));
  const key = JSON.stringify(query);
  if (seen.has(key)) return seen.get(key) as z.output<S>;
  // Only on a first sight: a cached query was parsed, so had no misspelt parameter.
  const misspelt = misspelledParam(Object.keys(query), Object.keys(schema.shape));
  if (misspelt !== undefined) throw new HttpError(400, misspelt);
  const r = schema.safeParse(query);
  if (r.success) {
    if (seen.size >= MAX_PARSED_QUERIES) seen.clear();
    seen.set(key, r.data);
    return r.data;
  }
  const issue = r.error.issues[0];
  throw new HttpError(400, issue ? `${issue.path.join('.')} ${issue.message}` : 'bad query');
}
