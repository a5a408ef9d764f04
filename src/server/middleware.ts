import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { checkHost, checkMethod, checkToken, checkUrl, SECURITY_HEADERS, type RequestLimiter } from './guard.ts';
import { HttpError } from './httpError.ts';
import { JSON_TYPE } from './routes.ts';
import { toJson } from './reportCache.ts';

/** The cookie a browser gets after its first request with `?token=`, so links and assets need not repeat it. */
export const TOKEN_COOKIE = 'flowlens_token';

/** The request target as the client sent it (path and query), e.g. `/api/series/walcl?from=2026-08-06`. */
export function requestTarget(c: Context): string {
  const env = c.env as { incoming?: { url?: string } } | undefined;
  if (env?.incoming?.url !== undefined) return env.incoming.url;
  const u = new URL(c.req.url);
  return `${u.pathname}${u.search}`;
}

/** The target with any `token=` value hidden, for the log. */
export function redactToken(target: string): string {
  return target.replace(/([?&]token=)[^&#]*/gi, '$1***');
}

/** The first line of an error's message. */
export function oneLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0] ?? m;
}

/** Headers that go with an error status: what to do next. */
function errorHeaders(status: number): Record<string, string> {
  if (status === 405) return { allow: 'GET, HEAD' };
  if (status === 503) return { 'retry-after': '1' };
  if (status === 401) return { 'www-authenticate': 'Bearer realm="flowlens"' };
  return {};
}

/** The one error shape: `{ "error": "…" }` with the status, and the headers that status calls for. */
export function errorResponse(status: number, message: string): Response {
  return new Response(toJson({ error: message }), { status, headers: { 'content-type': JSON_TYPE, ...errorHeaders(status) } });
}

/** An HttpError as its answer; anything else as a 500 with its first line, logged. */
export function answerError(err: unknown, what: string, log: (line: string) => void): Response {
  if (err instanceof HttpError) return errorResponse(err.status, err.message);
  log(`flowlens serve: error on ${what}: ${oneLine(err)}`);
  return errorResponse(500, `internal error: ${oneLine(err)}`);
}

/** Adds the security headers and a revalidate-every-time cache policy to `res` where the route did not set its own. */
export function finishHeaders(headers: Headers): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!headers.has(k)) headers.set(k, v);
  // The answer may be kept but must be revalidated (ETag → 304): never stale, rarely resent.
  if (!headers.has('cache-control')) headers.set('cache-control', 'private, no-cache');
}

/** The log line of one request: `METHOD TARGET STATUS N ms`, the token hidden, ` (report hit|miss)` when the report cache answered. */
export function logLine(method: string, target: string, status: number, ms: number, cache: string | null): string {
  return `${method} ${redactToken(target)} ${status} ${ms.toFixed(0)} ms${cache ? ` (report ${cache})` : ''}`;
}

/**
 * The outermost layer: after every answer (errors included) the security headers and cache
 * policy, then one log line `METHOD TARGET STATUS N ms` (the token hidden; ` (report hit|miss)`
 * when the report cache answered).
 */
export function frame(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now();
    await next();
    finishHeaders(c.res.headers);
    log(logLine(c.req.method, requestTarget(c), c.res.status, performance.now() - t0, c.res.headers.get('x-flowlens-cache')));
  };
}

/** Cheap checks before anything else: the target's length (414) and, on a loopback bind, the Host header (421). */
export function targetAndHost(bindHost: string): MiddlewareHandler {
  return async (c, next) => {
    checkUrl(requestTarget(c));
    checkHost(bindHost, c.req.header('host'));
    await next();
  };
}

/**
 * The token (when the server has one: 401 without it) and the method (GET and HEAD only: 405).
 * A valid `?token=` also sets an HttpOnly, SameSite=Strict cookie carrying it, so a browser that
 * opened the link with the token can follow links and load assets.
 */
export function access(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const query = c.req.query('token');
    checkToken(token, { authorization: c.req.header('authorization'), query, cookie: getCookie(c, TOKEN_COOKIE) });
    checkMethod(c.req.method);
    await next();
    if (token !== undefined && query !== undefined && c.req.header('authorization') === undefined) {
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    }
  };
}

/** At most REQUEST_LIMITS.maxInFlight requests worked on at once, the next 64 queued, the rest 503 at once. */
export function limit(limiter: RequestLimiter): MiddlewareHandler {
  return (c, next) => limiter.run(() => next());
}
