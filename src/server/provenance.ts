/** Where one series answer comes from. */
export interface Provenance {
  /** The catalog's source adapter: fred, cboe, yahoo… */
  readonly source: string;
  /** The URL or file the newest retrieval used, as stored with it; null when the store has none. */
  readonly origin: string | null;
  /** The newest retrieval (ISO timestamp) among the rows the answer read (at or before `as-of`); null when none. */
  readonly retrievedAt: string | null;
}

/** A header value: printable ASCII only (fetch refuses others), `;` kept as a separator, at most 512 characters. */
function headerSafe(s: string): string {
  const safe = s.replace(/[^\x20-\x3a\x3c-\x7e]/g, (ch) => encodeURIComponent(ch));
  return safe.length > 512 ? `${safe.slice(0, 509)}...` : safe;
}

/** `fred https://…` or `fred` without a stored origin. */
function sourceLine(p: Provenance): string {
  return p.origin ? `${p.source} ${p.origin}` : p.source;
}

/**
 * The provenance headers of a series answer: `x-flowlens-source` (source adapter, then the
 * origin URL or file) and `x-flowlens-retrieved-at` (ISO timestamp). For several series each
 * value is `ID=value`, joined by `; ` in the order asked (a `;` inside a value is sent as %3B).
 * Sent with CSV and JSON alike: `pandas.read_csv` reads the CSV as is, and
 * `requests.get(url).headers` gives the provenance.
 */
export function provenanceHeaders(entries: readonly { readonly id: string; readonly provenance: Provenance }[]): Record<string, string> {
  const one = entries.length === 1 ? entries[0] : undefined;
  if (one) return { 'x-flowlens-source': headerSafe(sourceLine(one.provenance)), 'x-flowlens-retrieved-at': one.provenance.retrievedAt ?? '' };
  return {
    'x-flowlens-source': entries.map((e) => `${e.id}=${headerSafe(sourceLine(e.provenance))}`).join('; '),
    'x-flowlens-retrieved-at': entries.map((e) => `${e.id}=${e.provenance.retrievedAt ?? ''}`).join('; '),
  };
}
