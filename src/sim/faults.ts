/**
 * Faults a learner can cause, from the UI or a scenario action `{at: 60s, fault: {type: node-down,
 * node: worker-1}}`. Each one changes only the world or one machine (a node powers off, a kubelet
 * process stops, a cable is pulled, a process dies, a registry loses an image, memory runs short);
 * what follows comes from the real control loops: the kubelet's restarts and evictions, the
 * node-lifecycle controller's NotReady and taint-based eviction, the ReplicaSet's replacements.
 */
import type { Cluster } from './cluster';
import { parseQuantity, value as quantityValue } from './api/quantity';
import type { Kubelet } from './node/kubelet';
import { overridesFor } from './node/behavior';
import { worldOf } from './node/world';
import type { Pod } from './types';
import type { Owner } from './clock';
import type { Process } from './process';
import { KubeProxy } from './agents/kubeproxy/agent';
import { Flanneld } from './agents/flanneld/flanneld';
import { faultEnglish, faultNote } from './faultMessages';
import type { FaultMessageId, FaultNote } from './faultMessages';

export type NodeFaultType = 'node-down' | 'node-up' | 'kubelet-stop' | 'kubelet-start' | 'partition' | 'heal' | 'memory-pressure' | 'disk-pressure' | 'pressure-clear' | 'kube-proxy-stop' | 'kube-proxy-start' | 'flannel-stop' | 'flannel-start';
export type ProbeName = 'liveness' | 'readiness' | 'startup';

export type Fault =
  | { type: Exclude<NodeFaultType, 'memory-pressure' | 'disk-pressure'>; node: string }
  | { type: 'memory-pressure' | 'disk-pressure'; node: string; available?: string }
  | { type: 'container-crash'; pod: string; container?: string; exitCode?: number }
  | { type: 'probe-fail' | 'probe-pass'; pod: string; container?: string; probe: ProbeName }
  | { type: 'image-unpullable' | 'image-pullable'; image: string };

export const FAULT_TYPES = ['node-down', 'node-up', 'kubelet-stop', 'kubelet-start', 'partition', 'heal', 'memory-pressure', 'disk-pressure', 'pressure-clear', 'kube-proxy-stop', 'kube-proxy-start', 'flannel-stop', 'flannel-start', 'container-crash', 'probe-fail', 'probe-pass', 'image-unpullable', 'image-pullable'] as const;

export class FaultError extends Error {
  /** why, as an id the page translates; absent for a fault that does not parse (the page never sends one) */
  readonly note: FaultNote | undefined;
  constructor(message: string, note?: FaultNote) {
    super(message);
    this.name = 'FaultError';
    this.note = note;
  }
}

/** A fault that cannot apply, for the reason `id` names. */
function refused(id: FaultMessageId, params: Record<string, string | number>): FaultError {
  const note = faultNote(id, params);
  return new FaultError(faultEnglish(note), note);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function onlyKeys(o: Obj, allowed: string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new FaultError(`${where}: unknown field "${k}" for fault type ${String(o.type)} (allowed: ${allowed.join(', ')})`);
}

function str(o: Obj, k: string, where: string, required: boolean): string | undefined {
  const v = o[k];
  if (v === undefined) {
    if (required) throw new FaultError(`${where}.${k}: required for fault type ${String(o.type)}`);
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '') throw new FaultError(`${where}.${k}: expected a non-empty string`);
  return v.trim();
}

/** Checks a fault's shape strictly (unknown fields and missing ones are errors), as the scenario format does. */
export function parseFault(raw: unknown, where = 'fault'): Fault {
  if (!isObj(raw)) throw new FaultError(`${where}: expected a mapping with a type`);
  const type = raw.type;
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    throw new FaultError(`${where}.type: must be one of ${FAULT_TYPES.join(', ')}; got ${JSON.stringify(type ?? null)}`);
  }
  switch (type) {
    case 'memory-pressure':
    case 'disk-pressure': {
      onlyKeys(raw, ['type', 'node', 'available'], where);
      const available = str(raw, 'available', where, false);
      if (available !== undefined) {
        try {
          parseQuantity(available);
        } catch {
          throw new FaultError(`${where}.available: not a quantity (e.g. 50Mi, 2Gi): ${JSON.stringify(available)}`);
        }
      }
      return { type, node: str(raw, 'node', where, true)!, ...(available !== undefined ? { available } : {}) };
    }
    case 'node-down':
    case 'node-up':
    case 'kubelet-stop':
    case 'kubelet-start':
    case 'partition':
    case 'heal':
    case 'pressure-clear':
    case 'kube-proxy-stop':
    case 'kube-proxy-start':
    case 'flannel-stop':
    case 'flannel-start':
      onlyKeys(raw, ['type', 'node'], where);
      return { type, node: str(raw, 'node', where, true)! };
    case 'container-crash': {
      onlyKeys(raw, ['type', 'pod', 'container', 'exitCode'], where);
      const exitCode = raw.exitCode;
      if (exitCode !== undefined && (typeof exitCode !== 'number' || !Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255)) throw new FaultError(`${where}.exitCode: expected an integer from 0 to 255`);
      const container = str(raw, 'container', where, false);
      return { type, pod: str(raw, 'pod', where, true)!, ...(container ? { container } : {}), ...(exitCode !== undefined ? { exitCode: exitCode as number } : {}) };
    }
    case 'probe-fail':
    case 'probe-pass': {
      onlyKeys(raw, ['type', 'pod', 'container', 'probe'], where);
      const probe = str(raw, 'probe', where, true)!;
      if (probe !== 'liveness' && probe !== 'readiness' && probe !== 'startup') throw new FaultError(`${where}.probe: must be liveness, readiness or startup; got ${JSON.stringify(probe)}`);
      const container = str(raw, 'container', where, false);
      return { type, pod: str(raw, 'pod', where, true)!, probe, ...(container ? { container } : {}) };
    }
    case 'image-unpullable':
    case 'image-pullable':
      onlyKeys(raw, ['type', 'image'], where);
      return { type, image: str(raw, 'image', where, true)! };
  }
  throw new FaultError(`${where}.type: unsupported`);
}

