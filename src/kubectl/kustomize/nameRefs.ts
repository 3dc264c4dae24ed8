/**
 * kustomize's name reference fix: after prefixes, suffixes and hashes change names, every field that
 * names another object of the build (a Deployment's ConfigMap volume, a RoleBinding's roleRef, an
 * Ingress's backend Service…) is set to that object's new name. The referrer fields are kustomize v5's
 * nameReference field specs; a Service's selector is not among them (labels are not names).
 */
import { NOT_NAMESPACEABLE, visitPath } from './fieldSpecs';
import type { Resource } from './resource';
import { KustomizeError } from './kustomization';

interface Referrer {
  kind: string;
  path: string;
}

const POD = 'spec/';
const TEMPLATE = 'spec/template/spec/';
const CRON = 'spec/jobTemplate/spec/template/spec/';

/** Pod-spec paths under every workload kind that holds a pod spec at `prefix`. */
function inPods(kinds: [string, string][], rels: string[]): Referrer[] {
  return kinds.flatMap(([kind, prefix]) => rels.map((rel) => ({ kind, path: prefix + rel })));
}

const ALL_POD_HOLDERS: [string, string][] = [['Pod', POD], ['Deployment', TEMPLATE], ['ReplicaSet', TEMPLATE], ['DaemonSet', TEMPLATE], ['StatefulSet', TEMPLATE], ['Job', TEMPLATE], ['CronJob', CRON]];
const SA_POD_HOLDERS: [string, string][] = [['Pod', POD], ['StatefulSet', TEMPLATE], ['Deployment', TEMPLATE], ['ReplicationController', TEMPLATE], ['CronJob', CRON], ['Job', TEMPLATE], ['DaemonSet', TEMPLATE]];

const CONFIGMAP_IN_POD = ['volumes/configMap/name', 'containers/env/valueFrom/configMapKeyRef/name', 'initContainers/env/valueFrom/configMapKeyRef/name', 'containers/envFrom/configMapRef/name', 'initContainers/envFrom/configMapRef/name', 'volumes/projected/sources/configMap/name'];
const SECRET_IN_POD = ['volumes/secret/secretName', 'containers/env/valueFrom/secretKeyRef/name', 'initContainers/env/valueFrom/secretKeyRef/name', 'containers/envFrom/secretRef/name', 'initContainers/envFrom/secretRef/name', 'imagePullSecrets/name', 'volumes/projected/sources/secret/name'];
const SCALE_TARGET: Referrer[] = [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }];

