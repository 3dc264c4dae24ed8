/**
 * The policy view's matrix for one namespace: who may open a connection to whom, per destination port,
 * by the NetworkPolicy API's semantics (evaluate.ts), with each cell's verdict and its reasons.
 *
 * What it shows, and why a learner needs exactly that:
 * - rows (sources) and columns (destinations) are the namespace's pods — the ones its policies select;
 * - pods of other namespaces appear only where the namespace's policies name their namespace through a
 *   namespaceSelector (as sources for ingress rules, as destinations for egress rules): those are the
 *   pods the learner's rules are about; listing the whole cluster would bury them;
 * - once a pod of the namespace is isolated for egress, the cluster DNS pods appear as destinations,
 *   because an egress default-deny that forgets DNS is the classic mistake and this is where it shows;
 * - "outside" (the address the packet trace uses for a client outside the cluster) is a source once a
 *   pod is isolated for ingress or an ingress rule has an ipBlock, and a destination likewise for egress;
 * - a destination's ports are its containers' declared ports; one that declares none has "any port",
 *   which is allowed only when a rule allows the pair whatever the port (a rule naming ports does not).
 * hostNetwork pods are left out: policies never select them, and their traffic carries the node's address.
 * So is each node's own address: Calico never polices a node's traffic to its own pods, which the cell's
 * explanation says for an ingress-isolated destination instead.
 */
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import { PolicyIndex } from './evaluate';
import type { ConnectionVerdict, Direction, PeerEnd, PolicyProtocol, PolicyRef, PolicyWorld } from './evaluate';

/** The port a cell asks about when the destination declares none: no numbered or named entry matches it. */
export const ANY_PORT = -1;

export interface MatrixPort {
  protocol: PolicyProtocol;
  /** absent: the destination declares no port ("any port", asked as ANY_PORT) */
  port?: number;
  /** the container port's name, when it has one */
  name?: string;
}

export interface MatrixEnd {
  /** `namespace/name` for a pod, `outside` for the address outside the cluster */
  key: string;
  kind: 'pod' | 'outside';
  ip: string;
  namespace?: string;
  name?: string;
  node?: string;
  /** why a pod of another namespace is listed */
  reason?: 'namespaceSelector' | 'dns';
  /** for a destination: the ports asked about */
  ports: MatrixPort[];
}

export interface PolicyMatrix {
  namespace: string;
  /** every namespace, for the picker */
  namespaces: string[];
  /** the namespace's policies, in name order */
  policies: PolicyRef[];
  sources: MatrixEnd[];
  destinations: MatrixEnd[];
  /** cells[source][destination][port of the destination]: an index into `verdicts` (null on the diagonal) */
  cells: (number[] | null)[][];
  /** the distinct verdicts, shared by the cells that have the same one */
  verdicts: ConnectionVerdict[];
}

export interface MatrixOptions {
  /** the address that stands for a client or server outside the cluster */
  outsideIP: string;
  /** the label the cluster DNS pods carry in kube-system (`k8s-app=kube-dns`) */
  dnsLabel?: [string, string];
}

function listed(p: Pod): boolean {
  const phase = p.status?.phase;
  return !p.spec?.hostNetwork && !!p.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed';
}

