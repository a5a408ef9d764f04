import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestLimiter } from './guard.ts';
import { HttpError } from './httpError.ts';
import { logLine } from './middleware.ts';
import type { RouteResponse } from './routes.ts';

/**
 * How to ask a route again for the answer it gave a request, and the answer it gave: the app
 * (app.ts) records it for a cached answer, one the route gave as the same object before.
 */
export interface Replay {
  /** The route's handler on the same parameters and query (store reads, cache checks and all). */
  again(): Promise<RouteResponse>;
  /** The answer object the route gave. */
  readonly answer: RouteResponse;
}

/** What the route gave the lane for a request the lane then sent through the chain: its answer or what it threw. */
type Outcome = { readonly answer: RouteResponse } | { readonly error: unknown };

/**
 * Outcomes handed to the chain, by request. The route is asked once per request: asking again
 * would not be the same question (a first ask after a sync rebuilds the report and answers
 * `x-flowlens-cache: miss`; a second would answer `hit` from the build the first started).
 */
const handedOver = new WeakMap<IncomingMessage, Outcome>();

/** What the route already gave the lane for `req` (taken: the chain's handler uses it instead of asking the route again), or undefined. */
export function takeHandedOver(req: IncomingMessage): Outcome | undefined {
  const o = handedOver.get(req);
  handedOver.delete(req);
  return o;
}

/** One remembered answer: the replay, and the status line's headers and body the full chain wrote. */
interface Lane {
  readonly replay: Replay;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Uint8Array | undefined;
}

/**
 * The request headers any middleware of the app reads (app.ts): Host (421), Origin (CORS),
 * Authorization and Cookie (the token), Accept-Encoding (gzip) and If-None-Match (304). With the
 * method and the request target they are the key of a remembered answer, so a request that
 * differs in any of them goes through the whole chain. A middleware that reads another header
 * must add it here (fastLane.test.ts compares every header of both ways for each of these).
 */
export const LANE_KEY_HEADERS = ['host', 'origin', 'authorization', 'cookie', 'accept-encoding', 'if-none-match'] as const;

/** The key of a GET or HEAD request: method, target, and the headers of LANE_KEY_HEADERS; undefined for other methods. */
export function laneKey(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  let key = `${req.method} ${req.url ?? ''}`;
  for (const name of LANE_KEY_HEADERS) key += `\n${String(req.headers[name] ?? '')}`;
  return key;
}

/**
 * Cached answers without the middleware chain (issue #11). The chain (security headers, Host,
 * CORS, token, method, limit, ETag and gzip: app.ts) is a function of the method, the target and
 * the headers of LANE_KEY_HEADERS, and of the route's answer; for a cached answer the route gives
 * the same object again. So once the whole chain has written a cached 200 for a key, a later
 * request with the same key asks the route again (inside the concurrency limit, as the chain
 * would) and, when it gives the same answer object, gets the same headers and bytes written
 * straight away, with its log line. A different answer (a sync made a new store generation, the
 * report was rebuilt) or a thrown error sends the request through the whole chain, whose handler
 * takes what the route gave (takeHandedOver) instead of asking it twice; the chain remembers the
 * new answer. A 503 of the limiter sends it through the chain as it came. At most `maxEntries`
 * keys and `maxBytes` of bodies are kept (all dropped when full: a client varying its headers only
 * loses the fast lane, and an answer a sync replaced is not kept alive for long).
 */
export class FastLane {
  private readonly lanes = new Map<string, Lane>();
  private bytes = 0;
  private served = 0;

  constructor(
    private readonly limiter: RequestLimiter,
    private readonly log: (line: string) => void,
    private readonly maxEntries = 1024,
    /** Body bytes kept at most, each lane counted in full even when lanes share a body: a lane keeps its answer alive after a sync replaced it. */
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** Remembers what the whole chain wrote for `key` (a 200 of a replayable answer); everything is dropped first when it would not fit. */
  remember(key: string, replay: Replay, headers: OutgoingHttpHeaders, body: Uint8Array | undefined): void {
    const size = body?.length ?? 0;
    if (size > this.maxBytes) return;
    const had = this.lanes.get(key);
    if (had !== undefined) {
      this.lanes.delete(key);
      this.bytes -= had.body?.length ?? 0;
    }
    if (this.lanes.size >= this.maxEntries || this.bytes + size > this.maxBytes) {
      this.lanes.clear();
      this.bytes = 0;
    }
    this.lanes.set(key, { replay, headers, body });
    this.bytes += size;
  }

  /** Requests answered by the fast lane so far. */
  get answered(): number {
    return this.served;
  }

  /** True when a lane is remembered for `key`. */
  has(key: string): boolean {
    return this.lanes.has(key);
  }

  /**
   * Answers `req` from the lane of `key` when the route still gives the same answer; false (nothing
   * written) when the request must go through the whole chain.
   */
  async answer(key: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const lane = this.lanes.get(key);
    if (lane === undefined) return false;
    const t0 = performance.now();
    let now: RouteResponse;
    try {
      now = await this.limiter.run(() => lane.replay.again());
    } catch (error) {
      // The chain answers the error as it always does; a 503 of the limiter came before the route ran.
      if (!(error instanceof HttpError && error.status === 503 && /^busy: /.test(error.message))) handedOver.set(req, { error });
      return false;
    }
    if (now !== lane.replay.answer) {
      if (this.lanes.get(key) === lane) {
        this.lanes.delete(key);
        this.bytes -= lane.body?.length ?? 0;
      }
      handedOver.set(req, { answer: now });
      return false;
    }
    res.writeHead(200, lane.headers);
    res.end(lane.body);
    this.served++;
    const cache = lane.headers['x-flowlens-cache'];
    this.log(logLine(req.method ?? 'GET', req.url ?? '', 200, performance.now() - t0, typeof cache === 'string' ? cache : null));
    return true;
  }
}
