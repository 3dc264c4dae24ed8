/**
 * The status manager (pkg/kubelet/status): pod status is written as a strategic merge patch to the
 * status subresource, at the next PLEG relist unless asked for at once, and only when it differs from
 * the last write.
 */
import { isStatusError } from '../../api/types';
import { createTwoWayMergePatch } from '../../api/strategicDiff';
import type { Pod } from '../../types';
import { jsonSame } from '../jsonSame';
import { buildPodStatus, rememberConditions } from '../podstatus';
import type { PodRecord } from '../runtime';
import { PLEG_RELIST_MS } from './config';
import type { Kubelet } from './kubelet';

/** The status manager's syncBatch period. */
const STATUS_SYNC_PERIOD_MS = 10_000;

export class StatusManager {
  constructor(readonly k: Kubelet) {}

  /**
   * Notes that the pod's status should be written. `immediate` writes in this clock instant (a
   * status the kubelet sets directly, e.g. at the start of a sync); otherwise the write waits for the
   * next PLEG relist (every second), which is when a real kubelet notices container changes.
   */
  markDirty(rec: PodRecord, immediate: boolean): void {
    this.k.prober.wake(rec);
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
    // Compared as JSON would write it; a changed status (the usual case) differs within a few fields.
    if (rec.lastStatus !== undefined && jsonSame(status, rec.lastStatus)) return;
    // statusutil.PatchPodStatus: the two-way strategic merge diff of the known status and the new one,
    // with the pod's uid as a precondition. A patch does not conflict with other writers, so there is
    // one request; a uid the server does not have means the pod was deleted (and perhaps recreated).
    const ns = rec.pod.metadata?.namespace;
    const name = rec.pod.metadata?.name ?? '';
    const patch = createTwoWayMergePatch({ status: rec.pod.status ?? {} }, { metadata: { uid: rec.pod.metadata?.uid }, status });
    try {
      const written = this.k.ctx.client.patch<Pod>('pods', ns, name, patch, { type: 'strategic', subresource: 'status' });
      rec.pod = written;
      rec.lastStatus = status;
      rememberConditions(rec, status);
      this.k.stats.statusWrites++;
    } catch (e) {
      if (isStatusError(e, 'NotFound') || (isStatusError(e, 'Invalid') && e.status.details?.causes?.some((c) => c.field === 'metadata.uid'))) {
        rec.gone = true;
        return;
      }
      // Refused (403) or failed otherwise: logged, and the status is written again at the next sync.
      if (isStatusError(e)) {
        this.k.ctx.log(`${this.k.name}: Failed to update status for pod ${ns ?? ''}/${name}: ${e.message}`);
        this.retryLater(rec, terminal);
        return;
      }
      throw e;
    }
  }

  /**
   * syncBatch: every 10 s the status manager writes again each pod whose status the API server does not
   * have yet, so a refused write is retried even if nothing about the pod changes meanwhile.
   */
  private retryLater(rec: PodRecord, terminal: boolean): void {
    if (rec.flushTimer !== undefined) return;
    const at = this.k.ctx.clock.now() + STATUS_SYNC_PERIOD_MS;
    rec.flushAt = at;
    rec.flushTimer = this.k.ctx.clock.at(at, `${this.k.name}: pod status ${rec.key} (retry)`, () => {
      rec.flushTimer = undefined;
      rec.flushAt = undefined;
      if (!this.k.running || this.k.partitioned) {
        this.k.parked.push(() => this.markDirty(rec, true));
        return;
      }
      this.flushStatus(rec, terminal);
    });
  }
}
