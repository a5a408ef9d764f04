import { DataFormatError, FetchError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { CircuitBreaker, DEFAULT_BREAK_AFTER, SourceUnreachableError } from './breaker.ts';

/** The User-Agent every request sends: who we are and where to read about us. */
export const USER_AGENT = `flowlens/${VERSION} (+https://github.com/flowlens/flowlens)`;

/** Options of the HTTP client; the defaults suit public data APIs. */
export interface HttpOptions {
  /** Per-attempt timeout in ms. Default 30 s. */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included. Default 4. */
  readonly attempts?: number;
  /** First backoff in ms; doubles each retry, with ±50% jitter. Default 500 ms. */
  readonly backoffMs?: number;
  /** Longest wait a Retry-After header may impose, in ms. Default 60 s. */
  readonly maxRetryAfterMs?: number;
  /** Requests in flight at once through this client. Default 4. */
  readonly concurrency?: number;
  /** Injected for tests: wait this many ms. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests: a number in [0, 1) for the jitter. */
  readonly random?: () => number;
  /**
   * Injected for tests: the signal that ends one attempt at `url` after `ms` (default
   * AbortSignal.timeout), so a test can end an attempt when its server has seen the request
   * instead of racing a clock.
   */
  readonly timeoutSignal?: (ms: number, url: string) => AbortSignal;
  /** User-Agent header (default USER_AGENT); SEC EDGAR asks for a contact in it. */
  readonly userAgent?: string;
  /**
   * Requests in a row with no HTTP answer (refused, DNS failure, timeout) after which every
   * later request of this client fails at once with SourceUnreachableError. Default 3.
   */
  readonly breakAfter?: number;
  /** Called as body bytes arrive: bytes so far, and the declared total when the server gave one. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/** What a request expects back; an HTML page where CSV or JSON was expected is an error. */
export type Expect = 'csv' | 'json' | 'binary';

/** A small counting semaphore: at most `n` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/** A URL (or any text quoting one) with secrets (api_key, apikey, key, token) masked, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/([?&](?:api_key|apikey|key|token)=)[^&\s"']*/gi, '$1***');
}

/**
 * The message of a JSON error body, when a source sends one: FRED `{"error_code":400,
 * "error_message":"Bad Request. The series does not exist."}`, EIA `{"error": …}`, Coinbase
 * `{"message": …}`, Yahoo `{"chart":{"error":{"description": …}}}`, Socrata `{"message": …}`.
 */
