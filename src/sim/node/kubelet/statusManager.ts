/**
 * The status manager (pkg/kubelet/status): pod status is written through the status subresource,
 * at the next PLEG relist unless asked for at once, and only when it differs from the last write.
 */
import { isStatusError } from '../../api/types';
import type { Pod, StoredObject } from '../../types';
import { deepCopy } from '../../types';
import { buildPodStatus, rememberConditions } from '../podstatus';
import type { PodRecord } from '../runtime';
import { PLEG_RELIST_MS } from './config';
import type { Kubelet } from './kubelet';

export class StatusManager {
  constructor(readonly k: Kubelet) {}

  /**
   * Notes that the pod's status should be written. `immediate` writes in this clock instant (a
   * status the kubelet sets directly, e.g. at the start of a sync); otherwise the write waits for the
   * next PLEG relist (every second), which is when a real kubelet notices container changes.
   */
  markDirty(rec: PodRecord, immediate: boolean): void {
    if (rec.gone) return;
    const now = this.k.ctx.clock.now();
    const at = immediate ? now : now + (PLEG_RELIST_MS - ((now - this.k.plegPhaseMs) % PLEG_RELIST_MS + PLEG_RELIST_MS) % PLEG_RELIST_MS);
    if (rec.flushAt !== undefined && rec.flushAt <= at) return;
    if (rec.flushTimer !== undefined) this.k.ctx.clock.cancel(rec.flushTimer);
    rec.flushAt = at;
    const gen = rec.generation;
    rec.flushTimer = this.k.ctx.clock.at(at, `${this.k.name}: pod status ${rec.key}`, () => {
      rec.flushTimer = undefined;
      rec.flushAt = undefined;
      if (rec.generation !== gen && rec.stage === 'terminating') return;
      if (!this.k.running || this.k.partitioned) {
        this.k.parked.push(() => this.markDirty(rec, true));
        return;
      }
      this.flushStatus(rec, false);
    });
  }

  flushStatus(rec: PodRecord, terminal: boolean): void {
    if (rec.gone) return;
    if (this.k.partitioned) {
      this.k.parked.push(() => this.flushStatus(rec, terminal));
      return;
    }
    const status = buildPodStatus(rec, { clock: this.k.ctx.clock, nodeIP: this.k.config.nodeIP, terminal: terminal || rec.stage === 'terminated' });
    const json = JSON.stringify(status);
    if (json === rec.lastStatusJson) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      const body = deepCopy(rec.pod) as Pod & StoredObject;
      body.status = status;
      try {
        const written = this.k.ctx.client.update<Pod>('pods', body, { subresource: 'status' });
        rec.pod = written;
        rec.lastStatusJson = json;
        rememberConditions(rec, status);
        this.k.stats.statusWrites++;
        return;
      } catch (e) {
        if (isStatusError(e, 'NotFound')) {
          rec.gone = true;
          return;
        }
        if (!isStatusError(e, 'Conflict')) throw e;
        this.k.stats.conflicts++;
        try {
          rec.pod = this.k.ctx.client.get<Pod>('pods', rec.pod.metadata?.namespace, rec.pod.metadata?.name ?? '');
        } catch (e2) {
          if (isStatusError(e2, 'NotFound')) {
            rec.gone = true;
            return;
          }
          throw e2;
        }
        if (rec.pod.metadata?.uid !== rec.uid) {
          rec.gone = true;
          return;
        }
      }
    }
  }
}
