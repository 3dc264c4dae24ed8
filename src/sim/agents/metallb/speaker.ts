/**
 * MetalLB's speaker in layer-2 mode (speaker/main.go, layer2_controller.go, v0.14), one per node from
 * the metallb-system/speaker DaemonSet. For every LoadBalancer Service (no spec.loadBalancerClass)
 * holding an address of the pool, the speakers elect the node that answers ARP for it (watch.ts); the
 * winner records `nodeAssigned` on the Service each time it reconciles it, as the real speaker does.
 *
 * The winner answers ARP for the address on the node network (the machine's announced addresses),
 * so traffic to it arrives at that node's eth0; the gratuitous ARP itself is not modelled.
 */
import type { Component, ComponentContext } from '../../component';
import { parseIPv4 } from '../../network/ipv4';
import type { AgentHost } from '../registry';
import type { Allocator } from './allocator';
import { handlesClass, ingressIPs } from './controller';
import type { SpeakerWatch } from './watch';

export class Speaker implements Component {
  readonly name: string;
  private readonly queue;
  /** Services this speaker announces now, with the address of each. */
  private readonly announced = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly host: AgentHost,
    private readonly watch: SpeakerWatch,
    private readonly pools: Pick<Allocator, 'poolFor'>,
  ) {
    this.name = `metallb-speaker/${host.nodeName}`;
    this.queue = ctx.newQueue(this.name, (key) => this.sync(key));
  }

  start(): void {
    this.watch.ensureStarted();
    this.unsubscribe = this.watch.subscribe((keys) => this.ctx.clock.runAs(this.host.process.owner(), () => {
      for (const k of keys) this.queue.add(k);
    }));
    // A speaker that starts after the caches have synced looks at every balancer once.
    if (this.watch.hasSynced()) for (const k of this.watch.loadBalancers()) this.queue.add(k);
  }

  stop(): void {
    this.stopped = true;
    for (const ip of this.announced.values()) this.host.machine.announce(ip, false);
    this.announced.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private sync(key: string): void {
    if (this.stopped) return;
    const svc = this.watch.services.get(key);
    const ip = svc && svc.spec?.type === 'LoadBalancer' && handlesClass(svc) ? ingressIPs(svc)[0] : undefined;
    const addr = ip === undefined ? undefined : parseIPv4(ip);
    if (!svc || ip === undefined || addr === undefined || !this.pools.poolFor(addr) || this.watch.announcer(svc, ip) !== this.host.nodeName) {
      const was = this.announced.get(key);
      if (was !== undefined) this.host.machine.announce(was, false);
      this.announced.delete(key);
      return;
    }
    const was = this.announced.get(key);
    if (was !== undefined && was !== ip) this.host.machine.announce(was, false);
    this.announced.set(key, ip);
    this.host.machine.announce(ip, true);
    this.ctx.recorder.event(svc, 'Normal', 'nodeAssigned', `announcing from node ${JSON.stringify(this.host.nodeName)} with protocol "layer2"`);
  }

  /** The Services whose address this node answers ARP for. */
  announcing(): string[] {
    return [...this.announced.keys()].sort();
  }
}
