/**
 * Validation for the workload and storage kinds the controllers of issue 5 run
 * (pkg/apis/{core,apps,batch,autoscaling,storage,policy}/validation), to the extent learners meet it:
 * selectors that must select the template, restart policies, non-negative counts, the CronJob
 * schedule and time zone, HPA replica bounds, claims' access modes and size, and the fields that
 * become immutable. Plus the Job strategy's selector generation.
 */
import type { FieldError } from '../types';
import type { KObject, StoredObject } from '../../types';
import { cronParser } from '../../cron/lazy';
import { selectorFromLabelSelector } from '../labels';
import { forbidden, goText, invalid, notSupported, renderLabelSelector, required } from './fieldErrors';
import { FIELD_IMMUTABLE, jsonEqual, validateLabels, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { nameIsDNSSubdomain } from './primitives';
import { validatePodSpec } from './pod';
import { validateLabelSelector, validateTemplateForSelector } from './apps';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const meta = (obj: KObject) => validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain });
const clusterMeta = (obj: KObject) => validateObjectMeta(obj, { namespaced: false, nameFn: nameIsDNSSubdomain });
const specOf = (obj: KObject): Obj => ((obj as Obj).spec ?? {}) as Obj;

function selectorRequired(spec: Obj, path: string): FieldError[] {
  if (!spec.selector) return [required(`${path}.selector`)];
  const errs = validateLabelSelector(spec.selector, `${path}.selector`);
  const n = Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length;
  if (n === 0) errs.push(invalid(`${path}.selector`, renderLabelSelector(spec.selector), 'empty selector is invalid for deployment'));
  return errs;
}

// ---- ReplicationController -------------------------------------------------------------------

function validateRCSpec(spec: Obj): FieldError[] {
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const sel = spec.selector as Record<string, string> | undefined;
  if (!sel || Object.keys(sel).length === 0) errs.push(required('spec.selector'));
  else errs.push(...validateLabels(sel, 'spec.selector'));
  const tpl = spec.template as Obj | undefined;
  if (!tpl) errs.push(required('spec.template'));
  else {
    const labels = (tpl.metadata?.labels ?? {}) as Record<string, string>;
    if (sel && Object.keys(sel).length && !Object.entries(sel).every(([k, v]) => labels[k] === v))
      errs.push(invalid('spec.template.metadata.labels', tpl.metadata?.labels ?? goText('map[string]string(nil)'), '`selector` does not match template `labels`'));
    errs.push(...validatePodSpec(tpl.spec, 'spec.template.spec'));
    const rp = tpl.spec?.restartPolicy;
    if (rp !== undefined && rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  }
  return errs;
}

export const validateReplicationControllerCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateRCSpec(specOf(obj))];
export const validateReplicationControllerUpdate = (obj: KObject, old: StoredObject): FieldError[] => [...validateObjectMetaUpdate(obj, old), ...validateRCSpec(specOf(obj))];

// ---- StatefulSet ----------------------------------------------------------------------------

function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(notSupported('spec.podManagementPolicy', pmp, ['OrderedReady', 'Parallel']));
  const ust = spec.updateStrategy?.type;
  if (ust !== undefined && ust !== 'RollingUpdate' && ust !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', ust, ['OnDelete', 'RollingUpdate']));
  if (ust === 'OnDelete' && spec.updateStrategy?.rollingUpdate) errs.push(invalid('spec.updateStrategy.rollingUpdate', goText('apps.RollingUpdateStatefulSetStrategy'), 'only allowed for updateStrategy \'RollingUpdate\''));
  errs.push(...validateNonnegative(spec.updateStrategy?.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(spec.ordinals?.start, 'spec.ordinals.start'));
  errs.push(...selectorRequired(spec, 'spec'));
  if (spec.selector) {
    // The claim templates count as volumes of the pod template (their mounts are valid).
    const claims = ((spec.volumeClaimTemplates ?? []) as Obj[]).map((t) => t.metadata?.name).filter(Boolean) as string[];
    const tpl = spec.template ? { ...spec.template, spec: { ...(spec.template.spec ?? {}), volumes: [...(spec.template.spec?.volumes ?? []), ...claims.map((n) => ({ name: n, persistentVolumeClaim: { claimName: n } }))] } } : undefined;
    errs.push(...validateTemplateForSelector({ ...spec, template: tpl }, 'spec', 'StatefulSet').filter((e) => !e.field.endsWith('activeDeadlineSeconds')));
  }
  (spec.volumeClaimTemplates ?? []).forEach((t: Obj, i: number) => {
    if (!t.metadata?.name) errs.push(required(`spec.volumeClaimTemplates[${i}].metadata.name`, 'name or generateName is required'));
    errs.push(...validatePVCSpec(t.spec ?? {}, `spec.volumeClaimTemplates[${i}].spec`));
  });
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export const validateStatefulSetCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateStatefulSetSpec(specOf(obj))];
export const validateStatefulSetUpdate = (obj: KObject, old: StoredObject): FieldError[] => {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateStatefulSetSpec(specOf(obj))];
  const a = { ...specOf(obj) };
  const b = { ...specOf(old) };
  for (const k of STS_MUTABLE) {
    delete a[k];
    delete b[k];
  }
  if (!jsonEqual(a, b))
    errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  return errs;
};

