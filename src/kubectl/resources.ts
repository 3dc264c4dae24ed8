/**
 * Resource-name resolution for kubectl arguments: `po`, `pods`, `pod`, `Pod`, `deploy`,
 * `deployments.apps`, `deployment.v1.apps`. Backed by a local table of the kinds a 1.31 cluster
 * serves; `setResourceTable` lets the real registry replace it.
 */
import type { ResourceDefinition } from '../sim/api/types';

type Def = ResourceDefinition;

function d(group: string, version: string, kind: string, plural: string, shortNames: string[], namespaced: boolean, extra: Partial<Def> = {}): Def {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    subresources: [],
    hasStatus: true,
    tracksGeneration: false,
    ...extra,
  };
}

const ALL = { categories: ['all'] };

/** Discovery order of a 1.31 API server (core first, then groups), which `get all` follows. */
let TABLE: Def[] = [
  d('', 'v1', 'Binding', 'bindings', [], true, { hasStatus: false }),
  d('', 'v1', 'ComponentStatus', 'componentstatuses', ['cs'], false, { hasStatus: false }),
  d('', 'v1', 'ConfigMap', 'configmaps', ['cm'], true, { hasStatus: false }),
  d('', 'v1', 'Endpoints', 'endpoints', ['ep'], true, { hasStatus: false }),
  d('', 'v1', 'Event', 'events', ['ev'], true, { hasStatus: false }),
  d('', 'v1', 'LimitRange', 'limitranges', ['limits'], true, { hasStatus: false }),
  d('', 'v1', 'Namespace', 'namespaces', ['ns'], false),
  d('', 'v1', 'Node', 'nodes', ['no'], false),
  d('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true),
  d('', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], false),
  d('', 'v1', 'Pod', 'pods', ['po'], true, { ...ALL, subresources: ['status', 'binding', 'eviction', 'log'] }),
  d('', 'v1', 'PodTemplate', 'podtemplates', [], true, { hasStatus: false }),
  d('', 'v1', 'ReplicationController', 'replicationcontrollers', ['rc'], true, { ...ALL, subresources: ['status', 'scale'], tracksGeneration: true }),
  d('', 'v1', 'ResourceQuota', 'resourcequotas', ['quota'], true),
  d('', 'v1', 'Secret', 'secrets', [], true, { hasStatus: false }),
  d('', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], true, { hasStatus: false }),
  d('', 'v1', 'Service', 'services', ['svc'], true, ALL),
  d('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', ['crd', 'crds'], false),
  d('apps', 'v1', 'ControllerRevision', 'controllerrevisions', [], true, { hasStatus: false }),
  d('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], true, { ...ALL, tracksGeneration: true }),
  d('apps', 'v1', 'Deployment', 'deployments', ['deploy'], true, { ...ALL, subresources: ['status', 'scale'], tracksGeneration: true }),
  d('apps', 'v1', 'ReplicaSet', 'replicasets', ['rs'], true, { ...ALL, subresources: ['status', 'scale'], tracksGeneration: true }),
  d('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], true, { ...ALL, subresources: ['status', 'scale'], tracksGeneration: true }),
  d('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], true, ALL),
  d('batch', 'v1', 'CronJob', 'cronjobs', ['cj'], true, ALL),
  d('batch', 'v1', 'Job', 'jobs', [], true, ALL),
  d('coordination.k8s.io', 'v1', 'Lease', 'leases', [], true, { hasStatus: false }),
  d('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', [], true, { hasStatus: false }),
  d('events.k8s.io', 'v1', 'Event', 'events', ['ev'], true, { hasStatus: false }),
  d('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', [], false, { hasStatus: false }),
  d('networking.k8s.io', 'v1', 'Ingress', 'ingresses', ['ing'], true),
  d('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', ['netpol'], true, { hasStatus: false }),
  d('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], true),
  d('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', [], false, { hasStatus: false }),
  d('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', [], false, { hasStatus: false }),
  d('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', [], true, { hasStatus: false }),
  d('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', [], true, { hasStatus: false }),
  d('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', ['pc'], false, { hasStatus: false }),
  d('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', ['sc'], false, { hasStatus: false }),
];

/** Replaces the table (e.g. with the API server's registry, in discovery order). */
export function setResourceTable(defs: readonly ResourceDefinition[]): void {
  TABLE = [...defs];
}

export function allResources(): readonly ResourceDefinition[] {
  return TABLE;
}

export function apiVersionOfDef(def: Pick<Def, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** `deployment.apps`, or `pod` for the core group: kubectl's lower-cased GroupKind. */
export function kindRef(def: Pick<Def, 'kind' | 'group'>): string {
  return def.group ? `${def.kind.toLowerCase()}.${def.group}` : def.kind.toLowerCase();
}

/** `deployments.apps`, or `pods`: the qualified resource kubectl names in errors. */
export function qualifiedResourceName(def: Pick<Def, 'plural' | 'group'>): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

function matches(def: Def, name: string): boolean {
  return def.plural === name || def.singular === name || def.kind.toLowerCase() === name || def.shortNames.includes(name);
}

/**
 * Resolves a kubectl resource argument. Without a group, the first match in discovery order wins
 * (so `events` is core/v1). With `x.group` or `x.version.group`, the group must match exactly.
 */
export function resolveResource(arg: string): ResourceDefinition | undefined {
  const name = arg.toLowerCase();
  for (const def of TABLE) if (matches(def, name)) return def;
  const dot = name.indexOf('.');
  if (dot > 0) {
    const res = name.slice(0, dot);
    const rest = name.slice(dot + 1);
    for (const def of TABLE) {
      if (!matches(def, res)) continue;
      if (def.group === rest) return def;
      if (`${def.version}.${def.group}` === rest) return def;
    }
  }
  return undefined;
}

/** Finds the definition for an object's apiVersion and kind. */
export function resourceForKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
  return TABLE.find((def) => apiVersionOfDef(def) === apiVersion && def.kind === kind);
}

/** Resources in the `all` category, in discovery order. */
export function resourcesInCategory(category: string): ResourceDefinition[] {
  return TABLE.filter((def) => def.categories?.includes(category));
}
