/**
 * The name suffix kustomize (v5, as kubectl 1.31 embeds it) gives a generated ConfigMap or Secret:
 * sha256 over a JSON encoding of the object's kind, name and data (keys in order, as Go's
 * json.Marshal writes a map, with its HTML escaping), of which the first 10 hex digits are kept with
 * 0 1 3 a e spelt g h k m t, so the suffix never reads as a number or a word. kustomize v5 hashes the
 * generated object before its name is set: the build passes '' for the name.
 */
import { sha256 as digest } from '../../sim/digest';

/** Go's json.Marshal of a string: JSON with <, >, & and the line separators escaped. */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's json.Marshal of map[string]interface{} (sorted keys) for the values a hash encodes. */
function goJson(v: unknown): string {
  if (typeof v === 'string') return goString(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${goString(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

function encode(hex: string): string {
  const spell: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => spell[c] ?? c).join('');
}

const sha256 = (s: string): string => [...digest(s)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The suffix of a generated ConfigMap (one without data hashes its data as the empty string, as kustomize reads the missing field). */
export function configMapHash(name: string, data: Record<string, string> | '', binaryData?: Record<string, string>): string {
  const m: Record<string, unknown> = { kind: 'ConfigMap', name, data };
  if (binaryData && Object.keys(binaryData).length > 0) m.binaryData = binaryData;
  return encode(sha256(goJson(m)));
}

/** The suffix of a generated Secret (`data` values base64, as the object holds them). */
export function secretHash(name: string, type: string, data: Record<string, string>): string {
  return encode(sha256(goJson({ kind: 'Secret', type, name, data })));
}
