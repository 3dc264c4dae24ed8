/**
 * The node status manager (pkg/kubelet/kubelet_node_status.go): registers the Node and keeps its status
 * current — a sync every nodeStatusUpdateFrequency (with the kubelet's small jitter) that writes only
 * when something changed or nodeStatusReportFrequency has passed, as a strategic merge patch of the
 * Node's status.
 */
import type { TimerId } from '../../clock';
import { isStatusError } from '../../api/types';
import type { StatusError } from '../../api/types';
import type { Node, StoredObject } from '../../types';
import { deepCopy } from '../../types';
import type { NodeHealth, StatusFingerprint } from '../nodestatus';
import { applyStatus, initialNode, sameFingerprint, statusFingerprint } from '../nodestatus';
import { jsonSame } from '../jsonSame';
import { nodeStatusPatch } from './nodeStatusPatch';
import type { Kubelet } from './kubelet';

export class NodeStatusManager {
  constructor(readonly k: Kubelet) {}

  statusTimer: TimerId | undefined;
  lastStatusFingerprint: StatusFingerprint | undefined;

  lastStatusWriteMs = -Infinity;

  lastStatusRv: string | undefined;

  /**
   * The last pass that found nothing to write: the Node's resourceVersion it read, the setters' inputs,
   * and what it compared against. A pass that reads the same Node with the same inputs would decide the
   * same, so it stops there, without copying the Node or running the setters.
   */
  private settled: { rv: string; inputs: string; fp: StatusFingerprint | undefined; writtenRv: string | undefined } | undefined;

  health(): NodeHealth {
    const network = this.k.readyNow ? this.k.sandboxes.networkError() : undefined;
    return { ready: this.k.readyNow && !network, ...(network ? { notReadyMessage: network } : {}), memoryPressure: this.k.eviction.pressureState.memory, diskPressure: this.k.eviction.pressureState.disk, pidPressure: false };
  }

  registerNode(): void {
    this.registerNodeObject();
    this.k.mirrors.ensureMirrorPods();
  }

  registerNodeObject(): void {
    const node = initialNode(this.k.facts);
    const events: string[] = [];
    applyStatus(node, this.k.facts, this.health(), this.k.images.list(), this.k.ctx.clock, (r) => events.push(r));
    try {
      const created = this.k.ctx.client.create<Node>('nodes', node);
      this.afterNodeWrite(created, events);
      this.k.ctx.log(`${this.k.name}: registered node ${this.k.config.nodeName}`);
    } catch (e) {
      if (isStatusError(e) && e.code >= 500) {
        // registerWithAPIServer keeps trying, its back-off capped at 7 s.
        this.k.ctx.log(`${this.k.name}: Unable to register node with API server: ${e.message}`);
        this.k.ctx.clock.after(7_000, `${this.k.name}: register node`, () => {
          if (this.k.running) this.registerNodeObject();
        });
        return;
      }
      if (!isStatusError(e, 'AlreadyExists')) throw e;
      // Already registered (a restart): reconcile the kubelet-owned labels and go on with status.
      const cur = this.k.ctx.client.get<Node>('nodes', undefined, this.k.config.nodeName);
      const labels = { ...(cur.metadata.labels ?? {}) };
      let changed = false;
      for (const [k, v] of Object.entries(this.k.facts.labels)) {
        if (labels[k] === undefined) {
          labels[k] = v;
          changed = true;
        }
      }
      let latest: Node & StoredObject = cur;
      if (changed) latest = this.k.ctx.client.update<Node>('nodes', { ...deepCopy(cur), metadata: { ...deepCopy(cur.metadata), labels } });
      this.k.nodeUid = latest.metadata.uid;
      this.lastStatusFingerprint = undefined;
      this.syncNodeStatus(latest);
    }
  }

  afterNodeWrite(node: Node & StoredObject, events: string[]): void {
    this.k.nodeUid = node.metadata.uid;
    // A server that drops status on create gets it through the status subresource.
    if (!node.status?.conditions?.length) {
      this.lastStatusFingerprint = undefined;
      this.syncNodeStatus(node, events);
      return;
    }
    this.lastStatusFingerprint = statusFingerprint(node);
    this.lastStatusRv = node.metadata.resourceVersion;
    this.lastStatusWriteMs = this.k.ctx.clock.now();
    this.k.stats.nodeStatusWrites++;
    for (const r of events) this.k.nodeEvent('Normal', r, `Node ${this.k.config.nodeName} status is now: ${r}`);
  }

