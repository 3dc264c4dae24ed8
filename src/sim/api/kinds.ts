/**
 * The built-in resources a Kubernetes 1.31 API server serves (what `kubectl api-resources` lists), the
 * group/versions that were removed before 1.31, and kubectl-style lookups by kind and by resource name.
 * Within a group, the preferred version comes first: lookups by name return the first match, which is
 * how kubectl settles `hpa` on autoscaling/v2 and `events` on the core group.
 */
import type { ResourceDefinition } from './types';

interface Spec {
  kind: string;
  plural: string;
  short?: string[];
  ns?: boolean;
  sub?: string[];
  gen?: boolean;
  cat?: string[];
}

function defs(group: string, version: string, specs: Spec[]): ResourceDefinition[] {
  return specs.map((s) => {
    const subresources = s.sub ?? [];
    const d: ResourceDefinition = {
      group,
      version,
      kind: s.kind,
      plural: s.plural,
      singular: s.kind.toLowerCase(),
      shortNames: s.short ?? [],
      namespaced: s.ns ?? true,
      subresources,
      hasStatus: subresources.includes('status'),
      tracksGeneration: s.gen ?? false,
    };
    if (s.cat) d.categories = s.cat;
    return d;
  });
}

const ALL = ['all'];
const EXT = ['api-extensions'];

