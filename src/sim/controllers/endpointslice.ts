/**
 * EndpointSliceController (k8s.io/kubernetes pkg/controller/endpointslice and
 * staging/src/k8s.io/endpointslice reconciler): for each Service with a selector, EndpointSlices that
 * list the pods it selects.
 *
 * - slices are named by generateName `<service>-`, labelled `kubernetes.io/service-name` and
 *   `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io` (plus the Service's own
 *   labels, and `service.kubernetes.io/headless` for headless Services), owned by the Service;
 * - one slice per distinct set of resolved ports, at most 100 endpoints each; existing slices are
 *   updated in place and filled before new ones are made;
 * - an endpoint is a pod with an IP: addresses, conditions (ready = serving and not terminating, unless
 *   publishNotReadyAddresses; serving = the pod's Ready condition; terminating = deletionTimestamp),
 *   nodeName, zone (the node's `topology.kubernetes.io/zone`), targetRef, hostname for pods under the
 *   Service's subdomain;
 * - a Service with no endpoints keeps one empty placeholder slice; a slice that would be deleted while
 *   another is created is updated in its place instead (the reconciler's finalize);
 * - Services without a selector, and ExternalName Services, are left alone; slices of deleted Services
 *   go with the garbage collector (owner references).
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Node } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { isStatusError } from '../api/types';
import { ensureIndexer, errText, isPodReady, newControllerRef, semanticEqual } from './internal/util';
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

type SliceObj = EndpointSlice & StoredObject;
type NodeObj = Node & StoredObject;

export const ServiceNameLabel = 'kubernetes.io/service-name';
export const ManagedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const ControllerName = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
const BY_SERVICE = 'endpointslice:byService';

interface Desired {
  key: string;
  endpoint: Endpoint;
}

function endpointKey(e: Endpoint): string {
  return e.targetRef?.uid ?? e.addresses.join(',');
}

function portsKey(ports: EndpointPort[]): string {
  return JSON.stringify(ports.map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? '']));
}

export class EndpointSliceController implements Component {
  readonly name = 'endpointslice-controller';
  static readonly eventSource = 'endpoint-slice-controller';
  static readonly user = 'system:serviceaccount:kube-system:endpointslice-controller';

  readonly queue: WorkQueue;
  maxEndpointsPerSlice = MAX_ENDPOINTS_PER_SLICE;
  private readonly svcInformer: Informer<SvcObj>;
  private readonly podInformer: Informer<PodObj>;
  private readonly sliceInformer: Informer<SliceObj>;
  private readonly nodeInformer: Informer<NodeObj>;
  private readonly triggers = new TriggerTimes();
  /** Delay that coalesces pod-triggered syncs of one Service. */
  podUpdatesBatchPeriodMs = POD_UPDATES_BATCH_PERIOD_MS;

  constructor(private readonly ctx: ComponentContext) {
    this.svcInformer = ctx.informers.informer<SvcObj>('services');
    this.podInformer = ctx.informers.informer<PodObj>('pods');
    this.sliceInformer = ctx.informers.informer<SliceObj>('endpointslices');
    this.nodeInformer = ctx.informers.informer<NodeObj>('nodes');
    // The real controller's queue backs off from 1 s, not client-go's 5 ms.
    this.queue = ctx.newQueue('endpoint_slice', (key) => this.syncService(key));
  }

  start(): void {
    ensureIndexer(this.sliceInformer, BY_SERVICE, (s) => {
      const svc = s.metadata.labels?.[ServiceNameLabel];
      return svc && s.metadata.labels?.[ManagedByLabel] === ControllerName ? [`${s.metadata.namespace}/${svc}`] : [];
    });
    watchServicesAndPods(this.svcInformer, this.podInformer, (s) => this.onService(s), (p) => this.onPod(p), (s) => this.queue.add(keyOf(s)));
    this.sliceInformer.addEventHandler({
      // Someone else changed one of our slices: put it back.
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        const svc = cur.metadata.labels?.[ServiceNameLabel];
        if (svc && cur.metadata.labels?.[ManagedByLabel] === ControllerName) this.queue.add(`${cur.metadata.namespace}/${svc}`);
      },
      delete: (s) => {
        const svc = s.metadata.labels?.[ServiceNameLabel];
        if (svc && s.metadata.labels?.[ManagedByLabel] === ControllerName) this.queue.add(`${s.metadata.namespace}/${svc}`);
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
    return this.svcInformer.hasSynced() && this.podInformer.hasSynced() && this.sliceInformer.hasSynced() && this.nodeInformer.hasSynced();
  }

  syncService(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const svc = this.svcInformer.get(key);
    if (!svc) {
      this.triggers.take(key);
      return; // the garbage collector removes the slices with their owner
    }
    if (!svc.spec?.selector || svc.spec.type === 'ExternalName') return;
    if (svc.metadata.deletionTimestamp) return;
    const triggerMs = this.triggers.take(key);
    try {
      this.reconcile(svc, triggerMs);
    } catch (e) {
      if (triggerMs !== undefined) this.triggers.note(key, triggerMs);
      if (!isStatusError(e, 'Forbidden')) {
        this.ctx.recorder.event(svc, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${errText(e)}`);
      }
      throw e;
    }
  }

  private desiredEndpoints(svc: SvcObj): Map<string, { ports: EndpointPort[]; endpoints: Desired[] }> {
    const groups = new Map<string, { ports: EndpointPort[]; endpoints: Desired[] }>();
    const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
    for (const pod of podsForService(this.podInformer, svc)) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ip = podIP(pod);
      if (!ip || ip.includes(':')) continue; // IPv4 slices only
      const ports: EndpointPort[] = [];
      for (const sp of svc.spec?.ports ?? []) {
        const n = findPort(pod, sp);
        if (n === undefined) continue;
        const ep: EndpointPort = { name: sp.name ?? '', port: n, protocol: sp.protocol ?? 'TCP' };
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        ports.push(ep);
      }
      const serving = isPodReady(pod);
      const terminating = !!pod.metadata.deletionTimestamp;
      const endpoint: Endpoint = {
        addresses: [ip],
        conditions: { ready: publishNotReady || (serving && !terminating), serving: publishNotReady || serving, terminating },
      };
      if (shouldSetHostname(pod, svc)) endpoint.hostname = pod.spec!.hostname!;
      endpoint.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
      if (pod.spec?.nodeName) {
        endpoint.nodeName = pod.spec.nodeName;
        const zone = this.nodeInformer.get(pod.spec.nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'];
        if (zone) endpoint.zone = zone;
      }
      const pk = portsKey(ports);
      let g = groups.get(pk);
      if (!g) groups.set(pk, (g = { ports, endpoints: [] }));
      g.endpoints.push({ key: endpointKey(endpoint), endpoint });
    }
    return groups;
  }

  private sliceMeta(svc: SvcObj, triggerMs: number | undefined, existing?: SliceObj): EndpointSlice['metadata'] {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (k !== ServiceNameLabel && k !== ManagedByLabel && k !== IsHeadlessServiceLabel) labels[k] = v;
    labels[ServiceNameLabel] = svc.metadata.name;
    labels[ManagedByLabel] = ControllerName;
    if (svc.spec?.clusterIP === 'None') labels[IsHeadlessServiceLabel] = '';
    const annotations = { ...(existing?.metadata.annotations ?? {}) };
    if (triggerMs !== undefined) annotations[LastChangeTriggerTimeAnnotation] = this.ctx.clock.timestamp(triggerMs);
    const meta: EndpointSlice['metadata'] = existing
      ? { ...deepCopy(existing.metadata), labels }
      : { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [newControllerRef(svc, 'v1', 'Service')] };
    if (Object.keys(annotations).length) meta!.annotations = annotations;
    return meta;
  }

  private reconcile(svc: SvcObj, triggerMs: number | undefined): void {
    const ns = svc.metadata.namespace!;
    const existing = this.sliceInformer
      .byIndex(BY_SERVICE, keyOf(svc))
      .filter((s) => s.addressType === 'IPv4' && !s.metadata.deletionTimestamp)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const groups = this.desiredEndpoints(svc);
    const toCreate: EndpointSlice[] = [];
    const toUpdate: EndpointSlice[] = [];
    const toDelete: SliceObj[] = [];
    const kept = new Set<SliceObj>();

    for (const [pk, g] of groups) {
      const desired = new Map(g.endpoints.map((d) => [d.key, d.endpoint]));
      const placed = new Set<string>();
      const slices = existing.filter((s) => portsKey(s.ports ?? []) === pk);
      const work: { orig?: SliceObj; endpoints: Endpoint[] }[] = [];
      for (const s of slices) {
        const eps: Endpoint[] = [];
        for (const e of s.endpoints ?? []) {
          const k = endpointKey(e);
          const want = desired.get(k);
          if (want && !placed.has(k)) {
            eps.push(want);
            placed.add(k);
          }
        }
        work.push({ orig: s, endpoints: eps });
      }
      const leftover = g.endpoints.filter((d) => !placed.has(d.key)).map((d) => d.endpoint);
      // Fill the slices that have room, fullest first, then make new ones.
      for (const w of [...work].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
        while (leftover.length && w.endpoints.length < this.maxEndpointsPerSlice) w.endpoints.push(leftover.shift()!);
      }
      while (leftover.length) work.push({ endpoints: leftover.splice(0, this.maxEndpointsPerSlice) });
      for (const w of work) {
        if (w.orig && w.endpoints.length === 0) {
          toDelete.push(w.orig);
          continue;
        }
        if (w.orig) {
          kept.add(w.orig);
          const meta = this.sliceMeta(svc, triggerMs, w.orig);
          if (semanticEqual(w.orig.endpoints ?? [], w.endpoints) && semanticEqual(w.orig.metadata.labels ?? {}, meta!.labels ?? {})) continue;
          toUpdate.push({ ...deepCopy(w.orig), metadata: meta, endpoints: w.endpoints, ports: g.ports });
        } else {
          toCreate.push({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: this.sliceMeta(svc, triggerMs), addressType: 'IPv4', endpoints: w.endpoints, ports: g.ports });
        }
      }
    }
    for (const s of existing) if (!kept.has(s) && !toDelete.includes(s)) toDelete.push(s);

    // A Service with nothing to list keeps one empty placeholder slice.
    if (groups.size === 0) {
      const placeholder = existing.find((s) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0);
      if (placeholder) {
        toDelete.splice(toDelete.indexOf(placeholder), 1);
      } else {
        toCreate.push({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: this.sliceMeta(svc, triggerMs), addressType: 'IPv4', endpoints: [], ports: [] });
      }
    }

    // finalize: a slice to create takes the place of one to delete (same Service, same address type),
    // written as an update under that slice's name, so an object that would come and go stays (the
    // placeholder keeps its uid when the first endpoint arrives).
    for (let i = 0; i < toDelete.length && toCreate.length > 0; ) {
      const old = toDelete[i]!;
      const slice = toCreate[toCreate.length - 1]!;
      if (old.addressType === slice.addressType && ownedBy(old, svc)) {
        toCreate.pop();
        toUpdate.push({ ...slice, metadata: { ...slice.metadata, name: old.metadata.name } });
        toDelete.splice(i, 1);
      } else i++;
    }

    for (const s of toCreate) this.ctx.client.create('endpointslices', s as SliceObj, { namespace: ns });
    for (const s of toUpdate) this.ctx.client.update('endpointslices', s as SliceObj);
    for (const s of toDelete) {
      try {
        this.ctx.client.delete('endpointslices', ns, s.metadata.name);
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }
}

/** The slice's owner references name this Service (a slice left by an old Service of the same name does not). */
function ownedBy(slice: SliceObj, svc: SvcObj): boolean {
  return (slice.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.kind === 'Service' && r.apiVersion === 'v1');
}
