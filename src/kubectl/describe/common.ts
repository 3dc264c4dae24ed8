/**
 * Sections describe shares across kinds: multi-line labels, annotations, taints and tolerations; the
 * Events table; the pod template with its containers and volumes.
 */
import type { Container, ContainerStatus, Event, PodTemplateSpec, Probe, Toleration, Taint, Volume } from 'kubernetes-types/core/v1';
import type { Client } from '../../sim/client/types';
import type { KObject } from '../../sim/types';
import { humanDuration } from '../duration';
import { formatLabelSelector } from '../labelfmt';
import { rfc1123z, virtualMs } from '../time';
import type { PrefixWriter } from './writer';

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function stringOrNone(s: string | undefined): string {
  return s ? s : '<none>';
}

export function printBool(b: boolean | undefined): string {
  return b ? 'True' : 'False';
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(byStr);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, initialIndent + innerIndent);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(byStr);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, indent);
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) {
        const short = s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s;
        w.write(0, `${indent}  ${short}\n`);
      }
    } else w.write(0, `${k}: ${value}\n`);
  });
}

export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  const ts = [...(taints ?? [])];
  if (ts.length === 0) {
    w.writeLine('<none>');
    return;
  }
  ts.sort((a, b) => byStr(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  ts.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const ts = [...(tolerations ?? [])];
  if (ts.length === 0) {
    w.writeLine('<none>');
    return;
  }
  // Go's sort.Slice is not stable; for equal keys the input order is kept here
  ts.sort((a, b) => byStr(a.key ?? '', b.key ?? ''));
  ts.forEach((t, i) => {
    if (i !== 0) w.write(0, initialIndent + '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}

// ---- events ----------------------------------------------------------------------------------------

/** Events whose involvedObject is `obj` (by name, namespace, uid and — unless omitted — kind), as searchEvents finds them. */
export function searchEvents(client: Client, obj: KObject, opts: { kind?: string | null; uid?: string } = {}): Event[] {
  const ns = obj.metadata?.namespace;
  let list: Event[];
  try {
    list = client.list<Event & KObject>('events', ns || undefined).items as Event[];
  } catch {
    return [];
  }
  const name = obj.metadata?.name;
  const uid = opts.uid ?? obj.metadata?.uid;
  const kind = opts.kind === null ? undefined : (opts.kind ?? obj.kind);
  return list.filter((e) => {
    const io = e.involvedObject ?? {};
    if (io.name !== name) return false;
    if ((io.namespace ?? '') !== (ns ?? '')) return false;
    if (kind && io.kind !== kind) return false;
    if (uid && io.uid !== uid) return false;
    return true;
  });
}

function since(ts: string | undefined, nowMs: number): string {
  const t = virtualMs(ts);
  return t === undefined ? '<unknown>' : humanDuration(nowMs - t);
}

export function describeEvents(w: PrefixWriter, events: Event[] | undefined, nowMs: number): void {
  if (!events) return;
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // SortableEvents: by the series' last observation, else lastTimestamp, else eventTime (stable; Go's
  // sort.Sort is not, but ties keep list order here)
  const sorted = events
    .map((e, i) => ({ e, i, t: virtualMs(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime) ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, nowMs) : since(e.firstTimestamp, nowMs);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

// ---- containers and volumes ------------------------------------------------------------------------

function intOrString(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const port = intOrString(p.httpGet.port);
    const hostRaw = p.httpGet.host ?? '';
    const host = port.length > 0 ? (hostRaw.includes(':') ? `[${hostRaw}]:${port}` : `${hostRaw}:${port}`) : hostRaw;
    const path = p.httpGet.path ?? '';
    return `http-get ${scheme}://${host}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${intOrString(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeState(w: PrefixWriter, name: string, state: ContainerStatus['state'] | undefined): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt ?? '')}\n`);
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${t.startedAt ? rfc1123z(t.startedAt) : 'Mon, 01 Jan 0001 00:00:00 +0000'}\n`);
    w.write(3, `Finished:\t${t.finishedAt ? rfc1123z(t.finishedAt) : 'Mon, 01 Jan 0001 00:00:00 +0000'}\n`);
  } else w.write(2, `${name}:\tWaiting\n`);
}

export type EnvResolver = (fieldPath: string) => string;

export function describeContainers(w: PrefixWriter, label: string, containers: Container[], statuses: ContainerStatus[] | undefined, space: string, resolve?: EnvResolver): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  const nameIndent = space ? ' ' : '';
  for (const c of containers) {
    const st = statuses ? byName.get(c.name) : undefined;
    w.write(1, `${nameIndent}${c.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    if (ports.includes(',')) w.write(2, `Ports:\t${ports}\n`);
    else w.write(2, `Port:\t${stringOrNone(ports)}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    if (hostPorts.includes(',')) w.write(2, `Host Ports:\t${hostPorts}\n`);
    else w.write(2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
    if (c.command && c.command.length > 0) {
      w.write(2, 'Command:\n');
      for (const x of c.command) for (const s of x.split('\n')) w.write(3, `${s}\n`);
    }
    if (c.args && c.args.length > 0) {
      w.write(2, 'Args:\n');
      for (const x of c.args) for (const s of x.split('\n')) w.write(3, `${s}\n`);
    }
    if (st) {
      describeState(w, 'State', st.state);
      if (st.lastState?.terminated) describeState(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${printBool(st.ready)}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    if (Object.keys(limits).length > 0) w.write(2, 'Limits:\n');
    for (const k of Object.keys(limits).sort(byStr)) w.write(3, `${k}:\t${String(limits[k])}\n`);
    if (Object.keys(requests).length > 0) w.write(2, 'Requests:\n');
    for (const k of Object.keys(requests).sort(byStr)) w.write(3, `${k}:\t${String(requests[k])}\n`);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom && c.envFrom.length > 0) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of c.envFrom) {
        const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
        const name = e.configMapRef?.name ?? e.secretRef?.name ?? '';
        const optional = !!(e.configMapRef?.optional ?? e.secretRef?.optional);
        if (!e.prefix) w.write(3, `${name}\t${from}\tOptional: ${optional}\n`);
        else w.write(3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
      }
    }
    const env = c.env ?? [];
    w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
    for (const e of env) {
      if (!e.valueFrom) {
        (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
        continue;
      }
      const vf = e.valueFrom;
      if (vf.fieldRef) w.write(3, `${e.name}:\t${resolve ? resolve(vf.fieldRef.fieldPath) : ''} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
      else if (vf.resourceFieldRef) w.write(3, `${e.name}:\t (${vf.resourceFieldRef.resource})\n`);
      else if (vf.secretKeyRef) w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name ?? ''}'>\tOptional: ${!!vf.secretKeyRef.optional}\n`);
      else if (vf.configMapKeyRef) w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name ?? ''}'>\tOptional: ${!!vf.configMapKeyRef.optional}\n`);
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => byStr(a.mountPath, b.mountPath));
    w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
    if (c.volumeDevices && c.volumeDevices.length > 0) {
      w.write(2, `Devices:${mounts.length === 0 ? '\t<none>' : ''}\n`);
      for (const d of [...c.volumeDevices].sort((a, b) => byStr(a.devicePath, b.devicePath))) w.write(3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}

function optionalPtr(v: boolean | undefined | null): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

export function describeVolumes(w: PrefixWriter, volumes: Volume[] | undefined, space: string): void {
  const vs = volumes ?? [];
  if (vs.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  const nameIndent = space ? ' ' : '';
  for (const v of vs) {
    w.write(1, `${nameIndent}${v.name}:\n`);
    if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
    } else if (v.emptyDir) {
      const size = v.emptyDir.sizeLimit !== undefined && String(v.emptyDir.sizeLimit) !== '0' ? String(v.emptyDir.sizeLimit) : '<unset>';
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`);
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
    } else if (v.nfs) {
      w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${!!v.nfs.readOnly}\n`);
    } else if (v.downwardAPI) {
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) w.write(3, `${it.fieldRef.fieldPath} -> ${it.path}\n`);
        if (it.resourceFieldRef) w.write(3, `${it.resourceFieldRef.resource} -> ${it.path}\n`);
      }
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPtr(s.secret.optional)}\n`);
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPtr(s.configMap.optional)}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
      }
    } else w.write(1, '<unknown>\n');
  }
}

/** The Conditions table of the replica-set-like describers (ReplicaSet, ReplicationController): type, status, reason. */
export function describeReasonConditions(w: PrefixWriter, conds: readonly { type: string; status: string; reason?: string }[] | undefined): void {
  if (!conds || conds.length === 0) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conds) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  const spec = template.spec;
  if (spec?.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec!.initContainers!, undefined, '  ');
  describeContainers(w, 'Containers', spec?.containers ?? [], undefined, '  ');
  describeVolumes(w, spec?.volumes, '  ');
  if (spec?.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec?.tolerations);
}

export function controllerOf(obj: KObject): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

export { formatLabelSelector };
