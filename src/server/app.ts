import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { VERSION } from '../core/version.ts';
import { RequestLimiter } from './guard.ts';
import { incomingOf, setDirectBody } from './directBody.ts';
import { etagAndGzip, prepareBody, preparedResponse, type PreparedBody } from './httpCache.ts';
import { access, answerError, errorResponse, frame, limit, redactToken, requestTarget, targetAndHost } from './middleware.ts';
import { openApiDocument } from './openapi.ts';
import { takeHandedOver, type Replay } from './fastLane.ts';
import { API_ROUTES, JSON_TYPE, type AppRoute, type RouteContext, type RouteRequest, type RouteResponse } from './routes.ts';
import { toJson } from './reportCache.ts';

/** How the app guards and logs. */
export interface AppOptions {
  /** The address the server binds: on loopback only loopback Host names are answered. */
  readonly bindHost: string;
  /** When set, every request must carry it (Bearer header, `?token=`, or the cookie `?token=` set). */
  readonly token?: string | undefined;
  /** The one origin allowed to read the API from a browser page (CORS); unset: no Access-Control-* header at all. */
  readonly cors?: string | undefined;
  /** One line per request and per server error. */
  readonly log: (line: string) => void;
  /** Routes added to the API's (the dashboard's pages), registered before them (so they may take `/`) and documented alike. */
  readonly routes?: readonly AppRoute[];
  /** The concurrency limit (a fresh 8-running/64-queued one by default). */
  readonly limiter?: RequestLimiter;
}

/** Writes a RouteResponse as a Response (HEAD drops the body; httpCache sets the length). */
function toResponse(r: RouteResponse): Response {
  return new Response(r.body, { status: r.status, headers: { 'content-type': r.type, ...r.headers } });
}

/**
 * Bytes, ETag and gzip of each 200 answer a route gave, by the answer object: a route that answers
 * from a cache (series per manifest generation, the report per store stamp) gives the same object
 * again, so a repeat request is a lookup here instead of encoding, hashing and compressing the
 * body again. Entries go when the route's cache lets go of the answer.
 */
const prepared = new WeakMap<RouteResponse, PreparedBody>();

/** A hono handler for an AppRoute: 200 answers prepared once (ETag, 304, gzip as etagAndGzip does). */
function handler(ctx: RouteContext, route: AppRoute) {
  return async (c: Context) => {
    const params: Record<string, string> = c.req.param();
    const req: RouteRequest = { param: (name) => params[name] ?? '', query: c.req.query() };
    const incoming = incomingOf(c.env);
    // The fast lane may have asked the route already for this request (fastLane.ts): that answer, not a second ask.
    const given = incoming && takeHandedOver(incoming);
    if (given !== undefined && 'error' in given) throw given.error;
    const r = given?.answer ?? (await route.handle(ctx, req));
    // A streamed page (its shell first) goes out as it comes: nothing to hash or compress ahead.
    if (r.status !== 200 || r.body instanceof ReadableStream) return toResponse(r);
    let p = prepared.get(r);
    // An answer the route gave before as the same object is a cached one: the fast lane may replay it (fastLane.ts).
    const replay: Replay | undefined = p === undefined ? undefined : { again: () => route.handle(ctx, req), answer: r };
    if (p === undefined) {
      p = prepareBody(r.body, r.type);
      prepared.set(r, p);
    }
    const ask = { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') };
    return preparedResponse(p, new Headers({ 'content-type': r.type, ...r.headers }), ask, incoming && ((bytes) => setDirectBody(incoming, bytes, replay)));
  };
}

/**
 * The flowlens HTTP app (hono): every route of `API_ROUTES` and `opts.routes` under one chain of
 * middleware, outermost first:
 * frame (security headers, cache policy, log line) → Host and URL length (421, 414) →
 * CORS (only with `cors`) → token and method (401, 405) → concurrency limit (503) →
 * ETag/304 and gzip → the route. Every error is `{ error }` JSON.
 * More routes: pass them as `opts.routes` (documented in /api/openapi.json), or mount a hono
 * sub-app on the returned app before it serves (e.g. `app.route('/assets', assets)`); the
 * middleware above applies to both.
 */
export function createApp(ctx: RouteContext, opts: AppOptions): Hono {
  const app = new Hono({ strict: false });
  const routes: AppRoute[] = [...(opts.routes ?? []), ...API_ROUTES];
  let openapi: string | undefined;
  const openapiRoute: AppRoute = {
    path: '/api/openapi.json',
    summary: 'This document: OpenAPI 3.1 of every route',
    responses: { 200: { description: 'the OpenAPI document', content: { [JSON_TYPE]: null } } },
    handle: () => Promise.resolve({ status: 200, type: JSON_TYPE, body: (openapi ??= toJson(openApiDocument(routes, VERSION))) }),
  };
  routes.push(openapiRoute);

  app.onError((err, c) => answerError(err, `${c.req.method} ${redactToken(requestTarget(c))}`, opts.log));
  app.notFound((c) => errorResponse(404, `no such path: ${new URL(c.req.url).pathname} (try /, /api/report, /api/series, /api/series/WALCL, /api/openapi.json, /healthz)`));
  app.use(frame(opts.log));
  app.use(targetAndHost(opts.bindHost));
  if (opts.cors !== undefined) {
    app.use(cors({ origin: opts.cors, allowMethods: ['GET', 'HEAD'], allowHeaders: ['Authorization', 'If-None-Match'], exposeHeaders: ['ETag', 'x-flowlens-source', 'x-flowlens-retrieved-at', 'x-flowlens-cache'], maxAge: 600 }));
  }
  app.use(access(opts.token));
  app.use(limit(opts.limiter ?? new RequestLimiter()));
  app.use(etagAndGzip());
  // ── Routes. Pages and assets of the dashboard come in through `opts.routes` (first, so they
  // may take `/`) or a sub-app mounted by the caller: app.route('/', dashboardRoutes(ctx)).
  for (const r of routes) app.get(r.path, handler(ctx, r));
  return app;
}
