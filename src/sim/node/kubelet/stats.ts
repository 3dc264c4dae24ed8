/**
 * The stats provider (cAdvisor's part, pkg/kubelet/stats): what each container and the node use now,
 * for metrics-server and the eviction manager.
 */
import type { Node } from '../../types';
import { fnv1a32 } from '../../rng';
import { parseQuantity, value as quantityValue, milliValue } from '../../api/quantity';
import type { ContainerRecord } from '../runtime';
import { MI } from './config';
import { cpuLimitMilli } from './util';
import type { Kubelet } from './kubelet';

export class StatsProvider {
  constructor(readonly k: Kubelet) {}

  /** Working-set bytes of a container now. */
  memUsage(c: ContainerRecord, now = this.k.ctx.clock.now()): number {
    const run = c.run;
    if (!run || c.state.kind !== 'running') return 0;
    const up = now - run.startedAtMs;
    const ramp = Math.min(1, 0.4 + up / 5_000);
    const jitter = 1 + ((fnv1a32(`${run.id}|${Math.floor(now / 15_000)}`) % 61) - 30) / 1000;
    return Math.round(run.program.memBytes * ramp * jitter);
  }

  /** CPU use of a container now, in millicores (capped by its limit, as CFS throttling does). */
  cpuUsage(c: ContainerRecord, now = this.k.ctx.clock.now()): number {
    const run = c.run;
    if (!run || c.state.kind !== 'running') return 0;
    const up = now - run.startedAtMs;
    let m = run.program.cpuMilli;
    if (run.program.busyUntilMs !== undefined && up < run.program.busyUntilMs) m = 1000;
    else if (up < 3_000 && m > 0) m = m * 3;
    const jitter = 1 + ((fnv1a32(`cpu|${run.id}|${Math.floor(now / 15_000)}`) % 201) - 100) / 1000;
    m = m * jitter;
    const lim = cpuLimitMilli(c.spec);
    if (lim !== undefined) m = Math.min(m, lim);
    return Math.max(0, Math.round(m));
  }

  diskUsage(c: ContainerRecord): number {
    return c.run ? 40 * 1024 + c.run.extra.length * 100 : 0;
  }

  /** Node-level usage: system daemons plus every running container. */
  nodeUsage(now = this.k.ctx.clock.now()): { cpuMilli: number; memBytes: number } {
    let cpu = this.k.config.controlPlane ? 180 : 45;
    let mem = (this.k.config.controlPlane ? 1150 : 520) * MI;
    cpu += fnv1a32(`${this.k.config.nodeName}|${Math.floor(now / 15_000)}`) % 25;
    for (const rec of this.k.pods.values()) for (const c of rec.containers) {
      cpu += this.cpuUsage(c, now);
      mem += this.memUsage(c, now);
    }
    if (this.k.eviction.pressure.memory) mem = Math.max(mem, this.memoryCapacityBytes() - this.k.eviction.pressure.memory.availableBytes);
    return { cpuMilli: cpu, memBytes: mem };
  }

  memoryCapacityBytes(): number {
    return quantityValue(parseQuantity(this.k.facts.capacity.memory ?? '0'));
  }

  cpuCapacityMilli(): number {
    return milliValue(parseQuantity(this.k.facts.capacity.cpu ?? '0'));
  }
}
