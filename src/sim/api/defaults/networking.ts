/**
 * NetworkPolicy defaulting (pkg/apis/networking/v1/defaults.go): a port entry's protocol is TCP when
 * unset, and a policy without policyTypes governs Ingress, plus Egress when it has egress rules — so the
 * stored object (and `describe`) always names its directions.
 */
import type { KObject } from '../../types';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defaultNetworkPolicy(obj: KObject): void {
  const spec = ((obj as Obj).spec ??= {}) as Obj;
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])] as Obj[]) {
    for (const p of (rule?.ports ?? []) as Obj[]) if (p && (p.protocol === undefined || p.protocol === null)) p.protocol = 'TCP';
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}