/** Referred kind → the fields that name it. */
const NAME_REFERENCES: Record<string, Referrer[]> = {
  Deployment: SCALE_TARGET,
  ReplicationController: SCALE_TARGET,
  ReplicaSet: SCALE_TARGET,
  StatefulSet: SCALE_TARGET,
  ConfigMap: [
    ...inPods(ALL_POD_HOLDERS, CONFIGMAP_IN_POD),
    { kind: 'Node', path: 'spec/configSource/configMap' },
    { kind: 'Role', path: 'rules/resourceNames' },
    { kind: 'ClusterRole', path: 'rules/resourceNames' },
  ],
  Secret: [
    ...inPods(ALL_POD_HOLDERS, SECRET_IN_POD),
    { kind: 'Ingress', path: 'spec/tls/secretName' },
    { kind: 'ServiceAccount', path: 'imagePullSecrets/name' },
    ...['secretName', 'adminSecretName', 'userSecretName', 'secretRef'].map((p) => ({ kind: 'StorageClass', path: `parameters/${p}` })),
    { kind: 'Role', path: 'rules/resourceNames' },
    { kind: 'ClusterRole', path: 'rules/resourceNames' },
    { kind: 'PersistentVolume', path: 'spec/azureFile/secretName' },
  ],
  Service: [
    { kind: 'StatefulSet', path: 'spec/serviceName' },
    { kind: 'Ingress', path: 'spec/rules/http/paths/backend/serviceName' },
    { kind: 'Ingress', path: 'spec/backend/serviceName' },
    { kind: 'Ingress', path: 'spec/rules/http/paths/backend/service/name' },
    { kind: 'Ingress', path: 'spec/defaultBackend/service/name' },
    { kind: 'APIService', path: 'spec/service/name' },
  ],
  Role: [{ kind: 'RoleBinding', path: 'roleRef/name' }],
  ClusterRole: [
    { kind: 'RoleBinding', path: 'roleRef/name' },
    { kind: 'ClusterRoleBinding', path: 'roleRef/name' },
  ],
  ServiceAccount: [{ kind: 'RoleBinding', path: 'subjects' }, { kind: 'ClusterRoleBinding', path: 'subjects' }, ...inPods(SA_POD_HOLDERS, ['serviceAccountName'])],
  PersistentVolumeClaim: inPods(SA_POD_HOLDERS, ['volumes/persistentVolumeClaim/claimName']),
  PersistentVolume: [
    { kind: 'PersistentVolumeClaim', path: 'spec/volumeName' },
    { kind: 'ClusterRole', path: 'rules/resourceNames' },
  ],
  StorageClass: [
    { kind: 'PersistentVolume', path: 'spec/storageClassName' },
    { kind: 'PersistentVolumeClaim', path: 'spec/storageClassName' },
    { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/storageClassName' },
  ],
  PriorityClass: inPods(SA_POD_HOLDERS, ['priorityClassName']),
  IngressClass: [{ kind: 'Ingress', path: 'spec/ingressClassName' }],
};

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The one object of `kind` the name meant, among those of the build: one that carried the name at
 * some point, in the referrer's namespace unless either side is cluster-scoped. Several different
 * ones are an error, as in kustomize; none leaves the name alone (it names something outside the build).
 */
function referral(all: readonly Resource[], kind: string, oldName: string, referrer: Resource, namespace?: string): Resource | undefined {
  const ns = namespace ?? referrer.namespace();
  const found = all.filter((r) => {
    if (r.kind() !== kind || !r.names.includes(oldName)) return false;
    if (NOT_NAMESPACEABLE.has(kind) || NOT_NAMESPACEABLE.has(referrer.kind())) return true;
    return (r.namespace() || 'default') === (ns || 'default');
  });
  const names = [...new Set(found.map((r) => r.name()))];
  if (names.length > 1) throw new KustomizeError(`found multiple possible referrals: ${found.map((r) => r.idString()).join(', ')}`);
  return found[0];
}

/** Sets every reference among the resources to the current name of what it names. */
export function fixNameReferences(all: readonly Resource[]): void {
  for (const [kind, referrers] of Object.entries(NAME_REFERENCES)) {
    for (const referrer of all) {
      const rkind = referrer.kind();
      for (const spec of referrers) {
        if (spec.kind !== rkind) continue;
        visitPath(referrer.obj as Obj, spec.path, false, (parent, key) => {
          const v = parent[key];
          // A roleRef names a Role or a ClusterRole: only the kind it says.
          if (spec.path === 'roleRef/name' && parent.kind !== kind) return;
          if (key === 'subjects') {
            if (!Array.isArray(v)) return;
            for (const s of v) {
              // kustomize matches subjects by name whatever their kind (a User named as the ServiceAccount follows it too).
              if (!isMap(s) || typeof s.name !== 'string') continue;
              const target = referral(all, kind, s.name, referrer, typeof s.namespace === 'string' ? s.namespace : undefined);
              if (!target) continue;
              s.name = target.name();
              if (target.namespace()) s.namespace = target.namespace();
            }
            return;
          }
          if (typeof v === 'string') {
            const target = referral(all, kind, v, referrer);
            if (target) parent[key] = target.name();
          } else if (Array.isArray(v)) {
            parent[key] = v.map((x) => (typeof x === 'string' ? (referral(all, kind, x, referrer)?.name() ?? x) : x));
          }
        });
      }
    }
  }
}
