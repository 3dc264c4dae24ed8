/** The nodes table: STATUS (Ready / NotReady / Unknown, plus SchedulingDisabled), ROLES, VERSION, wide addresses and node info. */
import type { Node } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { ageSince } from '../time';
import type { PrintContext, TablePrinter } from './table';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** Roles from `node-role.kubernetes.io/<role>` labels and a non-empty `kubernetes.io/role`, sorted and deduplicated. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const r = k.slice(ROLE_PREFIX.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: TablePrinter = {
  columns: [
    { name: 'Name', isName: true },
    { name: 'Status' },
    { name: 'Roles' },
    { name: 'Age' },
    { name: 'Version' },
    { name: 'Internal-IP', priority: 1 },
    { name: 'External-IP', priority: 1 },
    { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 },
    { name: 'Container-Runtime', priority: 1 },
  ],
  row(obj: KObject, ctx: PrintContext): string[] {
    const node = obj as Node;
    const roles = nodeRoles(node).join(',') || '<none>';
    const info = node.status?.nodeInfo;
    const cells = [node.metadata?.name ?? '', nodeStatus(node), roles, ageSince(node.metadata?.creationTimestamp, ctx.nowMs), info?.kubeletVersion ?? ''];
    if (ctx.wide) {
      cells.push(address(node, 'InternalIP'), address(node, 'ExternalIP'), info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>');
    }
    return cells;
  },
};
