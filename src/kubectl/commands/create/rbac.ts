/** `kubectl create role|clusterrole|rolebinding|clusterrolebinding`: rules grouped by API group, subjects by kind. */
import type { KObject } from '../../../sim/types';
import { KubectlError, plainError } from '../../errors';
import { flagList, flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import { resolveResource } from '../../resources';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, oneName, requireFlags } from './common';

const RULE_FLAGS: FlagSpec[] = [{ long: 'verb', kind: 'strings' }, { long: 'resource', kind: 'strings' }, { long: 'resource-name', kind: 'stringArray' }];
export const ROLE_FLAGS: FlagSpec[] = [...CREATE_COMMON, ...RULE_FLAGS];
export const CLUSTERROLE_FLAGS: FlagSpec[] = [...CREATE_COMMON, ...RULE_FLAGS, { long: 'non-resource-url', kind: 'strings' }, { long: 'aggregation-rule', kind: 'string' }];
const SUBJECT_FLAGS: FlagSpec[] = [{ long: 'group', kind: 'stringArray' }, { long: 'serviceaccount', kind: 'stringArray' }, { long: 'user', kind: 'stringArray' }];
export const ROLEBINDING_FLAGS: FlagSpec[] = [...CREATE_COMMON, ...SUBJECT_FLAGS, { long: 'role', kind: 'string' }, { long: 'clusterrole', kind: 'string' }];
export const CLUSTERROLEBINDING_FLAGS: FlagSpec[] = [...CREATE_COMMON, ...SUBJECT_FLAGS, { long: 'clusterrole', kind: 'string' }];

const RBAC = 'rbac.authorization.k8s.io';
const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
/** Verbs that mean something only on these resources. */
const SPECIAL_VERBS: Record<string, { group: string; resource: string }[]> = {
  use: [
    { group: 'policy', resource: 'podsecuritypolicies' },
    { group: 'extensions', resource: 'podsecuritypolicies' },
  ],
  bind: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles' },
  ],
  escalate: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles' },
  ],
  impersonate: [
    { group: '', resource: 'users' },
    { group: '', resource: 'serviceaccounts' },
    { group: '', resource: 'groups' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
    { group: 'authentication.k8s.io', resource: 'uids' },
  ],
};

interface ResourceOption {
  resource: string;
  group: string;
  sub: string;
}

const uniq = (xs: string[]): string[] => [...new Set(xs)];

function verbsOf(f: ParsedFlags): string[] {
  const verbs = flagList(f, 'verb');
  return verbs.includes('*') ? ['*'] : uniq(verbs);
}

/** `pods`, `deployments.apps`, `pods/log`; a lone `*` stands for everything. */
function resourcesOf(f: ParsedFlags): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of flagList(f, 'resource')) {
    const [main, sub = ''] = r.split(/\/(.*)/s, 2) as [string, string?];
    const dot = main.indexOf('.');
    const opt = { resource: dot < 0 ? main : main.slice(0, dot), group: dot < 0 ? '' : main.slice(dot + 1), sub };
    if (opt.resource === '*' && dot < 0 && !r.includes('/')) return [opt];
    out.push(opt);
  }
  return out;
}

/** The RESTMapper's answer: the plural and group of a (possibly short) resource name, or undefined. */
function mapResource(r: ResourceOption): { resource: string; group: string } | undefined {
  const def = resolveResource(r.group ? `${r.resource}.${r.group}` : r.resource);
  return def ? { resource: def.plural, group: def.group } : undefined;
}

function validateRules(io: CommandIO, verbs: string[], resources: ResourceOption[]): void {
  for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) io.err(`Warning: '${v}' is not a standard resource verb\n`);
  for (const r of resources) {
    if (r.resource === '') throw plainError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const mapped = mapResource(r);
    const res = mapped ?? { resource: r.resource, group: r.group };
    let special = false;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some((a) => a.resource === res.resource && a.group === res.group)) throw plainError(`can not perform '${v}' on '${res.resource}' in group '${res.group}'`);
      special = true;
    }
    // The RESTMapper's NoResourceMatchError reaches CheckErr unwrapped, which prints it without "error: ".
    if (!mapped && !special) throw new KubectlError(`the server doesn't have a resource type "${r.resource}"${r.group ? ` in group "${r.group}"` : ''}`);
  }
}

/** One rule per API group (groups in sorted order), then one for the non-resource URLs. */
function rulesOf(verbs: string[], resources: ResourceOption[], names: string[], urls: string[]): Record<string, unknown>[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const m = mapResource(r) ?? { resource: r.resource, group: r.group };
    const res = r.sub ? `${m.resource}/${r.sub}` : m.resource;
    const list = byGroup.get(m.group) ?? [];
    if (!list.includes(res)) list.push(res);
    byGroup.set(m.group, list);
  }
  const rules: Record<string, unknown>[] = [...byGroup.keys()].sort().map((g) => ({ apiGroups: [g], ...(names.length > 0 ? { resourceNames: names } : {}), resources: byGroup.get(g), verbs }));
  if (urls.length > 0) rules.push({ nonResourceURLs: urls, verbs });
  return rules;
}

