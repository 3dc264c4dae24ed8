/** The ReplicaSets a Deployment owns, split the way the deployment controller (and describe) does. */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Client } from '../../sim/client/types';
import type { KObject } from '../../sim/types';

function listItems<T>(client: Client, resource: string, ns: string | undefined): T[] {
  try {
    return client.list(resource, ns).items as unknown as T[];
  } catch {
    return [];
  }
}

export function revisionOf(o: KObject): number {
  const v = Number(o.metadata?.annotations?.['deployment.kubernetes.io/revision']);
  return Number.isFinite(v) ? v : 0;
}

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Template equality ignoring the pod-template-hash label, as the deployment controller compares. */
export function templatesEqual(a: unknown, b: unknown): boolean {
  const strip = (t: unknown): string => {
    const c = JSON.parse(JSON.stringify(t ?? {})) as { metadata?: { labels?: Record<string, string> } };
    if (c.metadata?.labels) {
      delete c.metadata.labels['pod-template-hash'];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return stableJson(c);
  };
  return strip(a) === strip(b);
}

/** The ReplicaSets a Deployment owns, split into the new one (template matches) and the old ones. */
export function deploymentReplicaSets(client: Client, d: Deployment & KObject): { oldRSs: ReplicaSet[]; newRS?: ReplicaSet; all: ReplicaSet[] } {
  const all = listItems<ReplicaSet>(client, 'replicasets', d.metadata?.namespace).filter((rs) =>
    (rs.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata?.uid),
  );
  // the newest matching RS is the new one (ties broken by creation time, as the controller does)
  const sorted = [...all].sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const newRS = sorted.find((rs) => templatesEqual(rs.spec?.template, d.spec?.template));
  const oldRSs = all.filter((rs) => rs !== newRS);
  return { oldRSs, newRS, all };
}
