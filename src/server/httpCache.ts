import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { DIRECT_BODY_HEADER } from './directBody.ts';

/** Marks a response whose body is streamed in parts (dashboardRoutes.ts): sent as it comes, never buffered to hash or gzip. */
export const STREAM_HEADER = 'x-flowlens-stream';

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

/** A 200 body made ready once to be sent many times: its bytes, strong ETag, and gzip (made on first use). */
export interface PreparedBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** bodyEtag(bytes). */
  readonly etag: string;
  /** The type is compressible and the body over GZIP_MIN_BYTES: sent gzipped to a client that accepts it. */
  readonly compressible: boolean;
  /** The gzipped bytes (level 6), computed once. */
  gzipped(): Uint8Array<ArrayBuffer>;
}

/** `body` of content type `type` as a PreparedBody: encoded and hashed now, gzipped when first asked. */
export function prepareBody(body: string | Uint8Array, type: string): PreparedBody {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  let gz: Uint8Array<ArrayBuffer> | undefined;
  return {
    bytes,
    etag: bodyEtag(bytes),
    compressible: COMPRESSIBLE.test(type) && bytes.length > GZIP_MIN_BYTES,
    gzipped: () => (gz ??= new Uint8Array(gzipSync(bytes, { level: 6 }))),
  };
}

/** The request headers that choose the answer to a prepared body. */
export interface Negotiation {
  readonly acceptEncoding: string | undefined;
  readonly ifNoneMatch: string | undefined;
}

/**
 * The 200 (or 304) answer of a prepared body: `headers` (the route's, content type included) with
 * `Vary: Accept-Encoding` when compressible, the ETag (`"…-gz"` for the gzip variant), and
 * Content-Length; 304 without a body (nor its length and type) when If-None-Match names the ETag.
 * With `sendDirect` the bytes go to it and the Response carries none (directBody.ts).
 */
export function preparedResponse(p: PreparedBody, headers: Headers, ask: Negotiation, sendDirect?: (bytes: Uint8Array) => void): Response {
  if (p.compressible) headers.append('vary', 'Accept-Encoding');
  const gzip = p.compressible && acceptsGzip(ask.acceptEncoding);
  headers.set('etag', gzip ? `${p.etag.slice(0, -1)}-gz"` : p.etag);
  if (ask.ifNoneMatch !== undefined && etagMatches(ask.ifNoneMatch, p.etag)) {
    headers.delete('content-length');
    headers.delete('content-type');
    return new Response(null, { status: 304, headers });
  }
  const out = gzip ? p.gzipped() : p.bytes;
  if (gzip) headers.set('content-encoding', 'gzip');
  headers.set('content-length', String(out.length));
  if (sendDirect === undefined) return new Response(out, { status: 200, headers });
  sendDirect(out);
  headers.set(DIRECT_BODY_HEADER, '1');
  return new Response(null, { status: 200, headers });
}

/** Prepared bodies by ETag, at most `maxBytes` of them (bytes and gzip counted), oldest dropped first. */
class PreparedCache {
  private readonly entries = new Map<string, PreparedBody>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(body: Uint8Array<ArrayBuffer>, type: string): PreparedBody {
    const etag = bodyEtag(body);
    const have = this.entries.get(etag);
    if (have) return have;
    const p = prepareBody(body, type);
    this.entries.set(etag, p);
    this.bytes += body.length * 2; // the gzip variant, if made, is smaller: counted generously
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= body.length * 2;
    }
    return p;
  }
}

/**
 * ETag, 304 and gzip for every 200 answer: the body is hashed into a strong ETag; a request whose
 * If-None-Match names it gets 304 without a body; otherwise a compressible body over
 * GZIP_MIN_BYTES goes gzipped to a client that accepts gzip (ETag `"…-gz"`, `Vary:
 * Accept-Encoding`). Content-Length is always set, so HEAD says the size GET sends. An answer that
 * already carries an ETag was prepared by its route (app.ts: a cached answer is hashed and
 * gzipped once, not per request) and passes as it is.
 */
export function etagAndGzip(cacheBytes = 16 * 1024 * 1024): MiddlewareHandler {
  const cache = new PreparedCache(cacheBytes);
  return async (c, next) => {
    await next();
    const res = c.res;
    if (res.status !== 200 || res.body === null || res.headers.has('content-encoding') || res.headers.has('etag') || res.headers.has(STREAM_HEADER)) return;
    const headers = new Headers(res.headers);
    const prepared = cache.get(new Uint8Array(await res.arrayBuffer()), headers.get('content-type') ?? '');
    c.res = undefined as unknown as Response; // let the new response replace the old one's headers, not merge into them
    c.res = preparedResponse(prepared, headers, { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') });
  };
}