const keyOf = (p: Pod): string => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
const byKey = (a: MatrixEnd, b: MatrixEnd): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function portsOf(p: Pod): MatrixPort[] {
  const seen = new Set<string>();
  const out: MatrixPort[] = [];
  for (const c of p.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) {
      const protocol = (cp.protocol ?? 'TCP') as PolicyProtocol;
      const k = `${cp.containerPort}/${protocol}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ protocol, port: cp.containerPort, ...(cp.name ? { name: cp.name } : {}) });
    }
  }
  return out.length ? out : [{ protocol: 'TCP' }];
}

function podEnd(p: Pod, reason?: MatrixEnd['reason']): MatrixEnd {
  return { key: keyOf(p), kind: 'pod', ip: p.status!.podIP!, namespace: p.metadata?.namespace ?? 'default', name: p.metadata?.name ?? '', ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}), ...(reason ? { reason } : {}), ports: portsOf(p) };
}

/** A verdict's identity for sharing: cheaper than JSON of it, and the same for equal verdicts. */
function verdictKey(v: ConnectionVerdict): string {
  const dir = (d: ConnectionVerdict['egress']): string => `${d.allowed ? 1 : 0}${d.isolated ? 1 : 0}${d.hostLocal ? 'h' : ''}${d.selectedBy.map((r) => `${r.namespace}/${r.name}`).join(',')}>${(d.allowedBy ?? []).map((r) => `${r.namespace}/${r.name}#${r.rule}`).join(',')}`;
  return `${dir(v.egress)}|${dir(v.ingress)}`;
}

export function buildPolicyMatrix(world: PolicyWorld, namespace: string, opts: MatrixOptions): PolicyMatrix {
  const index = new PolicyIndex(world);
  const pods = world.pods.filter(listed);
  const own = pods.filter((p) => (p.metadata?.namespace ?? 'default') === namespace);
  const isolated = (dir: Direction): boolean => own.some((p) => index.selecting(p, dir).length > 0);
  const outside: MatrixEnd = { key: 'outside', kind: 'outside', ip: opts.outsideIP, ports: [{ protocol: 'TCP' }] };

  const fromNs = index.namespacesNamedBy(namespace, 'Ingress');
  const toNs = index.namespacesNamedBy(namespace, 'Egress');
  fromNs.delete(namespace);
  toNs.delete(namespace);
  const ownEnds = own.map((p) => podEnd(p)).sort(byKey);
  const sources = [...ownEnds, ...pods.filter((p) => fromNs.has(p.metadata?.namespace ?? '')).map((p) => podEnd(p, 'namespaceSelector')).sort(byKey)];
  if (isolated('Ingress') || index.hasIpBlock(namespace, 'Ingress')) sources.push(outside);

  const destinations = [...ownEnds];
  const others = new Map<string, MatrixEnd>();
  for (const p of pods) if (toNs.has(p.metadata?.namespace ?? '')) others.set(keyOf(p), podEnd(p, 'namespaceSelector'));
  const egressIsolated = isolated('Egress');
  if (egressIsolated && namespace !== 'kube-system') {
    const [k, v] = opts.dnsLabel ?? ['k8s-app', 'kube-dns'];
    for (const p of pods) if (p.metadata?.namespace === 'kube-system' && p.metadata.labels?.[k] === v && !others.has(keyOf(p))) others.set(keyOf(p), podEnd(p, 'dns'));
  }
  destinations.push(...[...others.values()].sort(byKey));
  if (egressIsolated || index.hasIpBlock(namespace, 'Egress')) destinations.push(outside);

  const podByKey = new Map(pods.map((p) => [keyOf(p), p]));
  const end = (e: MatrixEnd): PeerEnd => {
    const pod = podByKey.get(e.key);
    return pod ? { ip: e.ip, pod } : { ip: e.ip };
  };
  const verdicts: ConnectionVerdict[] = [];
  const seen = new Map<string, number>();
  const cells = sources.map((s) => {
    const from = end(s);
    return destinations.map((d) => {
      if (s.key === d.key) return null;
      const to = end(d);
      return d.ports.map((port) => {
        const v = index.evaluate({ from, to, protocol: port.protocol, port: port.port ?? ANY_PORT });
        const k = verdictKey(v);
        let i = seen.get(k);
        if (i === undefined) {
          i = verdicts.length;
          verdicts.push(v);
          seen.set(k, i);
        }
        return i;
      });
    });
  });
  const namespaces = world.namespaces.map((n: Namespace) => n.metadata?.name ?? '').filter(Boolean).sort();
  return { namespace, namespaces, policies: [...index.policiesIn(namespace)], sources, destinations, cells, verdicts };
}
