import { describe, expect, it } from 'vitest';
import type { KObject, StoredObject } from '../../types';
import { deepCopy } from '../../types';
import { strategies } from './index';
import type { FieldError } from '../types';
import { fieldErrorString, invalidError, invalidMessage } from './fieldErrors';
import { validateRoleCreate } from './rbac';

const RBAC = 'rbac.authorization.k8s.io';

function create(plural: string, obj: object): string[] {
  return (strategies[plural]!.validateCreate?.(deepCopy(obj as KObject)) ?? []).map(fieldErrorString);
}

function update(plural: string, old: object, change: (o: Record<string, unknown>) => void): string[] {
  return updateErrors(plural, old, change).map(fieldErrorString);
}

function updateErrors(plural: string, old: object, change: (o: Record<string, unknown>) => void): FieldError[] {
  const stored = deepCopy(old as KObject) as StoredObject;
  stored.metadata = { ...stored.metadata, uid: 'u1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' };
  const n = deepCopy(stored) as unknown as Record<string, unknown>;
  change(n);
  return strategies[plural]!.validateUpdate?.(n as KObject, stored) ?? [];
}

const role = (rules: unknown[]): object => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'a', namespace: 'default' }, rules });
const clusterRole = (rest: object): object => ({ apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'a' }, ...rest });

describe('Role and ClusterRole rules', () => {
  it('a resource rule without apiGroups gets the 422 a learner forgetting `apiGroups: [""]` sees', () => {
    const obj = role([{ resources: ['pods'], verbs: ['get'] }]) as KObject;
    const errs = validateRoleCreate(obj);
    expect(invalidMessage('Role.rbac.authorization.k8s.io', 'a', errs)).toBe(
      'Role.rbac.authorization.k8s.io "a" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    );
  });

  it('needs verbs and resources, reporting every rule by index', () => {
    expect(create('roles', role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''] }]))).toEqual([
      'rules[1].verbs: Required value: verbs must contain at least one value',
      'rules[1].resources: Required value: resource rules must supply at least one resource',
    ]);
    expect(create('roles', role([{}]))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });

  it('a Role cannot name non-resource URLs; a ClusterRole can, but not mixed with resources', () => {
    expect(create('roles', role([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(create('clusterroles', clusterRole({ rules: [{ nonResourceURLs: ['/healthz', '/livez'], verbs: ['get'] }] }))).toEqual([]);
    expect(create('clusterroles', clusterRole({ rules: [{ nonResourceURLs: ['/healthz'], resourceNames: ['x'], verbs: ['get'] }] }))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    expect(create('roles', role([{ nonResourceURLs: ['/healthz'], apiGroups: [''], verbs: [] }]))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
  });

  it('a null rule is checked as an empty one; a role without rules is valid', () => {
    expect(create('clusterroles', clusterRole({ rules: [null] }))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
    expect(create('roles', role([]))).toEqual([]);
    expect(create('clusterroles', clusterRole({}))).toEqual([]);
  });

  it('rules are checked again on update; the causes name each error twice, the message once', () => {
    const old = role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    const errs = updateErrors('roles', old, (o) => ((o.rules as { apiGroups?: string[] }[])[0]!.apiGroups = []));
    const status = invalidError(RBAC, 'Role', 'a', errs).status;
    expect(status.message).toBe('Role.rbac.authorization.k8s.io "a" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group');
    expect(status.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: resource rules must supply at least one api group', field: 'rules[0].apiGroups' },
      { reason: 'FieldValueRequired', message: 'Required value: resource rules must supply at least one api group', field: 'rules[0].apiGroups' },
    ]);
  });
});

describe('ClusterRole aggregationRule', () => {
  it('needs at least one selector', () => {
    const msg = 'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil';
    expect(create('clusterroles', clusterRole({ aggregationRule: {} }))).toEqual([msg]);
    expect(create('clusterroles', clusterRole({ aggregationRule: { clusterRoleSelectors: [] } }))).toEqual([msg]);
    expect(create('clusterroles', clusterRole({ aggregationRule: null }))).toEqual([]);
    expect(create('clusterroles', clusterRole({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] } }))).toEqual([]);
  });

  it('checks each selector, then reports one it cannot build as invalid', () => {
    const sel = { matchExpressions: [{ key: 'team', operator: 'Has' }] };
    expect(create('clusterroles', clusterRole({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ok: 'yes' } }, sel] } }))).toEqual([
      'aggregationRule.clusterRoleSelectors[1].matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator',
      'aggregationRule.clusterRoleSelectors[1]: Invalid value: null: invalid label selector.',
    ]);
  });
});

describe('binding roleRef', () => {
  const rb = { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'y', namespace: 'default' }, roleRef: { apiGroup: RBAC, kind: 'Role', name: 'pod-reader' }, subjects: [{ apiGroup: RBAC, kind: 'User', name: 'alice' }] };
  const crb = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'y' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }, subjects: [{ apiGroup: RBAC, kind: 'User', name: 'alice' }] };

  it('cannot change once stored, printed as Go prints the RoleRef', () => {
    expect(update('rolebindings', rb, (o) => (o.roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef',
    ]);
    expect(update('clusterrolebindings', crb, (o) => ((o.roleRef as { name: string }).name = 'edit'))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });

  it('other changes to a binding are accepted', () => {
    expect(update('rolebindings', rb, (o) => (o.subjects = [{ apiGroup: RBAC, kind: 'Group', name: 'dev' }]))).toEqual([]);
    expect(update('clusterrolebindings', crb, (o) => ((o.metadata as { labels?: object }).labels = { team: 'a' }))).toEqual([]);
  });

  it('an invalid new roleRef is reported and also counts as a change', () => {
    expect(update('clusterrolebindings', crb, (o) => ((o.roleRef as { kind: string }).kind = 'Role'))).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"view"}: cannot change roleRef',
    ]);
  });
});
