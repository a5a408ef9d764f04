import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './httpError.ts';

/** Limits of one request, checked before any work is done. */
export const REQUEST_LIMITS = {
  /** Longest request target accepted (path and query), in characters: longer gets 414. */
  maxUrlLength: 2048,
  /** Longest series id looked up (catalog ids are ≤ 31 characters); longer is a 404 without fuzzy suggestions. */
  maxIdLength: 64,
  /** Series one `/api/series?ids=` request may ask for: each is a full read, and 20 fit a wide chart or a CSV a spreadsheet opens. */
  maxSeriesIds: 20,
  /** Requests worked on at once; more wait in the queue. */
  maxInFlight: 8,
  /** Requests waiting for a slot; more get 503 with Retry-After at once. */
  maxQueued: 64,
  /** A client must send its headers within this time (slowloris), ms. */
  headersTimeoutMs: 10_000,
  /** A whole request must arrive within this time, ms. */
  requestTimeoutMs: 30_000,
  /** Idle keep-alive sockets are kept this long, ms: longer than any report build (see server.ts). */
  keepAliveTimeoutMs: 65_000,
} as const;

/** True for a loopback bind address (the default): then only loopback Host names are accepted. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host name of a Host header, without its port (`[::1]:8787` → `[::1]`, `localhost:80` → `localhost`). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/**
 * DNS rebinding guard: a server bound to loopback answers only requests whose Host names a
 * loopback address. A page on evil.com whose name an attacker re-points at 127.0.0.1 still sends
 * `Host: evil.com`, so it gets 421 and cannot read the API from the victim's browser.
 * A server bound to another interface (`--host 0.0.0.0`, a choice the operator made) accepts any Host.
 */
export function checkHost(bindHost: string, header: string | undefined): void {
  if (!isLoopbackHost(bindHost)) return;
  if (header === undefined || !isLoopbackHost(hostName(header))) {
    throw new HttpError(421, `Host ${JSON.stringify(header ?? '')} is not this machine: flowlens serve on ${bindHost} answers only localhost, 127.0.0.1 or [::1]`);
  }
}

/** Refuses a request target longer than REQUEST_LIMITS.maxUrlLength. */
export function checkUrl(url: string): void {
  if (url.length > REQUEST_LIMITS.maxUrlLength) throw new HttpError(414, `request target of ${url.length} characters; at most ${REQUEST_LIMITS.maxUrlLength}`);
}

/** Refuses every method but GET and HEAD (OPTIONS is answered before, by the CORS layer, when --cors is on). */
export function checkMethod(method: string): void {
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `method ${method} not allowed: flowlens serve is read-only (GET)`);
}

/**
 * True when `given` equals `expected`, in time independent of where they differ: both are hashed
 * to 32 bytes first, so neither the length nor a common prefix leaks through timing.
 */
export function tokenMatches(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** Where a request may carry the token: `Authorization: Bearer T`, `?token=T` (a browser's first visit), or the cookie that visit set. */
export interface TokenCarriers {
  readonly authorization?: string | undefined;
  readonly query?: string | undefined;
  readonly cookie?: string | undefined;
}

/** The token a request carries, or undefined (the Authorization header first, then the query, then the cookie). */
export function presentedToken(c: TokenCarriers): string | undefined {
  const bearer = c.authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(c.authorization)?.[1];
  return bearer ?? c.query ?? c.cookie;
}

/** Refuses a request that does not carry `expected` (401); a server started without a token accepts every request. */
export function checkToken(expected: string | undefined, carriers: TokenCarriers): void {
  if (expected === undefined) return;
  const given = presentedToken(carriers);
  if (given === undefined) throw new HttpError(401, 'a token is required: send `Authorization: Bearer TOKEN` or add `?token=TOKEN` to the URL');
  if (!tokenMatches(expected, given)) throw new HttpError(401, 'wrong token');
}

/**
 * At most `maxInFlight` jobs at once and `maxQueued` waiting; beyond that `run` rejects at once
 * with a 503, so a burst of clients gets a quick "busy" instead of every request slowing down
 * until all time out (200 concurrent requests once grew the server from 265 MB to 2.2 GB).
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxInFlight: number = REQUEST_LIMITS.maxInFlight,
    private readonly maxQueued: number = REQUEST_LIMITS.maxQueued,
  ) {}

  /** Requests being worked on and waiting now (for /healthz and tests). */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxInFlight) {
      if (this.waiting.length >= this.maxQueued) throw new HttpError(503, `busy: ${this.active} requests in progress and ${this.waiting.length} waiting; retry in a second`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Headers sent with every response: no MIME sniffing, no framing, no scripts or outside
 * resources in the page. Pages that need scripts or styles of their own (the dashboard) set their
 * own `content-security-policy` on their response (still `'self'` only), which is kept.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};
