/**
 * calico-node as a system agent: the calico-node container of the canal DaemonSet runs felix, Calico's
 * policy engine, on its node. Felix reads NetworkPolicies, Pods and Namespaces through the shared
 * FelixWatch; once those caches have synced it programs the node (render.ts → apply.ts) and then again
 * whenever a change concerns the node. Stopping it (its container stops) leaves the rules as they were,
 * as a stopped felix leaves the kernel's tables.
 *
 * Felix's own knowledge of its chains goes on the machine beside them (notes.ts) for the packet trace.
 */
import type { Component, ComponentContext } from '../../component';
import type { TimerId } from '../../clock';
import { parseImageRef } from '../../node/images';
import type { Container, Pod } from '../../types';
import type { AgentHost, AgentKind } from '../registry';
import { applyNodeRules } from './apply';
import { renderNode } from './render';
import type { FelixWatch } from './watch';

export { FelixWatch } from './watch';

export const CALICO_NODE_USER = 'system:serviceaccount:kube-system:canal';

export interface CalicoNodeOptions {
  watch: FelixWatch;
  /** the host side of a pod's veth, as the calico CNI plugin names it */
  vethName: (namespace: string, pod: string) => string;
}

/** How often WaitForCacheSync looks again. */
const SYNC_POLL_MS = 100;
/** canal.yaml's FELIX_IPTABLESREFRESHINTERVAL (60 s): felix rewrites whatever of its rules someone changed. */
export const IPTABLES_REFRESH_MS = 60_000;

export class CalicoNode implements Component {
  readonly name: string;
  private unsubscribe: (() => void) | undefined;
  private refreshTimer: TimerId | undefined;
  private stopped = false;
  private programmed = new Set<string>();
  /** the CNI plugin's names are a digest of the pod's; worked out once per pod */
  private readonly veths = new Map<string, string>();
  private readonly vethName = (namespace: string, pod: string): string => {
    const key = `${namespace}/${pod}`;
    let v = this.veths.get(key);
    if (v === undefined) {
      if (this.veths.size > 4096) this.veths.clear();
      v = this.opts.vethName(namespace, pod);
      this.veths.set(key, v);
    }
    return v;
  };

  constructor(
    private readonly ctx: ComponentContext,
    private readonly host: AgentHost,
    private readonly opts: CalicoNodeOptions,
  ) {
    this.name = `calico-node/${host.nodeName}`;
  }

  start(): void {
    this.opts.watch.ensureStarted();
    this.ctx.clock.after(SYNC_POLL_MS, `${this.name}: informer sync`, () => this.waitForSync());
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.cancel(this.refreshTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private waitForSync(): void {
    if (this.stopped) return;
    if (!this.opts.watch.hasSynced()) {
      this.ctx.clock.after(SYNC_POLL_MS, `${this.name}: informer sync`, () => this.waitForSync());
      return;
    }
    this.unsubscribe = this.opts.watch.subscribe(this.host.nodeName, () => this.ctx.clock.runAs(this.host.process.owner(), () => this.sync()));
    this.sync();
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    this.refreshTimer = this.ctx.clock.after(IPTABLES_REFRESH_MS, `${this.name}: iptables refresh`, () => {
      if (this.stopped) return;
      // rules are compared by identity: a chain someone flushed or edited no longer holds felix's own objects
      this.sync();
      this.scheduleRefresh();
    });
  }

  private sync(): void {
    if (this.stopped) return;
    const m = this.host.machine;
    if (!m.poweredOn) return;
    const want = renderNode(this.opts.watch.world(), this.host.nodeName, this.vethName);
    this.programmed = applyNodeRules(m, want, this.programmed);
  }
}

export function calicoNodeAgent(opts: CalicoNodeOptions): AgentKind {
  return {
    name: 'calico-node',
    user: CALICO_NODE_USER,
    matches: (_pod: Pod, c: Container) => c.name === 'calico-node' && /(^|\/)calico\/node$/.test(parseImageRef(c.image ?? '').repo),
    build: (ctx: ComponentContext, host: AgentHost) => [new CalicoNode(ctx, host, opts)],
  };
}
