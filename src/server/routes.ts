import type { z } from 'zod';
import { renderAtomFeed } from '../alerts/channels/atom.ts';
import { loadAlertState } from '../alerts/state.ts';
import { UnknownSeriesError } from '../core/errors.ts';
import { catalogEntry, type CatalogEntry } from '../series/catalog.ts';
import { readPointInTime, seriesJson, type PointInTimeRead } from '../series/pointInTime.ts';
import type { IsoDate } from '../series/types.ts';
import { damageLine, type ParquetStore } from '../store/parquetStore.ts';
import type { ReadOptions } from '../store/store.ts';
import { catalogRows } from '../store/catalogRows.ts';
import { REQUEST_LIMITS } from './guard.ts';
import { HttpError } from './httpError.ts';
import { provenanceHeaders, type Provenance } from './provenance.ts';
import { parseQuery, reportQuery, seriesListQuery, seriesQuery } from './query.ts';
import type { BuiltReport, ReportCache } from './reportCache.ts';
import { toJson } from './reportCache.ts';
import { catalogBody, healthBody, reportBody, seriesBody } from './schemas.ts';
import { seriesCsv } from './seriesCsv.ts';
import type { SharedStore } from './sharedStore.ts';
import { storeStamp } from './storeStamp.ts';

/** A response before it is written: status, content type, body, and extra headers. */
export interface RouteResponse {
  readonly status: number;
  readonly type: string;
  /** The body; a stream (a page sent in parts, its shell first: dashboardRoutes.ts) is written as it comes, without ETag or gzip. */
  readonly body: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the routes need: the store's home, the server's one read-only store, and the report cache over it. */
export interface RouteContext {
  readonly home: string;
  readonly store: SharedStore;
  readonly reports: ReportCache;
}

/** What a handler sees of its request: path parameters (decoded) and the query (first value of each name). */
export interface RouteRequest {
  param(name: string): string;
  readonly query: Readonly<Record<string, string>>;
}

/** One documented answer of a route: content types, each with the schema of its JSON body (null: not JSON). */
export interface RouteAnswer {
  readonly description: string;
  readonly content: Readonly<Record<string, z.ZodType | null>>;
  /** Headers of this answer worth documenting (ETag and the cache headers are documented for every 200). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The provenance headers of a series answer (provenance.ts). */
const PROVENANCE_HEADERS = {
  'x-flowlens-source': 'source adapter, then the URL or file of the newest retrieval (`fred https://…`); for `?ids=`, `ID=value; ID=value`',
  'x-flowlens-retrieved-at': 'newest retrieval read (ISO timestamp); for `?ids=`, `ID=value; ID=value`',
};

/**
 * One GET route (HEAD is answered from it): its path in hono syntax (`/api/series/:id`), what the
 * OpenAPI document says of it, and its handler. Errors the user can act on are thrown as
 * HttpErrors; the app answers them as `{ error }` and documents the common ones for every route.
 */
export interface AppRoute {
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** The typed query: parsed before the handler runs (a bad value is a 400 naming it) and documented. */
  readonly query?: z.ZodObject;
  /** Path parameters: description and an example the OpenAPI walk test requests. */
  readonly params?: Readonly<Record<string, { readonly description: string; readonly example: string }>>;
  /** Answers besides the common errors (openapi.ts), by status. */
  readonly responses: Readonly<Record<number, RouteAnswer>>;
  handle(ctx: RouteContext, req: RouteRequest): Promise<RouteResponse>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** A JSON response. */
export function json(status: number, value: unknown, headers?: Record<string, string>): RouteResponse {
  return { status, type: JSON_TYPE, body: toJson(value), ...(headers ? { headers } : {}) };
}

function cacheHeader(cached: boolean, buildMs: number): Record<string, string> {
  return { 'x-flowlens-cache': cached ? 'hit' : 'miss', 'x-flowlens-build-ms': buildMs.toFixed(0) };
}

/** The answers made of each built report, by rendering and cache state: the same object for every hit, so app.ts prepares its body once. */
const reportAnswers = new WeakMap<BuiltReport, Map<string, RouteResponse>>();

async function report(ctx: RouteContext, req: RouteRequest, as: 'html' | 'json'): Promise<RouteResponse> {
  const asOf = parseQuery(reportQuery, req.query)['as-of'];
  const { built, cached } = await ctx.reports.get(asOf);
  let answers = reportAnswers.get(built);
  if (answers === undefined) reportAnswers.set(built, (answers = new Map<string, RouteResponse>()));
  const key = `${as} ${cached ? 'hit' : 'miss'}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    const headers = cacheHeader(cached, built.buildMs);
    answer = as === 'html' ? { status: 200, type: HTML_TYPE, body: built.html(), headers } : { status: 200, type: JSON_TYPE, body: built.json(), headers };
    answers.set(key, answer);
  }
  return answer;
}

/** The catalog entry of an id as a user typed it (any case), or a 404 (with suggestions for ids of plausible length). */
function resolveEntry(rawId: string): CatalogEntry {
  // A 16 kB id once cost ~0.8 s of fuzzy matching: ids longer than any catalog id are not looked up.
  if (rawId.length > REQUEST_LIMITS.maxIdLength) throw new HttpError(404, `unknown series (id of ${rawId.length} characters; catalog ids have at most ${REQUEST_LIMITS.maxIdLength})`);
  try {
    return catalogEntry(rawId);
  } catch (err) {
    if (err instanceof UnknownSeriesError) throw new HttpError(404, err.message);
    throw err;
  }
}

/** One series read for an answer: its points as of the request, and where they came from. */
interface SeriesRead {
  readonly entry: CatalogEntry;
  readonly pit: PointInTimeRead;
  readonly provenance: Provenance;
}

async function readSeries(store: ParquetStore, entry: CatalogEntry, read: ReadOptions): Promise<SeriesRead> {
  const id = entry.id;
  const pit = await readPointInTime(store, entry, read);
  if (pit.points.length === 0 && (await store.read(id)).length === 0) {
    const damaged = store.damaged().find((d) => d.seriesId === id);
    if (damaged) throw new HttpError(503, damageLine(damaged).replace(/^flowlens: /, ''));
    throw new HttpError(404, `no data stored for ${id}; run \`flowlens sync --only ${id}\` (or \`flowlens sync --from DIR\` offline)`);
  }
  const stored = await store.provenance(id, read.asOf !== undefined ? { asOf: read.asOf } : {});
  return { entry, pit, provenance: { source: entry.source, origin: stored.origin, retrievedAt: stored.retrievedAt } };
}

/** The window of a series query as store read options; from after to is a 400. */
function readOptions(q: { from?: IsoDate | undefined; to?: IsoDate | undefined; 'as-of'?: string | undefined }): ReadOptions {
  if (q.from && q.to && q.from > q.to) throw new HttpError(400, `from ${q.from} is after to ${q.to}`);
  return { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...(q['as-of'] ? { asOf: q['as-of'] } : {}) };
}

/**
 * Series answered together: JSON (one object for `/api/series/ID`, an array in the order asked
 * for `?ids=`) or CSV (seriesCsv), with provenance in the body (JSON) and in headers (both).
 * Answers are cached per manifest generation: a sync's swap makes them all stale at once.
 */
function seriesAnswer(ctx: RouteContext, entries: readonly CatalogEntry[], read: ReadOptions, format: 'json' | 'csv', many: boolean): Promise<RouteResponse> {
  const key = `series ${many ? '[]' : ''}${entries.map((e) => e.id).join(',')} ${read.from ?? ''} ${read.to ?? ''} ${read.asOf ?? ''} ${format}`;
  return ctx.store.cached(key, async (store): Promise<RouteResponse> => {
    const reads: SeriesRead[] = [];
    for (const e of entries) reads.push(await readSeries(store, e, read));
    const headers = provenanceHeaders(reads.map((r) => ({ id: r.entry.id, provenance: r.provenance })));
    if (format === 'csv') return { status: 200, type: CSV_TYPE, body: seriesCsv(reads.map((r) => ({ id: r.entry.id, points: r.pit.points }))), headers };
    const bodies: unknown[] = [];
    for (const r of reads) bodies.push({ ...seriesJson(r.entry, read, r.pit, await store.revisions(r.entry.id, read)), provenance: r.provenance });
    return json(200, many ? bodies : bodies[0], headers);
  });
}

async function seriesOne(ctx: RouteContext, req: RouteRequest): Promise<RouteResponse> {
  const entry = resolveEntry(req.param('id'));
  const q = parseQuery(seriesQuery, req.query);
  return seriesAnswer(ctx, [entry], readOptions(q), q.format, false);
}

async function seriesList(ctx: RouteContext, req: RouteRequest): Promise<RouteResponse> {
  const q = parseQuery(seriesListQuery, req.query);
  if (q.ids === undefined) {
    if (req.query.format === 'csv') throw new HttpError(400, 'format=csv needs ids=A,B: the catalog is answered as JSON only');
    return json(200, await ctx.store.use((store) => catalogRows(store)));
  }
  const entries = [...new Map(q.ids.map((id) => resolveEntry(id)).map((e) => [e.id, e])).values()];
  return seriesAnswer(ctx, entries, readOptions(q), q.format, true);
}

const jsonBody = (schema: z.ZodType) => ({ [JSON_TYPE]: schema });

/**
 * The API's routes. To add one: append an AppRoute here (or pass it to createApp's `routes`); it
 * is registered, guarded, cached (ETag, gzip) and documented in /api/openapi.json with no other
 * change. `/` is the report until the dashboard takes it.
 */
export const API_ROUTES: readonly AppRoute[] = [
  {
    path: '/',
    summary: 'The report page (self-contained HTML, no script)',
    query: reportQuery,
    responses: { 200: { description: 'the report as HTML', content: { [HTML_TYPE]: null } } },
    handle: (ctx, req) => report(ctx, req, 'html'),
  },
  {
    path: '/report',
    summary: 'The report page (alias of `/`, which the dashboard will take)',
    query: reportQuery,
    responses: { 200: { description: 'the report as HTML', content: { [HTML_TYPE]: null } } },
    handle: (ctx, req) => report(ctx, req, 'html'),
  },
  {
    path: '/api/report',
    summary: 'The report as JSON (the document of `flowlens report --json`)',
    query: reportQuery,
    responses: { 200: { description: 'every thesis with its verdict and metrics', content: jsonBody(reportBody) } },
    handle: (ctx, req) => report(ctx, req, 'json'),
  },
  {
    path: '/api/series',
    summary: 'The catalog, or several series side by side with `?ids=A,B`',
    description:
      `Without \`ids\`: every catalog series with what the store holds of it. With \`ids\` (at most ${REQUEST_LIMITS.maxSeriesIds}): JSON, an array of the objects \`/api/series/{id}\` answers, in the order asked; ` +
      'CSV, one `date` column and one column per id (outer join on dates, an empty cell where a series has no value). Provenance in the headers `x-flowlens-source` and `x-flowlens-retrieved-at` as `ID=value; ID=value`.',
    query: seriesListQuery,
    responses: {
      200: { description: 'the catalog (no ids), or the series asked for', content: { [JSON_TYPE]: catalogBody.or(seriesBody.array()), [CSV_TYPE]: null }, headers: PROVENANCE_HEADERS },
    },
    handle: seriesList,
  },
  {
    path: '/api/series/:id',
    summary: 'One series, point in time',
    description: 'Provenance in the body (`provenance`) and, for CSV too, in the headers `x-flowlens-source` (source adapter, then URL or file) and `x-flowlens-retrieved-at` (ISO timestamp).',
    params: { id: { description: 'a catalog id, any case (e.g. WALCL, VIX, SP500)', example: 'WALCL' } },
    query: seriesQuery,
    responses: { 200: { description: 'the series', content: { [JSON_TYPE]: seriesBody, [CSV_TYPE]: null }, headers: PROVENANCE_HEADERS } },
    handle: seriesOne,
  },
  {
    path: '/alerts.atom',
    summary: 'The alert history as an Atom feed',
    responses: { 200: { description: 'Atom 1.0, newest first', content: { [ATOM_TYPE]: null } } },
    handle: (ctx) => Promise.resolve({ status: 200, type: ATOM_TYPE, body: renderAtomFeed(loadAlertState(ctx.home).history) }),
  },
  {
    path: '/healthz',
    summary: 'Liveness and the store’s state',
    responses: { 200: { description: 'always ok while the server runs', content: jsonBody(healthBody) } },
    handle: (ctx) => {
      const s = storeStamp(ctx.home);
      return Promise.resolve(json(200, { ok: true, seriesFiles: s.seriesFiles, lastWrite: s.lastWriteMs > 0 ? new Date(s.lastWriteMs).toISOString() : null }));
    },
  },
];
