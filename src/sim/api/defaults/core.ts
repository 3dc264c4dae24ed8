/** Defaulting of the smaller core kinds (pkg/apis/core/v1/defaults.go and their registry strategies). */
import type { KObject } from '../../types';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Namespace: the `kubernetes` finalizer, phase Active, and the immutable name label (1.21+). */
export function defaultNamespace(obj: KObject): void {
  const o = obj as Obj;
  const meta = (o.metadata ??= {});
  if (meta.name) (meta.labels ??= {})['kubernetes.io/metadata.name'] = meta.name;
  const spec = (o.spec ??= {});
  if (!spec.finalizers) spec.finalizers = ['kubernetes'];
  const st = (o.status ??= {});
  st.phase ||= 'Active';
}

export function defaultSecret(obj: KObject): void {
  const o = obj as Obj;
  o.type ||= 'Opaque';
  // stringData is write-only: merged into data (base64) and dropped.
  if (o.stringData && typeof o.stringData === 'object') {
    o.data ??= {};
    for (const [k, v] of Object.entries(o.stringData as Record<string, string>)) o.data[k] = base64(String(v));
    delete o.stringData;
  }
}

/** Base64 of the UTF-8 bytes of a string, without DOM helpers (btoa is not in every worker runtime's types). */
export function base64(s: string): string {
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += A[(n >> 18) & 63]! + A[(n >> 12) & 63]! + (b === undefined ? '=' : A[(n >> 6) & 63]!) + (c === undefined ? '=' : A[n & 63]!);
  }
  return out;
}

/** Node: allocatable defaults to capacity (SetDefaults_NodeStatus). */
export function defaultNode(obj: KObject): void {
  const o = obj as Obj;
  const st = o.status;
  if (st && st.capacity && !st.allocatable) st.allocatable = { ...st.capacity };
  o.spec ??= {};
}

export function defaultEndpoints(obj: KObject): void {
  for (const ss of ((obj as Obj).subsets ?? []) as Obj[]) for (const p of (ss.ports ?? []) as Obj[]) p.protocol ||= 'TCP';
}

export function defaultEndpointSlice(obj: KObject): void {
  for (const p of ((obj as Obj).ports ?? []) as Obj[]) {
    p.protocol ||= 'TCP';
    p.name ??= '';
  }
}

export function defaultServiceAccount(_obj: KObject): void {
  // Nothing is defaulted on a ServiceAccount since token secrets stopped being auto-created (1.24).
}
