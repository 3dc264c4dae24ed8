/**
 * ResourceQuota evaluation (k8s.io/kubernetes pkg/quota/v1/evaluator/core) and the ResourceQuota
 * admission plugin (plugin/pkg/admission/resourcequota), shared with the resource quota controller.
 *
 * Usage per object kind:
 * - pods (not Succeeded/Failed): `pods`, `count/pods`, `requests.cpu` (= `cpu`), `requests.memory`
 *   (= `memory`), `limits.cpu`, `limits.memory`, `requests.ephemeral-storage`, `limits.ephemeral-storage`,
 *   from the pod's effective request (the larger of the containers' sum and any one init container);
 * - services: `services`, `services.nodeports`, `services.loadbalancers`; PVCs:
 *   `persistentvolumeclaims`, `requests.storage` and the per-class
 *   `<class>.storageclass.storage.k8s.io/{requests.storage,persistentvolumeclaims}`; configmaps, secrets,
 *   replicationcontrollers, resourcequotas: their counts; anything: `count/<resource>[.<group>]`.
 * Scopes: Terminating / NotTerminating (activeDeadlineSeconds), BestEffort / NotBestEffort, and the
 * PriorityClass scope selector.
 *
 * Admission refuses a create that would exceed a quota with
 * `exceeded quota: <q>, requested: <r>=<v>, used: <r>=<v>, limited: <r>=<v>`, and a pod whose containers
 * lack a request or limit a quota constrains with `failed quota: <q>: must specify <r> for: <containers>`.
 * Used amounts are computed from the namespace's current objects (the real plugin reads the quota's
 * status and keeps a live-lookup cache; the result is the same without concurrent writers).
 */
import type { KObject, Pod, StoredObject } from '../../types';
import type { Quantity } from '../quantity';
import { addQuantities, compareQuantity, formatQuantity, parseQuantity } from '../quantity';
import { podQOSClass } from '../qos';

export type Usage = Map<string, Quantity>;

export interface QuotaSpec {
  hard?: Record<string, string | number>;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: { scopeName: string; operator: string; values?: string[] }[] };
}

export interface ResourceQuotaObj extends StoredObject {
  spec?: QuotaSpec;
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

const q = (v: string | number) => parseQuantity(typeof v === 'number' ? String(v) : v);
const ONE = () => q(1);

function add(u: Usage, name: string, v: Quantity): void {
  const cur = u.get(name);
  u.set(name, cur ? addQuantities(cur, v) : v);
}

function maxQ(a: Quantity | undefined, b: Quantity | undefined): Quantity | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareQuantity(a, b) >= 0 ? a : b;
}

/** The pod's effective requests or limits for one resource (containers summed, init containers maxed, overhead added). */
function podResource(pod: Pod, kind: 'requests' | 'limits', res: string): Quantity | undefined {
  let sum: Quantity | undefined;
  for (const c of pod.spec?.containers ?? []) {
    const v = c.resources?.[kind]?.[res];
    if (v !== undefined) sum = sum ? addQuantities(sum, q(v as string)) : q(v as string);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const v = c.resources?.[kind]?.[res];
    if (v !== undefined) sum = maxQ(sum, q(v as string));
  }
  const oh = pod.spec?.overhead?.[res];
  if (sum && oh !== undefined) sum = addQuantities(sum, q(oh as string));
  return sum;
}

