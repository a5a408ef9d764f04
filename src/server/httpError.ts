/** An error with the HTTP status the server answers it with; its message is the response's `error`. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    /** 400 for a bad parameter, 404 for an unknown path or series, 405, 503 for an empty store. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
