/**
 * Seeded random numbers for the scenario engine, in 32-bit integer arithmetic (no BigInt):
 * xoshiro128** 1.0 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c) for
 * uniforms and the Marsaglia–Tsang ziggurat (J. Stat. Software 5(8), 2000, its 256-layer table:
 * r = 3.6541528853610088, v = 4.92867323399e-3) for standard normals. 256 layers rather than
 * 128 halve the draws that leave the fast path (2.8% → 1.5%, each an exp() and a uniform):
 * normals cost about a fifth less. Streams are keyed by (seed, path index): path i draws the same numbers
 * however the paths are split across workers.
 */

/** Murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Ziggurat tables for 2^23-scaled integers (the draw's top 24 bits are a signed 24-bit value,
// its low 8 bits pick the layer, so layer and value use disjoint bits).
const ZIG_LAYERS = 256;
const ZIG_SHIFT = 8;
const ZIG_MASK = ZIG_LAYERS - 1;
const ZIG_R = 3.6541528853610088;
const ZIG_V = 4.92867323399e-3;
const ZIG_M = 8388608; // 2^23
const KN = new Int32Array(ZIG_LAYERS);
const WN = new Float64Array(ZIG_LAYERS);
const FN = new Float64Array(ZIG_LAYERS);
{
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * ZIG_M);
  KN[1] = 0;
  WN[0] = q / ZIG_M;
  WN[ZIG_LAYERS - 1] = dn / ZIG_M;
  FN[0] = 1;
  FN[ZIG_LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = ZIG_LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * ZIG_M);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / ZIG_M;
  }
}

/** The (hz, iz) of the draw that stopped fillFast. */
const PENDING = new Int32Array(2);

/**
 * Ziggurat fast path over out[offset+i …], state in locals: stops at the first draw outside its
 * layer's rectangle (leaving the state after that draw in st and its hz, iz in PENDING) and
 * returns its index, or n when all are filled.
 */
function fillFast(st: Int32Array, out: Float64Array, offset: number, i: number, n: number): number {
  let s0 = st[0] as number;
  let s1 = st[1] as number;
  let s2 = st[2] as number;
  let s3 = st[3] as number;
  for (; i < n; i++) {
    const x = Math.imul(s1, 5);
    const u = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const hz = u >> ZIG_SHIFT;
    const iz = u & ZIG_MASK;
    if (Math.abs(hz) >= (KN[iz] as number)) {
      PENDING[0] = hz;
      PENDING[1] = iz;
      break;
    }
    out[offset + i] = hz * (WN[iz] as number);
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  return i;
}

/** A xoshiro128** generator with uniform and standard normal draws. */
export class Rng {
  /** The four state words (int32): a typed array keeps them unboxed, which V8's object fields do not guarantee. */
  private readonly st = new Int32Array(4);

  /** A generator seeded with `seed` and stream `stream` (see reseed). */
  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** A generator with its four 32-bit state words set directly (not all zero), e.g. to check against the reference C code. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const g = new Rng(0);
    if (((s0 | s1 | s2 | s3) | 0) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    g.st.set([s0, s1, s2, s3]);
    return g;
  }

  /**
   * Resets the state to stream `stream` of `seed` (both whole numbers < 2^53): the four state
   * words are fmix32 hashes of (seed, stream, word), so streams are independent for practical
   * purposes and a path's numbers depend only on (seed, path index). Allocates nothing.
   */
  reseed(seed: number, stream: number): void {
    const sLo = seed >>> 0;
    const sHi = Math.floor(seed / 4294967296) >>> 0;
    const iLo = stream >>> 0;
    const iHi = Math.floor(stream / 4294967296) >>> 0;
    const a = fmix32(sLo ^ fmix32(sHi + 0x9e3779b9));
    const b = fmix32(iLo ^ fmix32(iHi + 0x7f4a7c15));
    const s0 = fmix32(a ^ Math.imul(b, 0x9e3779b1) ^ 0x243f6a88);
    const s1 = fmix32(s0 ^ b ^ 0x85a308d3);
    const s2 = fmix32(s1 ^ a ^ 0x13198a2e);
    const s3 = fmix32(s2 ^ b ^ 0x03707344);
    this.st[0] = (s0 | s1 | s2 | s3) === 0 ? 1 : s0; // all zero is the one forbidden state
    this.st[1] = s1;
    this.st[2] = s2;
    this.st[3] = s3;
  }

  /** Next 32-bit output as a signed int32 (xoshiro128**: rotl(s1·5, 7)·9). */
  nextInt32(): number {
    const st = this.st;
    const s0 = st[0] as number;
    const s1 = st[1] as number;
    const s2 = (st[2] as number) ^ s0;
    const s3 = (st[3] as number) ^ s1;
    const x = Math.imul(s1, 5);
    st[1] = s1 ^ s2;
    st[0] = s0 ^ s3;
    st[2] = s2 ^ (s1 << 9);
    st[3] = (s3 << 11) | (s3 >>> 21);
    return Math.imul((x << 7) | (x >>> 25), 9);
  }

  /** Next 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** Uniform in the open interval (0, 1): (u + 0.5) / 2^32. */
  uniform(): number {
    return ((this.nextInt32() >>> 0) + 0.5) / 4294967296;
  }

  /** Uniform whole number in [0, n) for n ≤ 2^32 (floor of n·uniform; bias < n / 2^32). */
  below(n: number): number {
    return Math.floor(((this.nextInt32() >>> 0) * n) / 4294967296);
  }

  /** A standard normal draw (ziggurat; 98.5% of draws cost one integer and one multiply). */
  normal(): number {
    const u = this.nextInt32();
    const hz = u >> ZIG_SHIFT;
    const iz = u & ZIG_MASK;
    if ((hz < 0 ? -hz : hz) < (KN[iz] as number)) return hz * (WN[iz] as number);
    return this.normalTail(hz, iz);
  }

  /** The ziggurat's slow path: the wedge of a layer or the tail beyond r (Marsaglia–Tsang nfix). */
  private normalTail(hz: number, iz: number): number {
    for (;;) {
      if (iz === 0) {
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.uniform()) / ZIG_R;
          y = -Math.log(this.uniform());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      const x = hz * (WN[iz] as number);
      if ((FN[iz] as number) + this.uniform() * ((FN[iz - 1] as number) - (FN[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
      const u = this.nextInt32();
      hz = u >> ZIG_SHIFT;
      iz = u & ZIG_MASK;
      if ((hz < 0 ? -hz : hz) < (KN[iz] as number)) return hz * (WN[iz] as number);
    }
  }

  /**
   * Fills out[offset … offset+n−1] with standard normals: the same numbers as n calls of
   * normal(). The fast path runs in a call-free loop (fillFast); the rare slow draws are taken
   * here between its runs.
   */
  fillNormal(out: Float64Array, offset: number, n: number): void {
    let i = fillFast(this.st, out, offset, 0, n);
    while (i < n) {
      out[offset + i] = this.normalTail(PENDING[0] as number, PENDING[1] as number);
      i = fillFast(this.st, out, offset, i + 1, n);
    }
  }
}
