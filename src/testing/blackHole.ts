import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP server on 127.0.0.1 that accepts connections, reads the request and never answers: the
 * "server behind a black hole" of a hostile network. It counts the HTTP requests that reached it.
 */
export class BlackHoleServer {
  /** Request lines received (`GET /path HTTP/1.1`), one per request. */
  readonly requests: string[] = [];
  private readonly sockets = new Set<Socket>();
  /** Timeouts handed out by timeoutAfterArrival and not yet ended, oldest first. */
  private readonly waiting: AbortController[] = [];

  private base = '';

  /**
   * A client's per-attempt timeout (HttpOptions.timeoutSignal) that, for a request to this
   * server, ends when the next request reaches it: the attempt times out only after the server
   * counted it, however loaded the machine. Exact for one request at a time to this server (the
   * signal is made before its request goes out); with several in flight the pairing would be a
   * guess, so use a clock there. Requests elsewhere get the usual clock.
   */
  readonly timeoutAfterArrival = (ms: number, url: string): AbortSignal => {
    if (!url.startsWith(`${this.base}/`)) return AbortSignal.timeout(ms);
    const c = new AbortController();
    this.waiting.push(c);
    return c.signal;
  };
  private server: Server | undefined;

  /** Starts listening on an ephemeral port; resolves to the base URL. */
  async start(): Promise<string> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      let head = '';
      let counted = false;
      socket.on('data', (d: Buffer) => {
        if (counted) return;
        head += d.toString('latin1');
        // One request per connection: a client waits for the answer that never comes.
        const line = /^([A-Z]+ \S+ HTTP\/1\.[01])\r\n/.exec(head);
        if (line?.[1]) {
          this.requests.push(line[1]);
          counted = true;
          this.waiting.shift()?.abort();
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A base URL on 127.0.0.1 where nothing listens (connection refused): a port bound, then freed. */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
