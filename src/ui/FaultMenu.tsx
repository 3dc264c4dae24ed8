/**
 * The fault menus on nodes and pods. Each choice goes to the worker as a fault action, recorded in the
 * scenario log at the current virtual time (so it is in the share link); what follows — NotReady,
 * evictions, restarts, back-off — appears only as the cluster's own loops make it happen.
 */
import type { Node, Pod } from '../sim/types';
import type { Fault } from '../sim/faults';
import { useMemo } from 'react';
import type { ScenarioAction } from '../scenario/format';
import { cluster } from '../state/cluster';
import { useClock, useScenario } from '../state/stores';
import { useUi } from '../state/ui';
import { Menu } from './Menu';
import type { MenuItem } from './Menu';

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

export function nodeFaultItems(name: string): MenuItem[] {
  const f = (type: Extract<Fault, { node: string }>['type'], label: string, hint: string, group: string, tone: MenuItem['tone']): MenuItem => ({
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
  ];
}

const PROBES = [
  ['livenessProbe', 'liveness'],
  ['readinessProbe', 'readiness'],
  ['startupProbe', 'startup'],
] as const;

export function podFaultItems(pod: Pod): MenuItem[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const ref = `${ns}/${pod.metadata?.name ?? ''}`;
  const containers = pod.spec?.containers ?? [];
  const several = containers.length > 1;
  const items: MenuItem[] = [];
  if (!pod.spec?.nodeName) {
    items.push({ label: 'Not scheduled yet: no container to break', disabled: true, onSelect: () => {} });
  } else {
    for (const c of containers) {
      const group = several ? `Container ${c.name}` : 'Container';
      const on = several ? ` ${c.name}` : '';
      const container = several ? { container: c.name } : {};
      items.push({
        label: `Crash container${on} (container-crash)`,
        hint: 'the process dies now, exit code 1; the kubelet restarts it',
        group,
        tone: 'break',
        onSelect: () => void injectFault({ type: 'container-crash', pod: ref, ...container }),
      });
      for (const [field, probe] of PROBES) {
        if (!c[field]) continue;
        items.push({
          label: `Fail ${probe} probe${on} (probe-fail)`,
          hint: probe === 'readiness' ? 'the pod leaves the Service endpoints' : probe === 'liveness' ? 'after failureThreshold the kubelet restarts it' : 'the container never starts up; restarts follow',
          group,
          tone: 'break',
          onSelect: () => void injectFault({ type: 'probe-fail', pod: ref, probe, ...container }),
        });
        items.push({
          label: `Pass ${probe} probe${on} (probe-pass)`,
          hint: 'the probe returns to its modelled result',
          group,
          tone: 'repair',
          onSelect: () => void injectFault({ type: 'probe-pass', pod: ref, probe, ...container }),
        });
      }
      if (!c.livenessProbe && !c.readinessProbe && !c.startupProbe) {
        items.push({ label: `No probes on${on || ' this container'}`, hint: 'add livenessProbe / readinessProbe to fail them', group, disabled: true, onSelect: () => {} });
      }
    }
  }
  const images = [...new Set([...(pod.spec?.initContainers ?? []), ...containers].map((c) => c.image).filter((i): i is string => !!i))];
  for (const image of images) {
    items.push({
      label: `Make ${image} unpullable (image-unpullable)`,
      hint: 'pulls fail: ErrImagePull → ImagePullBackOff',
      group: 'Registry',
      tone: 'break',
      onSelect: () => void injectFault({ type: 'image-unpullable', image }),
    });
    items.push({
      label: `Make ${image} pullable (image-pullable)`,
      hint: 'pulls succeed again',
      group: 'Registry',
      tone: 'repair',
      onSelect: () => void injectFault({ type: 'image-pullable', image }),
    });
  }
  return items;
}

export function NodeFaultMenu({ node, className, injected }: { node: Node; className?: string; injected?: readonly string[] }) {
  const name = node.metadata?.name ?? '';
  return (
    <Menu label={`Faults for node ${name}`} title={`Break node ${name}${injected?.length ? ` (now: ${injected.join(', ')})` : ''}`} items={nodeFaultItems(name)} className={className ?? 'menu-btn fault-btn'}>
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
  return (
    <Menu label={`Faults for pod ${name}`} title={`Break pod ${name}`} items={podFaultItems(pod)} className={className ?? 'menu-btn fault-btn'} openAt={openAt ?? null} {...(onClose ? { onClose } : {})} {...(noButton ? { noButton } : {})}>
      <span aria-hidden="true">⚡</span> Faults
    </Menu>
  );
}

/**
 * The node faults the learner has injected that are in effect now, read from the scenario log (the
 * cause, for the card; the consequences are the cluster's to show). Later actions — left in the log
 * after a rewind — do not count yet.
 */
export function useInjectedNodeFaults(): ReadonlyMap<string, readonly string[]> {
  const scenario = useScenario((s) => s.scenario);
  const faults = useMemo(() => (scenario?.actions ?? []).filter((a): a is Extract<ScenarioAction, { fault: unknown }> => 'fault' in a && 'node' in a.fault), [scenario]);
  // Re-renders only when the clock crosses one of those actions.
  const due = useClock((s) => {
    let n = 0;
    while (n < faults.length && faults[n]!.atMs <= s.nowMs) n++;
    return n;
  });
  return useMemo(() => {
    const state = new Map<string, Set<string>>();
    for (const { fault } of faults.slice(0, due)) {
      if (!('node' in fault)) continue;
      let s = state.get(fault.node);
      if (!s) state.set(fault.node, (s = new Set()));
      switch (fault.type) {
        case 'node-down':
          s.add('powered off');
          break;
        case 'node-up':
          s.delete('powered off');
          s.delete('kubelet stopped');
          s.delete('kube-proxy stopped');
          s.delete('flanneld stopped');
          break;
        case 'kubelet-stop':
          s.add('kubelet stopped');
          break;
        case 'kubelet-start':
          s.delete('kubelet stopped');
          break;
        case 'kube-proxy-stop':
          s.add('kube-proxy stopped');
          break;
        case 'kube-proxy-start':
          s.delete('kube-proxy stopped');
          break;
        case 'flannel-stop':
          s.add('flanneld stopped');
          break;
        case 'flannel-start':
          s.delete('flanneld stopped');
          break;
        case 'partition':
          s.add('network cut');
          break;
        case 'heal':
          s.delete('network cut');
          break;
        case 'memory-pressure':
          s.add('memory pressure');
          break;
        case 'disk-pressure':
          s.add('disk pressure');
          break;
        case 'pressure-clear':
          s.delete('memory pressure');
          s.delete('disk pressure');
          break;
      }
    }
    const out = new Map<string, readonly string[]>();
    for (const [node, s] of state) if (s.size) out.set(node, [...s]);
    return out;
  }, [faults, due]);
}
