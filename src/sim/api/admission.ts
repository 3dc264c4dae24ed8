/**
 * The admission chain that a default 1.31 API server runs for the kinds kubetab serves, in its order:
 * NamespaceLifecycle, LimitRanger, ServiceAccount, TaintNodesByCondition, Priority,
 * DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection, DefaultIngressClass and,
 * last, ResourceQuota.
 * Mutating plugins change the object in place; any plugin may refuse with the real error. The plugins
 * beyond the first four live in ./admission/.
 */
import type { Stream } from '../rng';
import type { KObject, Node, Pod, StoredObject, Toleration } from '../types';
import { forbidden, notFound } from './errors';
import type { ResourceDefinition } from './types';
import { limitRangerAdmitPod } from './admission/limitranger';
import { checkQuota } from './admission/quota';
import { admitStorageCreate } from './admission/storage';
import { admitIngressCreate } from './admission/ingressclass';

export interface AdmissionContext {
  get(plural: string, namespace: string | undefined, name: string): StoredObject | undefined;
  stream: Stream;
  /** The PriorityClass marked globalDefault, if any. */
  globalDefaultPriorityClass(): StoredObject | undefined;
  /** set while the API server bootstraps its own objects */
  bootstrapping: boolean;
  /** The objects of one resource (in one namespace), for LimitRanger, ResourceQuota, DefaultStorageClass and DefaultIngressClass. */
  list?(plural: string, namespace: string | undefined): StoredObject[];
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const DEFAULT_TOLERATION_SECONDS = 300;
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export function admit(op: Operation, def: ResourceDefinition, obj: KObject, namespace: string | undefined, name: string, ctx: AdmissionContext, subresource?: string): void {
  namespaceLifecycle(op, def, namespace, name, ctx);
  if (op !== 'CREATE' || subresource) return;
  const list = ctx.list ?? (() => []);
  if (def.plural === 'nodes') taintNodesByCondition(obj as Node);
  if (def.plural === 'persistentvolumeclaims' || def.plural === 'persistentvolumes') admitStorageCreate(def.plural, obj, () => list('storageclasses', undefined));
  if (def.plural === 'ingresses' && def.group === 'networking.k8s.io') admitIngressCreate(obj, () => list('ingressclasses', undefined));
  if (def.plural === 'pods') {
    const pod = obj as Pod;
    if (!ctx.bootstrapping) {
      const refusal = limitRangerAdmitPod(pod, list('limitranges', namespace));
      if (refusal) throw forbidden(def, name, refusal);
    }
    serviceAccount(def, pod, namespace!, name, ctx);
    priority(def, pod, name, ctx);
    defaultTolerationSeconds(pod);
  }
  if (def.namespaced && namespace && !ctx.bootstrapping) {
    const refusal = checkQuota(def.plural, def.group, obj, namespace, { list: (p, ns) => list(p, ns) });
    if (refusal) throw forbidden(def, name, refusal);
  }
}

/**
 * TaintNodesByCondition: a new Node starts with `node.kubernetes.io/not-ready:NoSchedule`, which the
 * node lifecycle controller removes once the node is Ready. kubetab applies it to Nodes that register
 * with their conditions, as kubelets do; a Node object written by hand without status conditions (test
 * fixtures of a bare API server, where no node controller runs) is left as written.
 */
function taintNodesByCondition(node: Node): void {
  if (!(node.status?.conditions ?? []).length) return;
  const spec = (node.spec ??= {});
  const taints = spec.taints ?? [];
  if (taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule')) return;
  spec.taints = [...taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }];
}

function namespaceLifecycle(op: Operation, def: ResourceDefinition, namespace: string | undefined, name: string, ctx: AdmissionContext): void {
  if (def.plural === 'namespaces' && op === 'DELETE' && IMMORTAL_NAMESPACES.has(name)) {
    throw forbidden(def, name, 'this namespace may not be deleted');
  }
  if (!def.namespaced || op !== 'CREATE' || ctx.bootstrapping || !namespace) return;
  const ns = ctx.get('namespaces', undefined, namespace);
  if (!ns) throw notFound({ plural: 'namespaces', group: '' }, namespace);
  if (ns.metadata.deletionTimestamp) {
    // Events about the namespace's own teardown are still let in, as in the real plugin.
    if (def.plural === 'events') return;
    throw forbidden(def, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

function serviceAccount(def: ResourceDefinition, pod: Pod, namespace: string, name: string, ctx: AdmissionContext): void {
  const spec = pod.spec;
  if (!spec) return;
  // Mirror pods (static pods of the kubelet) are exempt.
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) return;
  const saName = spec.serviceAccountName || spec.serviceAccount || 'default';
  spec.serviceAccountName = saName;
  spec.serviceAccount = saName;
  if (!ctx.bootstrapping && !ctx.get('serviceaccounts', namespace, saName)) {
    throw forbidden(def, name, `error looking up service account ${namespace}/${saName}: serviceaccount "${saName}" not found`);
  }
  if (spec.automountServiceAccountToken === false) return;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  if (containers.some((c) => c.volumeMounts?.some((m) => m.mountPath === SA_MOUNT_PATH))) return;
  const volName = `kube-api-access-${ctx.stream.string(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name: volName,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    },
  ];
  for (const c of containers) {
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volName, readOnly: true, mountPath: SA_MOUNT_PATH }];
  }
}

function priority(def: ResourceDefinition, pod: Pod, name: string, ctx: AdmissionContext): void {
  const spec = pod.spec;
  if (!spec) return;
  const className = spec.priorityClassName;
  if (!className) {
    const globalDefault = ctx.globalDefaultPriorityClass();
    if (globalDefault) {
      spec.priorityClassName = globalDefault.metadata.name;
      spec.priority = (globalDefault as { value?: number }).value ?? 0;
      spec.preemptionPolicy ??= ((globalDefault as { preemptionPolicy?: string }).preemptionPolicy as 'Never' | 'PreemptLowerPriority' | undefined) ?? 'PreemptLowerPriority';
    } else spec.priority ??= 0;
    return;
  }
  const pc = ctx.get('priorityclasses', undefined, className);
  const value = pc ? (pc as { value?: number }).value : SYSTEM_PRIORITY_CLASSES[className];
  if (value === undefined) throw forbidden(def, name, `no PriorityClass with name ${className} was found`);
  spec.priority = value;
  if (pc && (pc as { preemptionPolicy?: string }).preemptionPolicy) spec.preemptionPolicy ??= (pc as { preemptionPolicy?: 'Never' | 'PreemptLowerPriority' }).preemptionPolicy;
}

function defaultTolerationSeconds(pod: Pod): void {
  const spec = pod.spec;
  if (!spec) return;
  const tolerations: Toleration[] = spec.tolerations ? [...spec.tolerations] : [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  spec.tolerations = tolerations;
}
