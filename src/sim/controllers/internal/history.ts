/**
 * ControllerRevision bookkeeping shared by the StatefulSet and DaemonSet controllers
 * (pkg/controller/history): a revision is a snapshot of the owner's pod template, named
 * `<owner>-<hash>`, numbered 1, 2, … in creation order; an equal template reuses (and renumbers) the
 * revision it matches; non-live revisions beyond revisionHistoryLimit are deleted, oldest first.
 */
import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { Client } from '../../client/types';
import type { StoredObject } from '../../types';
import { deepCopy } from '../../types';
import { isStatusError } from '../../api/types';
import { canonicalJson } from '../../api/names';
import { podTemplateHash } from './names';
import { newControllerRef } from './util';

export type RevisionObj = ControllerRevision & StoredObject;

/** The label a revision (and the pods stamped from it) carry. */
export const ControllerRevisionHashLabel = 'controller-revision-hash';

/**
 * The revision's `data`: the template as a strategic-merge patch that replaces the whole template
 * (what getPatch in both controllers produces).
 */
export function revisionData(template: PodTemplateSpec | undefined): Record<string, unknown> {
  return { spec: { template: { ...deepCopy(template ?? {}), $patch: 'replace' } } };
}

/** The template a revision stores. */
export function templateOfRevision(rev: ControllerRevision): PodTemplateSpec {
  const t = deepCopy(((rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) as Record<string, unknown>);
  delete t.$patch;
  return t as PodTemplateSpec;
}

/** HashControllerRevision: FNV over the data, plus the collision count, SafeEncoded. */
export function revisionHash(data: unknown, collisionCount: number | undefined): string {
  return podTemplateHash(data as PodTemplateSpec, collisionCount);
}

/**
 * Canonical JSON of objects the informers hand out, which are frozen: computed once per object, as
 * every sync of every DaemonSet and StatefulSet compares its template with each revision's.
 */
const canonical = new WeakMap<object, string>();

function canonicalOnce(key: object | undefined, make: () => unknown): string {
  if (!key || !Object.isFrozen(key)) return canonicalJson(make());
  let c = canonical.get(key);
  if (c === undefined) {
    c = canonicalJson(make());
    canonical.set(key, c);
  }
  return c;
}

function sameData(a: ControllerRevision, templateJson: string): boolean {
  return canonicalOnce(a, () => a.data) === templateJson;
}

export interface RevisionOwner extends StoredObject {
  spec?: { template?: PodTemplateSpec; revisionHistoryLimit?: number };
  status?: { collisionCount?: number };
}

/**
 * The revision for the owner's current template, creating it (or renumbering an equal older one to the
 * next number) when needed. Returns it along with the owner's collision count, which the caller must
 * persist in status if it grew.
 */
export function ensureUpdateRevision(
  client: Client,
  owner: RevisionOwner,
  kind: string,
  revisions: RevisionObj[],
  labels: Record<string, string>,
): { revision: RevisionObj; collisionCount: number } {
  let collisionCount = owner.status?.collisionCount ?? 0;
  const maxRev = revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  // The template's canonical form is kept per (frozen) template; its copy is made only to create a revision.
  const templateJson = canonicalOnce(owner.spec?.template, () => revisionData(owner.spec?.template));
  const equal = revisions.filter((r) => sameData(r, templateJson)).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  const ns = owner.metadata.namespace;
  if (equal.length > 0) {
    const last = equal[equal.length - 1]!;
    if ((last.revision ?? 0) === maxRev) return { revision: last, collisionCount };
    // A rollback to an older template: bump that revision to the newest number.
    const next = deepCopy(last) as RevisionObj;
    next.revision = maxRev + 1;
    return { revision: client.update<RevisionObj>('controllerrevisions', next), collisionCount };
  }
  const data = revisionData(owner.spec?.template);
  for (;;) {
    const hash = revisionHash(data, collisionCount || undefined);
    const body: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${owner.metadata.name}-${hash}`,
        namespace: ns,
        labels: { ...labels, [ControllerRevisionHashLabel]: hash },
        ownerReferences: [newControllerRef(owner, 'apps/v1', kind)],
      },
      data,
      revision: maxRev + 1,
    };
    try {
      return { revision: client.create<RevisionObj>('controllerrevisions', body as RevisionObj, { namespace: ns }), collisionCount };
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
      const existing = client.get<RevisionObj>('controllerrevisions', ns, body.metadata!.name!);
      if (existing.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid) && sameData(existing, templateJson)) {
        const fixed = deepCopy(existing) as RevisionObj;
        fixed.revision = maxRev + 1;
        return { revision: client.update<RevisionObj>('controllerrevisions', fixed), collisionCount };
      }
      // A hash collision with someone else's revision: count it and try the next name.
      collisionCount++;
    }
  }
}

/** Deletes the oldest revisions no pod uses, keeping `limit` of them (truncateHistory). */
export function truncateHistory(client: Client, revisions: RevisionObj[], live: Set<string>, limit: number): void {
  const history = revisions.filter((r) => !live.has(r.metadata.name)).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  const excess = history.length - limit;
  for (let i = 0; i < excess; i++) {
    const r = history[i]!;
    try {
      client.delete('controllerrevisions', r.metadata.namespace, r.metadata.name);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
