/**
 * The built-in transformers a kustomization's fields run, in kustomize v5's order: namespace,
 * name prefix and suffix, labels, annotations, replicas, images.
 */
import { COMMON_ANNOTATIONS, COMMON_LABELS, METADATA_LABELS, NOT_NAMESPACEABLE, REPLICAS, setPairs, specsFor, TEMPLATE_LABELS, visitPath } from './fieldSpecs';
import { KustomizeError, type ImageRule, type Kustomization } from './kustomization';
import type { Resource } from './resource';

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Kinds kustomize never prefixes or suffixes. */
const NOT_RENAMED = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

function setNamespace(all: Resource[], ns: string): void {
  for (const r of all) {
    r.storePreviousId();
    if (!NOT_NAMESPACEABLE.has(r.kind())) r.obj.metadata = { ...(r.obj.metadata ?? {}), namespace: ns };
    // Of the bindings' subjects, only ServiceAccounts named `default` move (setRoleBindingSubjects: defaultOnly).
    if (r.kind() === 'RoleBinding' || r.kind() === 'ClusterRoleBinding') {
      const subjects = (r.obj as Obj).subjects;
      if (!Array.isArray(subjects)) continue;
      for (const s of subjects) if (isMap(s) && s.kind === 'ServiceAccount' && s.name === 'default') s.namespace = ns;
    }
  }
}

function renameAll(all: Resource[], prefix: string, suffix: string): void {
  for (const r of all) {
    if (NOT_RENAMED.has(r.kind())) continue;
    // The prefix and the suffix are two transformers in kustomize: each keeps the identity it changes.
    if (prefix) {
      r.storePreviousId();
      r.prefixes.push(prefix);
    }
    if (suffix) {
      r.storePreviousId(`${prefix}${r.name()}`);
      r.suffixes.push(suffix);
    }
    r.rename(`${prefix}${r.name()}${suffix}`);
  }
}

/** An image reference split as kustomize does: the name, and its `:tag` / `@digest` part (with the mark). */
function splitImage(image: string): { name: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { name: image.slice(0, at), tag: image.slice(at) };
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) return { name: image.slice(0, colon), tag: image.slice(colon) };
  return { name: image, tag: '' };
}

function newImage(image: string, rule: ImageRule): string | undefined {
  const { name, tag } = splitImage(image);
  if (name !== rule.name) return undefined;
  let newTag = tag;
  if (rule.newTag && rule.digest) newTag = `:${rule.newTag}@${rule.digest}`;
  else if (rule.digest) newTag = `@${rule.digest}`;
  else if (rule.newTag) newTag = `:${rule.newTag}`;
  return `${rule.newName || name}${newTag}`;
}

/** Images of every container list anywhere in the object (kustomize's legacy image walk). */
function setImages(node: unknown, rules: ImageRule[]): void {
  if (Array.isArray(node)) {
    for (const x of node) setImages(x, rules);
    return;
  }
  if (!isMap(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
      for (const c of v) {
        if (!isMap(c) || typeof c.image !== 'string') continue;
        for (const rule of rules) {
          const img = newImage(c.image, rule);
          if (img !== undefined) {
            c.image = img;
            break;
          }
        }
      }
    }
    setImages(v, rules);
  }
}

function setReplicas(all: Resource[], rules: NonNullable<Kustomization['replicas']>): void {
  for (const rule of rules) {
    let found = false;
    for (const r of all) {
      if (!r.names.includes(rule.name ?? '')) continue;
      for (const s of specsFor(REPLICAS, r.kind())) {
        found = true;
        visitPath(r.obj as Obj, s.path, s.create, (parent, key) => {
          parent[key] = rule.count ?? 0;
        });
      }
    }
    if (!found) {
      throw new KustomizeError(`resource with name ${rule.name ?? ''} does not match a config with the following GVK [Deployment.[noVer].[noGrp] StatefulSet.[noVer].[noGrp] ReplicaSet.[noVer].[noGrp] ReplicationController.[noVer].[noGrp]]`);
    }
  }
}

/** Runs the transformers the kustomization asks for over its resources (generated ones included). */
export function transform(all: Resource[], k: Kustomization): void {
  if (k.namespace) setNamespace(all, k.namespace);
  if (k.namePrefix || k.nameSuffix) renameAll(all, k.namePrefix ?? '', k.nameSuffix ?? '');
  if (k.commonLabels && Object.keys(k.commonLabels).length > 0) for (const r of all) setPairs(r.obj as Obj, COMMON_LABELS, k.commonLabels);
  for (const set of k.labels ?? []) {
    const specs = set.includeSelectors ? COMMON_LABELS : set.includeTemplates ? [...TEMPLATE_LABELS, ...METADATA_LABELS] : METADATA_LABELS;
    const pairs = Object.fromEntries(Object.entries(set.pairs ?? {}).map(([a, b]) => [a, String(b)]));
    for (const r of all) setPairs(r.obj as Obj, specs, pairs);
  }
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length > 0) for (const r of all) setPairs(r.obj as Obj, COMMON_ANNOTATIONS, k.commonAnnotations);
  if (k.replicas && k.replicas.length > 0) setReplicas(all, k.replicas);
  if (k.images && k.images.length > 0) for (const r of all) setImages(r.obj, k.images);
}
