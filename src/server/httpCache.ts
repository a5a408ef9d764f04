import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

/** Bodies shorter than this many bytes are sent as they are: gzip would save less than a packet. */
export const GZIP_MIN_BYTES = 1024;

/** Types worth compressing: text, JSON, XML, SVG, JavaScript. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|atom\+xml|javascript)|image\/svg\+xml)/;

/** The strong ETag of a body: `"` + base64url SHA-1 of its bytes (27 characters) + `"`. */
export function bodyEtag(body: Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * True when an If-None-Match header names `etag`: `*`, or one of its comma-separated tags equal
 * after dropping `W/` (the weak comparison RFC 9110 §13.1.2 asks for) and a `-gz` suffix (the
 * gzip variant's tag is the same body).
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '').replace(/-gz"$/, '"');
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

/** True when an Accept-Encoding header accepts gzip (a `q=0` refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

/** Compressed bodies by ETag: a cached report page is gzipped once, not on every request. */
class GzipCache {
  private readonly entries = new Map<string, Uint8Array<ArrayBuffer>>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(etag: string, body: Uint8Array): Uint8Array<ArrayBuffer> {
    const have = this.entries.get(etag);
    if (have) return have;
    const gz = new Uint8Array(gzipSync(body, { level: 6 }));
    this.entries.set(etag, gz);
    this.bytes += gz.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
    return gz;
  }
}

/**
 * ETag, 304 and gzip for every 200 answer: the body is hashed into a strong ETag; a request whose
 * If-None-Match names it gets 304 without a body; otherwise a compressible body over
 * GZIP_MIN_BYTES goes gzipped to a client that accepts gzip (ETag `"…-gz"`, `Vary:
 * Accept-Encoding`). Content-Length is always set, so HEAD says the size GET sends.
 */
export function etagAndGzip(cacheBytes = 16 * 1024 * 1024): MiddlewareHandler {
  const cache = new GzipCache(cacheBytes);
  return async (c, next) => {
    await next();
    const res = c.res;
    if (res.status !== 200 || res.body === null || res.headers.has('content-encoding')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    const etag = bodyEtag(body);
    const type = headers.get('content-type') ?? '';
    const compressible = COMPRESSIBLE.test(type) && body.length > GZIP_MIN_BYTES;
    if (compressible) headers.append('vary', 'Accept-Encoding');
    const gzip = compressible && acceptsGzip(c.req.header('accept-encoding'));
    headers.set('etag', gzip ? etag.replace(/"$/, '-gz"') : etag);
    const inm = c.req.header('if-none-match');
    c.res = undefined as unknown as Response; // let the new response replace the old one's headers, not merge into them
    if (inm !== undefined && etagMatches(inm, etag)) {
      headers.delete('content-length');
      headers.delete('content-type');
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    const out = gzip ? cache.get(etag, body) : body;
    if (gzip) headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(out.length));
    c.res = new Response(out, { status: 200, headers });
  };
}
