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
import { SIM_EPOCH_MS } from '../../clock';
import { CALICO_VERSION } from '../../bootstrap/canal';
import { applyNodeRules } from './apply';
import type { AppliedChange } from './apply';
import { felixLogLine, felixPid } from './felixlog';
import type { FelixField } from './felixlog';
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
  private startedAt = 0;
  private doneFirstApply = false;
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
    this.startedAt = this.ctx.clock.now();
    this.log('daemon.go 363', 'Felix starting up', [['GOMAXPROCS', 2], ['version', CALICO_VERSION]]);
    this.log('daemon.go 380', 'Loading configuration...');
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
    this.programmed = applyNodeRules(m, want, this.programmed, (c) => this.logApplied(c));
  }

  private log(source: string, message: string, fields: readonly FelixField[] = []): void {
    this.host.process.write(felixLogLine('INFO', SIM_EPOCH_MS + this.ctx.clock.now(), felixPid(this.host.nodeName), source, message, fields));
  }

  /**
   * What felix says about a dataplane update: each chain its iptables table queues for writing or
   * deletion, each ipset created, then that the update is applied (the first time, how long after start).
   * A refresh that finds everything as felix left it changes nothing and says nothing, as felix does at
   * its default INFO level.
   */
  private logApplied(c: AppliedChange): void {
    const first = !this.doneFirstApply;
    if (!first && c.updated.length === 0 && c.removed.length === 0 && c.createdSets.length === 0) return;
    const table: FelixField[] = [['ipVersion', { raw: '0x4' }], ['table', 'filter']];
    // on the first update every chain is new: felix lists them at debug level only, so do we
    if (!first) {
      for (const s of c.createdSets) this.log('ipsets.go 592', 'Queueing IP set for creation', [['family', 'inet'], ['setID', s.id], ['setType', s.type]]);
      for (const chain of c.updated) this.log('table.go 512', 'Queueing update of chain.', [['chainName', chain], ...table]);
      for (const chain of c.removed) this.log('table.go 529', 'Queuing deletion of chain.', [['chainName', chain], ...table]);
    }
    // applying is quick here; a steady figure keeps the same cluster's logs the same
    const msec = 0.5 + 0.05 * (c.updated.length + c.removed.length);
    this.log('int_dataplane.go 2019', 'Finished applying updates to dataplane.', [['msecToApply', Number(msec.toFixed(3))]]);
    if (first) {
      this.doneFirstApply = true;
      this.log('int_dataplane.go 2025', 'Completed first update to dataplane.', [['secsSinceStart', (this.ctx.clock.now() - this.startedAt) / 1000]]);
    }
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
