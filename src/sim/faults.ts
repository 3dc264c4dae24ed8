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
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
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
  message: string;
}

function kubeletOf(cluster: Cluster, node: string): Kubelet {
  const k = worldOf<Kubelet>(cluster.clock).agent(node);
  if (!k) throw new FaultError(`node "${node}" not found`);
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
  if (!proxy) throw new FaultError(`kube-proxy is not running on node ${node}`);
  return proxy;
}

/** The flanneld running on `node` (the kube-flannel container started it). */
function flanneldOn(cluster: Cluster, node: string): Flanneld {
  const p = agentProcess(cluster, node, 'flanneld');
  const f = p?.running ? p.components().find((c): c is Flanneld => c instanceof Flanneld) : undefined;
  if (!f) throw new FaultError(`flanneld is not running on node ${node}`);
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
  if (!pod) throw new FaultError(`pod "${namespace}/${name}" not found`);
  const node = pod.spec?.nodeName;
  if (!node) throw new FaultError(`pod "${namespace}/${name}" is not scheduled to a node`);
  return { pod, kubelet: kubeletOf(cluster, node) };
}

/**
 * Applies a fault now. Returns what happened in one line (for the event log / CLI); a fault that
 * cannot apply (unknown node or pod, container not running) returns ok=false with the reason.
 */
export function applyFault(cluster: Cluster, fault: Fault): FaultResult {
  try {
    const msg = apply(cluster, fault);
    cluster.log('fault-injector', msg);
    return { ok: true, message: msg };
  } catch (e) {
    if (!(e instanceof FaultError)) throw e;
    cluster.log('fault-injector', `${fault.type}: ${e.message}`);
    return { ok: false, message: e.message };
  }
}

function apply(cluster: Cluster, fault: Fault): string {
  switch (fault.type) {
    case 'node-down':
      on(cluster, kubeletOf(cluster, fault.node), (k) => k.machine.powerOff());
      return `node ${fault.node} powered off: its containers stopped, its kubelet is silent`;
    case 'node-up':
      on(cluster, kubeletOf(cluster, fault.node), (k) => k.machine.powerOn());
      return `node ${fault.node} powered on`;
    case 'kubelet-stop': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw new FaultError(`node ${fault.node} is down`);
      on(cluster, k, () => k.stop());
      return `kubelet on ${fault.node} stopped (containers keep running)`;
    }
    case 'kubelet-start': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw new FaultError(`node ${fault.node} is down; use node-up`);
      on(cluster, k, () => k.start());
      return `kubelet on ${fault.node} started`;
    }
    case 'partition':
      on(cluster, kubeletOf(cluster, fault.node), (k) => {
        k.disconnect();
        // The node's cable is cut: its pods are unreachable over the node network too.
        k.machine.isolated = true;
      });
      return `node ${fault.node} cut off from the API server`;
    case 'heal':
      on(cluster, kubeletOf(cluster, fault.node), (k) => {
        k.machine.isolated = false;
        k.reconnect();
      });
      return `node ${fault.node} reconnected to the API server`;
    case 'memory-pressure':
    case 'disk-pressure': {
      const k = kubeletOf(cluster, fault.node);
      const available = fault.available !== undefined ? quantityValue(parseQuantity(fault.available)) : undefined;
      on(cluster, k, () => k.setPressure(fault.type === 'memory-pressure' ? 'memory' : 'disk', true, available));
      return `node ${fault.node}: ${fault.type === 'memory-pressure' ? 'memory' : 'disk'} running short`;
    }
    case 'pressure-clear': {
      const k = kubeletOf(cluster, fault.node);
      on(cluster, k, () => {
        k.setPressure('memory', false);
        k.setPressure('disk', false);
      });
      return `node ${fault.node}: pressure cleared`;
    }
    case 'kube-proxy-stop':
    case 'kube-proxy-start': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw new FaultError(`node ${fault.node} is down`);
      const proxy = kubeProxyOn(cluster, fault.node);
      if (fault.type === 'kube-proxy-stop') {
        if (proxy.isPaused) throw new FaultError(`kube-proxy on ${fault.node} is already stopped`);
        cluster.clock.runAs(processOwner(cluster, fault.node, 'kube-proxy'), () => proxy.pause());
        return `kube-proxy on ${fault.node} stopped (SIGSTOP; its container keeps running, its rules stay as they are)`;
      }
      if (!proxy.isPaused) throw new FaultError(`kube-proxy on ${fault.node} is not stopped`);
      cluster.clock.runAs(processOwner(cluster, fault.node, 'kube-proxy'), () => proxy.resume());
      return `kube-proxy on ${fault.node} continued (SIGCONT)`;
    }
    case 'flannel-stop':
    case 'flannel-start': {
      const k = kubeletOf(cluster, fault.node);
      if (!k.isMachineUp()) throw new FaultError(`node ${fault.node} is down`);
      const flanneld = flanneldOn(cluster, fault.node);
      if (fault.type === 'flannel-stop') {
        if (flanneld.isPaused) throw new FaultError(`flanneld on ${fault.node} is already stopped`);
        cluster.clock.runAs(processOwner(cluster, fault.node, 'flanneld'), () => flanneld.pause());
        return `flanneld on ${fault.node} stopped (SIGSTOP; its container keeps running, its routes and rules stay as they are)`;
      }
      if (!flanneld.isPaused) throw new FaultError(`flanneld on ${fault.node} is not stopped`);
      cluster.clock.runAs(processOwner(cluster, fault.node, 'flanneld'), () => flanneld.resume());
      return `flanneld on ${fault.node} continued (SIGCONT)`;
    }
    case 'container-crash': {
      const { pod, kubelet } = findPod(cluster, fault.pod);
      const err = on(cluster, kubelet, (k) => k.crashContainer(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', fault.container, fault.exitCode ?? 1));
      if (err) throw new FaultError(err);
      return `pod ${fault.pod}: container ${fault.container ?? '(first running)'} crashed with exit code ${fault.exitCode ?? 1}`;
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
      if (err) throw new FaultError(err);
      return `pod ${fault.pod}: ${fault.probe} probe ${fault.type === 'probe-fail' ? 'now fails' : 'passes again'}`;
    }
    case 'image-unpullable':
      worldOf(cluster.clock).setUnpullable(fault.image, true);
      return `image ${fault.image} can no longer be pulled`;
    case 'image-pullable':
      worldOf(cluster.clock).setUnpullable(fault.image, false);
      return `image ${fault.image} can be pulled again`;
  }
}
