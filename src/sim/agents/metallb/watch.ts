/**
 * What every node's MetalLB speaker watches — Services, EndpointSlices, the speakers' own pods (their
 * memberlist) and the Nodes — kept once for all of them, as kube-proxy's watch is (agents/kubeproxy/
 * watch.ts). Every speaker computes the same layer-2 election for an address, so its result is kept
 * per address until something it depends on changes. A running speaker subscribes to hear which
 * Services changed; a stopped one hears nothing.
 */
import type { Clock } from '../../clock';
import type { Client } from '../../client/types';
import { SharedInformer } from '../../client/informer';
import type { EndpointSlice, Node, Pod, StoredObject } from '../../types';
import { keyOf } from '../../types';
import type { SvcObj } from './controller';
import { electNode } from './election';

export const METALLB_NAMESPACE = 'metallb-system';
export const SPEAKER_SELECTOR = 'app=metallb,component=speaker';
const EXCLUDE_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

type SliceObj = EndpointSlice & StoredObject;

/** EndpointCanServe: ready (an unset condition counts as ready). */
function canServe(ep: { conditions?: { ready?: boolean } }): boolean {
  return ep.conditions?.ready ?? true;
}

export class SpeakerWatch {
  readonly services: SharedInformer<SvcObj>;
  readonly slices: SharedInformer<SliceObj>;
  readonly pods: SharedInformer<Pod & StoredObject>;
  readonly nodes: SharedInformer<Node & StoredObject>;
  /** Services changed since the last delivery; `all` when the speakers or nodes changed. */
  private changed = new Set<string>();
  private all = false;
  private pending = false;
  private readonly subscribers = new Set<(keys: readonly string[]) => void>();
  private started = false;
  private elections = new Map<string, string | undefined>();

  constructor(
    private readonly clock: Clock,
    client: Client,
  ) {
    this.services = new SharedInformer<SvcObj>(client, clock, 'services');
    this.slices = new SharedInformer<SliceObj>(client, clock, 'endpointslices');
    this.pods = new SharedInformer<Pod & StoredObject>(client, clock, 'pods', { namespace: METALLB_NAMESPACE, labelSelector: SPEAKER_SELECTOR });
    this.nodes = new SharedInformer<Node & StoredObject>(client, clock, 'nodes');
    const svc = (s: SvcObj): void => this.note(keyOf(s));
    this.services.addEventHandler({ add: svc, update: (_o, s) => svc(s), delete: svc });
    const slice = (s: SliceObj): void => {
      const name = s.metadata.labels?.['kubernetes.io/service-name'];
      if (name) this.note(`${s.metadata.namespace}/${name}`);
    };
    this.slices.addEventHandler({ add: slice, update: (_o, s) => slice(s), delete: slice });
    // A speaker joining or leaving, or a node's labels and conditions, may move every election.
    const everything = (): void => this.note(undefined);
    this.pods.addEventHandler({ add: everything, update: everything, delete: everything });
    this.nodes.addEventHandler({ add: everything, update: everything, delete: everything });
  }

  /** Starts the watches the first time a speaker needs them; they belong to no speaker's process. */
  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.clock.runAs(undefined, () => {
      for (const inf of [this.services, this.slices, this.pods, this.nodes] as SharedInformer<StoredObject>[]) inf.start();
    });
  }

  hasSynced(): boolean {
    return this.services.hasSynced() && this.slices.hasSynced() && this.pods.hasSynced() && this.nodes.hasSynced();
  }

  /** Calls `fn` with the keys of the Services to look at again, until the returned function is called. */
  subscribe(fn: (keys: readonly string[]) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** The LoadBalancer Services now, for a speaker that looks at all of them. */
  loadBalancers(): string[] {
    return this.services.list().filter((s) => s.spec?.type === 'LoadBalancer').map(keyOf);
  }

  /** Every change of one instant reaches each speaker once, as its controller's queue would coalesce them. */
  private note(key: string | undefined): void {
    this.elections.clear();
    if (key === undefined) this.all = true;
    else this.changed.add(key);
    if (this.pending) return;
    this.pending = true;
    this.clock.runAs(undefined, () => this.clock.after(0, 'metallb-speaker: changes', () => {
      this.pending = false;
      const keys = this.all ? this.loadBalancers() : [...this.changed];
      this.all = false;
      this.changed = new Set();
      for (const s of [...this.subscribers]) s(keys);
    }));
  }

  /** Nodes whose speaker runs — the memberlist, as the speakers' pods show it — that may announce. */
  private speakerNodes(): string[] {
    const out = new Set<string>();
    for (const p of this.pods.list()) {
      const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      if (p.spec?.nodeName && ready && !p.metadata.deletionTimestamp) out.add(p.spec.nodeName);
    }
    return [...out].filter((name) => {
      const node = this.nodes.get(name);
      if (!node) return false;
      if (node.metadata.labels?.[EXCLUDE_LB] !== undefined) return false;
      return !node.status?.conditions?.some((c) => c.type === 'NetworkUnavailable' && c.status === 'True');
    });
  }

  /**
   * The node that announces the Service's address `ip` (ShouldAnnounce): none without a ready
   * endpoint; among the speakers' nodes — only those with a ready endpoint under
   * externalTrafficPolicy Local — the least SHA-256 of `node#ip`.
   */
  announcer(svc: SvcObj, ip: string): string | undefined {
    const key = `${keyOf(svc)}|${ip}`;
    if (this.elections.has(key)) return this.elections.get(key);
    const endpoints = this.slices
      .list(svc.metadata.namespace)
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
      .flatMap((s) => s.endpoints ?? [])
      .filter(canServe);
    let winner: string | undefined;
    if (endpoints.length > 0) {
      let candidates = this.speakerNodes();
      if (svc.spec?.externalTrafficPolicy === 'Local') {
        const withEndpoint = new Set(endpoints.map((e) => e.nodeName ?? ''));
        candidates = candidates.filter((n) => withEndpoint.has(n));
      }
      winner = electNode(candidates, ip);
    }
    this.elections.set(key, winner);
    return winner;
  }
}
