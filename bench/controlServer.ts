// The control of bench:serve: a bare node:http server answering each path with fixed bytes (the
// same bodies flowlens sent, fetched once from it at start), with Content-Length, Content-Type and
// ETag and nothing else. Under the same load it shows what node:http and the kernel cost on this
// machine for bodies of this size: the floor any Node server's latency sits on.
//
// Input (argv[2], JSON): { from: "http://127.0.0.1:PORT", paths: [{ path, headers }] }.
// Prints `http://127.0.0.1:PORT/` once listening; runs until killed.
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ControlSpec {
  readonly from: string;
  readonly paths: readonly { readonly path: string; readonly headers: Readonly<Record<string, string>> }[];
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ControlSpec;
const answers = new Map<string, { body: Buffer; headers: Record<string, string> }>();
/** The answer to `path` as sent (node:http leaves gzip as it is). */
function fetchRaw(path: string, headers: Readonly<Record<string, string>>): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${spec.from}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
for (const p of spec.paths) {
  const { res, body } = await fetchRaw(p.path, p.headers);
  if (res.statusCode !== 200) throw new Error(`control: ${p.path} answered ${res.statusCode}`);
  const headers: Record<string, string> = { 'content-type': res.headers['content-type'] ?? 'application/octet-stream', 'content-length': String(body.length), etag: res.headers.etag ?? '' };
  const encoding = res.headers['content-encoding'];
  if (encoding) headers['content-encoding'] = encoding;
  answers.set(`${p.path} ${p.headers['accept-encoding'] ?? ''}`, { body, headers });
}
const server = createServer((req, res) => {
  const a = answers.get(`${req.url ?? ''} ${req.headers['accept-encoding'] ?? ''}`);
  if (a === undefined) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, a.headers).end(a.body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`));
