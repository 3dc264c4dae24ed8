/**
 * The kernel hash functions the IPVS schedulers and the ipset hash tables use, bit for bit.
 *
 * - `hash32` is include/linux/hash.h `hash_32()`: multiply by GOLDEN_RATIO_32 and keep the high bits
 *   (dh, sh, lblc and lblcr hash with it in current kernels; older kernels multiplied by 2654435761
 *   and kept the low bits, which gives different buckets).
 * - `jhash2` is include/linux/jhash.h (Bob Jenkins' lookup3 over u32 words), used by ipset's hash
 *   types to place members in buckets.
 * - `hsiphashU32` is lib/siphash.c `hsiphash_1u32()` as built on 64-bit kernels, where the "half"
 *   SipHash is SipHash-1-3 over 64-bit words; the mh (Maglev) scheduler hashes with it.
 */

const GOLDEN_RATIO_32 = 0x61c88647;

/** hash_32(val, bits): the top `bits` bits of val * GOLDEN_RATIO_32 (mod 2^32). */
export function hash32(val: number, bits: number): number {
  return (Math.imul(val >>> 0, GOLDEN_RATIO_32) >>> 0) >>> (32 - bits);
}

function rol32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const JHASH_INITVAL = 0xdeadbeef;

/** jhash2(k, length, initval) over u32 words. */
export function jhash2(words: readonly number[], initval: number): number {
  let a = (JHASH_INITVAL + (words.length << 2) + initval) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  let left = words.length;
  while (left > 3) {
    a = (a + words[i]!) >>> 0;
    b = (b + words[i + 1]!) >>> 0;
    c = (c + words[i + 2]!) >>> 0;
    // __jhash_mix
    a = (a - c) >>> 0; a = (a ^ rol32(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rol32(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rol32(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rol32(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rol32(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rol32(b, 4)) >>> 0; b = (b + a) >>> 0;
    i += 3;
    left -= 3;
  }
  if (left === 0) return c;
  if (left === 3) c = (c + words[i + 2]!) >>> 0;
  if (left >= 2) b = (b + words[i + 1]!) >>> 0;
  a = (a + words[i]!) >>> 0;
  // __jhash_final
  c = (c ^ b) >>> 0; c = (c - rol32(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol32(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol32(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol32(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol32(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 24)) >>> 0;
  return c;
}

const MASK64 = (1n << 64n) - 1n;

function rol64(x: bigint, k: bigint): bigint {
  return ((x << k) | (x >> (64n - k))) & MASK64;
}

/** A 64-bit hsiphash key: two unsigned longs. */
export type HsiphashKey = readonly [bigint, bigint];

/** hsiphash_1u32(first, key) on a 64-bit kernel. */
export function hsiphashU32(first: number, key: HsiphashKey): number {
  let v0 = 0x736f6d6570736575n ^ key[0];
  let v1 = 0x646f72616e646f6dn ^ key[1];
  let v2 = 0x6c7967656e657261n ^ key[0];
  let v3 = 0x7465646279746573n ^ key[1];
  const b = (4n << 56n) | BigInt(first >>> 0);
  const round = (): void => {
    v0 = (v0 + v1) & MASK64; v1 = rol64(v1, 13n); v1 ^= v0; v0 = rol64(v0, 32n);
    v2 = (v2 + v3) & MASK64; v3 = rol64(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & MASK64; v3 = rol64(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & MASK64; v1 = rol64(v1, 17n); v1 ^= v2; v2 = rol64(v2, 32n);
  };
  v3 ^= b;
  round();
  v0 ^= b;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return Number((v0 ^ v1 ^ v2 ^ v3) & 0xffffffffn);
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
