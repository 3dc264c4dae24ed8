/**
 * `kubectl describe role|clusterrole` (rules broken down to one verb each, then compacted back per
 * group/resource and sorted, as kubectl's rbac helpers do) and `rolebinding|clusterrolebinding`.
 */
import type { RoleBinding, Role } from 'kubernetes-types/rbac/v1';
import { printAnnotationsMultiline, printLabelsMultiline } from './common';
import type { Describer } from './types';
import { PrefixWriter } from './writer';
import { goList } from './apps';
import { compactedForDisplay } from '../../sim/auth/rbac/compact';

/** CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`. */
function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources || resources.length === 0) return '';
  const [res, sub] = [resources[0]!.split('/')[0]!, resources[0]!.includes('/') ? resources[0]!.slice(resources[0]!.indexOf('/') + 1) : undefined];
  let s = res;
  if (groups && groups.length > 0 && groups[0] !== '') s += `.${groups[0]}`;
  if (sub !== undefined) s += `/${sub}`;
  return s;
}

export function describeRole(role: Role): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${role.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata?.annotations);
  w.write(0, 'PolicyRule:\n');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(1, '---------\t-----------------\t--------------\t-----\n');
  for (const r of compactedForDisplay(role.rules ?? [])) w.write(1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
  return w.toString();
}

export function describeRoleBinding(b: RoleBinding): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${b.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', b.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', b.metadata?.annotations);
  w.write(0, 'Role:\n');
  w.write(1, `Kind:\t${b.roleRef.kind}\n`);
  w.write(1, `Name:\t${b.roleRef.name}\n`);
  w.write(0, 'Subjects:\n');
  w.write(1, 'Kind\tName\tNamespace\n');
  w.write(1, '----\t----\t---------\n');
  for (const s of b.subjects ?? []) w.write(1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  return w.toString();
}

// kubectl's RBAC describers fetch no events.
export const RBAC_DESCRIBERS: Record<string, Describer> = {
  'rbac.authorization.k8s.io/Role': (r) => describeRole(r.obj as unknown as Role),
  'rbac.authorization.k8s.io/ClusterRole': (r) => describeRole(r.obj as unknown as Role),
  'rbac.authorization.k8s.io/RoleBinding': (r) => describeRoleBinding(r.obj as unknown as RoleBinding),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (r) => describeRoleBinding(r.obj as unknown as RoleBinding),
};
