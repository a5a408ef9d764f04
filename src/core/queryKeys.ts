/**
 * A query parameter the server does not know is ignored (`token`, a cache-buster), but one that
 * is a known parameter spelt another way (`asOf`, `as_of`, `AS-OF` for `as-of`; `voltarget` for
 * `volTarget`) would silently give the default, e.g. today's data for a past date. This names it.
 */
export function misspelledParam(given: Iterable<string>, known: readonly string[]): string | undefined {
  const norm = (k: string) => k.toLowerCase().replace(/[-_]/g, '');
  const byNorm = new Map(known.map((k) => [norm(k), k]));
  for (const key of given) {
    if (known.includes(key)) continue;
    const meant = byNorm.get(norm(key));
    if (meant !== undefined) return `unknown parameter "${key}" (did you mean ${meant}?)`;
  }
  return undefined;
}
