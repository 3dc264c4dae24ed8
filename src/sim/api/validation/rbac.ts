/**
 * RBAC object validation as pkg/apis/rbac/validation does it in 1.31.
 * Roles and ClusterRoles: each rule needs verbs, and is either a resource rule (api groups and
 * resources) or a non-resource-URL rule, never both; a Role's rules cannot name URLs. A ClusterRole's
 * aggregationRule needs at least one valid selector.
 * Bindings: the roleRef's group, kind and name, each subject by its kind, and a roleRef that never
 * changes once stored (so a binding to another role means delete and create). A binding without a
 * roleRef is refused here rather than stored for every reader to trip over.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { FieldError } from '../types';
import type { KObject, StoredObject } from '../../types';
import { selectorFromLabelSelector } from '../labels';
import { validateLabelSelector } from './apps';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { goQuote, goText, invalid, notSupported, required } from './fieldErrors';
import { nameIsDNSSubdomain, nameIsPathSegment } from './primitives';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface Ref {
  apiGroup?: unknown;
  kind?: unknown;
  name?: unknown;
  namespace?: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface Rule {
  verbs?: unknown;
  apiGroups?: unknown;
  resources?: unknown;
  resourceNames?: unknown;
  nonResourceURLs?: unknown;
}

/** ValidatePolicyRule: `namespaced` is true for a Role's rules. */
export function validatePolicyRule(rule: Rule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (list(rule.verbs).length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = list(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (list(rule.apiGroups).length > 0 || list(rule.resources).length > 0 || list(rule.resourceNames).length > 0) {
      errs.push(invalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (list(rule.apiGroups).length === 0) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (list(rule.resources).length === 0) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(obj: KObject, namespaced: boolean): FieldError[] {
  const rules = list((obj as { rules?: unknown }).rules);
  return rules.flatMap((r, i) => validatePolicyRule((r ?? {}) as Rule, namespaced, `rules[${i}]`));
}

function validateAggregationRule(agg: { clusterRoleSelectors?: LabelSelector[] | null }): FieldError[] {
  const errs: FieldError[] = [];
  const selectors = list(agg.clusterRoleSelectors) as (LabelSelector | null)[];
  if (selectors.length === 0) errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach((sel, i) => {
    const path = `aggregationRule.clusterRoleSelectors[${i}]`;
    errs.push(...validateLabelSelector(sel ?? {}, path));
    try {
      selectorFromLabelSelector(sel ?? {});
    } catch {
      // Upstream prints the selector it failed to build, which is nil.
      errs.push(invalid(path, null, 'invalid label selector.'));
    }
  });
  return errs;
}

export const validateRoleCreate = (obj: KObject): FieldError[] => [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsPathSegment }), ...validateRules(obj, true)];

export function validateClusterRoleCreate(obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(obj, { namespaced: false, nameFn: nameIsPathSegment }), ...validateRules(obj, false)];
  const agg = (obj as { aggregationRule?: { clusterRoleSelectors?: LabelSelector[] | null } | null }).aggregationRule;
  if (agg != null) errs.push(...validateAggregationRule(agg));
  return errs;
}

function validateSubject(s: Ref, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = text(s.name);
  const apiGroup = text(s.apiGroup);
  if (name === '') errs.push(required(`${path}.name`));
  switch (text(s.kind)) {
    case 'ServiceAccount':
      if (name !== '') for (const msg of nameIsDNSSubdomain(name, false)) errs.push(invalid(`${path}.name`, name, msg));
      if (apiGroup !== '') errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && text(s.namespace) === '') errs.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, text(s.kind), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(obj: KObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(obj, { namespaced, nameFn: nameIsPathSegment });
  const b = obj as KObject & { roleRef?: Ref | null; subjects?: (Ref | null)[] | null };
  const ref: Ref = b.roleRef ?? {};
  const apiGroup = text(ref.apiGroup);
  if (apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(text(ref.kind))) errs.push(notSupported('roleRef.kind', text(ref.kind), kinds));
  const name = text(ref.name);
  if (name === '') errs.push(required('roleRef.name'));
  else for (const msg of nameIsPathSegment(name, false)) errs.push(invalid('roleRef.name', name, msg));
  (b.subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s ?? {}, namespaced, `subjects[${i}]`)));
  return errs;
}

/** The internal rbac.RoleRef as Go's %#v prints it in the "cannot change roleRef" error. */
function renderRoleRef(r: Ref): string {
  return `rbac.RoleRef{APIGroup:${goQuote(text(r.apiGroup))}, Kind:${goQuote(text(r.kind))}, Name:${goQuote(text(r.name))}}`;
}

/** ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate: the roleRef is fixed at creation. */
function roleRefUnchanged(obj: KObject, old: StoredObject): FieldError[] {
  const now: Ref = (obj as { roleRef?: Ref | null }).roleRef ?? {};
  const before: Ref = (old as { roleRef?: Ref | null }).roleRef ?? {};
  const same = (['apiGroup', 'kind', 'name'] as const).every((k) => text(now[k]) === text(before[k]));
  return same ? [] : [invalid('roleRef', goText(renderRoleRef(now)), 'cannot change roleRef')];
}

export const validateRoleBindingCreate = (obj: KObject): FieldError[] => validateBinding(obj, true);
export const validateClusterRoleBindingCreate = (obj: KObject): FieldError[] => validateBinding(obj, false);

/**
 * The RBAC strategies' ValidateUpdate: the create checks, then ValidateXUpdate, which runs the create
 * checks again before the metadata-update and roleRef checks. The 422's causes therefore list each
 * create-time error twice, as the real API server's do; its message, like kubectl, shows it once.
 */
function rbacUpdate(create: (o: KObject) => FieldError[], extra?: (o: KObject, old: StoredObject) => FieldError[]) {
  return (obj: KObject, old: StoredObject): FieldError[] => {
    const errs = create(obj);
    return [...errs, ...errs, ...validateObjectMetaUpdate(obj, old), ...(extra ? extra(obj, old) : [])];
  };
}

export const validateRoleUpdate = rbacUpdate(validateRoleCreate);
export const validateClusterRoleUpdate = rbacUpdate(validateClusterRoleCreate);
export const validateRoleBindingUpdate = rbacUpdate(validateRoleBindingCreate, roleRefUnchanged);
export const validateClusterRoleBindingUpdate = rbacUpdate(validateClusterRoleBindingCreate, roleRefUnchanged);
