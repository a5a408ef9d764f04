import type { Duplex } from 'node:stream';
import { REQUEST_LIMITS } from './guard.ts';

/**
 * Node's parser refuses some requests before any handler sees them: a request line and headers
 * over its 16 kB limit (431), a request that is not HTTP (400), one too slow to arrive (408).
 * Its default answer has no body; this one carries the server's usual JSON error naming the
 * limit, then closes the connection.
 */
export function clientErrorResponse(code: string | undefined): string {
  const [status, reason, error] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', `request line and headers over 16 kB; a URL has at most ${REQUEST_LIMITS.maxUrlLength} characters`]
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', `the request did not arrive within ${REQUEST_LIMITS.requestTimeoutMs / 1000} s`]
        : [400, 'Bad Request', 'not a valid HTTP/1.1 request'];
  const body = `${JSON.stringify({ error })}\n`;
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`;
}

/** The server's `clientError` listener: the answer above when the socket can still take one. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection, or one whose response has begun, cannot take an answer (Node's own rule).
  const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(err.code));
}
