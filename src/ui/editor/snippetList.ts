/**
 * The editor's snippets by name, without their text: what the toolbar's menu shows before anything of
 * the editor has loaded (the manifests themselves are in snippets.ts, loaded when one is chosen).
 */
export type SnippetId = 'deployment' | 'service' | 'ingress' | 'networkpolicy' | 'job' | 'cronjob' | 'statefulset' | 'configmap' | 'rbac';

/** In menu order, with the kinds each creates as Kubernetes names them. */
export const SNIPPET_KINDS: readonly (readonly [SnippetId, string])[] = [
  ['deployment', 'Deployment'],
  ['service', 'Service'],
  ['ingress', 'Ingress'],
  ['networkpolicy', 'NetworkPolicy'],
  ['job', 'Job'],
  ['cronjob', 'CronJob'],
  ['statefulset', 'StatefulSet'],
  ['configmap', 'ConfigMap'],
  ['rbac', 'Role + RoleBinding'],
];

/** Where a chosen snippet goes: the open Monaco editor registers itself; without one, the buffer's text. */
let target: ((yaml: string) => void) | undefined;

export function setSnippetTarget(fn: ((yaml: string) => void) | undefined): void {
  target = fn;
}

export function snippetTarget(): ((yaml: string) => void) | undefined {
  return target;
}