export interface FaultResult {
  ok: boolean;
  /** the result in English (the CLI's line) */
  message: string;
  /** the same, as an id with values for the page to say in its language */
  note?: FaultNote;
}

function kubeletOf(cluster: Cluster, node: string): Kubelet {
  const k = worldOf<Kubelet>(cluster.clock).agent(node);
  if (!k) throw refused('nodeNotFound', { node });
  return k;
}

/** What a fault sets off on a node (restarts, status writes) is that kubelet's own work on the clock. */
function on<T>(cluster: Cluster, k: Kubelet, fn: (k: Kubelet) => T): T {
  return cluster.clock.runAs(k, () => fn(k));
}

function agentProcess(cluster: Cluster, node: string, agent: string): Process | undefined {
  const kind = cluster.agentKinds.find((a) => a.name === agent);
  const machine = cluster.machines.get(node);
  return kind && machine ? cluster.agentProcess(machine, kind) : undefined;
}

/** The kube-proxy running on `node` (its container started it). */
function kubeProxyOn(cluster: Cluster, node: string): KubeProxy {
  const p = agentProcess(cluster, node, 'kube-proxy');
  const proxy = p?.running ? p.components().find((c): c is KubeProxy => c instanceof KubeProxy) : undefined;
  if (!proxy) throw refused('proxyNotRunning', { node });
  return proxy;
}

/** The flanneld running on `node` (the kube-flannel container started it). */
function flanneldOn(cluster: Cluster, node: string): Flanneld {
  const p = agentProcess(cluster, node, 'flanneld');
  const f = p?.running ? p.components().find((c): c is Flanneld => c instanceof Flanneld) : undefined;
  if (!f) throw refused('flannelNotRunning', { node });
  return f;
}

/** What a continued agent does is its own process's work. */
function processOwner(cluster: Cluster, node: string, agent: string): Owner | undefined {
  return agentProcess(cluster, node, agent)?.owner();
}

function podRef(ref: string): { namespace: string; name: string } {
  const i = ref.indexOf('/');
  return i < 0 ? { namespace: 'default', name: ref } : { namespace: ref.slice(0, i), name: ref.slice(i + 1) };
}

function findPod(cluster: Cluster, ref: string): { pod: Pod; kubelet: Kubelet } {
  const { namespace, name } = podRef(ref);
  const pod = cluster.api.peek('pods', namespace, name) as Pod | undefined;
  if (!pod) throw refused('podNotFound', { pod: `${namespace}/${name}` });
  const node = pod.spec?.nodeName;
  if (!node) throw refused('podNotScheduled', { pod: `${namespace}/${name}` });
  return { pod, kubelet: kubeletOf(cluster, node) };
}

/**
 * Applies a fault now. Returns what happened in one line (for the event log / CLI); a fault that
 * cannot apply (unknown node or pod, container not running) returns ok=false with the reason.
 */
export function applyFault(cluster: Cluster, fault: Fault): FaultResult {
  try {
    const note = apply(cluster, fault);
    const msg = faultEnglish(note);
    cluster.log('fault-injector', msg);
    return { ok: true, message: msg, note };
  } catch (e) {
    if (!(e instanceof FaultError)) throw e;
    cluster.log('fault-injector', `${fault.type}: ${e.message}`);
    return { ok: false, message: e.message, ...(e.note ? { note: e.note } : {}) };
  }
}

