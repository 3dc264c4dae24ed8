/**
 * The Services and EndpointSlices as every node's kube-proxy sees them: each real kube-proxy lists and
 * watches the same objects, so the cluster keeps one watch cache for all of them, one input snapshot
 * per change, and one rule cache (identical per-Service chains are built once for every node).
 * A running kube-proxy subscribes to hear of changes; a stopped one does not, and its rules go stale.
 */
import type { Clock } from '../../clock';
import type { Client } from '../../client/types';
import { SharedInformer } from '../../client/informer';
import type { EndpointSlice, Service, StoredObject } from '../../types';
import type { ProxyInput } from './iptables';
import { IptablesRuleCache } from './iptables';

export class ProxyWatch {
  readonly services: SharedInformer<Service & StoredObject>;
  readonly slices: SharedInformer<EndpointSlice & StoredObject>;
  readonly ruleCache = new IptablesRuleCache();
  private version = 0;
  private snapshot: { version: number; input: ProxyInput } | undefined;
  private readonly subscribers = new Set<() => void>();
  private started = false;
  /** a delivery to the subscribers is due at this instant */
  private pending = false;

  constructor(
    private readonly clock: Clock,
    client: Client,
  ) {
    this.services = new SharedInformer<Service & StoredObject>(client, clock, 'services');
    this.slices = new SharedInformer<EndpointSlice & StoredObject>(client, clock, 'endpointslices');
    // The events of one instant reach each kube-proxy as one Run(): the real informer handlers only
    // signal the sync loop, which picks up everything that arrived before it ran.
    const changed = (): void => {
      this.version++;
      if (this.pending) return;
      this.pending = true;
      this.clock.runAs(undefined, () => this.clock.after(0, 'kube-proxy: Service and EndpointSlice changes', () => {
        this.pending = false;
        for (const s of [...this.subscribers]) s();
      }));
    };
    for (const inf of [this.services, this.slices] as SharedInformer<StoredObject>[]) inf.addEventHandler({ add: changed, update: changed, delete: changed });
  }

  /** Starts the watches the first time a kube-proxy needs them; they belong to no process, so no kube-proxy's fate stops them. */
  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.clock.runAs(undefined, () => {
      this.services.start();
      this.slices.start();
    });
  }

  hasSynced(): boolean {
    return this.services.hasSynced() && this.slices.hasSynced();
  }

  /** What a sync reads now: one copy per change, shared by every node. */
  input(): ProxyInput {
    if (this.snapshot?.version !== this.version) this.snapshot = { version: this.version, input: { services: this.services.list(), endpointSlices: this.slices.list() } };
    return this.snapshot.input;
  }

  /** Calls `fn` on every Service or EndpointSlice change until the returned function is called. */
  subscribe(fn: () => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }
}
