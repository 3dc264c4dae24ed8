/**
 * EndpointsController (k8s.io/kubernetes pkg/controller/endpoint): the legacy core/v1 Endpoints object,
 * named after its Service, for every Service with a selector.
 *
 * - each selected pod with an IP becomes an address ({ip, nodeName, targetRef}, plus hostname under
 *   the Service's subdomain), in `addresses` when Ready (or publishNotReadyAddresses) and in
 *   `notReadyAddresses` otherwise; terminating pods are left out unless publishNotReadyAddresses;
 * - named targetPorts resolve against each pod's container ports; subsets are repacked so that pods
 *   offering the same ports share one subset (RepackSubsets), addresses sorted by IP;
 * - labels are the Service's, plus `service.kubernetes.io/headless` for headless Services; the
 *   `endpoints.kubernetes.io/last-change-trigger-time` annotation records the triggering change;
 * - more than 1000 addresses are truncated, with `endpoints.kubernetes.io/over-capacity: truncated`;
 * - the Endpoints object is deleted with its Service.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';
import { deepCopy, keyOf, splitKey } from '../types';
import { isStatusError } from '../api/types';
import { errText, isPodReady, semanticEqual } from './internal/util';
import {
  IsHeadlessServiceLabel,
  LastChangeTriggerTimeAnnotation,
  TriggerTimes,
  findPort,
  podIP,
  podsForService,
  servicesForPod,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './internal/endpointutil';
import type { PodObj, SvcObj } from './internal/endpointutil';
import { POD_UPDATES_BATCH_PERIOD_MS, watchServicesAndPods } from './internal/endpointutil';

type EpObj = Endpoints & StoredObject;

/** maxCapacity: the most addresses an Endpoints object carries. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
export const OverCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';

interface Entry {
  addr: EndpointAddress;
  ready: boolean;
  ports: EndpointPort[];
}

function compareAddr(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid;
  const ub = b.targetRef?.uid;
  if (ua === ub) return 0;
  if (ub === undefined) return 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : 1;
}

function portId(p: EndpointPort): string {
  return `${p.name ?? ''}|${p.port}|${p.protocol ?? 'TCP'}|${p.appProtocol ?? ''}`;
}

/** RepackSubsets: group addresses by the exact set of ports they offer; sort for stable output. */
export function repackSubsets(entries: Entry[]): EndpointSubset[] {
  const byKey = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[]; seen: Set<string> }>();
  for (const e of entries) {
    const ports = e.ports.length > 1 ? [...e.ports].sort((a, b) => (portId(a) < portId(b) ? -1 : portId(a) > portId(b) ? 1 : 0)) : e.ports;
    const k = ports.map(portId).join(';');
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { ports, ready: [], notReady: [], seen: new Set() }));
    const id = `${e.ready ? 'r' : 'n'}|${e.addr.ip}|${e.addr.targetRef?.uid ?? ''}`;
    if (g.seen.has(id)) continue;
    g.seen.add(id);
    (e.ready ? g.ready : g.notReady).push(e.addr);
  }
  const out: EndpointSubset[] = [];
  for (const [, g] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(compareAddr);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(compareAddr);
    if (g.ports.length) s.ports = g.ports;
    out.push(s);
  }
  return out;
}

/** Keeps at most `max` addresses, ready ones first, spread over subsets in order. */
function truncate(subsets: EndpointSubset[], max: number): EndpointSubset[] {
  let left = max;
  const out: EndpointSubset[] = [];
  for (const s of subsets) {
    const c: EndpointSubset = { ...s };
    const ready = (s.addresses ?? []).slice(0, left);
    left -= ready.length;
    const notReady = (s.notReadyAddresses ?? []).slice(0, left);
    left -= notReady.length;
    if (ready.length) c.addresses = ready;
    else delete c.addresses;
    if (notReady.length) c.notReadyAddresses = notReady;
    else delete c.notReadyAddresses;
    if (ready.length || notReady.length) out.push(c);
  }
  return out;
}

export class EndpointsController implements Component {
  readonly name = 'endpoint-controller';
  static readonly eventSource = 'endpoint-controller';
  static readonly user = 'system:serviceaccount:kube-system:endpoint-controller';

  readonly queue: WorkQueue;
  private readonly svcInformer: Informer<SvcObj>;
  private readonly podInformer: Informer<PodObj>;
  private readonly epInformer: Informer<EpObj>;
  private readonly triggers = new TriggerTimes();
  /** Delay that coalesces pod-triggered syncs of one Service. */
  podUpdatesBatchPeriodMs = POD_UPDATES_BATCH_PERIOD_MS;

  constructor(private readonly ctx: ComponentContext) {
    this.svcInformer = ctx.informers.informer<SvcObj>('services');
    this.podInformer = ctx.informers.informer<PodObj>('pods');
    this.epInformer = ctx.informers.informer<EpObj>('endpoints');
    this.queue = ctx.newQueue('endpoint', (key) => this.syncService(key));
  }