export function jsonErrorMessage(body: string): string | undefined {
  let o: unknown;
  try {
    o = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as { error_message?: unknown; message?: unknown; error?: unknown; chart?: { error?: { description?: unknown } | null } };
  for (const m of [r.error_message, r.message, r.chart?.error?.description, r.error]) {
    if (typeof m === 'string' && m.trim()) return m.trim();
    if (typeof m === 'object' && m !== null && typeof (m as { message?: unknown }).message === 'string') return (m as { message: string }).message;
  }
  return undefined;
}

/** True for a status worth retrying: rate limits and server errors. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Statuses whose Retry-After header is honoured (RFC 9110 §10.2.3: 429 and 503). */
function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/** Retry-After as ms (seconds or an HTTP date), capped; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function looksLikeHtml(head: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(head);
}

/**
 * An HTTP client for public data sources: per-attempt timeout, retries with exponential backoff
 * and jitter on network errors, 429 and 5xx (honouring a capped Retry-After on 429 and 503), no
 * retry on other 4xx, a
 * concurrency limit, an honest User-Agent, and checks that the body is what was expected and
 * complete. Every error names the URL (with keys masked).
 */
export class HttpClient {
  private readonly sem: Semaphore;
  private readonly o: Required<Omit<HttpOptions, 'concurrency' | 'onProgress' | 'breakAfter'>>;
  private readonly onProgress: HttpOptions['onProgress'];
  /** Open once the source has stopped answering; shared by every request of this client. */
  readonly breaker: CircuitBreaker;

  constructor(opts: HttpOptions = {}) {
    this.sem = new Semaphore(opts.concurrency ?? 4);
    this.o = {
      timeoutMs: opts.timeoutMs ?? 30_000,
      attempts: opts.attempts ?? 4,
      backoffMs: opts.backoffMs ?? 500,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 60_000,
      sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: opts.random ?? Math.random,
      timeoutSignal: opts.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms)),
      userAgent: opts.userAgent ?? USER_AGENT,
    };
    this.onProgress = opts.onProgress;
    this.breaker = new CircuitBreaker(opts.breakAfter ?? DEFAULT_BREAK_AFTER);
  }

  /** GET a text body (CSV or JSON). */
  async text(url: string, expect: Exclude<Expect, 'binary'>, signal?: AbortSignal): Promise<string> {
    const bytes = await this.get(url, expect, signal);
    const text = new TextDecoder('utf-8').decode(bytes);
    if (looksLikeHtml(text.slice(0, 512))) {
      throw new DataFormatError(redact(url), `expected ${expect.toUpperCase()} but the server sent an HTML page (an error or login page?)`);
    }
    return text;
  }

  /** GET and parse JSON; a body that is not JSON names the URL. */
  async json<T = unknown>(url: string, signal?: AbortSignal): Promise<T> {
    const text = await this.text(url, 'json', signal);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DataFormatError(redact(url), `expected JSON but the body does not parse (${text.length} bytes, starts ${JSON.stringify(text.slice(0, 40))})`);
    }
  }

  /** GET raw bytes (zip files). */
  bytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.get(url, 'binary', signal);
  }

  private get(url: string, expect: Expect, signal?: AbortSignal): Promise<Uint8Array> {
    return this.sem.run(() => this.withRetries(url, expect, signal));
  }

  private async withRetries(url: string, expect: Expect, signal?: AbortSignal): Promise<Uint8Array> {
    const shown = redact(url);
    let lastError: Error = new FetchError(shown, 'no attempt made');
    let made = 0;
    for (let attempt = 1; attempt <= this.o.attempts; attempt++) {
      if (signal?.aborted) throw new FetchError(shown, 'cancelled');
      const open = this.breaker.openReason;
      // Open before this series' first attempt: skipped; opened during its retries: its own failure.
      if (open !== undefined) {
        if (made === 0) throw new SourceUnreachableError(shown, open);
        break;
      }
      let wait: number | undefined;
      made++;
      try {
        const bytes = await this.once(url, expect, signal);
        this.breaker.reached();
        return bytes;
      } catch (err) {
        if (!(err instanceof RetryableError)) {
          if (!(err instanceof FetchError && err.message.endsWith(': cancelled'))) this.breaker.reached();
          throw err;
        }
        if (err.noAnswer) this.breaker.unreachable(`${hostOf(url)}: ${err.cause.message.replace(`${shown}: `, '')}`);
        else this.breaker.reached();
        lastError = err.cause;
        wait = err.retryAfterMs;
      }
      if (attempt === this.o.attempts || signal?.aborted || this.breaker.openReason !== undefined) break;
      const backoff = this.o.backoffMs * 2 ** (attempt - 1) * (0.5 + this.o.random());
      await untilAborted(this.o.sleep(Math.min(wait ?? backoff, this.o.maxRetryAfterMs)), signal);
    }
    if (signal?.aborted) throw new FetchError(shown, 'cancelled');
    const why = lastError.message.replace(`${shown}: `, '');
    throw new FetchError(shown, `${why} (after ${made} attempt${made === 1 ? '' : 's'}${made < this.o.attempts ? '; the source stopped answering' : ''})`, lastError instanceof FetchError ? lastError.status : undefined);
  }

  private async once(url: string, expect: Expect, signal?: AbortSignal): Promise<Uint8Array> {
    const shown = redact(url);
    const timeout = this.o.timeoutSignal(this.o.timeoutMs, url);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { 'User-Agent': this.o.userAgent, Accept: expect === 'json' ? 'application/json' : expect === 'csv' ? 'text/csv,text/plain,*/*' : '*/*' },
        signal: combined,
      });
    } catch (err) {
      if (signal?.aborted) throw new FetchError(shown, 'cancelled');
      const reason = timeout.aborted ? `timed out after ${this.o.timeoutMs} ms` : `network error: ${redact(causeMessage(err))}`;
      throw new RetryableError(new FetchError(shown, reason), undefined, true);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      const detail = /^\s*<(!doctype|html)/i.test(text) ? 'an HTML error page' : redact(jsonErrorMessage(text) ?? text.slice(0, 200).replace(/\s+/g, ' ').trim());
      const err = new FetchError(shown, `HTTP ${res.status}${detail ? `: ${detail}` : ''}`, res.status);
      if (retryable(res.status)) throw new RetryableError(err, honoursRetryAfter(res.status) ? retryAfterMs(res.headers.get('retry-after')) : undefined);
      throw err;
    }
    const ctype = res.headers.get('content-type') ?? '';
    if (/text\/html/i.test(ctype)) {
      await res.body?.cancel().catch(() => undefined);
      throw new DataFormatError(shown, `expected ${expect.toUpperCase()} but the server sent an HTML page (content-type ${ctype})`);
    }
    const declaredHeader = res.headers.get('content-length');
    // With a content-encoding the header counts compressed bytes, not the decoded ones we receive.
    const declared = declaredHeader && !res.headers.get('content-encoding') ? Number(declaredHeader) : undefined;
    let bytes: Uint8Array;
    try {
      bytes = await this.readBody(res, declared);
    } catch (err) {
      if (signal?.aborted) throw new FetchError(shown, 'cancelled');
      const why = timeout.aborted ? `timed out after ${this.o.timeoutMs} ms` : redact(causeMessage(err));
      // A body that stops flowing until the timeout is a server gone silent, as good as no answer.
      throw new RetryableError(new FetchError(shown, `body cut off mid-transfer (${why})`), undefined, timeout.aborted);
    }
    if (declared !== undefined && Number.isFinite(declared) && bytes.byteLength < declared) {
      throw new RetryableError(new FetchError(shown, `truncated body: ${bytes.byteLength} of ${declared} bytes`));
    }
    return bytes;
  }

  /** Reads the body chunk by chunk, reporting progress; rejects when the connection is cut mid-body. */
  private async readBody(res: Response, declared: number | undefined): Promise<Uint8Array> {
    if (!res.body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      this.onProgress?.(received, declared);
    }
    const out = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

/** Waits for `p`, or less when `signal` aborts first (a backoff must not outlive a cancelled sync). */
function untilAborted(p: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    void p.then(done, done);
  });
}

/** The host (and port) of a URL, for the breaker's reason. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return redact(url);
  }
}

/** The innermost message of a fetch error (undici wraps the socket error as `cause`). */
function causeMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.cause.message}` : err.message;
}

/** Internal: a failure worth another attempt. */
class RetryableError extends Error {
  constructor(
    override readonly cause: FetchError,
    readonly retryAfterMs?: number,
    /** No HTTP answer at all (refused, DNS, timeout): counts toward the circuit breaker. */
    readonly noAnswer = false,
  ) {
    super(cause.message);
  }
}
