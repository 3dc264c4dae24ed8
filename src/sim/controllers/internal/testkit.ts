/**
 * Test helpers for controller tests: a bare cluster (API server only) with the controllers under test
 * started on it, plus stand-ins for the kubelet's writes (pods becoming Running and Ready, deletions
 * being confirmed) so a test can drive pods by hand.
 */
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import type { Client } from '../../client/types';
import type { Component, ComponentContext } from '../../component';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KObject, StoredObject } from '../../types';
import { deepCopy } from '../../types';
import { isStatusError } from '../../api/types';

export type PodObj = Pod & StoredObject;

export interface ControllerClass<T extends Component> {
  new (ctx: ComponentContext): T;
  readonly eventSource: string;
  readonly user?: string;
}

export class Harness {
  readonly cluster: Cluster;
  readonly k: Client;
  private ipSeq = 2;

  constructor(seed = 1) {
    this.cluster = createCluster({ bare: true, seed });
    this.k = this.cluster.client('kubernetes-admin');
    // The ServiceAccount admission plugin wants `default`; the serviceaccount controller is not running.
    this.k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  }

  /** Builds and starts a controller the way the cluster does. */
  add<T extends Component>(Ctor: ControllerClass<T>): T {
    const probe = new Ctor(this.cluster.context(Ctor.user ?? 'system:kube-controller-manager', { component: Ctor.eventSource }, `kcm:${Ctor.eventSource}`));
    probe.start();
    return probe;
  }

  get now(): number {
    return this.cluster.clock.now();
  }

  /** Runs virtual time forward by `ms`. */
  run(ms = 1000): void {
    this.cluster.runUntil(this.cluster.clock.now() + ms);
  }

  pods(ns = 'default', pred: (p: PodObj) => boolean = () => true): PodObj[] {
    return this.k
      .list<PodObj>('pods', ns)
      .items.filter(pred)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  rss(ns = 'default'): (ReplicaSet & StoredObject)[] {
    return this.k.list<ReplicaSet & StoredObject>('replicasets', ns).items;
  }

  deployment(name: string, ns = 'default'): Deployment & StoredObject {
    return this.k.get<Deployment & StoredObject>('deployments', ns, name);
  }

  events(reason?: string): { reason: string; message: string; source: { component: string }; involvedObject: { name: string; kind: string } }[] {
    return this.k
      .list<KObject & StoredObject>('events', undefined)
      .items.map((e) => e as unknown as { reason: string; message: string; source: { component: string }; involvedObject: { name: string; kind: string } })
      .filter((e) => !reason || e.reason === reason);
  }

  /** What the scheduler and kubelet would write: bound to `node`, Running, with an IP, Ready. */
  makeReady(pod: PodObj, node = 'worker-1', ready = true): PodObj {
    let cur = this.k.get<PodObj>('pods', pod.metadata.namespace, pod.metadata.name);
    if (!cur.spec?.nodeName) {
      this.k.create('pods', { apiVersion: 'v1', kind: 'Binding', metadata: { name: cur.metadata.name, namespace: cur.metadata.namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } }, { namespace: cur.metadata.namespace, subresource: 'binding', name: cur.metadata.name });
      cur = this.k.get<PodObj>('pods', pod.metadata.namespace, pod.metadata.name);
    }
    const next = deepCopy(cur) as PodObj & { status: NonNullable<Pod['status']> };
    const ts = this.cluster.clock.timestamp();
    const ip = next.status?.podIP ?? `10.244.1.${this.ipSeq++}`;
    const conds = (next.status?.conditions ?? []).filter((c) => c.type !== 'Ready' && c.type !== 'ContainersReady');
    const prevReady = cur.status?.conditions?.find((c) => c.type === 'Ready');
    const readyTs = prevReady && prevReady.status === (ready ? 'True' : 'False') ? prevReady.lastTransitionTime : ts;
    conds.push({ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readyTs });
    next.status = { ...(next.status ?? {}), phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: conds };
    return this.k.update<PodObj>('pods', next, { subresource: 'status' });
  }

  /** Makes every pod matching `pred` ready (the kubelet's work, done at once). */
  readyAll(ns = 'default', pred: (p: PodObj) => boolean = () => true): void {
    for (const p of this.pods(ns, (x) => !x.metadata.deletionTimestamp && pred(x))) {
      if (p.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True') this.makeReady(p);
    }
  }

  /** The kubelet's final word on terminating pods: delete them with grace period 0. */
  confirmDeletions(ns = 'default'): void {
    for (const p of this.pods(ns, (x) => !!x.metadata.deletionTimestamp)) {
      try {
        this.k.delete('pods', ns, p.metadata.name, { gracePeriodSeconds: 0 });
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }
}
