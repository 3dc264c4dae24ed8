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
import { translate, useT } from './i18n';
import type { MessageKey } from './i18n';

/** Sends a fault and shows its one-line result. */
export async function injectFault(fault: Fault): Promise<void> {
  const { toast } = useUi.getState();
  try {
    const r = await cluster.fault(fault);
    // The worker's English line is the CLI's; the page says the same in its own language.
    const said = r.note ? translate(`faultResult.${r.note.id}`, r.note.params) : r.message;
    toast(r.ok ? 'ok' : 'error', r.ok ? translate('faultResult.done', { result: said }) : translate('faultResult.failed', { type: fault.type, result: said }));
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
  const f = (type: Extract<Fault, { node: string }>['type'], label: MessageKey, hint: MessageKey, group: MessageKey, tone: MenuItem['tone']): MenuItem & { faultType: NodeFaultType } => ({
    faultType: type,
    label: translate('faults.item', { label: translate(label), type }),
    hint: translate(hint),
    group: translate(group),
    tone,
    onSelect: () => void injectFault({ type, node: name } as Fault),
  });
  return [
    f('node-down', 'faults.nodeDown', 'faults.nodeDownHint', 'faults.group.machine', 'break'),
    f('node-up', 'faults.nodeUp', 'faults.nodeUpHint', 'faults.group.machine', 'repair'),
    f('kubelet-stop', 'faults.kubeletStop', 'faults.kubeletStopHint', 'faults.group.kubelet', 'break'),
    f('kubelet-start', 'faults.kubeletStart', 'faults.kubeletStartHint', 'faults.group.kubelet', 'repair'),
    f('kube-proxy-stop', 'faults.proxyStop', 'faults.proxyStopHint', 'faults.group.kubeProxy', 'break'),
    f('kube-proxy-start', 'faults.proxyStart', 'faults.proxyStartHint', 'faults.group.kubeProxy', 'repair'),
    f('flannel-stop', 'faults.flannelStop', 'faults.flannelStopHint', 'faults.group.flannel', 'break'),
    f('flannel-start', 'faults.flannelStart', 'faults.flannelStartHint', 'faults.group.flannel', 'repair'),
    f('partition', 'faults.partition', 'faults.partitionHint', 'faults.group.network', 'break'),
    f('heal', 'faults.heal', 'faults.healHint', 'faults.group.network', 'repair'),
    f('memory-pressure', 'faults.memoryPressure', 'faults.memoryPressureHint', 'faults.group.resources', 'break'),
    f('disk-pressure', 'faults.diskPressure', 'faults.diskPressureHint', 'faults.group.resources', 'break'),
    f('pressure-clear', 'faults.pressureClear', 'faults.pressureClearHint', 'faults.group.resources', 'repair'),
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
    items.push({ label: translate('faults.notScheduled'), disabled: true, onSelect: () => {} });
  } else if (nodeOff) {
    items.push({ label: translate('classroom.faults.nodeOff', { node: pod.spec.nodeName }), disabled: true, onSelect: () => {} });
  } else {
    for (const c of containers) {
      const group = several ? translate('faults.group.containerNamed', { name: c.name }) : translate('faults.group.container');
      const container = several ? { container: c.name } : {};
      // Without `now`, everything is offered (as before the menus knew the pod's state).
      const running = !now || containerRunning(pod, c.name);
      const failing = (probe: (typeof PROBES)[number][1]): boolean => !!now && probeFailing(now, pod, c.name, probe);
      const before = items.length;
      if (running) items.push({
        label: several ? translate('faults.crashNamed', { name: c.name }) : translate('faults.crash'),
        hint: translate('faults.crashHint'),
        group,
        tone: 'break',
        onSelect: () => void injectFault({ type: 'container-crash', pod: ref, ...container }),
      });
      for (const [field, probe] of PROBES) {
        if (!c[field]) continue;
        if (running && !failing(probe)) items.push({
          label: several ? translate('faults.probeFailNamed', { probe, name: c.name }) : translate('faults.probeFail', { probe }),
          hint: translate(probe === 'readiness' ? 'faults.probeFailReadiness' : probe === 'liveness' ? 'faults.probeFailLiveness' : 'faults.probeFailStartup'),
          group,
          tone: 'break',
          onSelect: () => void injectFault({ type: 'probe-fail', pod: ref, probe, ...container }),
        });
        if (!now || failing(probe)) items.push({
          label: several ? translate('faults.probePassNamed', { probe, name: c.name }) : translate('faults.probePass', { probe }),
          hint: translate('faults.probePassHint'),
          group,
          tone: 'repair',
          onSelect: () => void injectFault({ type: 'probe-pass', pod: ref, probe, ...container }),
        });
      }
      if (running && !c.livenessProbe && !c.readinessProbe && !c.startupProbe) {
        items.push({ label: several ? translate('faults.noProbesOn', { name: c.name }) : translate('faults.noProbes'), hint: translate('faults.noProbesHint'), group, disabled: true, onSelect: () => {} });
      }
      if (items.length === before) items.push({ label: translate('classroom.faults.notRunning', { container: c.name }), hint: translate('classroom.faults.notRunningHint'), group, disabled: true, onSelect: () => {} });
    }
  }
  const images = [...new Set([...(pod.spec?.initContainers ?? []), ...containers].map((c) => c.image).filter((i): i is string => !!i))];
  for (const image of images) {
    const unpullable = !!now && now.unpullable.has(image);
    if (!unpullable) items.push({
      label: translate('faults.unpullable', { image }),
      hint: translate('faults.unpullableHint'),
      group: translate('faults.group.registry'),
      tone: 'break',
      onSelect: () => void injectFault({ type: 'image-unpullable', image }),
    });
    if (!now || unpullable) items.push({
      label: translate('faults.pullable', { image }),
      hint: translate('faults.pullableHint'),
      group: translate('faults.group.registry'),
      tone: 'repair',
      onSelect: () => void injectFault({ type: 'image-pullable', image }),
    });
  }
  return items;
}

export function NodeFaultMenu({ node, className, injected, pods }: { node: Node; className?: string; injected?: readonly MessageKey[]; pods?: readonly Pod[] }) {
  const t = useT();
  const name = node.metadata?.name ?? '';
  const now = useNodeFaultContext(name, pods);
  return (
    <Menu label={t('faults.forNode', { name })} title={injected?.length ? t('faults.breakNodeNow', { name, faults: injected.map((k) => t(k)).join(', ') }) : t('faults.breakNode', { name })} items={nodeFaultItems(name, now)} className={className ?? 'menu-btn fault-btn'}>
      <span aria-hidden="true">⚡</span> {t('faults.button')}
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
  const t = useT();
  const name = pod.metadata?.name ?? '';
  const now = useInjectedFaults();
  return (
    <Menu label={t('faults.forPod', { name })} title={t('faults.breakPod', { name })} items={podFaultItems(pod, now)} className={className ?? 'menu-btn fault-btn'} openAt={openAt ?? null} {...(onClose ? { onClose } : {})} {...(noButton ? { noButton } : {})}>
      <span aria-hidden="true">⚡</span> {t('faults.button')}
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
const INJECTED_LABEL: Record<NodeFlag, MessageKey> = {
  'powered-off': 'faults.state.poweredOff',
  'kubelet-stopped': 'faults.state.kubeletStopped',
  'kube-proxy-stopped': 'faults.state.proxyStopped',
  'flanneld-stopped': 'faults.state.flannelStopped',
  'network-cut': 'faults.state.networkCut',
  'memory-pressure': 'faults.state.memoryPressure',
  'disk-pressure': 'faults.state.diskPressure',
};

/**
 * The node faults the learner has injected that are in effect now, by node, as the cards name them.
 */
export function useInjectedNodeFaults(): ReadonlyMap<string, readonly MessageKey[]> {
  const now = useInjectedFaults();
  return useMemo(() => {
    const out = new Map<string, readonly MessageKey[]>();
    for (const [node, flags] of now.nodes) if (flags.size) out.set(node, [...flags].map((f) => INJECTED_LABEL[f]));
    return out;
  }, [now]);
}
