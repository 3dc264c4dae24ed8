/**
 * The pod-template-hash, behind one function so the controllers share one definition.
 * (controller.ComputeHash: FNV-32a over the template, plus the collision count, printed in decimal and
 * passed through rand.SafeEncodeString.)
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { fnv1a32 } from '../../rng';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv1a32(canonical(template ?? {}));
  if (collisionCount !== undefined && collisionCount !== null) {
    let c = collisionCount >>> 0;
    let s = '';
    for (let i = 0; i < 4; i++) {
      s += String.fromCharCode(c & 0xff);
      c >>>= 8;
    }
    h = fnv1a32(s, h);
  }
  let out = '';
  for (const ch of String(h)) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}
