/**
 * Seeded randomness split into named streams, so that adding a component (and its stream) never shifts
 * the numbers another component sees. Integer-only API: no floats leak into decisions.
 */

/** FNV-1a over a string, 32-bit. */
export function fnv1a32(s: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** sfc32: small, fast, well-distributed 32-bit generator. */
export class Stream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, name: string) {
    this.a = fnv1a32(name, 0x9e3779b9 ^ seed) | 0;
    this.b = fnv1a32(name + '#b', seed) | 0;
    this.c = fnv1a32(String(seed), fnv1a32(name)) | 0;
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next32();
  }

  /** A copy at this stream's position: it draws what this one would draw next, leaving this one unused. */
  clone(): Stream {
    const c = Object.create(Stream.prototype) as Stream;
    c.a = this.a;
    c.b = this.b;
    c.c = this.c;
    c.d = this.d;
    return c;
  }

  /** Uniform unsigned 32-bit integer. */
  next32(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [0, n). Rejection sampling keeps it unbiased. */
  intn(n: number): number {
    if (!(n > 0) || n > 0x100000000) throw new RangeError(`intn: bad bound ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.next32();
      if (x < limit) return x % n;
    }
  }

  /** Uniform integer in [lo, hi]. */
  intInclusive(lo: number, hi: number): number {
    return lo + this.intn(hi - lo + 1);
  }

  /** True with probability numerator/denominator. */
  chance(numerator: number, denominator: number): boolean {
    return this.intn(denominator) < numerator;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.intn(items.length)]!;
  }

  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.intn(alphabet.length)];
    return out;
  }

  hex(bytes: number): string {
    return this.string(bytes * 2, '0123456789abcdef');
  }
}

export class Rng {
  private streams = new Map<string, Stream>();
  constructor(readonly seed: number) {}

  /** A copy of the named stream where it stands (a fresh one if never used), drawing from which leaves the stream as it was. */
  fork(name: string): Stream {
    return this.streams.get(name)?.clone() ?? new Stream(this.seed, name);
  }

  /** The named stream; created on first use, from the root seed and the name only. */
  stream(name: string): Stream {
    let s = this.streams.get(name);
    if (!s) {
      s = new Stream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}

/** An RFC 4122 version-4 shaped UID from a stream. */
export function uidFrom(s: Stream): string {
  const h = s.hex(16);
  const variant = '89ab'[s.intn(4)]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
