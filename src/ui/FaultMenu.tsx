/**
 * The fault menus on nodes and pods. Each choice goes to the worker as a fault action, recorded in the
 * scenario log at the current virtual time (so it is in the share link); what follows — NotReady,
 * evictions, restarts, back-off — appears only as the cluster's own loops make it happen. A menu offers
 * only the faults that apply now (faultState): no "crash" for a container that is not running, no
 * "power on" for a node that is on.
 */
import type { Node, Pod } from '../sim/types';
import type { Fault, NodeFaultType } from '../sim/faults';
import { useMemo } from 'react';
import type { ScenarioAction } from '../scenario/format';
import { cluster } from '../state/cluster';
import { useClock, useScenario } from '../state/stores';
import { useUi } from '../state/ui';
import { Menu } from './Menu';
import type { MenuItem } from './Menu';
import { agentRunning, containerRunning, injectedFaults, nodeFaultApplies, nodeFlags, probeFailing } from './faultState';
import type { InjectedFaults, NodeFlag } from './faultState';
import { translate } from './i18n';

/** Sends a fault and shows its one-line result. */
export async function injectFault(fault: Fault): Promise<void> {
  const { toast } = useUi.getState();
  try {
    const r = await cluster.fault(fault);
    toast(r.ok ? 'ok' : 'error', r.ok ? `⚡ ${r.message}` : `${fault.type}: ${r.message}`);
  } catch (e) {
    toast('error', `${fault.type}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** What a node's menu knows of it: the faults in effect on it and whether its agents run. */
export interface NodeFaultContext {
  flags: ReadonlySet<NodeFlag>;
  agents?: { kubeProxy?: boolean; flanneld?: boolean };
}

/** A node's fault items; with `now`, only those that apply. */
export function nodeFaultItems(name: string, now?: NodeFaultContext): MenuItem[] {
  const f = (type: Extract<Fault, { node: string }>['type'], label: string, hint: string, group: string, tone: MenuItem['tone']): MenuItem & { faultType: NodeFaultType } => ({
    faultType: type,
    label: `${label} (${type})`,
    hint,
    group,
    tone,
    onSelect: () => void injectFault({ type, node: name } as Fault),
  });
  return [
    f('node-down', 'Power off', 'the machine stops: containers, kubelet, heartbeats', 'Machine', 'break'),
    f('node-up', 'Power on', 'the machine boots again', 'Machine', 'repair'),
    f('kubelet-stop', 'Stop the kubelet', 'containers keep running; status and heartbeats stop', 'Kubelet', 'break'),
    f('kubelet-start', 'Start the kubelet', 'the kubelet starts and resyncs', 'Kubelet', 'repair'),
    f('kube-proxy-stop', 'Stop kube-proxy', 'the process is frozen; the node keeps its Service rules as they are', 'kube-proxy', 'break'),
    f('kube-proxy-start', 'Continue kube-proxy', 'kube-proxy resumes and syncs the rules', 'kube-proxy', 'repair'),
    f('flannel-stop', 'Stop flanneld', 'the process is frozen; the node keeps its routes to the other nodes as they are', 'flannel', 'break'),
    f('flannel-start', 'Continue flanneld', 'flanneld resumes and catches up with the nodes that came and went', 'flannel', 'repair'),
    f('partition', 'Cut the network', 'nothing the kubelet writes reaches the API server', 'Network', 'break'),
    f('heal', 'Reconnect', 'the node reaches the API server again', 'Network', 'repair'),
    f('memory-pressure', 'Memory pressure', 'available memory drops below the eviction threshold', 'Resources', 'break'),
    f('disk-pressure', 'Disk pressure', 'free disk drops below the eviction threshold', 'Resources', 'break'),
    f('pressure-clear', 'Clear pressure', 'the shortage ends (the condition clears after 5 min)', 'Resources', 'repair'),
  ].filter((i) => !now || nodeFaultApplies(i.faultType, now.flags, now.agents));
}

const PROBES = [
  ['livenessProbe', 'liveness'],
  ['readinessProbe', 'readiness'],
  ['startupProbe', 'startup'],
] as const;

/** A pod's fault items; with `now` (the faults in effect), only those that apply. */
export function podFaultItems(pod: Pod, now?: InjectedFaults): MenuItem[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const ref = `${ns}/${pod.metadata?.name ?? ''}`;
  const containers = pod.spec?.containers ?? [];
  const several = containers.length > 1;
  const items: MenuItem[] = [];
  const nodeOff = !!now && !!pod.spec?.nodeName && nodeFlags(now, pod.spec.nodeName).has('powered-off');
  if (!pod.spec?.nodeName) {
    items.push({ label: 'Not scheduled yet: no container to break', disabled: true, onSelect: () => {} });
  } else if (nodeOff) {
    items.push({ label: translate('classroom.faults.nodeOff', { node: pod.spec.nodeName }), disabled: true, onSelect: () => {} });
  } else {
    for (const c of containers) {
      const group = several ? `Container ${c.name}` : 'Container';
      const on = several ? ` ${c.name}` : '';
      const container = several ? { container: c.name } : {};
      // Without `now`, everything is offered (as before the menus knew the pod's state).
      const running = !now || containerRunning(pod, c.name);
      const failing = (probe: (typeof PROBES)[number][1]): boolean => !!now && probeFailing(now, pod, c.name, probe);
      const before = items.length;
      if (running) items.push({
        label: `Crash container${on} (container-crash)`,
        hint: 'the process dies now, exit code 1; the kubelet restarts it',
        group,
        tone: 'break',
        onSelect: () => void injectFault({ type: 'container-crash', pod: ref, ...container }),
      });
      for (const [field, probe] of PROBES) {
        if (!c[field]) continue;
        if (running && !failing(probe)) items.push({
          label: `Fail ${probe} probe${on} (probe-fail)`,
          hint: probe === 'readiness' ? 'the pod leaves the Service endpoints' : probe === 'liveness' ? 'after failureThreshold the kubelet restarts it' : 'the container never starts up; restarts follow',
          group,
          tone: 'break',
          onSelect: () => void injectFault({ type: 'probe-fail', pod: ref, probe, ...container }),
        });
        if (!now || failing(probe)) items.push({
          label: `Pass ${probe} probe${on} (probe-pass)`,
          hint: 'the probe returns to its modelled result',
          group,
          tone: 'repair',
          onSelect: () => void injectFault({ type: 'probe-pass', pod: ref, probe, ...container }),
        });
      }
      if (running && !c.livenessProbe && !c.readinessProbe && !c.startupProbe) {
        items.push({ label: `No probes on${on || ' this container'}`, hint: 'add livenessProbe / readinessProbe to fail them', group, disabled: true, onSelect: () => {} });
      }
      if (items.length === before) items.push({ label: translate('classroom.faults.notRunning', { container: c.name }), hint: translate('classroom.faults.notRunningHint'), group, disabled: true, onSelect: () => {} });
    }
  }
  const images = [...new Set([...(pod.spec?.initContainers ?? []), ...containers].map((c) => c.image).filter((i): i is string => !!i))];
  for (const image of images) {
    const unpullable = !!now && now.unpullable.has(image);
    if (!unpullable) items.push({
      label: `Make ${image} unpullable (image-unpullable)`,
      hint: 'pulls fail: ErrImagePull → ImagePullBackOff',
      group: 'Registry',
      tone: 'break',
      onSelect: () => void injectFault({ type: 'image-unpullable', image }),
    });
    if (!now || unpullable) items.push({
      label: `Make ${image} pullable (image-pullable)`,
      hint: 'pulls succeed again',
      group: 'Registry',
      tone: 'repair',
      onSelect: () => void injectFault({ type: 'image-pullable', image }),
    });
  }
  return items;
}

export function NodeFaultMenu({ node, className, injected, pods }: { node: Node; className?: string; injected?: readonly string[]; pods?: readonly Pod[] }) {
  const name = node.metadata?.name ?? '';
  const now = useNodeFaultContext(name, pods);
  return (
    <Menu label={`Faults for node ${name}`} title={`Break node ${name}${injected?.length ? ` (now: ${injected.join(', ')})` : ''}`} items={nodeFaultItems(name, now)} className={className ?? 'menu-btn fault-btn'}>
      <span aria-hidden="true">⚡</span> Faults
    </Menu>
  );
}

export interface PodFaultMenuProps {
  pod: Pod;
  className?: string;
  openAt?: { x: number; y: number } | null;
  onClose?(): void;
  noButton?: boolean;
}

export function PodFaultMenu({ pod, className, openAt, onClose, noButton }: PodFaultMenuProps) {
  const name = pod.metadata?.name ?? '';
  const now = useInjectedFaults();
  return (
    <Menu label={`Faults for pod ${name}`} title={`Break pod ${name}`} items={podFaultItems(pod, now)} className={className ?? 'menu-btn fault-btn'} openAt={openAt ?? null} {...(onClose ? { onClose } : {})} {...(noButton ? { noButton } : {})}>
      <span aria-hidden="true">⚡</span> Faults
    </Menu>
  );
}

/** The faults the learner has injected that are in effect now, read from the scenario log. */
export function useInjectedFaults(): InjectedFaults {
  const scenario = useScenario((s) => s.scenario);
  const faults = useMemo(() => (scenario?.actions ?? []).filter((a): a is Extract<ScenarioAction, { fault: unknown }> => 'fault' in a), [scenario]);
  // Re-renders only when the clock crosses one of those actions. Later actions — left in the log
  // after a rewind — do not count yet.
  const due = useClock((s) => {
    let n = 0;
    while (n < faults.length && faults[n]!.atMs <= s.nowMs) n++;
    return n;
  });
  return useMemo(() => injectedFaults(faults.slice(0, due), Infinity), [faults, due]);
}

/**
 * A node's menu context: the faults in effect on it, and — given the pods on the node (the card has
 * them) — whether kube-proxy and flanneld run there.
 */
export function useNodeFaultContext(node: string, pods?: readonly Pod[]): NodeFaultContext {
  const now = useInjectedFaults();
  const flags = nodeFlags(now, node);
  const kubeProxy = pods ? agentRunning(pods, 'kube-proxy') : undefined;
  const flanneld = pods ? agentRunning(pods, 'flanneld') : undefined;
  return useMemo(() => ({ flags, agents: { ...(kubeProxy !== undefined ? { kubeProxy } : {}), ...(flanneld !== undefined ? { flanneld } : {}) } }), [flags, kubeProxy, flanneld]);
}

/** What the node cards say a machine has been made to suffer (the cause; the consequences are the cluster's to show). */
const INJECTED_LABEL: Record<NodeFlag, string> = {
  'powered-off': 'powered off',
  'kubelet-stopped': 'kubelet stopped',
  'kube-proxy-stopped': 'kube-proxy stopped',
  'flanneld-stopped': 'flanneld stopped',
  'network-cut': 'network cut',
  'memory-pressure': 'memory pressure',
  'disk-pressure': 'disk pressure',
};

/**
 * The node faults the learner has injected that are in effect now, by node, as the cards name them.
 */
export function useInjectedNodeFaults(): ReadonlyMap<string, readonly string[]> {
  const now = useInjectedFaults();
  return useMemo(() => {
    const out = new Map<string, readonly string[]>();
    for (const [node, flags] of now.nodes) if (flags.size) out.set(node, [...flags].map((f) => INJECTED_LABEL[f]));
    return out;
  }, [now]);
}
