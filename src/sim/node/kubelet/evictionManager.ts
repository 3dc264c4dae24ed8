/**
 * The eviction manager (pkg/kubelet/eviction): node pressure, the conditions it raises and holds for
 * the transition period, and pods evicted one at a time in the kubelet's order.
 */
import type { TimerId } from '../../clock';
import type { Container } from '../../types';
import { parseQuantity, value as quantityValue } from '../../api/quantity';
import type { ContainerRecord, PodRecord } from '../runtime';
import { isSidecar } from '../runtime';
import { EVICTION_MONITORING_MS, MI, PRESSURE_TRANSITION_MS } from './config';
import { fmtBytes, isCriticalPod, requestBytes } from './util';
import type { Kubelet } from './kubelet';

export class EvictionManager {
  constructor(readonly k: Kubelet) {}

  /** node pressure injected by faults: what the eviction manager sees */
  pressure: { memory?: { availableBytes: number }; disk?: { availableBytes: number } } = {};
  evictionTimer: TimerId | undefined;

  pressureState = { memory: false, disk: false };

  pressureSince: { memory?: number; disk?: number } = {};

  /**
   * Injects (or clears) node pressure. Memory pressure leaves `availableBytes` of memory
   * (default 64Mi, under the 100Mi eviction threshold); disk pressure leaves `availableBytes` of
   * nodefs (default 8% of capacity, under the 10% threshold). Evicting pods gives back what they use.
   */
  setPressure(kind: 'memory' | 'disk', on: boolean, availableBytes?: number): void {
    if (on) {
      const dflt = kind === 'memory' ? 64 * MI : Math.round(this.diskCapacityBytes() * 0.08);
      this.pressure[kind] = { availableBytes: availableBytes ?? dflt };
    } else delete this.pressure[kind];
    this.scheduleEviction(0);
  }

  diskCapacityBytes(): number {
    try {
      return quantityValue(parseQuantity(this.k.facts.capacity['ephemeral-storage'] ?? '100Gi'));
    } catch {
      return 100 * 1024 * MI;
    }
  }

  scheduleEviction(delay: number): void {
    if (this.evictionTimer !== undefined) return;
    this.evictionTimer = this.k.ctx.clock.after(delay, `${this.k.name}: eviction manager`, () => {
      this.evictionTimer = undefined;
      if (this.k.machineDown) return;
      const again = this.evictionSync();
      if (again) this.scheduleEviction(EVICTION_MONITORING_MS);
    });
  }

  /** One pass of the eviction manager: observe, update pressure, evict at most one pod. Returns whether to keep watching. */
  evictionSync(): boolean {
    const now = this.k.ctx.clock.now();
    let watching = false;
    let victimDone = false;
    for (const kind of ['memory', 'disk'] as const) {
      const p = this.pressure[kind];
      const thresholdBytes = kind === 'memory' ? 100 * MI : Math.round(this.diskCapacityBytes() * 0.1);
      const met = !!p && p.availableBytes < thresholdBytes;
      if (met) this.pressureSince[kind] = now;
      // The condition stays on for evictionPressureTransitionPeriod (5m) after the threshold clears.
      const on = this.pressureSince[kind] !== undefined && now - this.pressureSince[kind]! < PRESSURE_TRANSITION_MS;
      if (on !== this.pressureState[kind]) {
        this.pressureState[kind] = on;
        this.k.nodeStatus.syncNodeStatus();
      }
      if (on) watching = true;
      if (!on) delete this.pressureSince[kind];
      if (!met || victimDone || !this.k.running) continue;
      const victim = this.rankForEviction(kind)[0];
      if (!victim) continue;
      const resource = kind === 'memory' ? 'memory' : 'ephemeral-storage';
      const used = (c: ContainerRecord) => (kind === 'memory' ? this.k.usage.memUsage(c, now) : this.k.usage.diskUsage(c));
      const req = (c: ContainerRecord) => requestBytes(c.spec, resource);
      let message = `The node was low on resource: ${resource}. Threshold quantity: ${fmtBytes(thresholdBytes, kind)}, available: ${fmtBytes(p!.availableBytes, kind)}. `;
      for (const c of victim.containers) {
        if (c.init && !isSidecar(c)) continue;
        const u = used(c);
        if (u > req(c)) message += `Container ${c.name} was using ${fmtBytes(u, kind)}, request is ${fmtBytes(req(c), kind)}, has larger consumption of ${resource}. `;
      }
      p!.availableBytes += victim.containers.reduce((a, c) => a + used(c), 0);
      this.evict(victim, message);
      victimDone = true;
    }
    return watching || !!this.pressure.memory || !!this.pressure.disk;
  }

  /** Victims in the kubelet's order: usage above requests first, then lower priority, then the larger excess. */
  rankForEviction(kind: 'memory' | 'disk'): PodRecord[] {
    const now = this.k.ctx.clock.now();
    const resource = kind === 'memory' ? 'memory' : 'ephemeral-storage';
    const cands = [...this.k.pods.values()].filter((r) => r.stage === 'running' && !r.evicted && !isCriticalPod(r.pod));
    const usage = (r: PodRecord) => r.containers.reduce((a, c) => a + (kind === 'memory' ? this.k.usage.memUsage(c, now) : this.k.usage.diskUsage(c)), 0);
    const request = (r: PodRecord) => r.containers.reduce((a, c) => a + requestBytes(c.spec, resource), 0);
    return cands.sort((a, b) => {
      const ea = usage(a) > request(a) ? 1 : 0;
      const eb = usage(b) > request(b) ? 1 : 0;
      if (ea !== eb) return eb - ea;
      const pa = a.pod.spec?.priority ?? 0;
      const pb = b.pod.spec?.priority ?? 0;
      if (pa !== pb) return pa - pb;
      const d = usage(b) - request(b) - (usage(a) - request(a));
      if (d !== 0) return d;
      return a.key < b.key ? -1 : 1;
    });
  }

  /** Evicts a pod: event, containers killed at once (hard threshold), final status Failed/Evicted. */
  evict(rec: PodRecord, message: string): void {
    rec.evicted = { message };
    this.k.podEvent(rec, 'Warning', 'Evicted', message);
    rec.stage = 'terminating';
    rec.generation++;
    this.k.prober.clearProbes(rec);
    let wait = 0;
    for (const c of rec.containers) if (c.state.kind === 'running') wait = Math.max(wait, this.k.containers.stopContainer(rec, c, 1_000));
    this.k.later(rec, wait + 20 + this.k.rs.intn(60), 'evicted pod stopped', () => this.k.workers.finishTermination(rec, true));
  }
}
