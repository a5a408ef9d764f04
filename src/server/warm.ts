/**
 * Asks a running server for each of `paths` once, one after another, and reads each answer
 * through, so the pages are computed and cached (per manifest generation, sharedStore.ts) before
 * a visitor asks: `flowlens serve` warms the dashboard this way at start and after each scheduled
 * refresh. A visitor who comes during the warm-up shares the computation in progress rather than
 * starting a second one. Stops at the first request that cannot be made (the server is closing).
 * Returns how many pages answered 200.
 */
export async function warmPages(baseUrl: string, paths: readonly string[], token?: string): Promise<number> {
  let ok = 0;
  for (const path of paths) {
    try {
      const res = await fetch(new URL(path.replace(/^\//, ''), baseUrl), { headers: token ? { authorization: `Bearer ${token}` } : {} });
      await res.arrayBuffer();
      if (res.status === 200) ok++;
    } catch {
      return ok;
    }
  }
  return ok;
}
