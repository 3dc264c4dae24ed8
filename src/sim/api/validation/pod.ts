/**
 * Pod validation (pkg/apis/core/validation): the pod spec with its containers, ports and resources;
 * the update rule that only images, activeDeadlineSeconds, tolerations (additions) and a negative
 * grace period may change; and status updates.
 */
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { FieldError } from '../types';
import type { KObject, StoredObject } from '../../types';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './fieldErrors';
import { IS_NEGATIVE, jsonEqual, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { inclusiveRangeError, isDNS1123Label, isEnvVarName, isQualifiedName as isQualifiedNameMsgs, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from './primitives';
import { validateResourceRequirements } from './resources';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_INT32 = 2147483647;

function validateContainerPorts(ports: Container['ports'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(`${ip}.name`, p.name, m));
      else if (names.has(p.name)) errs.push(duplicate(`${ip}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(`${ip}.containerPort`));
    else for (const m of isValidPortNum(p.containerPort)) errs.push(invalid(`${ip}.containerPort`, p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(p.hostPort)) errs.push(invalid(`${ip}.hostPort`, p.hostPort, m));
    if (!p.protocol) errs.push(required(`${ip}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${ip}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: Container['env'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((e, i) => {
    const ip = `${path}[${i}]`;
    if (!e.name) errs.push(required(`${ip}.name`));
    else for (const m of isEnvVarName(e.name)) errs.push(invalid(`${ip}.name`, e.name, m));
    if (e.value && e.valueFrom) errs.push(invalid(`${ip}.valueFrom`, '', 'may not be specified when `value` is not empty'));
  });
  return errs;
}

function validateVolumeMounts(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const ip = `${path}[${i}]`;
    if (!m.name) errs.push(required(`${ip}.name`));
    else if (!volumes.has(m.name)) errs.push(notFound(`${ip}.name`, m.name));
    if (!m.mountPath) errs.push(required(`${ip}.mountPath`));
    else if (paths.has(m.mountPath)) errs.push(invalid(`${ip}.mountPath`, m.mountPath, 'must be unique'));
    else paths.add(m.mountPath);
  });
  return errs;
}

function validateContainer(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else for (const m of isDNS1123Label(c.name)) errs.push(invalid(`${path}.name`, c.name, m));
  if (!c.image) errs.push(required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (tmp === undefined || tmp === '') errs.push(required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(notSupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  errs.push(...validateContainerPorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateVolumeMounts(c, volumes, `${path}.volumeMounts`));
  const pp = c.imagePullPolicy;
  if (pp === undefined || pp === '') errs.push(required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pp)) errs.push(notSupported(`${path}.imagePullPolicy`, pp, ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResourceRequirements(c.resources as never, `${path}.resources`));
  return errs;
}

function validateVolumes(spec: PodSpec, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    const ip = `${path}[${i}]`;
    if (!v.name) errs.push(required(`${ip}.name`));
    else {
      for (const m of isDNS1123Label(v.name)) errs.push(invalid(`${ip}.name`, v.name, m));
      if (names.has(v.name)) errs.push(duplicate(`${ip}.name`, v.name));
      names.add(v.name);
    }
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length === 0) errs.push(required(ip, 'must specify a volume type'));
    else if (sources.length > 1) errs.push(forbidden(`${ip}.${sources[1]}`, 'may not specify more than 1 volume type'));
    else errs.push(...validateVolumeSource(sources[0]!, (v as unknown as Record<string, unknown>)[sources[0]!], `${ip}.${sources[0]}`));
  });
  return { errs, names };
}

/** The fields each common volume source cannot do without (validateVolumeSource's per-type checks). */
const REQUIRED_SOURCE_FIELDS: Record<string, readonly string[]> = {
  persistentVolumeClaim: ['claimName'],
  configMap: ['name'],
  secret: ['secretName'],
  hostPath: ['path'],
  nfs: ['server', 'path'],
};

function validateVolumeSource(type: string, source: unknown, path: string): FieldError[] {
  const fields = REQUIRED_SOURCE_FIELDS[type];
  if (!fields || source === null || typeof source !== 'object') return [];
  const o = source as Record<string, unknown>;
  const errs = fields.filter((f) => !o[f]).map((f) => required(`${path}.${f}`));
  if (type === 'nfs' && typeof o.path === 'string' && o.path !== '' && !o.path.startsWith('/')) errs.push(invalid(`${path}.path`, o.path, 'must be an absolute path'));
  return errs;
}

/** ValidatePodSpec. `path` is `spec` for pods, `spec.template.spec` for workloads. */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  const s = (spec ?? {}) as PodSpec;
  const { errs, names } = validateVolumes(s, `${path}.volumes`);
  const cpath = `${path}.containers`;
  if (!s.containers || s.containers.length === 0) errs.push(required(cpath));
  const all = new Set<string>();
  (s.containers ?? []).forEach((c, i) => {
    const ip = `${cpath}[${i}]`;
    errs.push(...validateContainer(c, names, ip));
    if (all.has(c.name)) errs.push(duplicate(`${ip}.name`, c.name));
    else all.add(c.name);
    if ((c as { restartPolicy?: string }).restartPolicy !== undefined) errs.push(forbidden(`${ip}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(s.containers ?? [], cpath));
  (s.initContainers ?? []).forEach((c, i) => {
    const ip = `${path}.initContainers[${i}]`;
    errs.push(...validateContainer(c, names, ip));
    if (all.has(c.name)) errs.push(duplicate(`${ip}.name`, c.name));
    else all.add(c.name);
  });
  const rp = s.restartPolicy;
  if (rp === undefined || rp === '') errs.push(required(`${path}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(rp)) errs.push(notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dp = s.dnsPolicy;
  const dnsValues = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dp === undefined || dp === '') errs.push(required(`${path}.dnsPolicy`));
  else if (!dnsValues.includes(dp)) errs.push(notSupported(`${path}.dnsPolicy`, dp, dnsValues));
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  if (s.serviceAccountName) for (const m of nameIsDNSSubdomain(s.serviceAccountName, false)) errs.push(invalid(`${path}.serviceAccountName`, s.serviceAccountName, m));
  if (s.nodeName) for (const m of nameIsDNSSubdomain(s.nodeName, false)) errs.push(invalid(`${path}.nodeName`, s.nodeName, m));
  if (s.activeDeadlineSeconds !== undefined && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32))
    errs.push(invalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  if (s.hostname) for (const m of isDNS1123Label(s.hostname)) errs.push(invalid(`${path}.hostname`, s.hostname, m));
  if (s.subdomain) for (const m of isDNS1123Label(s.subdomain)) errs.push(invalid(`${path}.subdomain`, s.subdomain, m));
  (s.tolerations ?? []).forEach((t, i) => errs.push(...validateToleration(t, `${path}.tolerations[${i}]`)));
  if (s.terminationGracePeriodSeconds !== undefined && s.terminationGracePeriodSeconds < 0)
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds, IS_NEGATIVE));
  if (s.preemptionPolicy !== undefined && !['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy))
    errs.push(notSupported(`${path}.preemptionPolicy`, s.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  return errs;
}

function validateToleration(t: NonNullable<PodSpec['tolerations']>[number], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t.key) for (const m of isQualifiedNameMsgs(t.key)) errs.push(invalid(`${path}.key`, t.key, m));
  if (!t.key && t.operator !== 'Exists') errs.push(invalid(`${path}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
    errs.push(invalid(`${path}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
  if (t.operator === 'Exists' && t.value) errs.push(invalid(`${path}.operator`, t.value, 'value must be empty when `operator` is \'Exists\''));
  else if (t.operator !== undefined && t.operator !== '' && t.operator !== 'Equal' && t.operator !== 'Exists')
    errs.push(notSupported(`${path}.operator`, t.operator, ['Equal', 'Exists']));
  if (t.effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
    errs.push(notSupported(`${path}.effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
  return errs;
}

function checkHostPortConflicts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) =>
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    }),
  );
  return errs;
}

export function validatePodCreate(obj: KObject): FieldError[] {
  const pod = obj as Pod;
  const errs = validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain });
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  if ((pod.spec?.ephemeralContainers ?? []).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}

/** The 1.31 list of what a pod update may change, as printed in the Forbidden message. */
export const POD_UPDATABLE_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function goFieldName(k: string): string {
  return k.charAt(0).toUpperCase() + k.slice(1);
}

/** A short go-cmp style diff of the changed top-level spec fields, as the real message appends. */
export function podSpecDiff(oldSpec: Record<string, unknown>, newSpec: Record<string, unknown>): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  const lines = ['  core.PodSpec{'];
  let same = 0;
  const flush = () => {
    if (same) lines.push(`  \t... // ${same} identical field${same === 1 ? '' : 's'}`);
    same = 0;
  };
  for (const k of keys) {
    if (jsonEqual(oldSpec[k], newSpec[k])) {
      same++;
      continue;
    }
    flush();
    if (oldSpec[k] !== undefined) lines.push(`- \t${goFieldName(k)}: ${JSON.stringify(oldSpec[k])},`);
    if (newSpec[k] !== undefined) lines.push(`+ \t${goFieldName(k)}: ${JSON.stringify(newSpec[k])},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n') + '\n';
}

function containerImageErrors(n: Container[] | undefined, o: Container[] | undefined, path: string): { errs: FieldError[]; stop: boolean } {
  const nn = n ?? [];
  if (nn.length !== (o ?? []).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  nn.forEach((c, i) => {
    if (!c.image) errs.push(required(`${path}[${i}].image`));
    if (c.image && c.image.trim() !== c.image) errs.push(invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

export function validatePodUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const pod = obj as Pod;
  const oldPod = old as unknown as Pod;
  const errs = validateObjectMetaUpdate(obj, old);
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  const ns = (pod.spec ?? {}) as PodSpec;
  const os = (oldPod.spec ?? {}) as PodSpec;
  for (const [k, p] of [['containers', 'spec.containers'], ['initContainers', 'spec.initContainers']] as const) {
    const r = containerImageErrors(ns[k], os[k], p);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  if (ns.activeDeadlineSeconds !== undefined) {
    if (ns.activeDeadlineSeconds < 0 || ns.activeDeadlineSeconds > MAX_INT32) {
      errs.push(invalid('spec.activeDeadlineSeconds', ns.activeDeadlineSeconds, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (os.activeDeadlineSeconds !== undefined && os.activeDeadlineSeconds < ns.activeDeadlineSeconds) {
      errs.push(invalid('spec.activeDeadlineSeconds', ns.activeDeadlineSeconds, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (os.activeDeadlineSeconds !== undefined) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  for (const t of os.tolerations ?? []) {
    if (!(ns.tolerations ?? []).some((x) => jsonEqual(x, t)))
      errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  }
  // Scheduling gates may only be removed (PodSchedulingReadiness).
  const oldGates = new Set((os.schedulingGates ?? []).map((g) => g.name));
  for (const g of ns.schedulingGates ?? []) {
    if (!oldGates.has(g.name)) errs.push(forbidden('spec.schedulingGates', `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  }
  if (jsonEqual(ns, os)) return errs;
  // Copy the fields that may change from the new spec onto the old, then anything left differing is forbidden.
  const munged: Record<string, unknown> = { ...(ns as unknown as Record<string, unknown>) };
  const withImages = (list: Container[] | undefined, from: Container[] | undefined) =>
    list?.map((c, i) => ({ ...c, image: from?.[i]?.image ?? c.image }));
  munged.containers = withImages(ns.containers, os.containers);
  if (ns.initContainers) munged.initContainers = withImages(ns.initContainers, os.initContainers);
  munged.activeDeadlineSeconds = os.activeDeadlineSeconds;
  munged.tolerations = os.tolerations;
  munged.schedulingGates = os.schedulingGates;
  if ((os.terminationGracePeriodSeconds ?? 0) < 0 && ns.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = os.terminationGracePeriodSeconds;
  if (!jsonEqual(munged, os))
    errs.push(forbidden('spec', `pod updates may not change fields other than ${POD_UPDATABLE_FIELDS}\n${podSpecDiff(os as unknown as Record<string, unknown>, munged)}`));
  return errs;
}

export function validatePodStatusUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const pod = obj as Pod;
  const oldPod = old as unknown as Pod;
  const errs = validateObjectMetaUpdate(obj, old);
  if ((pod.spec?.nodeName ?? '') !== (oldPod.spec?.nodeName ?? '')) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nn = pod.status?.nominatedNodeName;
  if (nn && nn !== oldPod.status?.nominatedNodeName) for (const m of nameIsDNSSubdomain(nn, false)) errs.push(invalid('status.nominatedNodeName', nn, m));
  if (oldPod.status?.qosClass && (pod.status?.qosClass ?? '') !== oldPod.status.qosClass)
    errs.push(invalid('status.qosClass', pod.status?.qosClass ?? '', 'field is immutable'));
  const rp = oldPod.spec?.restartPolicy;
  if (rp !== 'Always') {
    (oldPod.status?.containerStatuses ?? []).forEach((s, i) => {
      const t = s.state?.terminated;
      if (!t || (t.exitCode !== 0 && rp === 'OnFailure')) return;
      const n = (pod.status?.containerStatuses ?? []).find((x) => x.name === s.name);
      if (n && !n.state?.terminated) errs.push(forbidden(`status.containerStatuses[${i}].state`, 'may not be transitioned to non-terminated state'));
    });
  }
  return errs;
}
