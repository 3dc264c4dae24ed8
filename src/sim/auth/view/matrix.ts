/**
 * The RBAC view's answers, computed with the API server's own authorizer: the subject × resource × verb
 * matrix of a namespace, "who can VERB RESOURCE" and "what can SUBJECT do" (as `kubectl auth can-i
 * --list --as` prints it). Pure: it reads only what `RbacWorld` hands it, so it costs one authorization
 * per square and records no request.
 */
import { accessTable } from '../../../kubectl/commands/authRules';
import { TABLE_TABWRITER, tabwrite } from '../../../kubectl/tabwriter';
import { compactString } from '../escalation';
import type { Decision, PolicyRule, RequestAttributes, RoleRef, SubjectRules, UserInfo } from '../types';
import type { Grant, MatrixResource, MatrixSubject, RbacMatrix, WhatCanAnswer, WhoCanAnswer, WhoCanRow } from './types';

/** The squares' resources: the ones a namespace's RBAC is most often about. */
export const MATRIX_RESOURCES: readonly MatrixResource[] = [
  { resource: 'pods', group: '' },
  { resource: 'deployments', group: 'apps' },
  { resource: 'services', group: '' },
  { resource: 'secrets', group: '' },
  { resource: 'configmaps', group: '' },
  { resource: 'roles', group: 'rbac.authorization.k8s.io' },
  { resource: 'rolebindings', group: 'rbac.authorization.k8s.io' },
];
export const MATRIX_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** A binding's subject as the API stores it. */
export interface BindingSubject {
  kind: string;
  name: string;
  namespace?: string;
}
export interface BindingLike {
  metadata: { name: string; namespace?: string };
  subjects?: BindingSubject[];
}

/** What the view reads: the authorizer, who is who, and the objects subjects are found in. */
export interface RbacWorld {
  authorize(a: RequestAttributes): Decision;
  rulesFor(user: UserInfo, namespace: string): SubjectRules;
  /** the groups a user name authenticates with (a scenario user's, a component's, `system:authenticated`) */
  userInfo(name: string): UserInfo;
  /** the rules of a Role or ClusterRole, for the text of the rule that allowed */
  roleRules(role: RoleRef): readonly PolicyRule[] | undefined;
  namespaces: readonly string[];
  /** the kubeconfig's user and the scenario's users, in their order */
  users: readonly { name: string; source: 'kubeconfig' | 'scenario' }[];
  clusterRoleBindings: readonly BindingLike[];
  /** the RoleBindings of the view's namespace */
  roleBindings: readonly BindingLike[];
  /** the names of the namespace's ServiceAccounts */
  serviceAccounts: readonly string[];
}

const SA_PREFIX = 'system:serviceaccount:';

