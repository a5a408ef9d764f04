import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted response. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Wait this long before answering (for concurrency tests). */
  readonly delayMs?: number;
  /** Declare a Content-Length larger than the body and cut the connection after the body. */
  readonly truncate?: boolean;
}

/** A reply, or a function giving the reply at request time from the request (bodies that change between calls, or per query). */
export type ReplySpec = Reply | ((request: SeenRequest) => Reply);

/** A request the server saw. */
export interface SeenRequest {
  /** Path and query exactly as sent. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/**
 * A replay server on 127.0.0.1 for source-adapter tests: each route (a path, matched exactly, or
 * a function of path and query) answers with a list of replies in turn, the last repeating, so a
 * test can script "429, then 200". It records every request and the peak number in flight.
 */
export class ReplayServer {
  readonly requests: SeenRequest[] = [];
  peakInFlight = 0;
  private inFlight = 0;
  private readonly routes: { match: (path: string, q: URLSearchParams) => boolean; replies: ReplySpec[]; served: number }[] = [];
  private server: Server | undefined;
  private base = '';

  /** Adds a route; replies are served in order and the last one repeats. */
  route(match: string | ((path: string, q: URLSearchParams) => boolean), ...replies: ReplySpec[]): this {
    this.routes.push({ match: typeof match === 'string' ? (p) => p === match : match, replies, served: 0 });
    return this;
  }

  /** Starts listening on an ephemeral port of 127.0.0.1; resolves to the base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = { url: req.url ?? '/', path: url.pathname, query: url.searchParams, headers: req.headers };
      this.requests.push(seen);
      this.inFlight++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      const done = () => {
        this.inFlight--;
      };
      const route = this.routes.find((r) => r.match(url.pathname, url.searchParams));
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${url.pathname}`);
        done();
        return;
      }
      const spec = route.replies[Math.min(route.served, route.replies.length - 1)] ?? {};
      const reply = typeof spec === 'function' ? spec(seen) : spec;
      route.served++;
      setTimeout(() => {
        const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : Buffer.from(reply.body ?? new Uint8Array());
        const headers: Record<string, string> = { 'content-type': 'text/plain', ...reply.headers };
        headers['content-length'] = String(reply.truncate ? body.length + 1000 : body.length);
        res.writeHead(reply.status ?? 200, headers);
        if (reply.truncate) {
          res.write(body, () => {
            res.socket?.destroy();
            done();
          });
        } else res.end(body, done);
      }, reply.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this.base;
  }

  /** The requests seen for one path (attempts, pages). */
  seen(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  get url(): string {
    return this.base;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
