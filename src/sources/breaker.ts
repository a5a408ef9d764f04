import { FetchError } from '../core/errors.ts';

/**
 * The failures in a row after which a source counts as unreachable for the rest of a run. Three
 * requests that got no answer at all (connection refused, DNS failure, timeout) are rarely
 * chance: with 4 attempts of 30 s per series, a black-holed source would otherwise cost
 * 2 minutes per series, an hour for a full sync.
 */
export const DEFAULT_BREAK_AFTER = 3;

/** Thrown instead of a request once the breaker of its source is open. */
export class SourceUnreachableError extends FetchError {
  override name = 'SourceUnreachableError';
  constructor(
    url: string,
    /** Why the source counts as unreachable: the count and the last failure. */
    readonly reason: string,
  ) {
    super(url, `not requested: ${reason}`);
  }
}

/**
 * A per-source circuit breaker: counts requests in a row that got no HTTP answer (a server that
 * answers, even with 503, is reachable and resets the count); after `breakAfter` of them it opens
 * and stays open for the life of the client (one run), so every later request fails at once
 * without touching the network.
 */
export class CircuitBreaker {
  private failures = 0;
  private lastFailure = '';
  private opened: string | undefined;

  constructor(readonly breakAfter: number = DEFAULT_BREAK_AFTER) {}

  /** The reason the breaker is open, or undefined while requests may go out. */
  get openReason(): string | undefined {
    return this.opened;
  }

  /** A request got an HTTP answer: the source is reachable. */
  reached(): void {
    if (this.opened === undefined) this.failures = 0;
  }

  /** A request got no answer; `why` is its one-line reason (host and cause). */
  unreachable(why: string): void {
    if (this.opened !== undefined) return;
    this.failures++;
    this.lastFailure = why;
    if (this.failures >= this.breakAfter) this.opened = `${this.failures} requests in a row got no answer (the last: ${this.lastFailure})`;
  }
}