  scheduleStatusLoop(): void {
    // wait.JitterUntil with a 4% jitter factor around nodeStatusUpdateFrequency.
    const base = this.k.opts.nodeStatusUpdateFrequencyMs;
    const delay = base + this.k.rs.intn(Math.floor(base * 0.04) + 1);
    this.statusTimer = this.k.ctx.clock.after(delay, `${this.k.name}: node status`, () => {
      if (!this.k.running) return;
      this.syncNodeStatus();
      this.scheduleStatusLoop();
    });
  }

  /** One status pass: run the setters, write only on change or when the report interval passed. */
  syncNodeStatus(current?: Node & StoredObject, pendingEvents: string[] = []): void {
    if (!this.k.running || this.k.partitioned) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      let cur = current;
      current = undefined;
      if (!cur) {
        try {
          // The first try reads the API server's cache (resourceVersion=0); retries read etcd.
          cur = this.k.ctx.client.get<Node>('nodes', undefined, this.k.config.nodeName, attempt === 0 ? { resourceVersion: '0' } : {});
        } catch (e) {
          if (serverError(e) || isStatusError(e, 'Forbidden')) {
            this.k.ctx.log(`${this.k.name}: Error updating node status, will retry: ${e.message}`);
            continue;
          }
          if (!isStatusError(e, 'NotFound')) throw e;
          // The Node was deleted from under us: register again, as the kubelet does.
          this.registerNode();
          return;
        }
      }
      this.k.nodeUid = cur.metadata.uid;
      const health = this.health();
      const inputs = setterInputs(this.k, health);
      const now = this.k.ctx.clock.now();
      const due = now - this.lastStatusWriteMs >= this.k.opts.nodeStatusReportFrequencyMs;
      const s = this.settled;
      if (!due && pendingEvents.length === 0 && s && s.rv === cur.metadata.resourceVersion && s.inputs === inputs && s.fp === this.lastStatusFingerprint && s.writtenRv === this.lastStatusRv) return;
      // The setters replace every status field they own and edit only the conditions in place, so
      // those are all that is copied; metadata, spec and the rest are shared with the read Node.
      const node = { ...cur, status: { ...cur.status, conditions: (cur.status?.conditions ?? []).map((c) => ({ ...c })) } } as Node & StoredObject;
      const events = [...pendingEvents];
      applyStatus(node, this.k.facts, health, this.k.images.list(), this.k.ctx.clock, (r) => events.push(r));
      const fp = statusFingerprint(node);
      const curUnchanged = cur.metadata.resourceVersion === this.lastStatusRv || jsonSame(statusFingerprint(cur), fp);
      if (sameFingerprint(fp, this.lastStatusFingerprint) && curUnchanged && !due && events.length === 0) {
        // The fingerprint kept is the one compared against: a later write replaces it, which unsettles.
        this.settled = { rv: cur.metadata.resourceVersion, inputs, fp: this.lastStatusFingerprint, writtenRv: this.lastStatusRv };
        return;
      }
      try {
        const written = this.k.ctx.client.patch<Node>('nodes', undefined, this.k.config.nodeName, nodeStatusPatch(cur, node), { type: 'strategic', subresource: 'status' });
        this.lastStatusFingerprint = statusFingerprint(written);
        this.lastStatusRv = written.metadata.resourceVersion;
        this.lastStatusWriteMs = now;
        this.k.stats.nodeStatusWrites++;
        for (const r of events) this.k.nodeEvent('Normal', r, `Node ${this.k.config.nodeName} status is now: ${r}`);
        return;
      } catch (e) {
        // A 5xx, or a write the authorizer refuses: logged, tried again (tryUpdateNodeStatus's loop).
        if (serverError(e) || isStatusError(e, 'Forbidden')) {
          this.k.ctx.log(`${this.k.name}: Error updating node status, will retry: ${e.message}`);
          continue;
        }
        if (!isStatusError(e, 'Conflict')) throw e;
        this.k.stats.conflicts++;
      }
    }
  }
}

/**
 * Everything the status setters read besides the Node: the health checks, the image set (by its change
 * count) and the boot ID; the kubelet's other facts are fixed once it is built.
 */
function setterInputs(k: Kubelet, h: NodeHealth): string {
  return `${k.images.version}|${k.facts.identity.bootID}|${h.ready}|${h.memoryPressure}|${h.diskPressure}|${h.pidPressure}|${h.notReadyMessage ?? ''}`;
}

/** A 5xx from the API server (etcd without a leader): the kubelet logs it and retries, never crashes. */
function serverError(e: unknown): e is StatusError {
  return isStatusError(e) && e.code >= 500;
}