/** The user a subject row asks as: a group alone is asked as a nameless member of just that group. */
export function userOf(world: Pick<RbacWorld, 'userInfo'>, s: MatrixSubject): UserInfo {
  if (s.kind === 'User') return world.userInfo(s.name);
  if (s.kind === 'ServiceAccount') return world.userInfo(`${SA_PREFIX}${s.namespace ?? ''}:${s.name}`);
  return { name: '', groups: [s.name] };
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every subject of the namespace: the users (kubeconfig's, the scenario's, the bindings'), the bindings' groups, its ServiceAccounts. */
export function subjectsOf(world: RbacWorld, namespace: string): MatrixSubject[] {
  const users = new Map<string, MatrixSubject>();
  for (const u of world.users) if (!users.has(u.name)) users.set(u.name, { kind: 'User', name: u.name, source: u.source });
  const bound: MatrixSubject[] = [];
  const groups = new Set<string>();
  const accounts = new Map<string, MatrixSubject>();
  for (const sa of world.serviceAccounts) accounts.set(sa, { kind: 'ServiceAccount', name: sa, namespace, source: 'object' });
  for (const b of [...world.clusterRoleBindings, ...world.roleBindings]) {
    for (const s of b.subjects ?? []) {
      if (s.kind === 'User' && !users.has(s.name) && !bound.some((u) => u.name === s.name)) bound.push({ kind: 'User', name: s.name, source: 'binding' });
      else if (s.kind === 'Group') groups.add(s.name);
      // A RoleBinding's ServiceAccount without a namespace is of the binding's namespace.
      else if (s.kind === 'ServiceAccount' && (s.namespace ?? b.metadata.namespace) === namespace && !accounts.has(s.name)) accounts.set(s.name, { kind: 'ServiceAccount', name: s.name, namespace, source: 'binding' });
    }
  }
  bound.sort((a, b) => byName(a.name, b.name));
  return [
    ...users.values(),
    ...bound,
    ...[...groups].sort(byName).map((g): MatrixSubject => ({ kind: 'Group', name: g, source: 'binding' })),
    ...[...accounts.values()].sort((a, b) => byName(a.name, b.name)),
  ];
}

export function attributes(user: UserInfo, verb: string, r: { resource: string; group: string; subresource?: string }, namespace: string): RequestAttributes {
  return { user, verb, resourceRequest: true, apiGroup: r.group, apiVersion: 'v1', resource: r.resource, subresource: r.subresource ?? '', namespace, name: '', path: '' };
}

/** What allowed, as a square shows it; undefined when denied. */
export function grantOf(world: Pick<RbacWorld, 'roleRules'>, d: Decision): Grant | undefined {
  if (!d.allowed) return undefined;
  const by = d.by ?? 'RBAC';
  const a = d.allowedBy;
  if (!a) return { by };
  const rule = world.roleRules(a.role)?.[a.ruleIndex];
  return {
    by,
    bindingKind: a.binding.kind,
    bindingName: a.binding.name,
    ...(a.binding.namespace ? { bindingNamespace: a.binding.namespace } : {}),
    roleKind: a.role.kind,
    roleName: a.role.name,
    ruleIndex: a.ruleIndex,
    ...(rule ? { rule: compactString(rule) } : {}),
  };
}

/** Grants in a table, each once. */
class GrantTable {
  readonly grants: Grant[] = [];
  private readonly index = new Map<string, number>();
  add(g: Grant): number {
    const key = JSON.stringify(g);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.grants.length;
      this.grants.push(g);
      this.index.set(key, i);
    }
    return i;
  }
}

export function buildMatrix(world: RbacWorld, namespace: string): RbacMatrix {
  const subjects = subjectsOf(world, namespace);
  const table = new GrantTable();
  const cells = subjects.map((s) => {
    const user = userOf(world, s);
    const row: number[] = [];
    for (const r of MATRIX_RESOURCES) {
      for (const verb of MATRIX_VERBS) {
        const g = grantOf(world, world.authorize(attributes(user, verb, r, namespace)));
        row.push(g ? table.add(g) : -1);
      }
    }
    return row;
  });
  return { namespace, namespaces: [...world.namespaces], subjects, resources: [...MATRIX_RESOURCES], verbs: [...MATRIX_VERBS], cells, grants: table.grants };
}

/** A resource as `kubectl auth can-i` takes it (`pods`, `pods/log`, `deployments.apps`), resolved by `resolve` to its group. */
export function whoCan(world: RbacWorld, namespace: string, verb: string, resourceArg: string, resolve: (resource: string) => { resource: string; group: string } | undefined): WhoCanAnswer {
  const [res = '', subresource = ''] = resourceArg.trim().split('/');
  const found = resolve(res);
  const base = { verb: verb.trim(), resource: found?.resource ?? res, group: found?.group ?? '', subresource, namespace, allowed: [] as WhoCanRow[] };
  if (!found) return { ...base, error: `the server doesn't have a resource type "${res}"` };
  const allowed: WhoCanRow[] = [];
  for (const subject of subjectsOf(world, namespace)) {
    const g = grantOf(world, world.authorize(attributes(userOf(world, subject), base.verb, { ...found, subresource }, namespace)));
    if (g) allowed.push({ subject, grant: g });
  }
  return { ...base, allowed };
}

export function whatCan(world: RbacWorld, namespace: string, subject: MatrixSubject): WhatCanAnswer {
  const rules = world.rulesFor(userOf(world, subject), namespace);
  // The same table kubectl auth can-i --list prints for the rules a SelfSubjectRulesReview answers.
  const text = tabwrite(accessTable({ resourceRules: rules.resourceRules.map((r) => ({ ...r })), nonResourceRules: rules.nonResourceRules.map((r) => ({ ...r })) }, false), TABLE_TABWRITER);
  return { subject, namespace, text, incomplete: rules.incomplete, ...(rules.evaluationError ? { evaluationError: rules.evaluationError } : {}) };
}
