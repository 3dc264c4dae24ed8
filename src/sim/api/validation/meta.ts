/**
 * ObjectMeta validation (apimachinery/pkg/api/validation/objectmeta.go and metav1 validation): name,
 * namespace, labels, annotations, owner references, finalizers; and the immutability rules on update.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { FieldError } from '../types';
import type { KObject } from '../../types';
import { forbidden, goText, invalid, required, tooLongBytes } from './fieldErrors';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel } from './primitives';
import type { NameValidator } from './primitives';

export const FIELD_IMMUTABLE = 'field is immutable';
export const IS_NEGATIVE = 'must be greater than or equal to 0';
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** metav1 ValidateLabels: key and value errors are both reported at the map's path. */
export function validateLabels(labels: Record<string, string> | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    for (const m of isValidLabelValue(String(v))) errs.push(invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(ann: Record<string, string> | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(ann ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    size += k.length + String(v).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(tooLongBytes(path, TOTAL_ANNOTATION_SIZE));
  return errs;
}

export function validateNonnegative(v: number | undefined, path: string): FieldError[] {
  return v !== undefined && v < 0 ? [invalid(path, v, IS_NEGATIVE)] : [];
}

function validateOwnerReferences(refs: ObjectMeta['ownerReferences'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let controller = '';
  for (const r of refs ?? []) {
    const version = (r.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) errs.push(invalid(`${path}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(invalid(`${path}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(invalid(`${path}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(invalid(`${path}.uid`, r.uid ?? '', 'uid must not be empty'));
    if (r.controller) {
      const cur = `${r.kind}/${r.name}`;
      if (controller)
        errs.push(
          invalid(path, goText(`[]v1.OwnerReference{...}`), `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${cur}`),
        );
      else controller = cur;
    }
  }
  return errs;
}

export interface MetaOptions {
  namespaced: boolean;
  nameFn: NameValidator;
}

/** ValidateObjectMeta on create. The API server has already turned generateName into a name. */
export function validateObjectMeta(obj: KObject, opts: MetaOptions, path = 'metadata'): FieldError[] {
  const meta = obj.metadata ?? {};
  const errs: FieldError[] = [];
  if (meta.generateName) for (const m of opts.nameFn(meta.generateName, true)) errs.push(invalid(`${path}.generateName`, meta.generateName, m));
  if (!meta.name) errs.push(required(`${path}.name`, 'name or generateName is required'));
  else for (const m of opts.nameFn(meta.name, false)) errs.push(invalid(`${path}.name`, meta.name, m));
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`));
    else for (const m of nameIsDNSLabel(meta.namespace, false)) errs.push(invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) errs.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  errs.push(...validateNonnegative(meta.generation, `${path}.generation`));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  for (const f of meta.finalizers ?? []) for (const m of isQualifiedName(f)) errs.push(invalid(`${path}.finalizers`, f, m));
  return errs;
}

/** Go's rendering of metav1.Time (a Stringer): `2024-01-02 03:04:05 +0000 UTC`. */
function renderTime(t: string | undefined): unknown {
  if (!t) return goText('0001-01-01 00:00:00 +0000 UTC');
  return goText(t.replace('T', ' ').replace(/Z$/, ' +0000 UTC'));
}

/** ValidateObjectMetaUpdate: identity fields are immutable; labels and annotations re-checked. */
export function validateObjectMetaUpdate(obj: KObject, old: KObject, path = 'metadata'): FieldError[] {
  const n = obj.metadata ?? {};
  const o = old.metadata ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    for (const f of n.finalizers ?? [])
      if (!(o.finalizers ?? []).includes(f)) errs.push(forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${JSON.stringify(f)}}`));
  }
  if ((n.generation ?? 0) < (o.generation ?? 0)) errs.push(invalid(`${path}.generation`, n.generation ?? 0, 'must not be decremented'));
  if ((n.name ?? '') !== (o.name ?? '')) errs.push(invalid(`${path}.name`, n.name ?? '', FIELD_IMMUTABLE));
  if ((n.namespace ?? '') !== (o.namespace ?? '')) errs.push(invalid(`${path}.namespace`, n.namespace ?? '', FIELD_IMMUTABLE));
  if (n.uid !== undefined && n.uid !== o.uid) errs.push(invalid(`${path}.uid`, n.uid, FIELD_IMMUTABLE));
  if (n.creationTimestamp !== undefined && n.creationTimestamp !== o.creationTimestamp)
    errs.push(invalid(`${path}.creationTimestamp`, renderTime(n.creationTimestamp), FIELD_IMMUTABLE));
  errs.push(...validateLabels(n.labels, `${path}.labels`));
  errs.push(...validateAnnotations(n.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(n.ownerReferences, `${path}.ownerReferences`));
  return errs;
}

/** Deep equality of JSON values, treating absent and undefined alike (apiequality.Semantic for our shapes). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Like apiequality.Semantic: a missing list or map equals an empty one.
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // Quantities may be written as numbers or strings; compare as text.
    if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) return String(a) === String(b);
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).every((k) => (v as Record<string, unknown>)[k] === undefined);
}
