/**
 * Pod defaulting: SetDefaults_PodSpec / _Container / _Probe / volume sources from pkg/apis/core/v1, plus
 * the pod-only steps (requests from limits, enableServiceLinks) and the values the Priority admission
 * plugin and PrepareForCreate put on every stored Pod, so that a created Pod reads back as a real one.
 */
import { podQOSClass as qosOf } from '../qos';
import type { QOSClass } from '../qos';
import type { Container, Pod, PodSpec, Probe, Volume } from 'kubernetes-types/core/v1';
import type { KObject } from '../../types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `Always` for `:latest` or an untagged image without digest, else `IfNotPresent` (parsers.ParseImageName). */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'Always';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const lastColon = image.lastIndexOf(':');
  const tag = lastColon > lastSlash ? image.slice(lastColon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  const m = p as Mutable<Probe>;
  m.timeoutSeconds ??= 1;
  m.periodSeconds ??= 10;
  m.successThreshold ??= 1;
  m.failureThreshold ??= 3;
  if (m.httpGet) {
    m.httpGet.path ??= '/';
    m.httpGet.scheme ??= 'HTTP';
  }
}

export function defaultContainer(c: Container): void {
  const m = c as Mutable<Container>;
  if (!m.imagePullPolicy) m.imagePullPolicy = defaultPullPolicy(m.image);
  m.terminationMessagePath ??= '/dev/termination-log';
  m.terminationMessagePolicy ??= 'File';
  for (const p of m.ports ?? []) (p as { protocol?: string }).protocol ??= 'TCP';
  m.resources ??= {};
  defaultProbe(m.livenessProbe);
  defaultProbe(m.readinessProbe);
  defaultProbe(m.startupProbe);
  for (const e of m.env ?? []) {
    const fr = e.valueFrom?.fieldRef as { apiVersion?: string } | undefined;
    if (fr) fr.apiVersion ??= 'v1';
  }
}

/** 0644, the mode the API server gives projected files unless told otherwise. */
const DEFAULT_MODE = 420;

function defaultVolume(v: Volume): void {
  if (v.secret) (v.secret as { defaultMode?: number }).defaultMode ??= DEFAULT_MODE;
  if (v.configMap) (v.configMap as { defaultMode?: number }).defaultMode ??= DEFAULT_MODE;
  if (v.downwardAPI) (v.downwardAPI as { defaultMode?: number }).defaultMode ??= DEFAULT_MODE;
  if (v.projected) (v.projected as { defaultMode?: number }).defaultMode ??= DEFAULT_MODE;
  if (v.hostPath) (v.hostPath as { type?: string }).type ??= '';
  const none = Object.keys(v).filter((k) => k !== 'name').length === 0;
  // A volume with no source is an emptyDir (SetDefaults_Volume).
  if (none) (v as { emptyDir?: object }).emptyDir = {};
}

/** SetDefaults_PodSpec and everything nested in it; used for Pods and for pod templates alike. */
export function defaultPodSpec(spec: PodSpec | undefined): void {
  if (!spec) return;
  const s = spec as Mutable<PodSpec>;
  s.dnsPolicy ||= 'ClusterFirst';
  s.restartPolicy ||= 'Always';
  s.securityContext ??= {};
  s.terminationGracePeriodSeconds ??= 30;
  s.schedulerName ||= 'default-scheduler';
  for (const c of s.containers ?? []) defaultContainer(c);
  for (const c of s.initContainers ?? []) defaultContainer(c);
  for (const v of s.volumes ?? []) defaultVolume(v);
  if (s.hostNetwork) {
    // With host networking the host port is the container port.
    for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])])
      for (const p of c.ports ?? []) (p as { hostPort?: number }).hostPort ??= p.containerPort;
  }
  for (const t of s.tolerations ?? []) {
    if (t.operator === undefined && t.key !== undefined) (t as { operator?: string }).operator = 'Equal';
  }
}

/** Requests default to limits for each resource that has a limit but no request (SetDefaults_Pod). */
function requestsFromLimits(c: Container): void {
  const r = c.resources as { limits?: Record<string, string | number>; requests?: Record<string, string | number> } | undefined;
  if (!r?.limits) return;
  for (const [k, v] of Object.entries(r.limits)) {
    r.requests ??= {};
    if (!(k in r.requests)) r.requests[k] = v;
  }
}

/** QoS class as the API server computes it on create (qos.GetPodQOS, simplified to cpu and memory). */
/** The QoS class of a pod with this spec (the rule lives in ../qos.ts). */
export function podQOSClass(spec: PodSpec | undefined): QOSClass {
  return qosOf({ spec } as Pod);
}

export function defaultPod(obj: KObject): void {
  const pod = obj as Pod;
  if (!pod.spec) return;
  const spec = pod.spec as Mutable<PodSpec>;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) requestsFromLimits(c);
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  // Set by the Priority admission plugin on every Pod (no PriorityClass: priority 0).
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  // PrepareForCreate: a new Pod starts Pending with its QoS class worked out.
  const st = ((obj as { status?: Record<string, unknown> }).status ??= {});
  st.phase ??= 'Pending';
  st.qosClass ??= podQOSClass(spec);
}

/** Defaults for an embedded PodTemplateSpec (workloads): spec defaults only, no pod-only steps. */
export function defaultPodTemplate(t: { spec?: PodSpec } | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}
