/**
 * Where the kernel keeps an entry: the conntrack hash of its original tuple, seeded at boot
 * (nf_conntrack_hash_rnd), scaled onto the hash table's buckets. A dump walks the buckets in order,
 * so `conntrack -L` lists entries in an order that looks random but holds while they live, and
 * changes after a reboot. The mixing function is not the kernel's jhash: with a random seed only
 * its shape matters.
 */
import type { CtProto, CtTuple } from './types';
import { isIcmpTuple } from './types';

/** A 32-bit seed from a string (the machine's boot ID). */
export function seedFrom(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function tupleKey(proto: CtProto, t: CtTuple): string {
  return isIcmpTuple(t) ? `${proto} ${t.src} ${t.dst} ${t.type} ${t.code} ${t.id}` : `${proto} ${t.src} ${t.dst} ${t.sport} ${t.dport}`;
}

export function tupleHash(seed: number, proto: CtProto, t: CtTuple): number {
  const key = tupleKey(proto, t);
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** reciprocal_scale: the bucket of a hash in a table of `size` buckets. */
export function bucketOf(hash: number, size: number): number {
  return Math.floor((hash * size) / 0x100000000);
}
