import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHost, checkUrl, RequestLimiter, REQUEST_LIMITS, SECURITY_HEADERS } from './guard.ts';
import { HttpError } from './httpError.ts';
import { ReportCache } from './reportCache.ts';
import { json, route, type RouteResponse } from './routes.ts';
import { SharedStore } from './sharedStore.ts';

/** Options of `startServer`. */
export interface ServeOptions {
  /** The flowlens home whose store is served (read-only). */
  readonly home: string;
  /** TCP port; 0 picks a free one. Default 8787. */
  readonly port?: number;
  /** Interface to bind. Default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** One line per request and per server error (default: stderr). */
  readonly log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port/` as bound (the real port when 0 was asked). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting connections, ends idle and open ones, and resolves when the server is closed. */
  close(): Promise<void>;
}

function send(res: ServerResponse, r: RouteResponse, head: boolean): void {
  res.writeHead(r.status, { 'content-type': r.type, 'content-length': Buffer.byteLength(r.body), 'cache-control': 'no-store', ...SECURITY_HEADERS, ...r.headers });
  res.end(head ? undefined : r.body);
}

/** The first line of an error's message. */
function oneLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0] ?? m;
}

/**
 * Starts the dashboard and JSON API over the store under `home` (see routes.ts for the
 * endpoints). The store is opened once, read-only and never locked, so `flowlens sync` can write
 * while this serves: each request reads the newest manifest's snapshot (sharedStore.ts), and the
 * report is rebuilt when the manifest or the sync log changes.
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = new SharedStore(opts.home, log);
  const ctx = { home: opts.home, store, reports: new ReportCache(opts.home) };
  const host = opts.host ?? '127.0.0.1';
  const limiter = new RequestLimiter();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const t0 = performance.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    // Cheap checks first, outside the limiter: a spoofed Host or a 10 kB URL costs nothing.
    const answer = async (): Promise<RouteResponse> => {
      checkUrl(url);
      checkHost(host, req.headers.host);
      return limiter.run(() => route(ctx, method, url));
    };
    answer()
      .catch((err: unknown): RouteResponse => {
        if (err instanceof HttpError) return json(err.status, { error: err.message }, err.status === 405 ? { allow: 'GET, HEAD' } : err.status === 503 ? { 'retry-after': '1' } : undefined);
        log(`flowlens serve: error on ${method} ${url}: ${oneLine(err)}`);
        return json(500, { error: `internal error: ${oneLine(err)}` });
      })
      .then((r) => {
        send(res, r, method === 'HEAD');
        log(`${method} ${url} ${r.status} ${(performance.now() - t0).toFixed(0)} ms${r.headers?.['x-flowlens-cache'] ? ` (report ${r.headers['x-flowlens-cache']})` : ''}`);
      })
      .catch((err: unknown) => {
        log(`flowlens serve: could not answer ${method} ${url}: ${oneLine(err)}`);
        res.destroy();
      });
  };
  const server = createServer({ headersTimeout: REQUEST_LIMITS.headersTimeoutMs, requestTimeout: REQUEST_LIMITS.requestTimeoutMs }, handler);
  // Idle keep-alive sockets are closed by the client first (undici: 4 s; browsers: longer but they
  // retry): a server timeout shorter than a report build (which blocks the loop for seconds) made
  // the server close a socket just as the client reused it — ECONNRESET under load.
  server.keepAliveTimeout = REQUEST_LIMITS.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${opts.port ?? 8787} on ${host} is already in use: pick another with --port` : `cannot listen on ${host}:${opts.port ?? 8787}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(opts.port ?? 8787, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          store.close().then(() => (err ? reject(err) : resolve()), reject);
        });
        server.closeAllConnections();
      }),
  };
}
