/**
 * Seeded random numbers: results repeat for a seed. Mulberry32 (a 32-bit generator with a full
 * 2^32 period, fast in JS) and standard normals by the Marsaglia polar method.
 */

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for stream `i` of a run seeded `seed` (a 32-bit mix), so path i gets the same numbers however paths are split. */
export function streamSeed(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Standard normal draws from a uniform source (Marsaglia polar method, the spare value kept). */
export function normalSource(uniform: () => number): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * m;
    return u * m;
  };
}

/** The q-quantile (0–1) of a sorted array, linear interpolation (Hyndman–Fan type 7). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** Rearranges a[lo..hi] so a[k] holds the value it would have in sorted order (Hoare's selection, in place). */
export function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    // Median of three as the pivot keeps already-sorted input linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Several quantiles (type 7, as quantileSorted) without a full sort: selections in increasing
 * order on one copy, each narrowing the range of the next — about linear time, where a sort is
 * n log n (../shared/STACK.md: sorting dominated percentile time).
 */
export function quantiles(x: Float64Array, qs: readonly number[]): number[] {
  const a = Float64Array.from(x);
  const n = a.length;
  if (n === 0) return qs.map(() => Number.NaN);
  const need = [...new Set(qs.flatMap((q) => [Math.floor((n - 1) * q), Math.min(Math.floor((n - 1) * q) + 1, n - 1)]))].sort((p, q) => p - q);
  let lo = 0;
  for (const k of need) {
    selectInPlace(a, k, lo, n - 1);
    lo = k;
  }
  return qs.map((q) => {
    const h = (n - 1) * q;
    const k = Math.floor(h);
    const k1 = Math.min(k + 1, n - 1);
    return (a[k] as number) + (h - k) * ((a[k1] as number) - (a[k] as number));
  });
}
