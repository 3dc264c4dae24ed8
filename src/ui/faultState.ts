/**
 * Which faults apply now, so the fault menus offer only those: a node's "power on" only when it is off,
 * "crash" only for a container that is running, a probe only where the container has it, every
 * "restore" only when something is broken. The faults in effect are read from the scenario log (the
 * learner's own actions up to now); what the cluster made of them is read from the mirrored objects.
 */
import type { Pod } from '../sim/types';
import type { NodeFaultType, ProbeName } from '../sim/faults';
import type { ScenarioAction } from '../scenario/format';

/** A fault in effect on a node's machine. */
export type NodeFlag = 'powered-off' | 'kubelet-stopped' | 'kube-proxy-stopped' | 'flanneld-stopped' | 'network-cut' | 'memory-pressure' | 'disk-pressure';

interface ProbeAction {
  namespace: string;
  name: string;
  /** undefined: every container with that probe */
  container: string | undefined;
  probe: ProbeName;
  fail: boolean;
}

/** The faults the learner injected that are in effect at a moment. */
export interface InjectedFaults {
  nodes: ReadonlyMap<string, ReadonlySet<NodeFlag>>;
  /** images made unpullable */
  unpullable: ReadonlySet<string>;
  /** probe-fail / probe-pass actions, oldest first: the latest one about a container's probe decides */
  probes: readonly ProbeAction[];
}

const NO_FLAGS: ReadonlySet<NodeFlag> = new Set();

function podRef(ref: string): { namespace: string; name: string } {
  const i = ref.indexOf('/');
  return i < 0 ? { namespace: 'default', name: ref } : { namespace: ref.slice(0, i), name: ref.slice(i + 1) };
}

/** Folds the fault actions due by `nowMs` (a log left longer by a rewind has later ones) into what is in effect. */
export function injectedFaults(actions: readonly ScenarioAction[], nowMs: number): InjectedFaults {
  const nodes = new Map<string, Set<NodeFlag>>();
  const unpullable = new Set<string>();
  const probes: ProbeAction[] = [];
  for (const a of actions) {
    if (a.atMs > nowMs) break;
    if (!('fault' in a)) continue;
    const f = a.fault;
    if ('node' in f) {
      let s = nodes.get(f.node);
      if (!s) nodes.set(f.node, (s = new Set()));
      switch (f.type) {
        case 'node-down':
          s.add('powered-off');
          break;
        case 'node-up':
          // The machine boots with its processes started; a pulled cable or a shortage outlives it.
          s.delete('powered-off');
          s.delete('kubelet-stopped');
          s.delete('kube-proxy-stopped');
          s.delete('flanneld-stopped');
          break;
        case 'kubelet-stop':
          s.add('kubelet-stopped');
          break;
        case 'kubelet-start':
          s.delete('kubelet-stopped');
          break;
        case 'kube-proxy-stop':
          s.add('kube-proxy-stopped');
          break;
        case 'kube-proxy-start':
          s.delete('kube-proxy-stopped');
          break;
        case 'flannel-stop':
          s.add('flanneld-stopped');
          break;
        case 'flannel-start':
          s.delete('flanneld-stopped');
          break;
        case 'partition':
          s.add('network-cut');
          break;
        case 'heal':
          s.delete('network-cut');
          break;
        case 'memory-pressure':
          s.add('memory-pressure');
          break;
        case 'disk-pressure':
          s.add('disk-pressure');
          break;
        case 'pressure-clear':
          s.delete('memory-pressure');
          s.delete('disk-pressure');
          break;
      }
    } else if (f.type === 'image-unpullable') unpullable.add(f.image);
    else if (f.type === 'image-pullable') unpullable.delete(f.image);
    else if (f.type === 'probe-fail' || f.type === 'probe-pass') probes.push({ ...podRef(f.pod), container: f.container, probe: f.probe, fail: f.type === 'probe-fail' });
  }
  return { nodes, unpullable, probes };
}

export function nodeFlags(state: InjectedFaults, node: string): ReadonlySet<NodeFlag> {
  return state.nodes.get(node) ?? NO_FLAGS;
}

/**
 * Whether a node fault would do something now. `agents` says whether kube-proxy and flanneld run on
 * the node (their pods' containers); unknown means not checked.
 */
export function nodeFaultApplies(type: NodeFaultType, flags: ReadonlySet<NodeFlag>, agents: { kubeProxy?: boolean; flanneld?: boolean } = {}): boolean {
  const up = !flags.has('powered-off');
  switch (type) {
    case 'node-down':
      return up;
    case 'node-up':
      return !up;
    case 'kubelet-stop':
      return up && !flags.has('kubelet-stopped');
    case 'kubelet-start':
      return up && flags.has('kubelet-stopped');
    case 'kube-proxy-stop':
      return up && !flags.has('kube-proxy-stopped') && agents.kubeProxy !== false;
    case 'kube-proxy-start':
      return up && flags.has('kube-proxy-stopped');
    case 'flannel-stop':
      return up && !flags.has('flanneld-stopped') && agents.flanneld !== false;
    case 'flannel-start':
      return up && flags.has('flanneld-stopped');
    case 'partition':
      return !flags.has('network-cut');
    case 'heal':
      return flags.has('network-cut');
    case 'memory-pressure':
      return up && !flags.has('memory-pressure');
    case 'disk-pressure':
      return up && !flags.has('disk-pressure');
    case 'pressure-clear':
      return flags.has('memory-pressure') || flags.has('disk-pressure');
  }
}

/** Whether a system agent's container runs on a node, from the pods there (undefined: no such pod seen). */
export function agentRunning(pods: readonly Pod[], agent: 'kube-proxy' | 'flanneld'): boolean | undefined {
  const mine = pods.filter((p) => (agent === 'kube-proxy' ? p.metadata?.namespace === 'kube-system' && p.metadata?.labels?.['k8s-app'] === 'kube-proxy' : p.metadata?.namespace === 'kube-flannel' && p.metadata?.labels?.app === 'flannel'));
  if (!mine.length) return undefined;
  return mine.some((p) => p.metadata?.deletionTimestamp === undefined && (p.status?.containerStatuses ?? []).some((c) => !!c.state?.running));
}

/** Whether the pod's container is running now, as its status says. */
export function containerRunning(pod: Pod, container: string): boolean {
  return !!pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running;
}

/** Whether a container's probe is made to fail now: by the latest probe fault about it, else by the pod's annotation. */
export function probeFailing(state: InjectedFaults, pod: Pod, container: string, probe: ProbeName): boolean {
  const ns = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  for (let i = state.probes.length - 1; i >= 0; i--) {
    const p = state.probes[i]!;
    if (p.namespace === ns && p.name === name && p.probe === probe && (p.container === undefined || p.container === container)) return p.fail;
  }
  return annotatedProbeFail(pod, container).has(probe);
}

/**
 * The probes a pod's `kubetab.io/probe-fail[.CONTAINER]` annotation fails, read as the kubelet's
 * behaviour model reads it (sim/node/behavior's overridesFor; a test holds the two together) without
 * pulling that model into the page.
 */
export function annotatedProbeFail(pod: Pod, container: string): ReadonlySet<ProbeName> {
  const a = pod.metadata?.annotations ?? {};
  const v = a[`kubetab.io/probe-fail.${container}`] ?? a['kubetab.io/probe-fail'] ?? '';
  const out = new Set<ProbeName>();
  for (const p of v.split(',').map((x) => x.trim())) if (p === 'liveness' || p === 'readiness' || p === 'startup') out.add(p);
  return out;
}
