/**
 * apps/v1 workload validation (pkg/apis/apps/validation): selector present, valid and matching the
 * template labels, replica and history counts, the rolling-update parameters, and selector
 * immutability on update.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { FieldError } from '../types';
import type { KObject, StoredObject } from '../../types';
import { selectorFromLabelSelector } from '../labels';
import { forbidden, goText, invalid, notSupported, renderLabelSelector, required } from './fieldErrors';
import { FIELD_IMMUTABLE, IS_NEGATIVE, jsonEqual, validateLabels, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from './primitives';
import { validatePodSpec } from './pod';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** metav1 validation.ValidateLabelSelector. */
export function validateLabelSelector(ls: LabelSelector | undefined, path: string): FieldError[] {
  if (!ls) return [];
  const errs = validateLabels(ls.matchLabels, `${path}.matchLabels`);
  (ls.matchExpressions ?? []).forEach((e, i) => {
    const ip = `${path}.matchExpressions[${i}]`;
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (!e.values || e.values.length === 0) errs.push(required(`${ip}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (e.values && e.values.length > 0) errs.push(forbidden(`${ip}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${ip}.operator`, e.operator, 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(e.key ?? '')) errs.push(invalid(`${ip}.key`, e.key ?? '', m));
    (e.values ?? []).forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(`${ip}.values[${j}]`, v, m));
    });
  });
  return errs;
}

/** intstr.IntOrString as %#v prints it (what 1.31 shows for rolling-update parameters). */
function renderIntOrString(v: unknown): unknown {
  if (typeof v === 'number') return goText(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`);
  return goText(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(String(v ?? ''))}}`);
}

function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? ''));
  return m ? Number(m[1]) : 0;
}

function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return v < 0 ? [invalid(path, v, IS_NEGATIVE)] : [];
  if (!/^[0-9]+%$/.test(String(v)))
    return [invalid(path, renderIntOrString(v), "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  return [];
}

function validateDeploymentStrategy(st: Obj | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = st?.type;
  if (type === 'Recreate') {
    if (st?.rollingUpdate) errs.push(forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    const ru = st?.rollingUpdate;
    if (!ru) errs.push(required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil'));
    else {
      const rp = `${path}.rollingUpdate`;
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${rp}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(invalid(`${rp}.maxUnavailable`, renderIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      if (typeof ru.maxUnavailable === 'string' && intOrPercentValue(ru.maxUnavailable) > 100)
        errs.push(invalid(`${rp}.maxUnavailable`, renderIntOrString(ru.maxUnavailable), 'must not be greater than 100%'));
    }
  } else {
    errs.push(
      notSupported(path, goText(`apps.DeploymentStrategy{Type:${JSON.stringify(type ?? '')}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`), ['Recreate', 'RollingUpdate']),
    );
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet: labels must match the selector, restartPolicy must be Always. */
export function validateTemplateForSelector(spec: Obj, path: string, kindWord: string): FieldError[] {
  const errs: FieldError[] = [];
  const tpl = spec.template as Obj | undefined;
  let selector;
  try {
    selector = selectorFromLabelSelector(spec.selector);
  } catch {
    errs.push(invalid(`${path}.selector`, renderLabelSelector(spec.selector), 'invalid label selector'));
    return errs;
  }
  if (!tpl) {
    errs.push(required(`${path}.template`));
    return errs;
  }
  const labels = tpl.metadata?.labels as Record<string, string> | undefined;
  // A nil selector matches nothing and is not "empty", so a missing selector also fails this check.
  if (!selector.empty() && !selector.matches(labels))
    errs.push(invalid(`${path}.template.metadata.labels`, labels ?? goText('map[string]string(nil)'), '`selector` does not match template `labels`'));
  errs.push(...validateLabels(labels, `${path}.template.metadata.labels`));
  errs.push(...validatePodSpec(tpl.spec, `${path}.template.spec`));
  const rp = tpl.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always') errs.push(notSupported(`${path}.template.spec.restartPolicy`, rp, ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined)
    errs.push(forbidden(`${path}.template.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kindWord} is not Supported`));
  return errs;
}

function validateSelectorPresent(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.selector) errs.push(required(`${path}.selector`));
  else {
    errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
    const n = Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length;
    // The real message says "deployment" for every apps kind (shared code).
    if (n === 0) errs.push(invalid(`${path}.selector`, renderLabelSelector(spec.selector), 'empty selector is invalid for deployment'));
  }
  return errs;
}

function validateDeploymentSpec(spec: Obj, path: string): FieldError[] {
  const errs = validateNonnegative(spec.replicas, `${path}.replicas`);
  errs.push(...validateSelectorPresent(spec, path));
  errs.push(...validateTemplateForSelector(spec, path, 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(spec.strategy, `${path}.strategy`));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegative(spec.progressDeadlineSeconds, `${path}.progressDeadlineSeconds`));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      errs.push(invalid(`${path}.progressDeadlineSeconds`, spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

function validateReplicaSetSpec(spec: Obj, path: string): FieldError[] {
  const errs = validateNonnegative(spec.replicas, `${path}.replicas`);
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateSelectorPresent(spec, path));
  errs.push(...validateTemplateForSelector(spec, path, 'ReplicaSet'));
  return errs;
}

const meta = (obj: KObject) => validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain });

function selectorImmutable(obj: KObject, old: StoredObject): FieldError[] {
  const ns = (obj as Obj).spec?.selector;
  const os = (old as Obj).spec?.selector;
  return jsonEqual(ns, os) ? [] : [invalid('spec.selector', renderLabelSelector(ns), FIELD_IMMUTABLE)];
}

export const validateDeploymentCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateDeploymentSpec(((obj as Obj).spec ?? {}) as Obj, 'spec')];
export const validateDeploymentUpdate = (obj: KObject, old: StoredObject): FieldError[] => [
  ...validateObjectMetaUpdate(obj, old),
  ...validateDeploymentSpec(((obj as Obj).spec ?? {}) as Obj, 'spec'),
  ...selectorImmutable(obj, old),
];

export const validateReplicaSetCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateReplicaSetSpec(((obj as Obj).spec ?? {}) as Obj, 'spec')];
export const validateReplicaSetUpdate = (obj: KObject, old: StoredObject): FieldError[] => [
  ...validateObjectMetaUpdate(obj, old),
  ...validateReplicaSetSpec(((obj as Obj).spec ?? {}) as Obj, 'spec'),
  ...selectorImmutable(obj, old),
];

/** Status updates of apps kinds: counts must be non-negative (ValidateReplicaSetStatus / DeploymentStatus). */
export function validateWorkloadStatusUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const st = ((obj as Obj).status ?? {}) as Obj;
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas', 'unavailableReplicas', 'observedGeneration'])
    errs.push(...validateNonnegative(st[k], `status.${k}`));
  if (st.readyReplicas !== undefined && st.replicas !== undefined && st.readyReplicas > st.replicas)
    errs.push(invalid('status.readyReplicas', st.readyReplicas, 'cannot be greater than status.replicas'));
  if (st.availableReplicas !== undefined && st.readyReplicas !== undefined && st.availableReplicas > st.readyReplicas)
    errs.push(invalid('status.availableReplicas', st.availableReplicas, 'cannot be greater than readyReplicas'));
  return errs;
}
