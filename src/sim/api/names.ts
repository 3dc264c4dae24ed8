/**
 * Generated names the way Kubernetes makes them: generateName suffixes, SafeEncodeString, the
 * pod-template-hash label, and Event names.
 */
import { fnv1a32 } from '../rng';
import type { Stream } from '../rng';

/** util/rand's alphabet: no vowels (no accidental words) and no look-alikes (0/o, 1/l, 3/e). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5 characters the API server appends to metadata.generateName. */
export function generateNameSuffix(stream: Stream): string {
  return stream.string(5, NAME_ALPHABET);
}

/** The name generateName yields: the prefix cut to 58 characters, then the suffix (names are at most 63). */
export function generateName(prefix: string, stream: Stream): string {
  return `${prefix.length > 58 ? prefix.slice(0, 58) : prefix}${generateNameSuffix(stream)}`;
}

/** rand.SafeEncodeString: each character (code point) mapped into the alphabet by its code mod 27. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += NAME_ALPHABET[ch.codePointAt(0)! % NAME_ALPHABET.length];
  return out;
}

/** Canonical JSON: keys sorted, undefined dropped, so equal templates hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** UTF-8 bytes of a string, each as a one-byte char, so fnv1a32 hashes bytes as Go's hasher does. */
function utf8Bytes(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/**
 * controller.ComputeHash: FNV-32a over the template (here its canonical JSON, where the real one hashes a
 * spew dump), then, when a collision count is given, its 8 bytes (uint32 little-endian, zero padded);
 * the decimal sum is SafeEncoded. Gives the familiar 9-10 character shape, e.g. `7854ff8877`.
 */
export function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  let h = fnv1a32(utf8Bytes(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    const bytes = [c & 255, (c >>> 8) & 255, (c >>> 16) & 255, (c >>> 24) & 255, 0, 0, 0, 0];
    h = fnv1a32(String.fromCharCode(...bytes), h);
  }
  return safeEncodeString(String(h));
}

/**
 * Event names: `<object name>.<unix nanoseconds in hex>`, as the event recorder makes them. `atMs` is the
 * virtual time in ms; `extraNanos` (< 1e6) separates events in the same millisecond. Computed exactly
 * (the nanosecond count passes 2^53) and padded to 16 hex digits, the width real timestamps have.
 */
export function eventName(objName: string, atMs: number, extraNanos = 0): string {
  const ms = Math.max(0, Math.floor(atMs));
  const hi = Math.floor(ms / 2 ** 32);
  const lo = ms % 2 ** 32;
  const lowProd = lo * 1e6 + Math.max(0, Math.floor(extraNanos));
  const carry = Math.floor(lowProd / 2 ** 32);
  const lo32 = lowProd % 2 ** 32;
  const hi32 = hi * 1e6 + carry;
  const hex = hi32 > 0 ? hi32.toString(16) + lo32.toString(16).padStart(8, '0') : lo32.toString(16);
  return `${objName}.${hex.padStart(16, '0')}`;
}
