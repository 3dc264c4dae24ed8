/**
 * A Kubernetes NetworkPolicy as felix sees it after libcalico-go's conversion
 * (lib/backend/k8s/conversion): a Calico policy `knp.default.<name>` in the policy's namespace, order
 * 1000, selecting `projectcalico.org/orchestrator == 'k8s' && <podSelector>`, with its types
 * (spec.policyTypes, else Ingress plus Egress when egress rules exist) and one Allow rule per peer and
 * protocol of each ingress/egress rule:
 * - no `from`/`to` is any peer; a podSelector alone selects pods of the policy's namespace; a
 *   namespaceSelector selects pods of the namespaces it selects (felix matches those labels as
 *   `pcns.<key>`), both together pods matching both; an ipBlock is `nets` with `notNets` for `except`;
 * - ports group by protocol (TCP when unset); a numeric port with endPort is a range; a named port is
 *   resolved per pod by felix (a named-port ipset);
 * - no ports: every protocol and port.
 * Each rule remembers which Kubernetes rule it came from, for the packet trace.
 */
import type * as networking from 'kubernetes-types/networking/v1';
import type { LabelSelector, Mutable } from '../../types';

export type NetworkPolicy = Mutable<networking.NetworkPolicy>;
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Which pods a selector peer means: its namespace scope and its pod labels. */
export interface SelectorSpec {
  /** the policy's own namespace (a podSelector alone), or the namespaces a namespaceSelector selects */
  readonly ns: { readonly kind: 'same'; readonly name: string } | { readonly kind: 'selector'; readonly sel: LabelSelector };
  /** undefined: every pod in scope */
  readonly pods?: LabelSelector;
  /** felix's selector text for it, also the key of its ipset */
  readonly key: string;
}

export type Peer =
  | { readonly kind: 'any' }
  | { readonly kind: 'selector'; readonly sel: SelectorSpec }
  | { readonly kind: 'nets'; readonly net: string; readonly except: readonly string[] };

export type PortSpec = { readonly kind: 'range'; readonly lo: number; readonly hi: number } | { readonly kind: 'named'; readonly name: string };

export interface CalicoRule {
  /** 0-based index of the Kubernetes rule in its direction */
  readonly k8sRule: number;
  readonly peer: Peer;
  readonly protocol?: Protocol;
  /** absent: every port */
  readonly ports?: readonly PortSpec[];
}

export interface CalicoPolicy {
  /** `knp.default.<name>` */
  readonly name: string;
  readonly namespace: string;
  readonly k8sName: string;
  readonly selector: LabelSelector;
  readonly types: readonly ('ingress' | 'egress')[];
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
}

/** A label selector in Calico's selector syntax, keys prefixed (`pcns.` for namespace labels). */
export function selectorText(ls: LabelSelector | undefined, prefix = ''): string {
  if (!ls) return '';
  const parts: string[] = [];
  for (const k of Object.keys(ls.matchLabels ?? {}).sort()) parts.push(`${prefix}${k} == '${ls.matchLabels![k]}'`);
  for (const e of ls.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().map((v) => `'${v}'`).join(', ');
    if (e.operator === 'In') parts.push(`${prefix}${e.key} in { ${vals} }`);
    else if (e.operator === 'NotIn') parts.push(`${prefix}${e.key} not in { ${vals} }`);
    else if (e.operator === 'Exists') parts.push(`has(${prefix}${e.key})`);
    else parts.push(`! has(${prefix}${e.key})`);
  }
  return parts.join(' && ');
}

const K8S = "projectcalico.org/orchestrator == 'k8s'";

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' && ');
}

function peerOf(policyNs: string, p: networking.NetworkPolicyPeer): Peer {
  if (p.ipBlock) return { kind: 'nets', net: p.ipBlock.cidr, except: [...(p.ipBlock.except ?? [])] };
  const pods = p.podSelector as LabelSelector | undefined;
  const podText = join(K8S, selectorText(pods));
  if (p.namespaceSelector) {
    const sel = p.namespaceSelector as LabelSelector;
    const nsText = selectorText(sel, 'pcns.');
    return { kind: 'selector', sel: { ns: { kind: 'selector', sel }, ...(pods ? { pods } : {}), key: `(${podText}) && (${nsText || 'all()'})` } };
  }
  return { kind: 'selector', sel: { ns: { kind: 'same', name: policyNs }, ...(pods ? { pods } : {}), key: `(${podText}) && projectcalico.org/namespace == '${policyNs}'` } };
}

function portGroups(ports: readonly networking.NetworkPolicyPort[] | undefined): { protocol?: Protocol; ports?: PortSpec[] }[] {
  if (!ports || ports.length === 0) return [{}];
  const byProto = new Map<Protocol, PortSpec[] | undefined>();
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP') as Protocol;
    if (!byProto.has(proto)) byProto.set(proto, []);
    const list = byProto.get(proto);
    if (p.port === undefined) {
      // a protocol without a port: every port of it
      byProto.set(proto, undefined);
      continue;
    }
    if (!list) continue;
    if (typeof p.port === 'string') list.push({ kind: 'named', name: p.port });
    else list.push({ kind: 'range', lo: p.port, hi: p.endPort ?? p.port });
  }
  return [...byProto].map(([protocol, list]) => ({ protocol, ...(list ? { ports: list } : {}) }));
}

function rulesOf(ns: string, rules: readonly { peers?: networking.NetworkPolicyPeer[]; ports?: networking.NetworkPolicyPort[] }[]): CalicoRule[] {
  const out: CalicoRule[] = [];
  rules.forEach((r, i) => {
    const peers: Peer[] = r.peers && r.peers.length > 0 ? r.peers.map((p) => peerOf(ns, p)) : [{ kind: 'any' }];
    for (const peer of peers) for (const g of portGroups(r.ports)) out.push({ k8sRule: i, peer, ...g });
  });
  return out;
}

/** The Calico policy a NetworkPolicy converts to. */
export function convertPolicy(np: NetworkPolicy): CalicoPolicy {
  const ns = np.metadata?.namespace ?? 'default';
  const name = np.metadata?.name ?? '';
  const spec: NonNullable<NetworkPolicy['spec']> = np.spec ?? { podSelector: {} };
  const ing = spec.ingress ?? [];
  const eg = spec.egress ?? [];
  const types: ('ingress' | 'egress')[] = spec.policyTypes
    ? (['ingress', 'egress'] as const).filter((t) => spec.policyTypes!.some((x) => x.toLowerCase() === t))
    : eg.length > 0 ? ['ingress', 'egress'] : ['ingress'];
  return {
    name: `knp.default.${name}`,
    namespace: ns,
    k8sName: name,
    selector: (spec.podSelector ?? {}) as LabelSelector,
    types,
    ingress: types.includes('ingress') ? rulesOf(ns, ing.map((r) => ({ ...(r.from ? { peers: r.from } : {}), ...(r.ports ? { ports: r.ports } : {}) }))) : [],
    egress: types.includes('egress') ? rulesOf(ns, eg.map((r) => ({ ...(r.to ? { peers: r.to } : {}), ...(r.ports ? { ports: r.ports } : {}) }))) : [],
  };
}
