/**
 * NodePorts (plugins/nodeports): a pod asking for host ports fits only a node where none of them is
 * taken. A port is (hostIP, protocol, hostPort); hostIP 0.0.0.0 (or empty) takes the port on every
 * address, so it conflicts with the same protocol and port on any IP, and any IP conflicts with it.
 */
import type { Pod } from '../../../types';
import type { CycleState, StateData } from '../../framework/cycleState';
import { ActionType, UPDATE } from '../../framework/events';
import type { FilterPlugin, PreFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/nodeInfo';
import { Status } from '../../framework/status';

export const name = 'NodePorts';
export const ErrReason = "node(s) didn't have free ports for the requested pod ports";
const preFilterStateKey = 'PreFilter' + name;

export interface WantedPort {
  ip: string;
  protocol: string;
  port: number;
}

class PreFilterState implements StateData {
  constructor(readonly ports: WantedPort[]) {}
  clone(): StateData { return this; }
}

/** The pod's host ports (containers with hostPort > 0). */
export function getContainerPorts(pod: Pod): WantedPort[] {
  const out: WantedPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** HostPortInfo.CheckConflict over the node's used-port keys (`ip|protocol|port`). */
export function portConflicts(used: ReadonlyMap<string, number>, want: WantedPort): boolean {
  if (want.port <= 0) return false;
  if (want.ip === '0.0.0.0') {
    const suffix = `|${want.protocol}|${want.port}`;
    for (const k of used.keys()) if (k.endsWith(suffix)) return true;
    return false;
  }
  return used.has(`0.0.0.0|${want.protocol}|${want.port}`) || used.has(`${want.ip}|${want.protocol}|${want.port}`);
}

export function fitsPorts(want: readonly WantedPort[], nodeInfo: NodeInfo): boolean {
  if (nodeInfo.usedPorts.size === 0) return true;
  for (const w of want) if (portConflicts(nodeInfo.usedPorts, w)) return false;
  return true;
}

export function newNodePorts(): PreFilterPlugin & FilterPlugin {
  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const ports = getContainerPorts(pod);
      if (ports.length === 0) return { result: null, status: new Status('Skip') };
      state.write(preFilterStateKey, new PreFilterState(ports));
      return { result: null, status: null };
    },
    filter(state, _pod, nodeInfo) {
      const s = state.read<PreFilterState>(preFilterStateKey);
      return fitsPorts(s.ports, nodeInfo) ? null : new Status('Unschedulable', [ErrReason]);
    },
    eventsToRegister: () => [
      { resource: 'Pod', actionType: ActionType.Delete },
      { resource: 'Node', actionType: ActionType.Add | UPDATE },
    ],
  } satisfies PreFilterPlugin & FilterPlugin;
}