function apply(cluster: Cluster, fault: Fault): FaultNote {
  switch (fault.type) {
    case 'node-down':
      on(cluster, kubeletOf(cluster, fault.node), (k) => k.machine.powerOff());
      return faultNote('nodeDown', { node: fault.node });
    case 'node-up':
      on(cluster, kubeletOf(cluster, fault.node), (k) => k.machine.powerOn());
      return faultNote('nodeUp', { node: fault.node });
    case 'kubelet-stop': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw refused('nodeIsDown', { node: fault.node });
      on(cluster, k, () => k.stop());
      return faultNote('kubeletStopped', { node: fault.node });
    }
    case 'kubelet-start': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw refused('nodeIsDownUseNodeUp', { node: fault.node });
      on(cluster, k, () => k.start());
      return faultNote('kubeletStarted', { node: fault.node });
    }
    case 'partition':
      on(cluster, kubeletOf(cluster, fault.node), (k) => {
        k.disconnect();
        // The node's cable is cut: its pods are unreachable over the node network too.
        k.machine.isolated = true;
      });
      return faultNote('partitioned', { node: fault.node });
    case 'heal':
      on(cluster, kubeletOf(cluster, fault.node), (k) => {
        k.machine.isolated = false;
        k.reconnect();
      });
      return faultNote('healed', { node: fault.node });
    case 'memory-pressure':
    case 'disk-pressure': {
      const k = kubeletOf(cluster, fault.node);
      const available = fault.available !== undefined ? quantityValue(parseQuantity(fault.available)) : undefined;
      on(cluster, k, () => k.setPressure(fault.type === 'memory-pressure' ? 'memory' : 'disk', true, available));
      return faultNote(fault.type === 'memory-pressure' ? 'memoryShort' : 'diskShort', { node: fault.node });
    }
    case 'pressure-clear': {
      const k = kubeletOf(cluster, fault.node);
      on(cluster, k, () => {
        k.setPressure('memory', false);
        k.setPressure('disk', false);
      });
      return faultNote('pressureCleared', { node: fault.node });
    }
    case 'kube-proxy-stop':
    case 'kube-proxy-start': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw refused('nodeIsDown', { node: fault.node });
      const proxy = kubeProxyOn(cluster, fault.node);
      if (fault.type === 'kube-proxy-stop') {
        if (proxy.isPaused) throw refused('proxyAlreadyStopped', { node: fault.node });
        cluster.clock.runAs(processOwner(cluster, fault.node, 'kube-proxy'), () => proxy.pause());
        return faultNote('proxyStopped', { node: fault.node });
      }
      if (!proxy.isPaused) throw refused('proxyNotStopped', { node: fault.node });
      cluster.clock.runAs(processOwner(cluster, fault.node, 'kube-proxy'), () => proxy.resume());
      return faultNote('proxyContinued', { node: fault.node });
    }
    case 'flannel-stop':
    case 'flannel-start': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw refused('nodeIsDown', { node: fault.node });
      const flanneld = flanneldOn(cluster, fault.node);
      if (fault.type === 'flannel-stop') {
        if (flanneld.isPaused) throw refused('flannelAlreadyStopped', { node: fault.node });
        cluster.clock.runAs(processOwner(cluster, fault.node, 'flanneld'), () => flanneld.pause());
        return faultNote('flannelStopped', { node: fault.node });
      }
      if (!flanneld.isPaused) throw refused('flannelNotStopped', { node: fault.node });
      cluster.clock.runAs(processOwner(cluster, fault.node, 'flanneld'), () => flanneld.resume());
      return faultNote('flannelContinued', { node: fault.node });
    }
    case 'container-crash': {
      const { pod, kubelet } = findPod(cluster, fault.pod);
      const r = on(cluster, kubelet, (k) => k.crashContainer(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', fault.container, fault.exitCode ?? 1));
      if ('error' in r) throw new FaultError(faultEnglish(r.error), r.error);
      // Without a container named, the kubelet picked its first running one: say which.
      return faultNote('crashed', { pod: fault.pod, container: r.crashed, exitCode: fault.exitCode ?? 1 });
    }
    case 'probe-fail':
    case 'probe-pass': {
      const { pod, kubelet } = findPod(cluster, fault.pod);
      const ns = pod.metadata?.namespace ?? 'default';
      const name = pod.metadata?.name ?? '';
      let mode: 'fail' | 'pass' | undefined = 'fail';
      if (fault.type === 'probe-pass') {
        // Back to the modelled result; a probe-fail annotation is overridden too.
        const annotated = (pod.spec?.containers ?? []).some((c) => (!fault.container || c.name === fault.container) && overridesFor(pod, c.name).probeFail.has(fault.probe));
        mode = annotated ? 'pass' : undefined;
      }
      const err = on(cluster, kubelet, (k) => k.setProbeOverride(ns, name, fault.container, fault.probe, mode));
      if (err) throw new FaultError(faultEnglish(err), err);
      return faultNote(fault.type === 'probe-fail' ? 'probeFails' : 'probePasses', { pod: fault.pod, probe: fault.probe });
    }
    case 'image-unpullable':
      worldOf(cluster.clock).setUnpullable(fault.image, true);
      return faultNote('imageUnpullable', { image: fault.image });
    case 'image-pullable':
      worldOf(cluster.clock).setUnpullable(fault.image, false);
      return faultNote('imagePullable', { image: fault.image });
  }
}