// ---- DaemonSet ------------------------------------------------------------------------------

function validateDaemonSetSpec(spec: Obj): FieldError[] {
  const errs = selectorRequired(spec, 'spec');
  if (spec.selector) errs.push(...validateTemplateForSelector(spec, 'spec', 'DaemonSet'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const t = spec.updateStrategy?.type;
  if (t !== undefined && t !== 'RollingUpdate' && t !== 'OnDelete') errs.push(notSupported('spec.updateStrategy', t, ['OnDelete', 'RollingUpdate']));
  return errs;
}

export const validateDaemonSetCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateDaemonSetSpec(specOf(obj))];
export const validateDaemonSetUpdate = (obj: KObject, old: StoredObject): FieldError[] => {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateDaemonSetSpec(specOf(obj))];
  if (!jsonEqual(specOf(obj).selector, specOf(old).selector)) errs.push(invalid('spec.selector', renderLabelSelector(specOf(obj).selector), FIELD_IMMUTABLE));
  return errs;
};

// ---- Job and CronJob ------------------------------------------------------------------------

export const JobControllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const JobNameLabel = 'batch.kubernetes.io/job-name';

/** The Job strategy's generateSelector: selector on the controller UID, and the four pod labels. */
export function generateJobSelector(obj: KObject): void {
  const spec = specOf(obj);
  if (spec.manualSelector === true) return;
  const uid = obj.metadata?.uid ?? '';
  const name = obj.metadata?.name ?? '';
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = { ...(spec.template.metadata.labels ?? {}), [JobControllerUidLabel]: uid, [JobNameLabel]: name, 'controller-uid': uid, 'job-name': name };
  spec.selector = { matchLabels: { [JobControllerUidLabel]: uid } };
  (obj as Obj).spec = spec;
}

