/** --append-hash: the content hash kubectl (and kustomize) suffix a ConfigMap's or Secret's name with. */
import { sha256 } from '../../../sim/digest';
import type { KObject } from '../../../sim/types';

/** Go's json.Marshal of a map: keys sorted, and <, > and & escaped. */
function goJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (typeof x !== 'object' || x === null) return x;
    return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])]));
  };
  return JSON.stringify(sorted(v)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The first ten hex digits of the SHA-256, with the letters that could spell words swapped out. */
export function contentHash(obj: KObject): string {
  const o = obj as { kind: string; metadata: { name: string }; data?: Record<string, string>; binaryData?: Record<string, string>; type?: string };
  const encoded: Record<string, unknown> = { kind: o.kind, name: o.metadata.name, data: o.data ?? {} };
  if (o.kind === 'ConfigMap' && o.binaryData && Object.keys(o.binaryData).length > 0) encoded.binaryData = o.binaryData;
  if (o.kind === 'Secret') encoded.type = o.type ?? '';
  const hex = [...sha256(goJson(encoded))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}
