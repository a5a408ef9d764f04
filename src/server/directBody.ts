import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Replay } from './fastLane.ts';

/**
 * Prepared bodies (httpCache.ts) the node listener writes to the socket itself, by request: a
 * cached series of 200 kB copied into a web Response on every request (undici copies the bytes,
 * then the adapter reads them back through a stream) cost more than the rest of the answer. The
 * route's Response goes through every middleware as usual, with no body and the header
 * DIRECT_BODY_HEADER; server.ts then writes its status, its headers (security headers, ETag,
 * Content-Length, as the middleware left them) and these bytes.
 */
const bodies = new WeakMap<IncomingMessage, { bytes: Uint8Array; replay: Replay | undefined }>();

/** Marks a Response whose body waits in `bodies` (never sent to the client). */
export const DIRECT_BODY_HEADER = 'x-flowlens-direct-body';

/** The node request of a hono context's env, when the app runs under the node listener. */
export function incomingOf(env: unknown): IncomingMessage | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** Keeps `bytes` as the body of the answer to `incoming`, with how to ask the route again when its answer is a cached one (fastLane.ts). */
export function setDirectBody(incoming: IncomingMessage, bytes: Uint8Array, replay?: Replay): void {
  bodies.set(incoming, { bytes, replay });
}

/** What writeDirect wrote: the headers and the body (none for HEAD), and the replay kept with the body. */
export interface DirectWrite {
  readonly headers: OutgoingHttpHeaders;
  readonly body: Uint8Array | undefined;
  readonly replay: Replay | undefined;
}

/**
 * Writes `res` with the body kept for `incoming` when `res` is still the answer that body belongs
 * to (a 200 with DIRECT_BODY_HEADER); what it wrote, or undefined when it wrote nothing. HEAD gets
 * the headers only.
 */
export function writeDirect(incoming: IncomingMessage, outgoing: ServerResponse, res: Response): DirectWrite | undefined {
  const kept = bodies.get(incoming);
  bodies.delete(incoming);
  if (kept === undefined || res.status !== 200 || !res.headers.has(DIRECT_BODY_HEADER)) return undefined;
  const headers: OutgoingHttpHeaders = {};
  const cookies: string[] = [];
  // Iterating Headers gives each Set-Cookie apart (fetch spec), the other names once.
  res.headers.forEach((value, name) => {
    if (name === 'set-cookie') cookies.push(value);
    else if (name !== DIRECT_BODY_HEADER) headers[name] = value;
  });
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = incoming.method === 'HEAD' ? undefined : kept.bytes;
  outgoing.writeHead(200, headers);
  outgoing.end(body);
  return { headers, body, replay: kept.replay };
}