export const BUILTIN_RESOURCES: readonly ResourceDefinition[] = [
  ...defs('', 'v1', [
    { kind: 'Binding', plural: 'bindings' },
    { kind: 'ComponentStatus', plural: 'componentstatuses', short: ['cs'], ns: false },
    { kind: 'ConfigMap', plural: 'configmaps', short: ['cm'] },
    { kind: 'Endpoints', plural: 'endpoints', short: ['ep'] },
    { kind: 'Event', plural: 'events', short: ['ev'] },
    { kind: 'LimitRange', plural: 'limitranges', short: ['limits'] },
    { kind: 'Namespace', plural: 'namespaces', short: ['ns'], ns: false, sub: ['finalize', 'status'] },
    { kind: 'Node', plural: 'nodes', short: ['no'], ns: false, sub: ['proxy', 'status'] },
    { kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', short: ['pvc'], sub: ['status'] },
    { kind: 'PersistentVolume', plural: 'persistentvolumes', short: ['pv'], ns: false, sub: ['status'] },
    {
      kind: 'Pod',
      plural: 'pods',
      short: ['po'],
      sub: ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status'],
      cat: ALL,
    },
    { kind: 'PodTemplate', plural: 'podtemplates' },
    { kind: 'ReplicationController', plural: 'replicationcontrollers', short: ['rc'], sub: ['scale', 'status'], gen: true, cat: ALL },
    { kind: 'ResourceQuota', plural: 'resourcequotas', short: ['quota'], sub: ['status'] },
    { kind: 'Secret', plural: 'secrets' },
    { kind: 'ServiceAccount', plural: 'serviceaccounts', short: ['sa'], sub: ['token'] },
    { kind: 'Service', plural: 'services', short: ['svc'], sub: ['proxy', 'status'], cat: ALL },
  ]),
  ...defs('admissionregistration.k8s.io', 'v1', [
    { kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', ns: false, gen: true, cat: EXT },
    { kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', ns: false, sub: ['status'], gen: true, cat: EXT },
    { kind: 'ValidatingAdmissionPolicyBinding', plural: 'validatingadmissionpolicybindings', ns: false, gen: true, cat: EXT },
    { kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', ns: false, gen: true, cat: EXT },
  ]),
  ...defs('apiextensions.k8s.io', 'v1', [
    { kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', short: ['crd', 'crds'], ns: false, sub: ['status'], gen: true, cat: EXT },
  ]),
  ...defs('apiregistration.k8s.io', 'v1', [{ kind: 'APIService', plural: 'apiservices', ns: false, sub: ['status'], cat: EXT }]),
  ...defs('apps', 'v1', [
    { kind: 'ControllerRevision', plural: 'controllerrevisions' },
    { kind: 'DaemonSet', plural: 'daemonsets', short: ['ds'], sub: ['status'], gen: true, cat: ALL },
    { kind: 'Deployment', plural: 'deployments', short: ['deploy'], sub: ['scale', 'status'], gen: true, cat: ALL },
    { kind: 'ReplicaSet', plural: 'replicasets', short: ['rs'], sub: ['scale', 'status'], gen: true, cat: ALL },
    { kind: 'StatefulSet', plural: 'statefulsets', short: ['sts'], sub: ['scale', 'status'], gen: true, cat: ALL },
  ]),
  ...defs('authentication.k8s.io', 'v1', [
    { kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', ns: false },
    { kind: 'TokenReview', plural: 'tokenreviews', ns: false },
  ]),
  ...defs('authorization.k8s.io', 'v1', [
    { kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews' },
    { kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', ns: false },
    { kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', ns: false },
    { kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', ns: false },
  ]),
  ...defs('autoscaling', 'v2', [
    { kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', short: ['hpa'], sub: ['status'], gen: true, cat: ALL },
  ]),
  ...defs('autoscaling', 'v1', [
    { kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', short: ['hpa'], sub: ['status'], gen: true, cat: ALL },
  ]),
  ...defs('batch', 'v1', [
    { kind: 'CronJob', plural: 'cronjobs', short: ['cj'], sub: ['status'], gen: true, cat: ALL },
    { kind: 'Job', plural: 'jobs', sub: ['status'], gen: true, cat: ALL },
  ]),
  ...defs('certificates.k8s.io', 'v1', [
    { kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', short: ['csr'], ns: false, sub: ['approval', 'status'] },
  ]),
  ...defs('coordination.k8s.io', 'v1', [{ kind: 'Lease', plural: 'leases' }]),
  ...defs('discovery.k8s.io', 'v1', [{ kind: 'EndpointSlice', plural: 'endpointslices' }]),
  ...defs('events.k8s.io', 'v1', [{ kind: 'Event', plural: 'events', short: ['ev'] }]),
  ...defs('flowcontrol.apiserver.k8s.io', 'v1', [
    { kind: 'FlowSchema', plural: 'flowschemas', ns: false, sub: ['status'] },
    { kind: 'PriorityLevelConfiguration', plural: 'prioritylevelconfigurations', ns: false, sub: ['status'] },
  ]),
  ...defs('flowcontrol.apiserver.k8s.io', 'v1beta3', [
    { kind: 'FlowSchema', plural: 'flowschemas', ns: false, sub: ['status'] },
    { kind: 'PriorityLevelConfiguration', plural: 'prioritylevelconfigurations', ns: false, sub: ['status'] },
  ]),
  ...defs('networking.k8s.io', 'v1', [
    { kind: 'IngressClass', plural: 'ingressclasses', ns: false },
    { kind: 'Ingress', plural: 'ingresses', short: ['ing'], sub: ['status'], gen: true },
    { kind: 'NetworkPolicy', plural: 'networkpolicies', short: ['netpol'], gen: true },
  ]),
  ...defs('node.k8s.io', 'v1', [{ kind: 'RuntimeClass', plural: 'runtimeclasses', ns: false }]),
  ...defs('policy', 'v1', [{ kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', short: ['pdb'], sub: ['status'], gen: true }]),
  ...defs('rbac.authorization.k8s.io', 'v1', [
    { kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', ns: false },
    { kind: 'ClusterRole', plural: 'clusterroles', ns: false },
    { kind: 'RoleBinding', plural: 'rolebindings' },
    { kind: 'Role', plural: 'roles' },
  ]),
  ...defs('scheduling.k8s.io', 'v1', [{ kind: 'PriorityClass', plural: 'priorityclasses', short: ['pc'], ns: false }]),
  ...defs('storage.k8s.io', 'v1', [
    { kind: 'CSIDriver', plural: 'csidrivers', ns: false },
    { kind: 'CSINode', plural: 'csinodes', ns: false },
    { kind: 'CSIStorageCapacity', plural: 'csistoragecapacities' },
    { kind: 'StorageClass', plural: 'storageclasses', short: ['sc'], ns: false },
    { kind: 'VolumeAttachment', plural: 'volumeattachments', ns: false, sub: ['status'] },
  ]),
];

/** Group/versions that served built-in kinds once and are gone by 1.31 (Kubernetes deprecation guide). */
export const REMOVED_VERSIONS: ReadonlyArray<{ groupVersion: string; removedIn: string; kinds: readonly string[] }> = [
  { groupVersion: 'extensions/v1beta1', removedIn: '1.16/1.22', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy', 'Ingress'] },
  { groupVersion: 'apps/v1beta1', removedIn: '1.16', kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'] },
  { groupVersion: 'apps/v1beta2', removedIn: '1.16', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'] },
  { groupVersion: 'settings.k8s.io/v1alpha1', removedIn: '1.20', kinds: ['PodPreset'] },
  { groupVersion: 'admissionregistration.k8s.io/v1beta1', removedIn: '1.22', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] },
  { groupVersion: 'apiextensions.k8s.io/v1beta1', removedIn: '1.22', kinds: ['CustomResourceDefinition'] },
  { groupVersion: 'apiregistration.k8s.io/v1beta1', removedIn: '1.22', kinds: ['APIService'] },
  { groupVersion: 'authentication.k8s.io/v1beta1', removedIn: '1.22', kinds: ['TokenReview'] },
  { groupVersion: 'authorization.k8s.io/v1beta1', removedIn: '1.22', kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'] },
  { groupVersion: 'certificates.k8s.io/v1beta1', removedIn: '1.22', kinds: ['CertificateSigningRequest'] },
  { groupVersion: 'coordination.k8s.io/v1beta1', removedIn: '1.22', kinds: ['Lease'] },
  { groupVersion: 'networking.k8s.io/v1beta1', removedIn: '1.22', kinds: ['Ingress', 'IngressClass'] },
  { groupVersion: 'rbac.authorization.k8s.io/v1beta1', removedIn: '1.22', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'] },
  { groupVersion: 'rbac.authorization.k8s.io/v1alpha1', removedIn: '1.22', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'] },
  { groupVersion: 'scheduling.k8s.io/v1beta1', removedIn: '1.22', kinds: ['PriorityClass'] },
  { groupVersion: 'scheduling.k8s.io/v1alpha1', removedIn: '1.22', kinds: ['PriorityClass'] },
  { groupVersion: 'storage.k8s.io/v1beta1', removedIn: '1.22/1.27', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'CSIStorageCapacity'] },
  { groupVersion: 'batch/v1beta1', removedIn: '1.25', kinds: ['CronJob'] },
  { groupVersion: 'batch/v2alpha1', removedIn: '1.21', kinds: ['CronJob'] },
  { groupVersion: 'discovery.k8s.io/v1beta1', removedIn: '1.25', kinds: ['EndpointSlice'] },
  { groupVersion: 'events.k8s.io/v1beta1', removedIn: '1.25', kinds: ['Event'] },
  { groupVersion: 'autoscaling/v2beta1', removedIn: '1.25', kinds: ['HorizontalPodAutoscaler'] },
  { groupVersion: 'autoscaling/v2beta2', removedIn: '1.26', kinds: ['HorizontalPodAutoscaler'] },
  { groupVersion: 'policy/v1beta1', removedIn: '1.25', kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'] },
  { groupVersion: 'node.k8s.io/v1beta1', removedIn: '1.25', kinds: ['RuntimeClass'] },
  { groupVersion: 'node.k8s.io/v1alpha1', removedIn: '1.22', kinds: ['RuntimeClass'] },
  { groupVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removedIn: '1.26', kinds: ['FlowSchema', 'PriorityLevelConfiguration'] },
  { groupVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', removedIn: '1.29', kinds: ['FlowSchema', 'PriorityLevelConfiguration'] },
];

export function isRemovedVersion(apiVersion: string): boolean {
  return REMOVED_VERSIONS.some((r) => r.groupVersion === apiVersion);
}

/** `apps/v1` → {group: 'apps', version: 'v1'}; `v1` → core. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(d: ResourceDefinition): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

/** The kind served under an exact apiVersion, or undefined (the REST mapper's "no matches for kind"). */
export function findByKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return BUILTIN_RESOURCES.find((d) => d.group === group && d.version === version && d.kind === kind);
}

/** The REST mapper's error text for an unknown kind/version pair. */
export function noMatchMessage(kind: string, apiVersion: string): string {
  return `no matches for kind "${kind}" in version "${apiVersion}"`;
}

/**
 * Resolves what a user types after `kubectl get`: a plural, singular, short name or kind (any case),
 * optionally qualified as `name.group` or `name.version.group` (`deployments.apps`, `deploy.v1.apps`).
 * Returns the preferred version's definition.
 */
export function findByResource(arg: string, resources: readonly ResourceDefinition[] = BUILTIN_RESOURCES): ResourceDefinition | undefined {
  const s = arg.trim().toLowerCase();
  const matchesName = (d: ResourceDefinition, n: string) =>
    d.plural === n || d.singular === n || d.shortNames.includes(n) || d.kind.toLowerCase() === n;
  const plain = resources.find((d) => matchesName(d, s));
  if (plain) return plain;
  // Qualified forms: try every split point, name first then version.group or group.
  const parts = s.split('.');
  for (let i = 1; i < parts.length; i++) {
    const name = parts.slice(0, i).join('.');
    const rest = parts.slice(i);
    const group = rest.join('.');
    const byGroup = resources.find((d) => d.group === group && matchesName(d, name));
    if (byGroup) return byGroup;
    if (rest.length >= 2) {
      const version = rest[0]!;
      const g = rest.slice(1).join('.');
      const byGV = resources.find((d) => d.group === g && d.version === version && matchesName(d, name));
      if (byGV) return byGV;
    }
  }
  return undefined;
}

/** Every definition whose category list includes `category` (`all` for `kubectl get all`), preferred versions only. */
export function resourcesInCategory(category: string): ResourceDefinition[] {
  const seen = new Set<string>();
  const out: ResourceDefinition[] = [];
  for (const d of BUILTIN_RESOURCES) {
    if (!d.categories?.includes(category)) continue;
    const k = `${d.group}/${d.plural}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
