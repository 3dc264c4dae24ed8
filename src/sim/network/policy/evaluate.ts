/**
 * The networking.k8s.io/v1 NetworkPolicy semantics as a pure function: given the policies, namespaces
 * and pods, is one connection allowed, and why. It is what the API promises, not what a dataplane does —
 * the policy view draws it under any CNI, and canal's felix must agree with it where it enforces.
 *
 * The rules, per the API's documentation:
 * - a policy selects the pods of its own namespace that match `spec.podSelector` (`{}`: all of them);
 *   hostNetwork pods are never selected (they are not workload endpoints);
 * - `policyTypes` says which directions it governs; left empty, Ingress always, and Egress too when
 *   the policy has egress rules (the API server writes that default on create);
 * - a pod is isolated for a direction when some policy that governs the direction selects it; an
 *   isolated pod gets exactly what the union of those policies' rules allows (policies only add);
 * - a rule matches when one of its peers matches the other end and one of its ports matches the
 *   destination port; an absent or empty `from`/`to` matches every peer, absent or empty `ports` every
 *   port;
 * - a peer's podSelector alone means pods of the policy's namespace; namespaceSelector alone all pods of
 *   the matching namespaces (`{}`: every namespace); both together, the matching pods of the matching
 *   namespaces; ipBlock a CIDR minus its `except` CIDRs. The API leaves open whether ipBlock matches pod
 *   addresses; Calico (canal's enforcer) matches it as a plain CIDR on the packet's address, pods included,
 *   so this does too. A peer that is not a pod (outside, or a hostNetwork pod whose traffic carries its
 *   node's address) can only match an ipBlock;
 * - a port entry's protocol defaults to TCP; no `port` means every port of the protocol; a named port is
 *   resolved on the destination pod's containers (the selected pod for ingress, the peer for egress; an
 *   address outside has no named ports); `endPort` makes a numeric port a range.
 * A connection is allowed when the source's egress and the destination's ingress both allow it.
 *
 * One thing the API leaves to the implementation, modelled as Calico does it: a node's own traffic to
 * the pods on that node is never policed (felix's cali-OUTPUT returns before any workload chain for
 * packets out of a `cali` interface), so kubelet probes and hostNetwork pods reach a pod on their node
 * under any ingress policy. That is the ingress side only: traffic from a pod to its own node passes
 * the pod's egress policies (felix's cali-wl-to-host) before canal's DefaultEndpointToHostAction ACCEPT,
 * and the node's address matches only an ipBlock there. A host end on another node arrives through the
 * FORWARD chain and is policed like any other address.
 */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { selectorFromLabelSelector } from '../../api/labels';
import type { Selector } from '../../api/labels';
import { netContains, parseCIDR, parseIPv4 } from '../ipv4';
import type { IPv4Net } from '../ipv4';

export interface PolicyWorld {
  policies: readonly NetworkPolicy[];
  namespaces: readonly Namespace[];
  pods: readonly Pod[];
}

/** One end of a connection: a pod, or an address outside the pod network (matched by ipBlock only). */
export interface PeerEnd {
  ip: string;
  pod?: Pod;
  /**
   * The node the end is on, when it is a node's own address or a hostNetwork pod: traffic from it to a
   * pod on the same node is not policed (see the file's comment). A pod's node is its spec.nodeName.
   */
  node?: string;
}

export type PolicyProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface Connection {
  from: PeerEnd;
  to: PeerEnd;
  protocol: PolicyProtocol;
  port: number;
}

export interface PolicyRef {
  namespace: string;
  name: string;
}

export interface DirectionVerdict {
  /** some policy selects the pod for this direction */
  isolated: boolean;
  /** the policies that select the pod for this direction, by namespace and name */
  selectedBy: PolicyRef[];
  /** when isolated: every rule that allows the connection (0-based rule index) */
  allowedBy?: (PolicyRef & { rule: number })[];
  /** allowed without a rule: the far end is the selected pod's own node, which Calico does not police */
  hostLocal?: true;
  allowed: boolean;
}

export interface ConnectionVerdict {
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  allowed: boolean;
}

export type Direction = 'Ingress' | 'Egress';