  start(): void {
    watchServicesAndPods(this.svcInformer, this.podInformer, (s) => this.onService(s), (p) => this.onPod(p), (s) => this.queue.add(keyOf(s)));
    this.epInformer.addEventHandler({
      // An Endpoints object we manage was changed or removed behind our back: reconcile it.
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion && this.svcInformer.get(keyOf(cur))?.spec?.selector) this.queue.add(keyOf(cur));
      },
      delete: (ep) => {
        if (this.svcInformer.get(keyOf(ep))?.spec?.selector) this.queue.add(keyOf(ep));
      },
    });
    this.ctx.informers.start();
  }

  private onService(s: SvcObj): void {
    this.triggers.note(keyOf(s), this.ctx.clock.now());
    this.queue.add(keyOf(s));
  }

  private onPod(p: PodObj): void {
    for (const s of servicesForPod(this.svcInformer, p)) {
      this.triggers.note(keyOf(s), this.ctx.clock.now());
      // Pod changes are batched (the real --endpoint-updates-batch-period), which also stands in for the
      // time a real worker spends per sync: a burst of pod updates becomes one write.
      this.queue.addAfter(keyOf(s), this.podUpdatesBatchPeriodMs);
    }
  }

  private synced(): boolean {
    return this.svcInformer.hasSynced() && this.podInformer.hasSynced() && this.epInformer.hasSynced();
  }

  syncService(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const { namespace, name } = splitKey(key);
    const svc = this.svcInformer.get(key);
    if (!svc) {
      this.triggers.take(key);
      // The Service is gone: its Endpoints go too (only if we would have managed them).
      const ep = this.epInformer.get(key);
      if (ep && !ep.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror']) {
        try {
          this.ctx.client.delete('endpoints', namespace, name);
        } catch (e) {
          if (!isStatusError(e, 'NotFound')) throw e;
        }
      }
      return;
    }
    if (!svc.spec?.selector) return;
    if (svc.metadata.deletionTimestamp) return;
    const triggerMs = this.triggers.take(key);
    try {
      this.reconcile(svc, triggerMs);
    } catch (e) {
      if (triggerMs !== undefined) this.triggers.note(key, triggerMs);
      throw e;
    }
  }

  private reconcile(svc: SvcObj, triggerMs: number | undefined): void {
    const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
    const entries: Entry[] = [];
    for (const pod of podsForService(this.podInformer, svc)) {
      const ip = podIP(pod);
      if (!ip) continue;
      if (!publishNotReady && pod.metadata.deletionTimestamp) continue;
      const addr: EndpointAddress = { ip, targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid } };
      if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
      if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec!.hostname!;
      let ready: boolean;
      if (publishNotReady || isPodReady(pod)) ready = true;
      else if (shouldPodBeInEndpoints(pod, false)) ready = false;
      else continue;
      const svcPorts = svc.spec?.ports ?? [];
      if (svcPorts.length === 0 && svc.spec?.clusterIP === 'None') {
        entries.push({ addr, ready, ports: [] });
        continue;
      }
      for (const sp of svcPorts) {
        const n = findPort(pod, sp);
        if (n === undefined) continue;
        const p: EndpointPort = { name: sp.name, port: n, protocol: sp.protocol ?? 'TCP' };
        if (!p.name) delete p.name;
        if (sp.appProtocol) p.appProtocol = sp.appProtocol;
        entries.push({ addr, ready, ports: [p] });
      }
    }
    // One entry per (address, port); merge an address's ports before repacking.
    const merged = new Map<string, Entry>();
    for (const e of entries) {
      const k = `${e.addr.targetRef?.uid}|${e.ready}`;
      const m = merged.get(k);
      if (m) m.ports.push(...e.ports);
      else merged.set(k, { addr: e.addr, ready: e.ready, ports: [...e.ports] });
    }
    let subsets = repackSubsets([...merged.values()]);
    const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
    const overCapacity = total > MAX_ENDPOINTS_CAPACITY;
    if (overCapacity) subsets = truncate(subsets, MAX_ENDPOINTS_CAPACITY);

    const current = this.epInformer.get(keyOf(svc));
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (k !== IsHeadlessServiceLabel) labels[k] = v;
    if (svc.spec?.clusterIP === 'None') labels[IsHeadlessServiceLabel] = '';
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (overCapacity) annotations[OverCapacityAnnotation] = 'truncated';
    else delete annotations[OverCapacityAnnotation];

    const unchanged =
      current &&
      semanticEqual(current.subsets ?? [], subsets) &&
      semanticEqual(current.metadata.labels ?? {}, labels) &&
      (current.metadata.annotations?.[OverCapacityAnnotation] ?? '') === (annotations[OverCapacityAnnotation] ?? '');
    if (unchanged) return;
    if (triggerMs !== undefined) annotations[LastChangeTriggerTimeAnnotation] = this.ctx.clock.timestamp(triggerMs);

    const ns = svc.metadata.namespace!;
    const body: Endpoints = current
      ? { ...deepCopy(current), subsets }
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: ns }, subsets };
    // An empty label map is left out on the wire (omitempty), so the object has no `labels` at all.
    body.metadata = { ...body.metadata, labels };
    if (Object.keys(labels).length === 0) delete body.metadata.labels;
    if (Object.keys(annotations).length) body.metadata.annotations = annotations;
    else delete body.metadata.annotations;
    if (subsets.length === 0) delete body.subsets;
    try {
      if (current) this.ctx.client.update('endpoints', body as EpObj);
      else this.ctx.client.create('endpoints', body as EpObj, { namespace: ns });
    } catch (e) {
      if (isStatusError(e, 'AlreadyExists')) throw e; // our cache is behind; retry
      if (isStatusError(e, 'Forbidden') && /being terminated/.test(errText(e))) return;
      const verb = current ? 'FailedToUpdateEndpoint' : 'FailedToCreateEndpoint';
      const what = current ? 'update' : 'create';
      this.ctx.recorder.event(body as EpObj, 'Warning', verb, `Failed to ${what} endpoint for service ${ns}/${svc.metadata.name}: ${errText(e)}`);
      throw e;
    }
  }
}
