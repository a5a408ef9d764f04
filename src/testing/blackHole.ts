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
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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
