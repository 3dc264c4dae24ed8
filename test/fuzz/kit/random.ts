/**
 * The fuzz suite's randomness: the core's seeded sfc32 stream, so a failing case is reproduced from
 * its seed alone. FUZZ_SEED overrides the base seed; every case derives its own seed from it.
 */
import { Stream } from '../../../src/sim/rng';

export const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20240902);

export class Fuzz {
  private readonly s: Stream;

  constructor(readonly seed: number, name: string) {
    this.s = new Stream(seed, `fuzz/${name}`);
  }

  int(n: number): number {
    return this.s.intn(n);
  }

  range(lo: number, hi: number): number {
    return this.s.intInclusive(lo, hi);
  }

  chance(percent: number): boolean {
    return this.s.intn(100) < percent;
  }

  pick<T>(items: readonly T[]): T {
    return this.s.pick(items);
  }

  string(length: number, alphabet: string): string {
    return this.s.string(length, alphabet);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.s.intn(256);
    return out;
  }
}

/** The seed of case `i` of suite `name`. */
export function caseSeed(name: string, i: number): number {
  let h = BASE_SEED >>> 0;
  for (const ch of name) h = (Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0);
  return (h + i * 0x9e3779b1) >>> 0;
}
