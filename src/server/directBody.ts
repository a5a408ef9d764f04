import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Prepared bodies (httpCache.ts) the node listener writes to the socket itself, by request: a
 * cached series of 200 kB copied into a web Response on every request (undici copies the bytes,
 * then the adapter reads them back through a stream) cost more than the rest of the answer. The
 * route's Response goes through every middleware as usual, with no body and the header
 * DIRECT_BODY_HEADER; server.ts then writes its status, its headers (security headers, ETag,
 * Content-Length, as the middleware left them) and these bytes.
 */
const bodies = new WeakMap<IncomingMessage, Uint8Array>();

/** Marks a Response whose body waits in `bodies` (never sent to the client). */
export const DIRECT_BODY_HEADER = 'x-flowlens-direct-body';

/** The node request of a hono context's env, when the app runs under the node listener. */
export function incomingOf(env: unknown): IncomingMessage | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** Keeps `bytes` as the body of the answer to `incoming`. */
export function setDirectBody(incoming: IncomingMessage, bytes: Uint8Array): void {
  bodies.set(incoming, bytes);
}

/**
 * Writes `res` with the body kept for `incoming` when `res` is still the answer that body belongs
 * to (a 200 with DIRECT_BODY_HEADER); true when written. HEAD gets the headers only.
 */
export function writeDirect(incoming: IncomingMessage, outgoing: ServerResponse, res: Response): boolean {
  const body = bodies.get(incoming);
  bodies.delete(incoming);
  if (body === undefined || res.status !== 200 || !res.headers.has(DIRECT_BODY_HEADER)) return false;
  const headers: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (name !== DIRECT_BODY_HEADER && name !== 'set-cookie') headers[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  outgoing.writeHead(200, headers);
  outgoing.end(incoming.method === 'HEAD' ? undefined : body);
  return true;
}
