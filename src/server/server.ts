import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createApp } from './app.ts';
import { answerClientError } from './clientError.ts';
import { writeDirect } from './directBody.ts';
import { lineLog } from './lineLog.ts';
import { FastLane, laneKey } from './fastLane.ts';
import { isLoopbackHost, REQUEST_LIMITS, RequestLimiter } from './guard.ts';
import { errorResponse, finishHeaders, oneLine, redactToken } from './middleware.ts';
import { ReportCache } from './reportCache.ts';
import type { AppRoute } from './routes.ts';
import { SharedStore } from './sharedStore.ts';
import { StoreWatch } from './storeWatch.ts';

/** Options of `startServer`. */
export interface ServeOptions {
  /** The flowlens home whose store is served (read-only). */
  readonly home: string;
  /** TCP port; 0 picks a free one. Default 8787. */
  readonly port?: number;
  /** Interface to bind. Default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** One line per request and per server error (default: stderr, written once per turn of the event loop). */
  readonly log?: (line: string) => void;
  /** Every request must carry this token; required when `host` is not loopback. */
  readonly token?: string | undefined;
  /** The one browser origin allowed to read the API (CORS); default none. */
  readonly cors?: string | undefined;
  /** More routes (the dashboard's pages), as createApp's `routes`. */
  readonly routes?: readonly AppRoute[];
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port/` as bound (the real port when 0 was asked). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests answered by the fast lane (fastLane.ts) so far. */
  fastLaneAnswered(): number;
  /** Stops accepting connections, ends idle and open ones, and resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Starts the dashboard and JSON API over the store under `home` (see routes.ts for the
 * endpoints). The store is opened once, read-only and never locked, so `flowlens sync` can write
 * while this serves: each request reads the newest manifest's snapshot (sharedStore.ts), and the
 * report is rebuilt when the manifest or the sync log changes.
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  // The default log writes once per turn of the event loop, not once per request (lineLog.ts).
  const lines = lineLog((text) => process.stderr.write(text));
  const log = opts.log ?? lines.log;
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !opts.token) throw new Error(`--host ${host} is reachable from other machines: give a token with --token T or FLOWLENS_TOKEN`);
  if (opts.token !== undefined && opts.token.length === 0) throw new Error('the token is empty: give one with --token T or FLOWLENS_TOKEN');
  // One watch of the store's directory: answers and reports are checked against the manifest only after it changed.
  const watch = new StoreWatch(opts.home);
  const store = new SharedStore(opts.home, log, undefined, watch);
  const ctx = { home: opts.home, store, reports: new ReportCache(opts.home, undefined, undefined, watch) };
  const limiter = new RequestLimiter();
  const app = createApp(ctx, { bindHost: host, token: opts.token, cors: opts.cors, log, limiter, ...(opts.routes ? { routes: opts.routes } : {}) });
  const lane = new FastLane(limiter, log);
  // A prepared body (a cached answer) is written here, after every middleware, without a copy into
  // the Response (directBody.ts); a cached one is remembered for the fast lane (fastLane.ts).
  const fetch = async (req: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    const res = await app.fetch(req, env);
    const { incoming, outgoing } = env as HttpBindings; // an HTTP/1 server (createServer below)
    const written = writeDirect(incoming, outgoing, res);
    if (written === undefined) return res;
    const key = written.replay && laneKey(incoming);
    if (written.replay && key !== undefined) lane.remember(key, written.replay, written.headers, written.body);
    return RESPONSE_ALREADY_SENT;
  };
  const handler = getRequestListener(fetch, {
    // Used only to build the request's URL when the Host header is empty; the guard still refuses it on loopback.
    hostname: 'localhost',
    // Keep the global Request/Response of the process (the adapter would swap in its own).
    overrideGlobalObjects: false,
    // A request the adapter cannot even turn into a URL (a backslash in the path, a bad Host).
    errorHandler: (err) => {
      log(`flowlens serve: bad request: ${oneLine(err)}`);
      const res = errorResponse(400, `bad request: ${oneLine(err)}`);
      finishHeaders(res.headers);
      return res;
    },
  });
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const key = laneKey(req);
    if (key === undefined || !lane.has(key)) {
      void handler(req, res);
      return;
    }
    lane.answer(key, req, res).then(
      (done) => {
        if (!done) void handler(req, res);
      },
      (err: unknown) => {
        log(`flowlens serve: error on ${req.method ?? ''} ${redactToken(req.url ?? '')}: ${oneLine(err)}`);
        if (res.headersSent) res.destroy();
        else void handler(req, res); // nothing sent yet: the whole chain answers
      },
    );
  };
  const server = createServer({ headersTimeout: REQUEST_LIMITS.headersTimeoutMs, requestTimeout: REQUEST_LIMITS.requestTimeoutMs }, listener);
  // A request Node's parser refuses (a 20 kB URL, not HTTP) gets a JSON error, not an empty 431/400.
  server.on('clientError', answerClientError);
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
  // The store and its DuckDB are opened now, in the background, not by the first visitor.
  void store.prepare();
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    server,
    fastLaneAnswered: () => lane.answered,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          lines.flush();
          store.close().then(() => (err ? reject(err) : resolve()), reject);
        });
        server.closeAllConnections();
      }),
  };
}
