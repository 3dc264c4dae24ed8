/**
 * The policy view's words for one cell: its verdict, each direction's reason (which policies isolate the
 * pod, which rule allows the connection, or that nothing selects the pod), and the packet trace the
 * cell stands for. Rule numbers are 1-based here, as the packet trace prints them.
 */
import type { DirectionVerdict, MatrixEnd, MatrixPort, PolicyMatrix, PolicyRef } from '../../worker/protocol';
import type { MessageKey, Params } from '../i18n';

type T = (key: MessageKey, params?: Params) => string;

/** The port a trace uses for a destination that declares none. */
const TRACE_ANY_PORT = 80;

export function endName(e: MatrixEnd, namespace: string, t: T): string {
  if (e.kind === 'outside') return t('policy.outside');
  return e.namespace === namespace ? (e.name ?? e.key) : e.key;
}

export function portLabel(p: MatrixPort, t: T): string {
  return p.port === undefined ? t('policy.anyPort') : p.protocol === 'TCP' ? String(p.port) : `${p.port}/${p.protocol}`;
}

const policyName = (r: PolicyRef): string => `${r.namespace}/${r.name}`;

function direction(dir: 'Egress' | 'Ingress', v: DirectionVerdict, self: MatrixEnd, name: string, t: T): string {
  if (self.kind !== 'pod') return t(dir === 'Egress' ? 'policy.notPodEgress' : 'policy.notPodIngress', { end: name });
  if (!v.isolated) return t(dir === 'Egress' ? 'policy.openEgress' : 'policy.openIngress', { pod: name });
  const policies = v.selectedBy.map(policyName).join(', ');
  if (!v.allowed) return t(dir === 'Egress' ? 'policy.deniedEgress' : 'policy.deniedIngress', { pod: name, policies });
  const rules = (v.allowedBy ?? []).map((r) => t(dir === 'Egress' ? 'policy.ruleEgress' : 'policy.ruleIngress', { policy: policyName(r), rule: r.rule + 1 })).join(', ');
  return t(dir === 'Egress' ? 'policy.allowedEgress' : 'policy.allowedIngress', { pod: name, policies, rules });
}

export interface CellText {
  verdict: string;
  allowed: boolean;
  egress: string;
  ingress: string;
  /** for a destination isolated for ingress: that its own node still reaches it (Calico does not police that) */
  hostLocal?: string;
}

/** The explanation of cell (source s, destination d, port p of d); undefined on the diagonal. */
export function cellText(m: PolicyMatrix, s: number, d: number, p: number, t: T): CellText | undefined {
  const idx = m.cells[s]?.[d]?.[p];
  const src = m.sources[s];
  const dst = m.destinations[d];
  const port = dst?.ports[p];
  if (idx === undefined || !src || !dst || !port) return undefined;
  const v = m.verdicts[idx]!;
  const from = endName(src, m.namespace, t);
  const to = endName(dst, m.namespace, t);
  const portText = port.port === undefined ? t('policy.anyPort') : `${port.port}/${port.protocol}`;
  return {
    verdict: t('policy.verdict', { from, to, port: portText, verdict: t(v.allowed ? 'policy.allowed' : 'policy.denied') }),
    allowed: v.allowed,
    egress: direction('Egress', v.egress, src, from, t),
    ingress: direction('Ingress', v.ingress, dst, to, t),
    ...(dst.kind === 'pod' && dst.node && v.ingress.isolated ? { hostLocal: t('policy.hostLocal', { node: dst.node, pod: to }) } : {}),
  };
}

/** The packet trace a cell stands for: a pod by key or `external`, to the destination's address and port. */
export function cellTrace(m: PolicyMatrix, s: number, d: number, p: number): { source: string; dest: string } | undefined {
  const src = m.sources[s];
  const dst = m.destinations[d];
  const port = dst?.ports[p];
  if (!src || !dst || !port) return undefined;
  const suffix = port.protocol === 'UDP' ? '/udp' : '';
  return { source: src.kind === 'outside' ? 'external' : src.key, dest: `${dst.ip}:${port.port ?? TRACE_ANY_PORT}${suffix}` };
}
