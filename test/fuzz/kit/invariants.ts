/**
 * What must hold in any cluster, whatever was thrown at it: checked after a run has had time to
 * settle. Each check returns the violations it found, as sentences.
 */
import type { Cluster } from '../../../src/sim/cluster';
import { Kubelet } from '../../../src/sim/node/kubelet';
import { apiVersionOf } from '../../../src/sim/api/registry';
import type { KObject, StoredObject } from '../../../src/sim/types';
import type { Pod } from 'kubernetes-types/core/v1';
import { DEFAULT_GC_RESOURCES } from '../../../src/sim/controllers/garbagecollector';

type Obj = KObject & StoredObject;

/** The checker reads from outside the cluster: an observer, neither authorized nor audited, so it changes nothing a run would show. */
function list(cluster: Cluster, plural: string): Obj[] {
  return cluster.api.observe(() => cluster.client().list<Obj>(plural, undefined).items);
}

const podName = (p: Obj): string => `${p.metadata.namespace}/${p.metadata.name}`;

/**
 * One node per pod: a pod runs on at most one kubelet, that kubelet is its spec.nodeName's, and a pod
 * a controller made (the scheduler bound it) names a node that exists.
 */
export function onePodOneNode(cluster: Cluster): string[] {
  const out: string[] = [];
  const nodes = new Set(list(cluster, 'nodes').map((n) => n.metadata.name));
  const kubelets = cluster.components.filter((c): c is Kubelet => c instanceof Kubelet);
  for (const p of list(cluster, 'pods') as (Pod & Obj)[]) {
    const node = p.spec?.nodeName ?? '';
    const holders = kubelets.filter((k) => {
      const rec = k.podRecord(p.metadata.namespace ?? '', p.metadata.name);
      return rec !== undefined && rec.uid === p.metadata.uid && (rec.stage === 'running' || rec.stage === 'starting');
    });
    if (holders.length > 1) out.push(`pod ${podName(p)} runs on ${holders.length} kubelets: ${holders.map((k) => k.nodeName).join(', ')}`);
    if (holders.length === 1 && holders[0]!.nodeName !== node) out.push(`pod ${podName(p)} is bound to "${node}" but runs on ${holders[0]!.nodeName}`);
    if (node && (p.metadata.ownerReferences ?? []).length > 0 && !nodes.has(node) && !p.metadata.deletionTimestamp) out.push(`pod ${podName(p)} is bound to node "${node}", which does not exist`);
  }
  return out;
}

/** Pod IPs are unique among running pods that have their own network namespace. */
export function uniquePodIPs(cluster: Cluster): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  for (const p of list(cluster, 'pods') as (Pod & Obj)[]) {
    if (p.spec?.hostNetwork || p.status?.phase !== 'Running') continue;
    for (const ip of new Set([p.status.podIP, ...(p.status.podIPs ?? []).map((x) => x.ip)].filter(Boolean) as string[])) {
      const other = seen.get(ip);
      if (other) out.push(`pods ${other} and ${podName(p)} both have IP ${ip}`);
      else seen.set(ip, podName(p));
    }
  }
  return out;
}

/**
 * No orphans: once the garbage collector has had time, no object it watches names, in its
 * ownerReferences, an owner of a served kind that does not exist (with that UID).
 */
export function noOrphans(cluster: Cluster): string[] {
  const out: string[] = [];
  const registry = cluster.api.registry;
  const byUid = new Map<string, Obj>();
  const watched = DEFAULT_GC_RESOURCES.map((r) => r.split('.')[0]!);
  const all = registry.all();
  for (const r of all) {
    if (!r.def.plural || r.def.plural === 'events') continue;
    try {
      for (const o of list(cluster, r.def.plural)) byUid.set(o.metadata.uid, o);
    } catch {
      // A kind that cannot be listed (a virtual resource) owns nothing.
    }
  }
  for (const o of byUid.values()) {
    const plural = all.find((r) => r.def.kind === o.kind && apiVersionOf(r.def) === o.apiVersion)?.def.plural;
    if (!plural || !watched.includes(plural) || o.metadata.deletionTimestamp) continue;
    for (const ref of o.metadata.ownerReferences ?? []) {
      const kindServed = all.some((r) => r.def.kind === ref.kind && apiVersionOf(r.def) === ref.apiVersion);
      if (!kindServed) continue;
      const owner = byUid.get(ref.uid);
      if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) {
        out.push(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name} is owned by ${ref.kind} ${ref.name} (uid ${ref.uid}), which does not exist`);
      }
    }
  }
  return out;
}

interface Counted {
  metadata: Obj['metadata'];
  spec?: { replicas?: number };
  status?: { replicas?: number; observedGeneration?: number };
}

/**
 * Controllers converge on their own counts: every Deployment and ReplicaSet has observed its latest
 * generation, a ReplicaSet's status counts the active pods it owns, and — where creation at the
 * controller manager's pace could have finished — it owns spec.replicas of them.
 */
export function controllersConverged(cluster: Cluster, paceLimit = 200): string[] {
  const out: string[] = [];
  const pods = list(cluster, 'pods') as (Pod & Obj)[];
  const activeByOwner = new Map<string, number>();
  for (const p of pods) {
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const ref = (p.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (ref) activeByOwner.set(ref.uid, (activeByOwner.get(ref.uid) ?? 0) + 1);
  }
  for (const plural of ['deployments', 'replicasets']) {
    for (const o of list(cluster, plural) as unknown as Counted[]) {
      if (o.metadata.deletionTimestamp) continue;
      const name = `${plural.slice(0, -1)} ${o.metadata.namespace}/${o.metadata.name}`;
      if ((o.status?.observedGeneration ?? 0) < (o.metadata.generation ?? 0)) out.push(`${name} has not observed generation ${o.metadata.generation} (status says ${o.status?.observedGeneration ?? 0})`);
      if (plural !== 'replicasets') continue;
      const active = activeByOwner.get(o.metadata.uid) ?? 0;
      if ((o.status?.replicas ?? 0) !== active) out.push(`${name} reports ${o.status?.replicas ?? 0} replicas but owns ${active} active pods`);
      const want = o.spec?.replicas ?? 1;
      if (want <= paceLimit && active !== want) out.push(`${name} wants ${want} replicas but owns ${active} active pods`);
    }
  }
  return out;
}

/** Every invariant, for a settled cluster. */
/**
 * No component panicked: bad input is refused where it enters, so a throw anywhere in the cluster
 * (contained as its process crashing, cluster.panics) is a bug the input found.
 */
export function noPanics(cluster: Cluster): string[] {
  return cluster.panics.map((p) => `${p.process} panicked at ${p.atMs} ms: ${p.message}`);
}

export function invariants(cluster: Cluster, opts: { paceLimit?: number } = {}): string[] {
  return [...noPanics(cluster), ...onePodOneNode(cluster), ...uniquePodIPs(cluster), ...noOrphans(cluster), ...controllersConverged(cluster, opts.paceLimit)];
}
