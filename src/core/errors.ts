/**
 * Errors a user can act on. Each carries where the problem is (a file and line, a URL, a field)
 * so the CLI can print it on one line.
 */
export class FlowlensError extends Error {
  override name = 'FlowlensError';
}

/** Input data that cannot be read: a malformed row, an unknown date format, an HTML page. */
export class DataFormatError extends FlowlensError {
  override name = 'DataFormatError';
  constructor(
    /** The file path or URL the data came from. */
    readonly origin: string,
    message: string,
    /** 1-based line number, when the problem is on one line. */
    readonly line?: number,
  ) {
    super(`${origin}${line !== undefined ? `:${line}` : ''}: ${message}`);
  }
}

/** A network request that failed after its retries. */
export class FetchError extends FlowlensError {
  override name = 'FetchError';
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${url}: ${message}`);
  }
}

/** A series id that is not in the catalog. */
export class UnknownSeriesError extends FlowlensError {
  override name = 'UnknownSeriesError';
  constructor(readonly seriesId: string, suggestions: readonly string[] = []) {
    super(
      `unknown series "${seriesId}"${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}; run \`flowlens series list\``,
    );
  }
}

/** A model asked for more history than it was given. */
export class NotEnoughDataError extends FlowlensError {
  override name = 'NotEnoughDataError';
}

/** A parameter outside its allowed range (negative AUM, a window longer than the history…). */
export class ParameterError extends FlowlensError {
  override name = 'ParameterError';
}