export function runCreateRole(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'role');
  const verbs = verbsOf(f);
  const resources = resourcesOf(f);
  if (verbs.length === 0) throw plainError('at least one verb must be specified');
  if (resources.length === 0) {
    for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) io.err(`Warning: '${v}' is not a standard resource verb\n`);
    throw plainError('at least one resource must be specified');
  }
  validateRules(io, verbs, resources);
  const role = { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: genMeta(name, enforcedNamespace(f)), rules: rulesOf(verbs, resources, uniq(flagList(f, 'resource-name')), []) } as unknown as KObject;
  finishCreate(io, f, scope, 'roles', role);
}

export function runCreateClusterRole(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'clusterrole');
  const aggregation = flagString(f, 'aggregation-rule');
  const verbs = verbsOf(f);
  const resources = resourcesOf(f);
  const urls = uniq(flagList(f, 'non-resource-url'));
  let role: KObject;
  if (f.changed.has('aggregation-rule')) {
    if (verbs.length > 0 || resources.length > 0 || urls.length > 0) throw plainError('aggregation rule must be specified without nonResourceURLs, resources, verbs or resourceNames');
    const matchLabels: Record<string, string> = {};
    for (const pair of aggregation.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw plainError(`invalid aggregation rule: ${aggregation}`);
      matchLabels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    // The generated object keeps an empty rules list, which the printer writes as null.
    role = { aggregationRule: { clusterRoleSelectors: [{ matchLabels }] }, apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: genMeta(name, undefined), rules: null } as unknown as KObject;
  } else {
    if (verbs.length === 0) throw plainError('at least one verb must be specified');
    if (resources.length === 0 && urls.length === 0) throw plainError('one of resource or nonResourceURL must be specified');
    if (resources.length > 0) validateRules(io, verbs, resources);
    if (urls.length > 0) {
      if (flagList(f, 'resource-name').length > 0) throw plainError('resource-name is not allowed with nonResourceURL');
      for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw plainError(`invalid verb: '${v}' for nonResourceURL`);
      for (const u of urls) {
        if (u === '*') continue;
        if (!u.startsWith('/')) throw plainError(`nonResourceURL should start with /`);
        if (u.slice(0, -1).includes('*')) throw plainError(`nonResourceURL only supports wildcard matches when '*' is at the end`);
      }
    }
    role = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: genMeta(name, undefined), rules: rulesOf(verbs, resources, uniq(flagList(f, 'resource-name')), urls) } as unknown as KObject;
  }
  finishCreate(io, f, scope, 'clusterroles', role);
}

/** Users, then groups, then service accounts (`NAMESPACE:NAME`). */
function subjectsOf(f: ParsedFlags): Record<string, unknown>[] {
  const subjects: Record<string, unknown>[] = [];
  for (const u of flagList(f, 'user')) subjects.push({ apiGroup: RBAC, kind: 'User', name: u });
  for (const g of flagList(f, 'group')) subjects.push({ apiGroup: RBAC, kind: 'Group', name: g });
  for (const sa of flagList(f, 'serviceaccount')) {
    const parts = sa.split(':');
    if (parts.length !== 2 || parts[1] === '') throw plainError('serviceaccount must be <namespace>:<name>');
    subjects.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return subjects;
}

export function runCreateRoleBinding(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'rolebinding');
  const role = flagString(f, 'role');
  const clusterRole = flagString(f, 'clusterrole');
  if ((role === '') === (clusterRole === '')) throw plainError('exactly one of clusterrole or role must be specified');
  const subjects = subjectsOf(f);
  const rb = {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: genMeta(name, enforcedNamespace(f)),
    roleRef: { apiGroup: RBAC, kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole },
    ...(subjects.length > 0 ? { subjects } : {}),
  } as unknown as KObject;
  finishCreate(io, f, scope, 'rolebindings', rb, 'failed to create rolebinding: ');
}

export function runCreateClusterRoleBinding(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  requireFlags(f, 'clusterrole');
  const name = oneName(f, 'clusterrolebinding');
  const subjects = subjectsOf(f);
  const crb = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: genMeta(name, undefined),
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: flagString(f, 'clusterrole') },
    ...(subjects.length > 0 ? { subjects } : {}),
  } as unknown as KObject;
  finishCreate(io, f, scope, 'clusterrolebindings', crb, 'failed to create clusterrolebinding: ');
}
