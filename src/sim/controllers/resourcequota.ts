/**
 * ResourceQuotaController (k8s.io/kubernetes pkg/controller/resourcequota): keeps each quota's
 * status.hard equal to spec.hard and status.used equal to what its namespace holds, using the same
 * evaluators as the ResourceQuota admission plugin (api/admission/quota).
 *
 * As in the real controller, a full resync runs every --resource-quota-sync-period (5m), and changes
 * that release usage — a pod finishing or going, an object deleted — trigger the quotas of that
 * namespace promptly (the replenishment controllers). New objects are charged at once too here, since
 * admission here computes used amounts live and writes no status itself.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { StoredObject } from '../types';
import { deepCopy, keyOf, splitKey } from '../types';
import { isStatusError } from '../api/types';
import type { ResourceQuotaObj } from '../api/admission/quota';
import { resourceKindOf, totalUsage, usageToRecord } from '../api/admission/quota';
import { canonicalQuantity } from '../api/quantity';

export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;
/** Resources whose changes replenish quota (the evaluators' kinds). */
const WATCHED = ['pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets', 'replicationcontrollers'];

export class ResourceQuotaController implements Component {
  readonly name = 'resourcequota-controller';
  static readonly eventSource = 'resourcequota-controller';
  static readonly user = 'system:serviceaccount:kube-system:resourcequota-controller';

  readonly queue: WorkQueue;
  private readonly quotas: Informer<ResourceQuotaObj>;
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly ctx: ComponentContext) {
    this.quotas = ctx.informers.informer<ResourceQuotaObj>('resourcequotas');
    for (const r of WATCHED) this.informers.set(r, ctx.informers.informer(r));
    this.queue = ctx.newQueue('resourcequota_primary', (k) => this.syncResourceQuota(k));
  }

  start(): void {
    this.quotas.addEventHandler({
      add: (q) => this.queue.add(keyOf(q)),
      update: (o, q) => {
        if (JSON.stringify(o.spec) !== JSON.stringify(q.spec)) this.queue.add(keyOf(q));
      },
    });
    for (const [, inf] of this.informers) {
      const touch = (o: StoredObject) => {
        for (const q of this.quotas.list(o.metadata.namespace)) this.queue.addAfter(keyOf(q), 100);
      };
      inf.addEventHandler({
        add: touch,
        update: (o, c) => {
          const phase = (x: StoredObject) => (x as { status?: { phase?: string } }).status?.phase;
          if (phase(o) !== phase(c) || !!o.metadata.deletionTimestamp !== !!c.metadata.deletionTimestamp) touch(c);
        },
        delete: touch,
      });
    }
    this.ctx.informers.start();
  }

  syncResourceQuota(key: string): void {
    try {
      this.sync(key);
    } finally {
      if (this.quotas.get(key)) this.queue.addAfter(key, RESOURCE_QUOTA_SYNC_PERIOD_MS);
    }
  }

  private sync(key: string): void {
    if (!this.quotas.hasSynced() || [...this.informers.values()].some((i) => !i.hasSynced())) {
      this.queue.addAfter(key, 100);
      return;
    }
    const quota = this.quotas.get(key);
    if (!quota) return;
    const { namespace } = splitKey(key);
    const hard: Record<string, string> = {};
    for (const [k, v] of Object.entries(quota.spec?.hard ?? {})) hard[k] = canonicalQuantity(v);
    const used: Record<string, string> = {};
    const kinds = new Map<string, { plural: string; group: string }>();
    for (const r of Object.keys(hard)) {
      const k = resourceKindOf(r);
      if (k) kinds.set(`${k.plural}|${k.group}`, k);
    }
    for (const { plural, group } of kinds.values()) {
      let objects: StoredObject[];
      const inf = this.informers.get(plural);
      if (inf && !group) objects = inf.list(namespace);
      else {
        try {
          objects = this.ctx.client.list(group ? `${plural}.${group}` : plural, namespace).items;
        } catch {
          continue;
        }
      }
      Object.assign(used, usageToRecord(totalUsage(quota, plural, group, objects)));
    }
    for (const r of Object.keys(hard)) used[r] ??= '0';
    const sortObj = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
    const status = { hard: sortObj(hard), used: sortObj(Object.fromEntries(Object.entries(used).filter(([k]) => k in hard))) };
    if (JSON.stringify(quota.status ?? {}) === JSON.stringify(status)) return;
    const body = deepCopy(quota) as ResourceQuotaObj;
    body.status = status;
    try {
      this.ctx.client.update('resourcequotas', body, { subresource: 'status' });
    } catch (e) {
      if (isStatusError(e, 'Conflict')) this.queue.add(key);
      else if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
