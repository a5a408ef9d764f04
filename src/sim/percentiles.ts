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
 * position of k, so the pivot lands near k and one partition pass does most of the work; sample
 * sizes as in the ISC-licensed mourner/quickselect). The partition is Lomuto's without branches
 * (every element swapped into place, the boundary advanced by the comparison's 0 or 1): a
 * comparison against a pivot near the median is a coin flip, and Hoare's branching scan paid a
 * mispredicted branch for most elements. Values equal to the pivot are split off by a second
 * pass when the pivot is the least value of the range, so ties cannot stall it.
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
    // a[lo..j−1] < t ≤ a[j..hi] (t itself is in the range, so j ≤ hi).
    const j = partitionBelow(a, lo, hi, t, false);
    if (k < j) hi = j - 1;
    else if (j > lo) lo = j;
    else {
      // t is the least value: a[lo..e−1] = t < a[e..hi], e > lo.
      const e = partitionBelow(a, lo, hi, t, true);
      if (k < e) return;
      lo = e;
    }
  }
}

/**
 * Moves the values of a[lo..hi] below t (or ≤ t when `orEqual`) to the front, keeping the rest
 * behind them, and returns the index of the first of the rest (Lomuto, branch-free).
 */
function partitionBelow(a: Float64Array, lo: number, hi: number, t: number, orEqual: boolean): number {
  let j = lo;
  if (orEqual) {
    for (let i = lo; i <= hi; i++) {
      const v = a[i] as number;
      a[i] = a[j] as number;
      a[j] = v;
      j += +(v <= t);
    }
  } else {
    for (let i = lo; i <= hi; i++) {
      const v = a[i] as number;
      a[i] = a[j] as number;
      a[j] = v;
      j += +(v < t);
    }
  }
  return j;
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
 * working copy; x is left untouched. NaN for an empty input. About linear time: only the lower
 * order statistic k = ⌊(n − 1)q⌋ of each quantile is selected; the next one, k + 1, is the least
 * value between k and the next selected position (selection leaves every value between two
 * selected positions between their values), one scan instead of another selection.
 */
export function quantilesBySelection(x: Float64Array, qs: readonly number[], scratch: Float64Array = new Float64Array(x.length), n = x.length): number[] {
  const a = scratch.length === n ? scratch : scratch.subarray(0, n);
  a.set(n === x.length ? x : x.subarray(0, n));
  return quantilesInPlace(a, qs);
}

/** quantilesBySelection on `a` itself, which it rearranges (for a caller that filled a copy already). */
export function quantilesInPlace(a: Float64Array, qs: readonly number[]): number[] {
  const n = a.length;
  if (n === 0) return qs.map(() => Number.NaN);
  const ks = [...new Set(qs.map((q) => Math.floor((n - 1) * q)))].sort((p, q) => p - q);
  multiSelect(a, ks, 0, ks.length - 1, 0, n - 1);
  const after = new Map<number, number>();
  ks.forEach((k, i) => {
    const stop = i + 1 < ks.length ? (ks[i + 1] as number) : n - 1;
    let m = a[Math.min(k + 1, n - 1)] as number;
    for (let j = k + 2; j <= stop; j++) if ((a[j] as number) < m) m = a[j] as number;
    after.set(k, m);
  });
  return qs.map((q) => {
    const h = (n - 1) * q;
    const k = Math.floor(h);
    const lo = a[k] as number;
    return lo + (h - k) * ((after.get(k) as number) - lo);
  });
}
