/**
 * A small story kit for whole-cluster controller scenarios: a full cluster (createCluster), an admin
 * client, virtual-time helpers and readers for pods, events and conditions.
 */
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import type { Client } from '../../client/types';
import type { KObject, Node, Pod, StoredObject } from '../../types';
import { Kubelet } from '../../node/kubelet';
import { ADDON_CONTROLLERS } from '../index';

export type PodObj = Pod & StoredObject;

export interface EventView {
  reason: string;
  message: string;
  type: string;
  source: { component: string };
  involvedObject: { kind: string; name: string; namespace?: string };
  firstTimestamp: string;
}

export class Story {
  readonly cluster: Cluster;
  readonly k: Client;

  constructor(seed = 1) {
    this.cluster = createCluster({ seed });
    this.k = this.cluster.client('kubernetes-admin');
    // Until cluster.ts wires the add-ons, start them here (the local-path provisioner).
    for (const a of ADDON_CONTROLLERS) {
      if (this.cluster.components.some((c) => c.name === a.name)) continue;
      const c = a.create(this.cluster.context(a.user, { component: a.eventSource }, `addon/${a.name}`));
      this.cluster.add(c);
      c.start();
    }
  }

  get now(): number {
    return this.cluster.clock.now();
  }

  /** Runs to virtual time `ms` (absolute). */
  until(ms: number): this {
    this.cluster.runUntil(ms);
    return this;
  }

  /** Runs `ms` more virtual milliseconds. */
  advance(ms: number): this {
    this.cluster.runUntil(this.now + ms);
    return this;
  }

  create<T extends KObject>(resource: string, obj: T): T & StoredObject {
    return this.k.create(resource, obj);
  }

  pods(ns = 'default', pred: (p: PodObj) => boolean = () => true): PodObj[] {
    return this.k
      .list<PodObj>('pods', ns)
      .items.filter(pred)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  running(ns = 'default', pred: (p: PodObj) => boolean = () => true): PodObj[] {
    return this.pods(ns, (p) => pred(p) && !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  }

  node(name: string): Node & StoredObject {
    return this.k.get<Node>('nodes', undefined, name);
  }

  kubelet(node: string): Kubelet {
    const k = this.cluster.components.find((c): c is Kubelet => c instanceof Kubelet && c.nodeName === node);
    if (!k) throw new Error(`no kubelet for ${node}`);
    return k;
  }

  events(reason?: string, name?: string): EventView[] {
    return this.k
      .list<KObject & StoredObject>('events', undefined)
      .items.map((e) => e as unknown as EventView)
      .filter((e) => (!reason || e.reason === reason) && (!name || e.involvedObject.name === name))
      .sort((a, b) => (a.firstTimestamp < b.firstTimestamp ? -1 : a.firstTimestamp > b.firstTimestamp ? 1 : 0));
  }

  get<T extends KObject>(resource: string, name: string, ns: string | undefined = 'default'): T & StoredObject {
    return this.k.get<T>(resource, ns, name);
  }
}

export function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...podSpec } },
      ...extra,
    },
  };
}
