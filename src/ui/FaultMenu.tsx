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
import { translate, useT } from './i18n';
import type { MessageKey } from './i18n';

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
  const f = (type: Extract<Fault, { node: string }>['type'], label: MessageKey, hint: MessageKey, group: MessageKey, tone: MenuItem['tone']): MenuItem => ({
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
    items.push({ label: translate('faults.notScheduled'), disabled: true, onSelect: () => {} });
  } else {
    for (const c of containers) {
      const group = several ? translate('faults.group.containerNamed', { name: c.name }) : translate('faults.group.container');
      const container = several ? { container: c.name } : {};
      items.push({
        label: several ? translate('faults.crashNamed', { name: c.name }) : translate('faults.crash'),
        hint: translate('faults.crashHint'),
        group,
        tone: 'break',
        onSelect: () => void injectFault({ type: 'container-crash', pod: ref, ...container }),
      });
      for (const [field, probe] of PROBES) {
        if (!c[field]) continue;
        items.push({
          label: several ? translate('faults.probeFailNamed', { probe, name: c.name }) : translate('faults.probeFail', { probe }),
          hint: translate(probe === 'readiness' ? 'faults.probeFailReadiness' : probe === 'liveness' ? 'faults.probeFailLiveness' : 'faults.probeFailStartup'),
          group,
          tone: 'break',
          onSelect: () => void injectFault({ type: 'probe-fail', pod: ref, probe, ...container }),
        });
        items.push({
          label: several ? translate('faults.probePassNamed', { probe, name: c.name }) : translate('faults.probePass', { probe }),
          hint: translate('faults.probePassHint'),
          group,
          tone: 'repair',
          onSelect: () => void injectFault({ type: 'probe-pass', pod: ref, probe, ...container }),
        });
      }
      if (!c.livenessProbe && !c.readinessProbe && !c.startupProbe) {
        items.push({ label: several ? translate('faults.noProbesOn', { name: c.name }) : translate('faults.noProbes'), hint: translate('faults.noProbesHint'), group, disabled: true, onSelect: () => {} });
      }
    }
  }
  const images = [...new Set([...(pod.spec?.initContainers ?? []), ...containers].map((c) => c.image).filter((i): i is string => !!i))];
  for (const image of images) {
    items.push({
      label: translate('faults.unpullable', { image }),
      hint: translate('faults.unpullableHint'),
      group: translate('faults.group.registry'),
      tone: 'break',
      onSelect: () => void injectFault({ type: 'image-unpullable', image }),
    });
    items.push({
      label: translate('faults.pullable', { image }),
      hint: translate('faults.pullableHint'),
      group: translate('faults.group.registry'),
      tone: 'repair',
      onSelect: () => void injectFault({ type: 'image-pullable', image }),
    });
  }
  return items;
}

export function NodeFaultMenu({ node, className, injected }: { node: Node; className?: string; injected?: readonly MessageKey[] }) {
  const t = useT();
  const name = node.metadata?.name ?? '';
  return (
    <Menu label={t('faults.forNode', { name })} title={injected?.length ? t('faults.breakNodeNow', { name, faults: injected.map((k) => t(k)).join(', ') }) : t('faults.breakNode', { name })} items={nodeFaultItems(name)} className={className ?? 'menu-btn fault-btn'}>
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
  return (
    <Menu label={t('faults.forPod', { name })} title={t('faults.breakPod', { name })} items={podFaultItems(pod)} className={className ?? 'menu-btn fault-btn'} openAt={openAt ?? null} {...(onClose ? { onClose } : {})} {...(noButton ? { noButton } : {})}>
      <span aria-hidden="true">⚡</span> {t('faults.button')}
    </Menu>
  );
}

/**
 * The node faults the learner has injected that are in effect now, read from the scenario log (the
 * cause, for the card; the consequences are the cluster's to show), as the messages that name them.
 * Later actions — left in the log after a rewind — do not count yet.
 */
export function useInjectedNodeFaults(): ReadonlyMap<string, readonly MessageKey[]> {
  const scenario = useScenario((s) => s.scenario);
  const faults = useMemo(() => (scenario?.actions ?? []).filter((a): a is Extract<ScenarioAction, { fault: unknown }> => 'fault' in a && 'node' in a.fault), [scenario]);
  // Re-renders only when the clock crosses one of those actions.
  const due = useClock((s) => {
    let n = 0;
    while (n < faults.length && faults[n]!.atMs <= s.nowMs) n++;
    return n;
  });
  return useMemo(() => {
    const state = new Map<string, Set<MessageKey>>();
    for (const { fault } of faults.slice(0, due)) {
      if (!('node' in fault)) continue;
      let s = state.get(fault.node);
      if (!s) state.set(fault.node, (s = new Set()));
      switch (fault.type) {
        case 'node-down':
          s.add('faults.state.poweredOff');
          break;
        case 'node-up':
          s.delete('faults.state.poweredOff');
          s.delete('faults.state.kubeletStopped');
          s.delete('faults.state.proxyStopped');
          s.delete('faults.state.flannelStopped');
          break;
        case 'kubelet-stop':
          s.add('faults.state.kubeletStopped');
          break;
        case 'kubelet-start':
          s.delete('faults.state.kubeletStopped');
          break;
        case 'kube-proxy-stop':
          s.add('faults.state.proxyStopped');
          break;
        case 'kube-proxy-start':
          s.delete('faults.state.proxyStopped');
          break;
        case 'flannel-stop':
          s.add('faults.state.flannelStopped');
          break;
        case 'flannel-start':
          s.delete('faults.state.flannelStopped');
          break;
        case 'partition':
          s.add('faults.state.networkCut');
          break;
        case 'heal':
          s.delete('faults.state.networkCut');
          break;
        case 'memory-pressure':
          s.add('faults.state.memoryPressure');
          break;
        case 'disk-pressure':
          s.add('faults.state.diskPressure');
          break;
        case 'pressure-clear':
          s.delete('faults.state.memoryPressure');
          s.delete('faults.state.diskPressure');
          break;
      }
    }
    const out = new Map<string, readonly MessageKey[]>();
    for (const [node, s] of state) if (s.size) out.set(node, [...s]);
    return out;
  }, [faults, due]);
}