export function isTerminalPod(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Usage of one object of `plural` (with group suffix for count/). */
export function usageOf(plural: string, group: string, obj: KObject): Usage {
  const u: Usage = new Map();
  add(u, `count/${group ? `${plural}.${group}` : plural}`, ONE());
  switch (plural) {
    case 'pods': {
      const pod = obj as Pod;
      if (isTerminalPod(pod)) return new Map();
      add(u, 'pods', ONE());
      for (const res of ['cpu', 'memory', 'ephemeral-storage']) {
        const r = podResource(pod, 'requests', res);
        if (r) {
          add(u, `requests.${res}`, r);
          if (res !== 'ephemeral-storage') add(u, res, r);
        }
        const l = podResource(pod, 'limits', res);
        if (l) add(u, `limits.${res}`, l);
      }
      break;
    }
    case 'services': {
      add(u, 'services', ONE());
      const spec = (obj as { spec?: { type?: string; ports?: { nodePort?: number }[] } }).spec;
      if (spec?.type === 'NodePort' || spec?.type === 'LoadBalancer') add(u, 'services.nodeports', q(spec.ports?.length ?? 0));
      if (spec?.type === 'LoadBalancer') add(u, 'services.loadbalancers', ONE());
      break;
    }
    case 'persistentvolumeclaims': {
      add(u, 'persistentvolumeclaims', ONE());
      const pvc = obj as { spec?: { storageClassName?: string; resources?: { requests?: { storage?: string } } } };
      const st = pvc.spec?.resources?.requests?.storage;
      if (st !== undefined) add(u, 'requests.storage', q(st));
      const cls = pvc.spec?.storageClassName;
      if (cls) {
        add(u, `${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE());
        if (st !== undefined) add(u, `${cls}.storageclass.storage.k8s.io/requests.storage`, q(st));
      }
      break;
    }
    case 'configmaps':
    case 'secrets':
    case 'replicationcontrollers':
    case 'resourcequotas':
      add(u, plural, ONE());
      break;
  }
  return u;
}

/** Whether a quota's scopes select the object (only pods are scoped). */
export function quotaMatches(quota: ResourceQuotaObj, plural: string, obj: KObject): boolean {
  const scopes = [...(quota.spec?.scopes ?? [])];
  const exprs = quota.spec?.scopeSelector?.matchExpressions ?? [];
  if (scopes.length === 0 && exprs.length === 0) return true;
  if (plural !== 'pods') return false;
  const pod = obj as Pod;
  const terminating = pod.spec?.activeDeadlineSeconds !== undefined && pod.spec?.activeDeadlineSeconds !== null;
  const bestEffort = podQOSClass(pod) === 'BestEffort';
  const test = (scope: string): boolean => {
    switch (scope) {
      case 'Terminating':
        return terminating;
      case 'NotTerminating':
        return !terminating;
      case 'BestEffort':
        return bestEffort;
      case 'NotBestEffort':
        return !bestEffort;
      default:
        return false;
    }
  };
  for (const s of scopes) if (!test(s)) return false;
  for (const e of exprs) {
    if (e.scopeName === 'PriorityClass') {
      const pc = pod.spec?.priorityClassName ?? '';
      const ok = e.operator === 'In' ? (e.values ?? []).includes(pc) : e.operator === 'NotIn' ? !(e.values ?? []).includes(pc) : e.operator === 'Exists' ? !!pc : !pc;
      if (!ok) return false;
    } else if (!test(e.scopeName)) return false;
  }
  return true;
}

/** Total usage of the tracked resources over `objects`. */
export function totalUsage(quota: ResourceQuotaObj, plural: string, group: string, objects: KObject[]): Usage {
  const hard = Object.keys(quota.spec?.hard ?? {});
  const total: Usage = new Map();
  for (const o of objects) {
    if (!quotaMatches(quota, plural, o)) continue;
    for (const [k, v] of usageOf(plural, group, o)) if (hard.includes(k)) add(total, k, v);
  }
  return total;
}

/** Which plural (and group) a quota resource name is charged by. */
export function resourceKindOf(name: string): { plural: string; group: string } | undefined {
  if (name.startsWith('count/')) {
    const r = name.slice(6);
    const i = r.indexOf('.');
    return i < 0 ? { plural: r, group: '' } : { plural: r.slice(0, i), group: r.slice(i + 1) };
  }
  if (name === 'pods' || /^(requests|limits)\./.test(name) && !name.endsWith('storage') || name === 'cpu' || name === 'memory' || name === 'requests.ephemeral-storage' || name === 'limits.ephemeral-storage') return { plural: 'pods', group: '' };
  if (name.startsWith('services')) return { plural: 'services', group: '' };
  if (name === 'persistentvolumeclaims' || name === 'requests.storage' || name.includes('.storageclass.storage.k8s.io/')) return { plural: 'persistentvolumeclaims', group: '' };
  if (['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(name)) return { plural: name, group: '' };
  return undefined;
}

/** `a=1,b=2`, keys sorted (quota.prettyPrint). */
export function prettyPrint(u: Usage): string {
  return [...u.keys()]
    .sort()
    .map((k) => `${k}=${formatQuantity(u.get(k)!)}`)
    .join(',');
}

export function usageToRecord(u: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...u.keys()].sort()) out[k] = formatQuantity(u.get(k)!);
  return out;
}

const COMPUTE = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'requests.ephemeral-storage', 'limits.ephemeral-storage']);

/** podEvaluator.Constraints: each container must state what the quota constrains. */
export function podConstraintError(quota: ResourceQuotaObj, pod: Pod): string | undefined {
  const required = Object.keys(quota.spec?.hard ?? {}).filter((k) => COMPUTE.has(k));
  if (required.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of pod.spec?.containers ?? []) {
    const has = new Set<string>();
    for (const [k] of Object.entries(c.resources?.requests ?? {})) {
      has.add(`requests.${k}`);
      if (k === 'cpu' || k === 'memory') has.add(k);
    }
    for (const [k] of Object.entries(c.resources?.limits ?? {})) has.add(`limits.${k}`);
    for (const r of required) {
      if (has.has(r)) continue;
      const s = missing.get(r) ?? new Set<string>();
      s.add(c.name);
      missing.set(r, s);
    }
  }
  if (missing.size === 0) return undefined;
  return `must specify ${[...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`)
    .join('; ')}`;
}

export interface QuotaAdmissionContext {
  list(plural: string, namespace: string): StoredObject[];
}

/**
 * The ResourceQuota admission check for a create of `obj` (`plural` in `group`) in `namespace`.
 * Returns the Forbidden reason, or undefined to admit.
 */
export function checkQuota(plural: string, group: string, obj: KObject, namespace: string, ctx: QuotaAdmissionContext): string | undefined {
  const quotas = ctx.list('resourcequotas', namespace) as ResourceQuotaObj[];
  if (quotas.length === 0) return undefined;
  const delta = usageOf(plural, group, obj);
  if (delta.size === 0) return undefined;
  const sorted = [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  let existing: KObject[] | undefined;
  for (const quota of sorted) {
    if (!quotaMatches(quota, plural, obj)) continue;
    const hard = quota.spec?.hard ?? {};
    const tracked = Object.keys(hard).filter((k) => delta.has(k));
    if (plural === 'pods') {
      const err = podConstraintError(quota, obj as Pod);
      if (err) return `failed quota: ${quota.metadata.name}: ${err}`;
    }
    if (tracked.length === 0) continue;
    existing ??= ctx.list(plural, namespace);
    const used = totalUsage(quota, plural, group, existing);
    const req: Usage = new Map();
    const usedOut: Usage = new Map();
    const lim: Usage = new Map();
    for (const k of tracked) {
      const u = used.get(k) ?? q(0);
      const next = addQuantities(u, delta.get(k)!);
      const h = q(hard[k]!);
      if (compareQuantity(next, h) > 0) {
        req.set(k, delta.get(k)!);
        usedOut.set(k, u);
        lim.set(k, h);
      }
    }
    if (req.size > 0) return `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(req)}, used: ${prettyPrint(usedOut)}, limited: ${prettyPrint(lim)}`;
  }
  return undefined;
}
