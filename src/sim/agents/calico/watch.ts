/**
 * NetworkPolicies, Pods and Namespaces as every node's felix sees them: each real calico-node lists
 * and watches the same objects, so the cluster keeps one watch cache for all of them and one snapshot
 * (FelixWorld: endpoints, namespace labels, converted policies, ipset members) per change, which every
 * node renders its own endpoints from. A node is told of a change only when it concerns it: a policy
 * or namespace change, or a pod change that moved an address, labels or named ports (the ipsets), or
 * that landed on the node itself.
 */
import type { Clock } from '../../clock';
import type { Client } from '../../client/types';
import { SharedInformer } from '../../client/informer';
import type { Namespace, Pod, StoredObject } from '../../types';
import type { NetworkPolicy } from './convert';
import type { Endpoint } from './world';
import { endpointOf, FelixWorld } from './world';

export class FelixWatch {
  readonly policies: SharedInformer<NetworkPolicy & StoredObject>;
  readonly pods: SharedInformer<Pod & StoredObject>;
  readonly namespaces: SharedInformer<Namespace & StoredObject>;
  private version = 0;
  private snapshot: { version: number; world: FelixWorld } | undefined;
  private readonly subscribers = new Map<string, Set<() => void>>();
  private started = false;
  private pending: Set<string> | 'all' | undefined;
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    private readonly clock: Clock,
    client: Client,
  ) {
    this.policies = new SharedInformer<NetworkPolicy & StoredObject>(client, clock, 'networkpolicies');
    this.pods = new SharedInformer<Pod & StoredObject>(client, clock, 'pods');
    this.namespaces = new SharedInformer<Namespace & StoredObject>(client, clock, 'namespaces');
    const all = (): void => this.changed('all');
    this.policies.addEventHandler({ add: all, update: all, delete: all });
    this.namespaces.addEventHandler({ add: all, update: (a, b) => { if (JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {})) all(); }, delete: all });
    const pod = (p: Pod & StoredObject, gone: boolean): void => {
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      const before = this.endpoints.get(key);
      const after = gone ? undefined : endpointOf(p);
      if (sameEndpoint(before, after)) return;
      if (after) this.endpoints.set(key, after);
      else this.endpoints.delete(key);
      // its own node re-renders its endpoint chains; with policies about, every node may hold an ipset with its address
      this.changed(new Set([before?.node, after?.node].filter((n): n is string => !!n)), this.policies.size() > 0);
    };
    this.pods.addEventHandler({ add: (p) => pod(p, false), update: (_a, b) => pod(b, false), delete: (p) => pod(p, true) });
  }

  /** One delivery per instant: the real handlers only mark felix's calculation graph dirty. */
  private changed(nodes: Set<string> | 'all', members = false): void {
    this.version++;
    if (members || nodes === 'all') this.pending = 'all';
    else if (this.pending !== 'all') this.pending = new Set([...(this.pending ?? []), ...nodes]);
    if (this.pendingTimer) return;
    this.pendingTimer = true;
    this.clock.runAs(undefined, () => this.clock.after(0, 'calico-node: policy, pod and namespace changes', () => {
      this.pendingTimer = false;
      const which = this.pending;
      this.pending = undefined;
      const targets = which === 'all' ? [...this.subscribers.values()] : [...(which ?? [])].map((n) => this.subscribers.get(n)).filter((s): s is Set<() => void> => !!s);
      for (const set of targets) for (const fn of [...set]) fn();
    }));
  }
  private pendingTimer = false;

  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.clock.runAs(undefined, () => {
      this.policies.start();
      this.pods.start();
      this.namespaces.start();
    });
  }

  hasSynced(): boolean {
    return this.policies.hasSynced() && this.pods.hasSynced() && this.namespaces.hasSynced();
  }

  /** The snapshot a render reads now: one per change, shared by every node. */
  world(): FelixWorld {
    if (this.snapshot?.version !== this.version) {
      const eps = [...this.endpoints.values()].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
      this.snapshot = { version: this.version, world: new FelixWorld(eps, this.namespaces.list(), this.policies.list(), this.snapshot?.world) };
    }
    return this.snapshot.world;
  }

  /** Calls `fn` on every change that concerns `node` until the returned function is called. */
  subscribe(node: string, fn: () => void): () => void {
    let set = this.subscribers.get(node);
    if (!set) this.subscribers.set(node, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }
}

function sameEndpoint(a: Endpoint | undefined, b: Endpoint | undefined): boolean {
  if (!a || !b) return a === b;
  return a.ip === b.ip && a.node === b.node && a.serviceAccount === b.serviceAccount && JSON.stringify(a.labels) === JSON.stringify(b.labels) && JSON.stringify(a.ports) === JSON.stringify(b.ports);
}
