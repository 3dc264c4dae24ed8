/**
 * What the Endpoints and EndpointSlice controllers share (pkg/controller/util/endpoint and
 * pkg/api/v1/pod FindPort): which pods back a Service, how a Service port resolves on a pod, and the
 * trigger-time bookkeeping behind `endpoints.kubernetes.io/last-change-trigger-time`.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Informer } from '../../client/types';
import type { StoredObject } from '../../types';
import { setMatches } from '../../api/selectorMatch';
import { semanticEqual } from './util';

export type PodObj = Pod & StoredObject;
export type SvcObj = Service & StoredObject;

export const LastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';
export const IsHeadlessServiceLabel = 'service.kubernetes.io/headless';

/**
 * How long pod-triggered syncs of one Service are coalesced. kube-controller-manager's
 * --endpoint-updates-batch-period defaults to 0, but there a sync takes real time and updates arriving
 * meanwhile merge in the queue; on virtual time a short batch plays that part.
 */
export const POD_UPDATES_BATCH_PERIOD_MS = 50;

/**
 * podutil.FindPort: a numeric targetPort is itself (defaulting to the port); a named one is the
 * containerPort of the container port with that name and the Service port's protocol.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  const proto = sp.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  }
  return undefined;
}

/**
 * ShouldPodBeInEndpoints: the pod has an IP; terminating pods only when `includeTerminating`; pods
 * that will never run again (restartPolicy Never and finished, OnFailure and succeeded) never.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  switch (pod.spec?.restartPolicy) {
    case 'Never':
      return phase !== 'Failed' && phase !== 'Succeeded';
    case 'OnFailure':
      return phase !== 'Succeeded';
    default:
      return true;
  }
}

/** ShouldSetHostname: the pod asked for a hostname under this Service's subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata?.name && svc.metadata?.namespace === pod.metadata?.namespace;
}

/** The pods in the Service's namespace its selector picks. */
export function podsForService(pods: Informer<PodObj>, svc: SvcObj): PodObj[] {
  const sel = svc.spec?.selector ?? {};
  // Informer order (the order pods were first seen) is deterministic; no need to sort.
  return pods.list(svc.metadata.namespace).filter((p) => setMatches(sel, p.metadata.labels));
}

/** Services in the pod's namespace whose selector matches it (GetPodServiceMemberships). */
export function servicesForPod(services: Informer<SvcObj>, pod: PodObj): SvcObj[] {
  return services.list(pod.metadata.namespace).filter((s) => !!s.spec?.selector && setMatches(s.spec.selector, pod.metadata.labels));
}

/** The pod's primary IP (podIPs[0], else podIP). */
export function podIP(pod: Pod): string | undefined {
  return pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP;
}

/**
 * Whether a pod update can change what the Service's endpoints say (podEndpointsChanged plus the label
 * check of GetServicesToUpdateOnPodChange).
 */
export function podEndpointChanged(old: Pod, cur: Pod): boolean {
  const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return (
    podIP(old) !== podIP(cur) ||
    ready(old) !== ready(cur) ||
    !!old.metadata?.deletionTimestamp !== !!cur.metadata?.deletionTimestamp ||
    old.spec?.nodeName !== cur.spec?.nodeName ||
    old.spec?.hostname !== cur.spec?.hostname ||
    old.spec?.subdomain !== cur.spec?.subdomain ||
    old.status?.phase !== cur.status?.phase ||
    JSON.stringify(old.spec?.containers?.map((c) => c.ports)) !== JSON.stringify(cur.spec?.containers?.map((c) => c.ports))
  );
}

/**
 * TriggerTimeTracker, simplified: the earliest moment since the last sync at which a change that
 * concerns the Service was observed. Read and cleared by the sync.
 */
export class TriggerTimes {
  private earliest = new Map<string, number>();
  note(key: string, atMs: number): void {
    const cur = this.earliest.get(key);
    if (cur === undefined || atMs < cur) this.earliest.set(key, atMs);
  }
  take(key: string): number | undefined {
    const v = this.earliest.get(key);
    this.earliest.delete(key);
    return v;
  }
}

/**
 * The Service and Pod handlers both endpoint controllers share: a Service change syncs that Service; a
 * Pod change that could alter an endpoint (or whose labels moved it between Services) syncs the
 * Services selecting it, before and after.
 */
export function watchServicesAndPods(services: Informer<SvcObj>, pods: Informer<PodObj>, onService: (s: SvcObj) => void, onPod: (p: PodObj) => void, onServiceDeleted: (s: SvcObj) => void): void {
  services.addEventHandler({
    add: onService,
    update: (old, cur) => {
      if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) onService(cur);
    },
    delete: onServiceDeleted,
  });
  pods.addEventHandler({
    add: onPod,
    update: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const labelsChanged = !semanticEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
      if (!labelsChanged && !podEndpointChanged(old, cur)) return;
      onPod(cur);
      if (labelsChanged) onPod(old);
    },
    delete: onPod,
  });
}