function validateJobSpec(spec: Obj, path: string, requireSelector: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'])
    errs.push(...validateNonnegative(spec[k], `${path}.${k}`));
  if (spec.activeDeadlineSeconds === 0) errs.push(invalid(`${path}.activeDeadlineSeconds`, 0, 'must be greater than 0'));
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  if (requireSelector && spec.manualSelector === true) {
    errs.push(...selectorRequired(spec, path));
  }
  if (spec.manualSelector === true && spec.selector) {
    try {
      const sel = selectorFromLabelSelector(spec.selector);
      if (!sel.matches(spec.template?.metadata?.labels ?? {}))
        errs.push(invalid(`${path}.template.metadata.labels`, spec.template?.metadata?.labels ?? goText('map[string]string(nil)'), '`selector` does not match template `labels`'));
    } catch {
      errs.push(invalid(`${path}.selector`, renderLabelSelector(spec.selector), 'invalid label selector'));
    }
  }
  const tpl = spec.template as Obj | undefined;
  if (!tpl) errs.push(required(`${path}.template`));
  else {
    errs.push(...validatePodSpec(tpl.spec, `${path}.template.spec`));
    const rp = tpl.spec?.restartPolicy;
    if (rp !== 'OnFailure' && rp !== 'Never') {
      if (rp === undefined || rp === '') errs.push(required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
      else errs.push(notSupported(`${path}.template.spec.restartPolicy`, rp, ['OnFailure', 'Never']));
    }
    if (spec.podFailurePolicy && rp !== 'Never') errs.push(invalid(`${path}.template.spec.restartPolicy`, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

export const validateJobCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateJobSpec(specOf(obj), 'spec', true)];
export const validateJobUpdate = (obj: KObject, old: StoredObject): FieldError[] => {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateJobSpec(specOf(obj), 'spec', false)];
  const a = specOf(obj);
  const b = specOf(old);
  if (!jsonEqual(a.selector, b.selector)) errs.push(invalid('spec.selector', renderLabelSelector(a.selector), FIELD_IMMUTABLE));
  if (!jsonEqual(a.template, b.template) && !(b.suspend === true && a.suspend !== undefined)) errs.push(invalid('spec.template', goText('core.PodTemplateSpec{...}'), FIELD_IMMUTABLE));
  if (!jsonEqual(a.completionMode, b.completionMode)) errs.push(invalid('spec.completionMode', a.completionMode, FIELD_IMMUTABLE));
  if (a.completionMode !== 'Indexed' && !jsonEqual(a.completions, b.completions)) errs.push(invalid('spec.completions', a.completions, FIELD_IMMUTABLE));
  return errs;
};

/** The CronJob schedule's own complaint, or undefined when it parses. */
export function scheduleError(schedule: string): string | undefined {
  if (/^\s*(CRON_)?TZ=/.test(schedule) || schedule.includes('TZ=')) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  const parse = cronParser();
  try {
    parse(schedule);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, '');
  }
}

function validTimeZone(tz: string): boolean {
  if (tz.trim() !== tz || tz === '' || /^(Local|local)$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function validateCronJobSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sched = spec.schedule;
  if (!sched) errs.push(required('spec.schedule'));
  else {
    const m = scheduleError(sched);
    if (m) errs.push(invalid('spec.schedule', sched, m));
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null && !validTimeZone(spec.timeZone)) errs.push(invalid('spec.timeZone', spec.timeZone, `unknown time zone ${spec.timeZone}`));
  const cp = spec.concurrencyPolicy;
  if (cp !== undefined && !['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) errs.push(...validateNonnegative(spec[k], `spec.${k}`));
  const jt = spec.jobTemplate?.spec;
  if (jt) errs.push(...validateJobSpec(jt, 'spec.jobTemplate.spec', false));
  return errs;
}

export const validateCronJobCreate = (obj: KObject): FieldError[] => {
  const errs = [...meta(obj), ...validateCronJobSpec(specOf(obj))];
  // Job names are `<cronjob>-<11 digits>` and must stay within 63 characters.
  const name = obj.metadata?.name ?? '';
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
};
export const validateCronJobUpdate = (obj: KObject, old: StoredObject): FieldError[] => [...validateObjectMetaUpdate(obj, old), ...validateCronJobSpec(specOf(obj))];

// ---- HorizontalPodAutoscaler ----------------------------------------------------------------

function validateHPASpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.scaleTargetRef?.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!spec.scaleTargetRef?.name) errs.push(required('spec.scaleTargetRef.name'));
  const min = spec.minReplicas;
  if (min !== undefined && min !== null && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (!spec.maxReplicas || spec.maxReplicas < 1) errs.push(invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  else if (min !== undefined && min !== null && spec.maxReplicas < min) errs.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  (spec.metrics ?? []).forEach((m: Obj, i: number) => {
    const t = m.type;
    if (!['Object', 'Pods', 'Resource', 'ContainerResource', 'External'].includes(t)) errs.push(notSupported(`spec.metrics[${i}].type`, t, ['ContainerResource', 'External', 'Object', 'Pods', 'Resource']));
    const src = t === 'Resource' ? m.resource : t === 'ContainerResource' ? m.containerResource : undefined;
    if (src) {
      const tt = src.target?.type;
      if (tt === 'Utilization' && !(src.target.averageUtilization > 0)) errs.push(required(`spec.metrics[${i}].${t === 'Resource' ? 'resource' : 'containerResource'}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
    }
  });
  return errs;
}

export const validateHPACreate = (obj: KObject): FieldError[] => [...meta(obj), ...validateHPASpec(specOf(obj))];
export const validateHPAUpdate = (obj: KObject, old: StoredObject): FieldError[] => [...validateObjectMetaUpdate(obj, old), ...validateHPASpec(specOf(obj))];

// ---- Storage --------------------------------------------------------------------------------

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePVCSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const modes = (spec.accessModes ?? []) as string[];
  if (modes.length === 0) errs.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(notSupported(`${path}.accessModes`, m, ACCESS_MODES));
  if (spec.resources?.requests?.storage === undefined && !spec.dataSourceRef) errs.push(required(`${path}.resources[storage]`));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  return errs;
}

export const validatePVCCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validatePVCSpec(specOf(obj), 'spec')];
export const validatePVCUpdate = (obj: KObject, old: StoredObject): FieldError[] => {
  const errs = validateObjectMetaUpdate(obj, old);
  const a = { ...specOf(obj) };
  const b = { ...specOf(old) };
  // volumeName may be set once (binding); requests may grow (expansion).
  if (!b.volumeName) delete a.volumeName;
  delete a.resources;
  delete b.resources;
  if (!b.volumeName) delete b.volumeName;
  if (!jsonEqual(a, b)) errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  return errs;
};

function validatePVSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const modes = (spec.accessModes ?? []) as string[];
  if (modes.length === 0) errs.push(required('spec.accessModes'));
  if (spec.capacity?.storage === undefined) errs.push(required('spec.capacity'));
  const sources = ['hostPath', 'local', 'nfs', 'csi', 'iscsi', 'fc', 'awsElasticBlockStore', 'gcePersistentDisk', 'azureDisk', 'azureFile', 'cephfs', 'rbd', 'cinder', 'glusterfs', 'flexVolume', 'portworxVolume', 'vsphereVolume', 'quobyte', 'photonPersistentDisk', 'scaleIO', 'storageos', 'flocker'];
  if (!sources.some((s) => spec[s])) errs.push(required('spec', 'must specify a volume type'));
  const rp = spec.persistentVolumeReclaimPolicy;
  if (rp !== undefined && !['Delete', 'Recycle', 'Retain'].includes(rp)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  return errs;
}

export const validatePVCreate = (obj: KObject): FieldError[] => [...clusterMeta(obj), ...validatePVSpec(specOf(obj))];
export const validatePVUpdate = (obj: KObject, old: StoredObject): FieldError[] => [...validateObjectMetaUpdate(obj, old), ...validatePVSpec(specOf(obj))];

export const validateStorageClassCreate = (obj: KObject): FieldError[] => {
  const errs = clusterMeta(obj);
  const o = obj as Obj;
  if (!o.provisioner) errs.push(required('provisioner'));
  const rp = o.reclaimPolicy;
  if (rp !== undefined && !['Delete', 'Retain'].includes(rp)) errs.push(notSupported('reclaimPolicy', rp, ['Delete', 'Retain']));
  const vbm = o.volumeBindingMode;
  if (vbm !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(vbm)) errs.push(notSupported('volumeBindingMode', vbm, ['Immediate', 'WaitForFirstConsumer']));
  return errs;
};
export const validateStorageClassUpdate = (obj: KObject, old: StoredObject): FieldError[] => {
  const errs = validateObjectMetaUpdate(obj, old);
  const o = obj as Obj;
  const p = old as Obj;
  for (const k of ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode']) if (!jsonEqual(o[k], p[k])) errs.push(forbidden(k, 'updates to ' + k + ' are forbidden.'));
  return errs;
};

// ---- PodDisruptionBudget ---------------------------------------------------------------------

function validatePDBSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errs.push(invalid('spec', goText('policy.PodDisruptionBudgetSpec{...}'), 'minAvailable and maxUnavailable cannot be both set'));
  for (const k of ['minAvailable', 'maxUnavailable']) {
    const v = spec[k];
    if (typeof v === 'number' && v < 0) errs.push(invalid(`spec.${k}`, v, 'must be greater than or equal to 0'));
    if (typeof v === 'string' && !/^\d+%$/.test(v)) errs.push(invalid(`spec.${k}`, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
  }
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  return errs;
}

export const validatePDBCreate = (obj: KObject): FieldError[] => [...meta(obj), ...validatePDBSpec(specOf(obj))];
export const validatePDBUpdate = (obj: KObject, old: StoredObject): FieldError[] => [...validateObjectMetaUpdate(obj, old), ...validatePDBSpec(specOf(obj))];
