/**
 * kustomize's legacy output order: kinds other objects depend on first (Namespace … PodDisruptionBudget),
 * webhooks configurations last, the rest between; within one kind by group/version, then name and namespace.
 */
import type { Resource } from './resource';

const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? 1 + last : 0;
}

/** resid.Gvk's String(): group, version and kind joined by `_`, with `~G`, `~V`, `~K` for empty ones. */
function gvkString(r: Resource): string {
  return [r.group() || '~G', r.version() || '~V', r.kind() || '~K'].join('_');
}

const less = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sortLegacy(all: readonly Resource[]): Resource[] {
  return [...all].sort((a, b) => rank(a.kind()) - rank(b.kind()) || less(gvkString(a), gvkString(b)) || less(a.name(), b.name()) || less(a.namespace(), b.namespace()));
}