/** The directions a policy governs: its policyTypes, or the API server's default when it has none. */
export function policyTypesOf(p: NetworkPolicy): Direction[] {
  const explicit = (p.spec?.policyTypes ?? []).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if ((p.spec?.policyTypes ?? []).length > 0) return explicit;
  return (p.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** A selector that never throws: a selector the API would have refused matches nothing. */
function safeSelector(ls: LabelSelector | undefined): Selector | undefined {
  if (!ls) return undefined;
  try {
    return selectorFromLabelSelector(ls);
  } catch {
    return selectorFromLabelSelector(null);
  }
}

interface CompiledBlock {
  net: IPv4Net;
  except: IPv4Net[];
}

interface CompiledPeer {
  pods?: Selector;
  namespaces?: Selector;
  block?: CompiledBlock;
}

interface CompiledRule {
  /** undefined: every peer */
  peers?: CompiledPeer[];
  /** undefined: every port */
  ports?: readonly NetworkPolicyPort[];
}

interface CompiledPolicy {
  ref: PolicyRef;
  pods: Selector;
  ingress?: CompiledRule[];
  egress?: CompiledRule[];
}

function compileBlock(cidr: string, except: readonly string[] | undefined): CompiledBlock | undefined {
  const net = parseCIDR(cidr, { sloppy: true })?.net;
  if (!net) return undefined;
  return { net, except: (except ?? []).map((e) => parseCIDR(e, { sloppy: true })?.net).filter((n): n is IPv4Net => !!n) };
}

function compilePeers(peers: readonly NetworkPolicyPeer[] | undefined): CompiledPeer[] | undefined {
  if (!peers || peers.length === 0) return undefined;
  return peers.map((p) => {
    const c: CompiledPeer = {};
    const pods = safeSelector(p.podSelector);
    const namespaces = safeSelector(p.namespaceSelector);
    if (pods) c.pods = pods;
    if (namespaces) c.namespaces = namespaces;
    if (p.ipBlock) {
      const b = compileBlock(p.ipBlock.cidr, p.ipBlock.except);
      if (b) c.block = b;
    }
    return c;
  });
}

function compileRules(rules: readonly { from?: readonly NetworkPolicyPeer[]; to?: readonly NetworkPolicyPeer[]; ports?: readonly NetworkPolicyPort[] }[] | undefined, side: 'from' | 'to'): CompiledRule[] {
  return (rules ?? []).map((r) => {
    const c: CompiledRule = {};
    const peers = compilePeers(r[side]);
    if (peers) c.peers = peers;
    if (r.ports && r.ports.length > 0) c.ports = r.ports;
    return c;
  });
}

function compilePolicy(p: NetworkPolicy): CompiledPolicy {
  const types = policyTypesOf(p);
  const c: CompiledPolicy = {
    ref: { namespace: p.metadata?.namespace ?? 'default', name: p.metadata?.name ?? '' },
    // podSelector is required; `{}` selects every pod of the namespace.
    pods: safeSelector(p.spec?.podSelector ?? {}) ?? selectorFromLabelSelector({}),
  };
  if (types.includes('Ingress')) c.ingress = compileRules(p.spec?.ingress, 'from');
  if (types.includes('Egress')) c.egress = compileRules(p.spec?.egress, 'to');
  return c;
}

/**
 * The world prepared once for many questions: selectors parsed, namespace labels by name, policies
 * grouped by namespace and sorted by name (the order the verdict lists them in).
 */
export class PolicyIndex {
  private readonly byNamespace = new Map<string, CompiledPolicy[]>();
  private readonly nsLabels = new Map<string, Record<string, string>>();
  /** per pod object, the policies selecting it per direction: the matrix asks about each pod many times */
  private readonly selected = { Ingress: new WeakMap<Pod, CompiledPolicy[]>(), Egress: new WeakMap<Pod, CompiledPolicy[]>() };

  constructor(world: PolicyWorld) {
    for (const ns of world.namespaces) if (ns.metadata?.name) this.nsLabels.set(ns.metadata.name, { ...(ns.metadata.labels ?? {}) });
    const sorted = [...world.policies].sort((a, b) => cmp(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') || cmp(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    for (const p of sorted) {
      const c = compilePolicy(p);
      const list = this.byNamespace.get(c.ref.namespace) ?? [];
      list.push(c);
      this.byNamespace.set(c.ref.namespace, list);
    }
  }

  /** The policies that select the pod for a direction (none for a hostNetwork pod). */
  selecting(pod: Pod | undefined, dir: Direction): CompiledPolicy[] {
    if (!pod || pod.spec?.hostNetwork) return [];
    const cached = this.selected[dir].get(pod);
    if (cached) return cached;
    const list = this.byNamespace.get(pod.metadata?.namespace ?? 'default') ?? [];
    const out = list.filter((p) => (dir === 'Ingress' ? p.ingress : p.egress) !== undefined && p.pods.matches(pod.metadata?.labels));
    this.selected[dir].set(pod, out);
    return out;
  }

  /** Every policy of a namespace, in name order. */
  policiesIn(namespace: string): readonly PolicyRef[] {
    return (this.byNamespace.get(namespace) ?? []).map((p) => p.ref);
  }

  /** The namespaces a policy of `namespace` names through a namespaceSelector, per direction. */
  namespacesNamedBy(namespace: string, dir: Direction): Set<string> {
    const out = new Set<string>();
    for (const p of this.byNamespace.get(namespace) ?? []) {
      for (const r of (dir === 'Ingress' ? p.ingress : p.egress) ?? []) {
        for (const peer of r.peers ?? []) {
          if (!peer.namespaces) continue;
          for (const [ns, labels] of this.nsLabels) if (peer.namespaces.matches(labels)) out.add(ns);
        }
      }
    }
    return out;
  }

  /** Whether a policy of `namespace` has an ipBlock peer in the direction. */
  hasIpBlock(namespace: string, dir: Direction): boolean {
    return (this.byNamespace.get(namespace) ?? []).some((p) => ((dir === 'Ingress' ? p.ingress : p.egress) ?? []).some((r) => (r.peers ?? []).some((peer) => peer.block !== undefined)));
  }

  private peerMatches(peer: CompiledPeer, policyNs: string, other: PeerEnd): boolean {
    if (peer.block) {
      const ip = parseIPv4(other.ip);
      return ip !== undefined && netContains(peer.block.net, ip) && !peer.block.except.some((e) => netContains(e, ip));
    }
    // Pod and namespace selectors name pods; an address outside, or a hostNetwork pod's node address, is no pod.
    const pod = other.pod;
    if (!pod || pod.spec?.hostNetwork) return false;
    const podNs = pod.metadata?.namespace ?? 'default';
    if (peer.namespaces) {
      if (!peer.namespaces.matches(this.nsLabels.get(podNs) ?? {})) return false;
    } else if (podNs !== policyNs) {
      return false;
    }
    if (peer.pods && !peer.pods.matches(pod.metadata?.labels)) return false;
    return peer.pods !== undefined || peer.namespaces !== undefined;
  }

  /** Decides one direction: `subject` is the pod the policies select, `other` the far end. */
  direction(dir: Direction, subject: PeerEnd, other: PeerEnd, c: Connection): DirectionVerdict {
    const selecting = this.selecting(subject.pod, dir);
    const selectedBy = selecting.map((p) => p.ref);
    if (selecting.length === 0) return { isolated: false, selectedBy, allowed: true };
    if (dir === 'Ingress' && fromOwnNode(other, subject)) return { isolated: true, selectedBy, allowedBy: [], hostLocal: true, allowed: true };
    // Named ports are the destination's: the selected pod for ingress, the far end for egress.
    const destination = dir === 'Ingress' ? subject.pod : other.pod;
    const allowedBy: (PolicyRef & { rule: number })[] = [];
    for (const p of selecting) {
      const rules = (dir === 'Ingress' ? p.ingress : p.egress) ?? [];
      rules.forEach((r, i) => {
        const peerOk = !r.peers || r.peers.some((peer) => this.peerMatches(peer, p.ref.namespace, other));
        if (peerOk && (!r.ports || r.ports.some((port) => portMatches(port, c.protocol, c.port, destination)))) allowedBy.push({ ...p.ref, rule: i });
      });
    }
    return { isolated: true, selectedBy, allowedBy, allowed: allowedBy.length > 0 };
  }

  evaluate(c: Connection): ConnectionVerdict {
    const egress = this.direction('Egress', c.from, c.to, c);
    const ingress = this.direction('Ingress', c.to, c.from, c);
    return { egress, ingress, allowed: egress.allowed && ingress.allowed };
  }
}

/** Whether `other` is the node `subject` (a pod) runs on: its address, or a hostNetwork pod there. */
function fromOwnNode(other: PeerEnd, subject: PeerEnd): boolean {
  if (other.pod && !other.pod.spec?.hostNetwork) return false;
  const otherNode = other.node ?? other.pod?.spec?.nodeName;
  const subjectNode = subject.node ?? subject.pod?.spec?.nodeName;
  return otherNode !== undefined && otherNode === subjectNode;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The number a named port stands for on a pod: its containers' port of that name and protocol. */
export function resolveNamedPort(pod: Pod | undefined, name: string, protocol: PolicyProtocol): number | undefined {
  for (const ctr of pod?.spec?.containers ?? []) {
    for (const p of ctr.ports ?? []) if (p.name === name && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export function portMatches(entry: NetworkPolicyPort, protocol: PolicyProtocol, port: number, destination: Pod | undefined): boolean {
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined || entry.port === null) return true;
  if (typeof entry.port === 'string') {
    // A numeric string is not a name: the API keeps int-or-string as written, but validation refuses it.
    const n = resolveNamedPort(destination, entry.port, protocol);
    return n !== undefined && n === port;
  }
  if (entry.endPort !== undefined && entry.endPort !== null) return port >= entry.port && port <= entry.endPort;
  return port === entry.port;
}

/** Is the connection allowed by the policies, and by which rules (see the file's comment). */
export function evaluateConnection(world: PolicyWorld, c: Connection): ConnectionVerdict {
  return new PolicyIndex(world).evaluate(c);
}
