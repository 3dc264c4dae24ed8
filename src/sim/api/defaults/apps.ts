/**
 * Workload defaulting from pkg/apis/apps/v1/defaults.go and pkg/apis/batch/v1/defaults.go, each with the
 * pod template's spec defaults.
 */
import type { KObject } from '../../types';
import { defaultPodTemplate } from './pod';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function spec(obj: KObject): Obj {
  return ((obj as Obj).spec ??= {}) as Obj;
}

/** apps/v1 SetDefaults_Deployment (unlike the old extensions group, no selector or labels are filled in). */
export function defaultDeployment(obj: KObject): void {
  const s = spec(obj);
  s.replicas ??= 1;
  s.strategy ??= {};
  s.strategy.type ||= 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    s.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(s.template);
}

export function defaultReplicaSet(obj: KObject): void {
  const s = spec(obj);
  s.replicas ??= 1;
  defaultPodTemplate(s.template);
}

export function defaultReplicationController(obj: KObject): void {
  const s = spec(obj);
  s.replicas ??= 1;
  // A v1 RC with no selector selects its template's labels; with no labels it takes them too.
  const tl = s.template?.metadata?.labels;
  if (tl && (!s.selector || Object.keys(s.selector).length === 0)) s.selector = { ...tl };
  const meta = ((obj as Obj).metadata ??= {});
  if (tl && (!meta.labels || Object.keys(meta.labels).length === 0)) meta.labels = { ...tl };
  defaultPodTemplate(s.template);
}

export function defaultStatefulSet(obj: KObject): void {
  const s = spec(obj);
  s.replicas ??= 1;
  s.podManagementPolicy ||= 'OrderedReady';
  s.updateStrategy ??= {};
  s.updateStrategy.type ||= 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.partition ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  s.persistentVolumeClaimRetentionPolicy ??= {};
  s.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
  s.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
  for (const pvc of s.volumeClaimTemplates ?? []) {
    pvc.spec ??= {};
    pvc.spec.volumeMode ??= 'Filesystem';
    pvc.status ??= { phase: 'Pending' };
  }
  defaultPodTemplate(s.template);
}

export function defaultDaemonSet(obj: KObject): void {
  const s = spec(obj);
  s.updateStrategy ??= {};
  s.updateStrategy.type ||= 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    s.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  defaultPodTemplate(s.template);
}

export function defaultJobSpec(s: Obj): void {
  s.completions ??= s.parallelism === undefined ? 1 : undefined;
  if (s.completions === undefined) delete s.completions;
  s.parallelism ??= 1;
  s.backoffLimit ??= s.backoffLimitPerIndex === undefined ? 6 : 2147483647;
  s.completionMode ||= 'NonIndexed';
  s.suspend ??= false;
  s.podReplacementPolicy ||= s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(s.template);
}

export function defaultJob(obj: KObject): void {
  defaultJobSpec(spec(obj));
}

export function defaultCronJob(obj: KObject): void {
  const s = spec(obj);
  s.concurrencyPolicy ||= 'Allow';
  s.suspend ??= false;
  s.successfulJobsHistoryLimit ??= 3;
  s.failedJobsHistoryLimit ??= 1;
  s.jobTemplate ??= {};
  s.jobTemplate.spec ??= {};
  // The job template is only pod-defaulted; Job spec defaults arrive when the Job is created.
  defaultPodTemplate(s.jobTemplate.spec.template);
}
