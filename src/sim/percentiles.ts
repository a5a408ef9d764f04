/**
 * Percentiles by selection instead of a full sort (../shared/STACK.md: sorting dominated the
 * percentile time of the Monte Carlo): Floyd–Rivest selection, run for
 * the needed order statistics middle-first, each splitting the range for the others.
 * Quantiles interpolate linearly between order statistics (Hyndman–Fan type 7, numpy's default):
 * q ↦ x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (n − 1)q.
 */

/**
 * Rearranges a[lo..hi] so that a[k] holds the value it would have in sorted order, smaller or
 * equal values before it and larger or equal after (Floyd & Rivest, "Algorithm 489: SELECT",
 * CACM 18(3), 1975: on a large range it first selects within a small sample around the expected
 * position of k, so the pivot lands near k and one partition pass does most of the work; layout
 * as in the ISC-licensed mourner/quickselect).
 */
export function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    if (hi - lo > 600) {
      const n = hi - lo + 1;
      const m = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      selectInPlace(a, k, Math.max(lo, Math.floor(k - (m * s) / n + sd)), Math.min(hi, Math.floor(k + ((n - m) * s) / n + sd)));
    }
    const t = a[k] as number;
    let i = lo;
    let j = hi;
    swap(a, lo, k);
    if ((a[hi] as number) > t) swap(a, lo, hi);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] as number) < t) i++;
      while ((a[j] as number) > t) j--;
    }
    if (a[lo] === t) swap(a, lo, j);
    else {
      j++;
      swap(a, j, hi);
    }
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/**
 * Places each order statistic ks[i], i = from … to (sorted), at its index in a[lo..hi]: select
 * the middle one, then recurse into the parts on either side, so ten order statistics cost about
 * log₂ 10 passes instead of ten.
 */
function multiSelect(a: Float64Array, ks: readonly number[], from: number, to: number, lo: number, hi: number): void {
  if (from > to || lo >= hi) return;
  const mid = (from + to) >>> 1;
  const k = ks[mid] as number;
  selectInPlace(a, k, lo, hi);
  multiSelect(a, ks, from, mid - 1, lo, k - 1);
  multiSelect(a, ks, mid + 1, to, k + 1, hi);
}

/**
 * Type-7 quantiles `qs` (each in [0, 1]) of x[0 … n−1], using `scratch` (length ≥ n) as the
 * working copy; x is left untouched. NaN for an empty input. About linear time.
 */
export function quantilesBySelection(x: Float64Array, qs: readonly number[], scratch: Float64Array = new Float64Array(x.length), n = x.length): number[] {
  if (n === 0) return qs.map(() => Number.NaN);
  const a = scratch.length === n ? scratch : scratch.subarray(0, n);
  a.set(n === x.length ? x : x.subarray(0, n));
  const ks = new Set<number>();
  for (const q of qs) {
    const k = Math.floor((n - 1) * q);
    ks.add(k);
    ks.add(Math.min(k + 1, n - 1));
  }
  multiSelect(a, [...ks].sort((p, q) => p - q), 0, ks.size - 1, 0, n - 1);
  return qs.map((q) => {
    const h = (n - 1) * q;
    const k = Math.floor(h);
    const k1 = Math.min(k + 1, n - 1);
    return (a[k] as number) + (h - k) * ((a[k1] as number) - (a[k] as number));
  });
}
