/**
 * Where kustomize's built-in transformers write: its field specs (kind, `/`-separated path, whether
 * a missing field is created), transcribed from kustomize v5's builtinpluginconsts, and the walk that
 * visits a path through an object — a list on the way is entered item by item.
 */

export interface FieldSpec {
  /** The kind the path applies to; undefined: every kind. */
  kind?: string;
  path: string;
  create: boolean;
}

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Calls `fn(parent, key)` for every place the path ends in, as the map that holds (or, with create,
 * will hold) the last field. Maps missing on the way are made only when `create`.
 */
export function visitPath(obj: Obj, path: string, create: boolean, fn: (parent: Obj, key: string) => void): void {
  const segs = path.split('/').map((s) => s.replace(/\[\]$/, ''));
  const walk = (node: unknown, i: number): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, i);
      return;
    }
    if (!isMap(node)) return;
    const key = segs[i]!;
    if (i === segs.length - 1) {
      if (key in node || create) fn(node, key);
      return;
    }
    if (!(key in node) || node[key] === null) {
      if (!create) return;
      node[key] = {};
    }
    walk(node[key], i + 1);
  };
  walk(obj, 0);
}

/** The specs that apply to an object of this kind. */
export function specsFor(specs: readonly FieldSpec[], kind: string): FieldSpec[] {
  return specs.filter((s) => s.kind === undefined || s.kind === kind);
}

const spec = (kind: string | undefined, path: string, create: boolean): FieldSpec => ({ ...(kind ? { kind } : {}), path, create });

/** metadataLabelFieldSpecs. */
export const METADATA_LABELS: FieldSpec[] = [spec(undefined, 'metadata/labels', true)];

/** templateLabelFieldSpecs: the pod templates' labels, made when missing. */
export const TEMPLATE_LABELS: FieldSpec[] = [
  ...['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'].map((k) => spec(k, 'spec/template/metadata/labels', true)),
  spec('CronJob', 'spec/jobTemplate/metadata/labels', true),
  spec('CronJob', 'spec/jobTemplate/spec/template/metadata/labels', true),
];

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** commonLabelFieldSpecs: selectors too (made where a workload must have one), then templates and metadata. */
export const COMMON_LABELS: FieldSpec[] = [
  spec('Service', 'spec/selector', true),
  spec('ReplicationController', 'spec/selector', true),
  spec('Deployment', 'spec/selector/matchLabels', true),
  ...AFFINITY_SELECTORS.map((p) => spec('Deployment', p, false)),
  spec('ReplicaSet', 'spec/selector/matchLabels', true),
  spec('DaemonSet', 'spec/selector/matchLabels', true),
  spec('StatefulSet', 'spec/selector/matchLabels', true),
  spec('StatefulSet', 'spec/volumeClaimTemplates[]/metadata/labels', true),
  ...AFFINITY_SELECTORS.map((p) => spec('StatefulSet', p, false)),
  spec('Job', 'spec/selector/matchLabels', false),
  spec('CronJob', 'spec/jobTemplate/spec/selector/matchLabels', false),
  spec('PodDisruptionBudget', 'spec/selector/matchLabels', false),
  spec('NetworkPolicy', 'spec/podSelector/matchLabels', false),
  spec('NetworkPolicy', 'spec/ingress/from/podSelector/matchLabels', false),
  spec('NetworkPolicy', 'spec/egress/to/podSelector/matchLabels', false),
  ...TEMPLATE_LABELS,
  ...METADATA_LABELS,
];

/** commonAnnotationsFieldSpecs. */
export const COMMON_ANNOTATIONS: FieldSpec[] = [
  spec(undefined, 'metadata/annotations', true),
  ...['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'].map((k) => spec(k, 'spec/template/metadata/annotations', true)),
  spec('CronJob', 'spec/jobTemplate/metadata/annotations', true),
  spec('CronJob', 'spec/jobTemplate/spec/template/metadata/annotations', true),
];

/** replicasFieldSpecs. */
export const REPLICAS: FieldSpec[] = ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((k) => spec(k, 'spec/replicas', true));

/** The kinds kustomize takes as cluster-scoped (resid.NotNamespaceableKinds); every other kind gets the namespace. */
export const NOT_NAMESPACEABLE = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'Cluster', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass',
  'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview',
  'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/** Sets every pair in the maps the specs name (made when missing and the spec says create). */
export function setPairs(obj: Obj, specs: readonly FieldSpec[], pairs: Record<string, string>): void {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  for (const s of specsFor(specs, kind)) {
    visitPath(obj, s.path, s.create, (parent, key) => {
      const m = isMap(parent[key]) ? (parent[key] as Obj) : {};
      Object.assign(m, pairs);
      parent[key] = m;
    });
  }
}
