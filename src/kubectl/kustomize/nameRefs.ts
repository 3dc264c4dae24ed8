/**
 * kustomize's name reference fix: after prefixes, suffixes and hashes change names, every field that
 * names another object of the build (a Deployment's ConfigMap volume, a RoleBinding's roleRef, an
 * Ingress's backend Service…) is set to that object's new name. The referrer fields are kustomize v5's
 * nameReference field specs; a Service's selector is not among them (labels are not names).
 */
import { visitPath } from './fieldSpecs';
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
 * What a referrer may name at all (kustomize's SubsetThatCouldBeReferencedByResource): from a
 * cluster-scoped referrer anything; otherwise cluster-scoped objects, those of its namespace, and, for a
 * RoleBinding, those in a namespace one of its ServiceAccount subjects names.
 */
function reachable(all: readonly Resource[], referrer: Resource): readonly Resource[] {
  if (referrer.clusterScoped()) return all;
  const subjectNamespaces = new Set<string>();
  const subjects = (referrer.obj as Obj).subjects;
  if (referrer.kind() === 'RoleBinding' && Array.isArray(subjects)) {
    for (const s of subjects) if (isMap(s) && s.kind === 'ServiceAccount' && s.namespace != null) subjectNamespaces.add(String(s.namespace));
  }
  const ns = referrer.effectiveNamespace();
  return all.filter((t) => t.clusterScoped() || t.effectiveNamespace() === ns || subjectNamespaces.has(t.namespace()));
}

/** A roleRef names a Role or a ClusterRole: only objects that were of the kind (and group) it says. */
function roleRefAllows(referrer: Resource, path: string, r: Resource): boolean {
  if (!path.endsWith('roleRef/name')) return true;
  const ref = (referrer.obj as Obj).roleRef;
  if (!isMap(ref) || ref.apiGroup == null || ref.kind == null) return true;
  return r.group() === String(ref.apiGroup) && r.prevIds.some((id) => id.kind === String(ref.kind));
}

/**
 * The one object of `kind` the name meant, as kustomize's selectReferral sieves: one that carried the
 * name before a transformer changed it, was of the kind, fits a roleRef's kind, and is in the referrer's
 * current namespace unless either side is cluster-scoped or it is a ServiceAccount (a RoleBinding may
 * name one of another namespace). Among several, those that came through the same prefixes and
 * suffixes as the referrer; several that still differ are an error; none leaves the name alone (it
 * names something outside the build, or something no transformer renamed).
 */
function referral(candidates: readonly Resource[], kind: string, oldName: string, referrer: Resource, path: string, withNamespace: boolean): Resource | undefined {
  const ns = referrer.effectiveNamespace();
  const found = candidates.filter(
    (r) =>
      r.prevIds.some((id) => id.name === oldName) &&
      r.prevIds.some((id) => id.kind === kind) &&
      roleRefAllows(referrer, path, r) &&
      (referrer.clusterScoped() || r.clusterScoped() || r.kind() === 'ServiceAccount' || r.effectiveNamespace() === ns),
  );
  if (found.length <= 1) return found[0];
  // Of one base built twice under different prefixes or suffixes, the copy that came the referrer's way.
  const near = found.filter((r) => r.samePrefixesSuffixes(referrer));
  if (near.length <= 1) return near[0];
  const same = (r: Resource): string => (withNamespace ? `${r.name()}/${r.namespace()}` : r.name());
  if (new Set(near.map(same)).size === 1) return near[0];
  throw new KustomizeError(`found multiple possible referrals: ${near.map((r) => r.idString()).join(', ')}`);
}

/**
 * A map that names its object by `name` and `namespace` (a binding's subject, a Node's ConfigMap): when it
 * says a namespace, only objects first written in it are looked at (or, if none was, those now in it).
 * Both fields are set from the object found; an object with no namespace leaves the field as it is.
 */
function fixMapping(node: Obj, candidates: readonly Resource[], kind: string, referrer: Resource, path: string): void {
  if (typeof node.name !== 'string') return;
  let pool = candidates;
  if (node.namespace != null) {
    const ns = String(node.namespace);
    const byOrigin = candidates.filter((r) => !r.clusterScoped() && r.orgId().namespace === ns);
    pool = byOrigin.length > 0 ? byOrigin : candidates.filter((r) => !r.clusterScoped() && r.effectiveNamespace() === ns);
  }
  const target = referral(pool, kind, node.name, referrer, path, true);
  if (!target || (target.name() === node.name && target.namespace() === '')) return;
  node.name = target.name();
  if (target.namespace()) node.namespace = target.namespace();
}

/** Sets every reference among the resources to the current name of what it names. */
export function fixNameReferences(all: readonly Resource[]): void {
  for (const referrer of all) {
    const rkind = referrer.kind();
    let candidates: readonly Resource[] | undefined;
    for (const [kind, referrers] of Object.entries(NAME_REFERENCES)) {
      for (const spec of referrers) {
        if (spec.kind !== rkind) continue;
        candidates ??= reachable(all, referrer);
        const pool = candidates;
        visitPath(referrer.obj as Obj, spec.path, false, (parent, key) => {
          const v = parent[key];
          // kustomize matches a subject by name whatever its kind (a User named as the ServiceAccount follows it too).
          const one = (x: unknown): unknown => {
            if (isMap(x)) fixMapping(x, pool, kind, referrer, spec.path);
            else if (typeof x === 'string') return referral(pool, kind, x, referrer, spec.path, false)?.name() ?? x;
            return x;
          };
          if (Array.isArray(v)) parent[key] = v.map(one);
          else parent[key] = one(v);
        });
      }
    }
  }
}
