import { renderAtomFeed } from '../alerts/channels/atom.ts';
import { loadAlertState } from '../alerts/state.ts';
import { UnknownSeriesError } from '../core/errors.ts';
import { catalogEntry } from '../series/catalog.ts';
import { readPointInTime, seriesJson } from '../series/pointInTime.ts';
import { isIsoDate } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { damageLine } from '../store/parquetStore.ts';
import type { ReadOptions } from '../store/store.ts';
import { catalogRows } from '../store/catalogRows.ts';
import { REQUEST_LIMITS } from './guard.ts';
import { HttpError } from './httpError.ts';
import type { ReportCache } from './reportCache.ts';
import type { SharedStore } from './sharedStore.ts';
import { toJson } from './reportCache.ts';
import { storeStamp } from './storeStamp.ts';

/** A response before it is written: status, content type, body, and extra headers. */
export interface RouteResponse {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the routes need: the store's home, the server's one read-only store, and the report cache over it. */
export interface RouteContext {
  readonly home: string;
  readonly store: SharedStore;
  readonly reports: ReportCache;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON response. */
export function json(status: number, value: unknown, headers?: Record<string, string>): RouteResponse {
  return { status, type: JSON_TYPE, body: toJson(value), ...(headers ? { headers } : {}) };
}

/** A `YYYY-MM-DD` query parameter, or a 400 naming it. */
function dateParam(q: URLSearchParams, name: string): IsoDate | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!isIsoDate(v)) throw new HttpError(400, `${name} must be a date YYYY-MM-DD, got "${v}"`);
  return v;
}

/** `as-of` for a series: a date (end of that day, UTC) or a full ISO timestamp, as `series show --as-of`. */
function asOfParam(q: URLSearchParams): string | undefined {
  const v = q.get('as-of');
  if (v === null || isIsoDate(v)) return v ?? undefined;
  if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) return v;
  throw new HttpError(400, `as-of must be a date YYYY-MM-DD or an ISO timestamp, got "${v}"`);
}

function cacheHeader(cached: boolean, buildMs: number): Record<string, string> {
  return { 'x-flowlens-cache': cached ? 'hit' : 'miss', 'x-flowlens-build-ms': buildMs.toFixed(0) };
}

async function report(ctx: RouteContext, q: URLSearchParams, as: 'html' | 'json'): Promise<RouteResponse> {
  const asOf = dateParam(q, 'as-of');
  const { built, cached } = await ctx.reports.get(asOf);
  const headers = cacheHeader(cached, built.buildMs);
  return as === 'html' ? { status: 200, type: 'text/html; charset=utf-8', body: built.html(), headers } : { status: 200, type: JSON_TYPE, body: built.json(), headers };
}

async function seriesList(ctx: RouteContext): Promise<RouteResponse> {
  return json(200, await ctx.store.use((store) => catalogRows(store)));
}

async function seriesOne(ctx: RouteContext, rawId: string, q: URLSearchParams): Promise<RouteResponse> {
  let id: string;
  // A 16 kB id once cost ~0.8 s of fuzzy matching: ids longer than any catalog id are not looked up.
  if (rawId.length > REQUEST_LIMITS.maxIdLength) throw new HttpError(404, `unknown series (id of ${rawId.length} characters; catalog ids have at most ${REQUEST_LIMITS.maxIdLength})`);
  try {
    id = catalogEntry(decodeURIComponent(rawId)).id;
  } catch (err) {
    if (err instanceof UnknownSeriesError) throw new HttpError(404, err.message);
    if (err instanceof URIError) throw new HttpError(400, `series id is not valid percent-encoding: "${rawId}"`);
    throw err;
  }
  const entry = catalogEntry(id);
  const from = dateParam(q, 'from');
  const to = dateParam(q, 'to');
  const asOf = asOfParam(q);
  const format = q.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new HttpError(400, `format must be json or csv, got "${format}"`);
  if (from && to && from > to) throw new HttpError(400, `from ${from} is after to ${to}`);
  const read: ReadOptions = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(asOf ? { asOf } : {}) };
  // Answers are cached per manifest generation: a sync's swap makes them all stale at once.
  return ctx.store.cached(`series ${id} ${from ?? ''} ${to ?? ''} ${asOf ?? ''} ${format}`, async (store): Promise<RouteResponse> => {
    const pit = await readPointInTime(store, entry, read);
    const points = pit.points;
    if (points.length === 0 && (await store.read(id)).length === 0) {
      const damaged = store.damaged().find((d) => d.seriesId === id);
      if (damaged) throw new HttpError(503, damageLine(damaged).replace(/^flowlens: /, ''));
      throw new HttpError(404, `no data stored for ${id}; run \`flowlens sync --only ${id}\` (or \`flowlens sync --from DIR\` offline)`);
    }
    if (format === 'csv') {
      const lines = [`date,${id}`, ...points.map((p) => `${p.date},${Number.isNaN(p.value) ? '' : p.value}`)];
      return { status: 200, type: 'text/csv; charset=utf-8', body: `${lines.join('\n')}\n` };
    }
    // The same JSON as `flowlens series show --json`.
    return json(200, seriesJson(entry, read, pit, await store.revisions(id, read)));
  });
}

/**
 * Answers one request. GET (or HEAD) only:
 * `/` the report page (`?as-of=`), `/api/report` its JSON (`?as-of=`), `/api/series` the catalog,
 * `/api/series/:id` one series (`?from=&to=&as-of=&format=csv`), `/alerts.atom` the alert
 * history as an Atom feed, `/healthz`. Errors the user can
 * act on are HttpErrors (400/404/405/503); anything else propagates for the server to turn into a 500.
 */
export async function route(ctx: RouteContext, method: string, rawUrl: string): Promise<RouteResponse> {
  // Concatenated, not resolved: a request target like `//host/x` must stay a path.
  const url = new URL(`http://localhost${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `method ${method} not allowed: flowlens serve is read-only (GET)`);
  if (path === '/') return report(ctx, url.searchParams, 'html');
  if (path === '/api/report') return report(ctx, url.searchParams, 'json');
  if (path === '/api/series') return seriesList(ctx);
  const one = /^\/api\/series\/([^/]+)$/.exec(path);
  if (one?.[1]) return seriesOne(ctx, one[1], url.searchParams);
  if (path === '/alerts.atom') return { status: 200, type: 'application/atom+xml; charset=utf-8', body: renderAtomFeed(loadAlertState(ctx.home).history) };
  if (path === '/healthz') {
    const s = storeStamp(ctx.home);
    return json(200, { ok: true, seriesFiles: s.seriesFiles, lastWrite: s.lastWriteMs > 0 ? new Date(s.lastWriteMs).toISOString() : null });
  }
  throw new HttpError(404, `no such path: ${path} (try /, /api/report, /api/series, /api/series/WALCL, /healthz)`);
}
