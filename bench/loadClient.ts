// The load generator of bench:serve, as its own process (so its CPU time is counted apart from the
// benchmark's and the server's, and it can be pinned to a core): CLIENTS keep-alive connections
// over raw sockets, each sending one request and waiting for its whole answer before the next (no
// pipelining), as autocannon does. A request is bytes made once; an answer is read by finding the
// end of its header block, checking `HTTP/1.1 200` and taking Content-Length, then counting body
// bytes without copying or decoding them. node:http's client would instead parse every answer
// through IncomingMessage and a stream, and cost the machine more than the server does per
// request (so it measured itself).
//
// Input (argv[2], JSON): { host, port, targets: [{ path, headers }], clients, requests }.
// Output (stdout, one JSON line): { latenciesMs: number[], seconds, bytes, reads, cpuMs } (cpuMs: this
// process's user + system CPU time over the run, from process.cpuUsage).
// A status other than 200, a missing Content-Length, or a closed socket fails the run (exit 1).
import { connect, type Socket } from 'node:net';

/** One request path with its headers. */
export interface Target {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}
/** One run: where, what (requests cycle through `targets`), how many connections and requests in all. */
export interface LoadSpec {
  readonly host: string;
  readonly port: number;
  readonly targets: readonly Target[];
  readonly clients: number;
  readonly requests: number;
}

/** What a run measured. */
export interface LoadResult {
  readonly latenciesMs: number[];
  readonly seconds: number;
  readonly bytes: number;
  /** Socket reads ('data' events) in all: many small reads cost the generator more than few large ones. */
  readonly reads: number;
  /** CPU time (user + system) of the load generator over the run. */
  readonly cpuMs: number;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** The bytes of a GET request for `t`, made once per target. */
function requestBytes(spec: LoadSpec, t: Target): Buffer {
  const lines = [`GET ${t.path} HTTP/1.1`, `Host: ${spec.host}:${spec.port}`, ...Object.entries(t.headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Content-Length of a header block (latin1), or a thrown error naming what came instead of a 200 with a length. */
function bodyLength(head: string, path: string): number {
  if (!head.startsWith('HTTP/1.1 200')) throw new Error(`${path}: ${head.slice(0, head.indexOf('\r\n'))}`);
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!m?.[1]) throw new Error(`${path}: answer without Content-Length`);
  return Number(m[1]);
}

/** Runs `spec` and resolves with every request's latency (ms), the wall time and the bytes read. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const requests = spec.targets.map((t) => requestBytes(spec, t));
  const latenciesMs: number[] = [];
  let next = 0;
  let bytes = 0;
  let reads = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    let open = spec.clients;
    const client = (socket: Socket) => {
      let sentAt = 0;
      let path = '';
      let head: Buffer | undefined; // header bytes seen so far, until the blank line
      let remaining = -1; // body bytes still to come; -1 while in the header block
      const send = () => {
        if (next >= spec.requests) {
          socket.end();
          if (--open > 0) return;
          const cpu = process.cpuUsage(cpu0);
          resolve({ latenciesMs, seconds: (performance.now() - t0) / 1000, bytes, reads, cpuMs: (cpu.user + cpu.system) / 1000 });
          return;
        }
        const i = next++ % requests.length;
        path = spec.targets[i]?.path ?? '';
        remaining = -1;
        head = undefined;
        sentAt = performance.now();
        socket.write(requests[i] as Buffer);
      };
      const onData = (chunk: Buffer) => {
        bytes += chunk.length;
        reads++;
        let body = chunk;
        if (remaining < 0) {
          const seen: Buffer = head === undefined ? chunk : Buffer.concat([head, chunk]);
          const end = seen.indexOf(CRLF2);
          if (end < 0) {
            head = seen;
            return;
          }
          remaining = bodyLength(seen.toString('latin1', 0, end + 2), path);
          body = seen.subarray(end + 4);
        }
        remaining -= body.length;
        if (remaining > 0) return;
        if (remaining < 0) throw new Error(`${path}: more bytes than Content-Length (pipelining is not used)`);
        latenciesMs.push(performance.now() - sentAt);
        send();
      };
      socket.on('data', (chunk: Buffer) => {
        try {
          onData(chunk);
        } catch (err) {
          socket.destroy();
          reject(err as Error);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => {
        if (next < spec.requests || remaining !== 0) reject(new Error(`${path}: the server closed the connection`));
      });
      send();
    };
    for (let c = 0; c < spec.clients; c++) {
      const socket = connect({ host: spec.host, port: spec.port, noDelay: true });
      socket.once('connect', () => client(socket));
      socket.on('error', reject);
    }
  });
}

if (process.argv[1] === import.meta.filename) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  runLoad(spec).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`loadClient: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
