/**
 * MetalLB's speaker in layer-2 mode (speaker/main.go, layer2_controller.go, v0.14), one per node from
 * the metallb-system/speaker DaemonSet. For every LoadBalancer Service with an address from the pool
 * and at least one ready endpoint, the speakers elect one node to answer ARP for the address: the
 * nodes with a running speaker (its memberlist), less those labelled
 * `node.kubernetes.io/exclude-from-external-load-balancers` or with NetworkUnavailable true — and, for
 * externalTrafficPolicy Local, only nodes with a ready endpoint — sorted by SHA-256 of
 * `<node>#<ip>`; the first announces and records `nodeAssigned` on the Service each time it
 * reconciles it.
 *
 * Not modelled: the gratuitous ARP and the ARP replies themselves (no packet leaves the lab network).
 */
import type { Component, ComponentContext } from '../../component';
import type { Informer } from '../../client/types';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Node, Pod, StoredObject } from '../../types';
import { keyOf } from '../../types';
import { parseIPv4 } from '../../network/ipv4';
import { sha256 } from '../kubeproxy/hash';
import type { AgentHost } from '../registry';
import type { Allocator } from './allocator';
import type { SvcObj } from './controller';
import { handlesClass, ingressIPs } from './controller';

type SliceObj = EndpointSlice & StoredObject;

export const METALLB_NAMESPACE = 'metallb-system';
export const SPEAKER_SELECTOR = 'app=metallb,component=speaker';
const EXCLUDE_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The node that announces `ip` among `nodes`: the least SHA-256 of `node#ip`. */
export function electNode(nodes: readonly string[], ip: string): string | undefined {
  let best: { node: string; hash: Uint8Array } | undefined;
  for (const node of nodes) {
    const hash = Uint8Array.from(sha256(`${node}#${ip}`));
    if (!best || compareBytes(hash, best.hash) < 0) best = { node, hash };
  }
  return best?.node;
}

/** EndpointCanServe: ready (an unset condition counts as ready). */
function canServe(ep: { conditions?: { ready?: boolean } }): boolean {
  return ep.conditions?.ready ?? true;
}

export class Speaker implements Component {
  readonly name: string;
  private readonly services: Informer<SvcObj>;
  private readonly slices: Informer<SliceObj>;
  private readonly pods: Informer<Pod & StoredObject>;
  private readonly nodes: Informer<Node & StoredObject>;
  private readonly queue;
  /** Services this speaker announces now. */
  private readonly announced = new Set<string>();
  private stopped = false;

  constructor(private readonly ctx: ComponentContext, private readonly host: AgentHost, private readonly pools: Pick<Allocator, 'poolFor'>) {
    this.name = `metallb-speaker/${host.nodeName}`;
    this.services = ctx.informers.informer<SvcObj>('services');
    this.slices = ctx.informers.informer<SliceObj>('endpointslices');
    this.pods = ctx.informers.informer<Pod & StoredObject>('pods', { namespace: METALLB_NAMESPACE, labelSelector: SPEAKER_SELECTOR });
    this.nodes = ctx.informers.informer<Node & StoredObject>('nodes');
    this.queue = ctx.newQueue(this.name, (key) => this.sync(key));
  }

  start(): void {
    const svc = (s: SvcObj): void => this.queue.add(keyOf(s));
    this.services.addEventHandler({ add: svc, update: (_o, s) => svc(s), delete: svc });
    const slice = (s: SliceObj): void => {
      const name = s.metadata.labels?.['kubernetes.io/service-name'];
      if (name) this.queue.add(`${s.metadata.namespace}/${name}`);
    };
    this.slices.addEventHandler({ add: slice, update: (_o, s) => slice(s), delete: slice });
    // A speaker joining or leaving, or a node's labels and conditions, may move every election.
    const all = (): void => {
      for (const s of this.services.list()) if (s.spec?.type === 'LoadBalancer') this.queue.add(keyOf(s));
    };
    this.pods.addEventHandler({ add: all, update: all, delete: all });
    this.nodes.addEventHandler({ add: all, update: all, delete: all });
    this.ctx.informers.start();
  }

  stop(): void {
    this.stopped = true;
    (this.ctx.informers as { stop?: () => void }).stop?.();
  }

  /** Nodes whose speaker runs: the memberlist, as the speakers' pods show it. */
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

  private sync(key: string): void {
    if (this.stopped) return;
    const svc = this.services.get(key);
    const ip = svc && svc.spec?.type === 'LoadBalancer' && handlesClass(svc) ? ingressIPs(svc)[0] : undefined;
    const addr = ip === undefined ? undefined : parseIPv4(ip);
    if (!svc || ip === undefined || addr === undefined || !this.pools.poolFor(addr)) {
      this.announced.delete(key);
      return;
    }
    const slices = this.slices.list(svc.metadata.namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
    const endpoints = slices.flatMap((s) => s.endpoints ?? []).filter(canServe);
    let candidates = this.speakerNodes();
    if (svc.spec?.externalTrafficPolicy === 'Local') {
      const withEndpoint = new Set(endpoints.map((e) => e.nodeName ?? ''));
      candidates = candidates.filter((n) => withEndpoint.has(n));
    }
    if (endpoints.length === 0 || electNode(candidates, ip) !== this.host.nodeName) {
      this.announced.delete(key);
      return;
    }
    this.announced.add(key);
    this.ctx.recorder.event(svc, 'Normal', 'nodeAssigned', `announcing from node ${JSON.stringify(this.host.nodeName)} with protocol "layer2"`);
  }

  /** The Services this node answers ARP for (for tests and the node's view). */
  announcing(): string[] {
    return [...this.announced].sort();
  }
}
