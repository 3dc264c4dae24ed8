/**
 * RoleBinding and ClusterRoleBinding validation as pkg/apis/rbac/validation does it in 1.31: the
 * roleRef's group, kind and name, and each subject by its kind. A binding without a roleRef is refused
 * here rather than stored for every reader to trip over.
 */
import type { FieldError } from '../types';
import type { KObject } from '../../types';
import { validateObjectMeta } from './meta';
import { invalid, notSupported, required } from './fieldErrors';
import { nameIsDNSSubdomain, nameIsPathSegment } from './primitives';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface Ref {
  apiGroup?: unknown;
  kind?: unknown;
  name?: unknown;
  namespace?: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

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

export const validateRoleBindingCreate = (obj: KObject): FieldError[] => validateBinding(obj, true);
export const validateClusterRoleBindingCreate = (obj: KObject): FieldError[] => validateBinding(obj, false);
