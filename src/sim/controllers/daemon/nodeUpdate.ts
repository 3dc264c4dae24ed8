/**
 * Which node updates the DaemonSet controller looks at (daemon_controller.go shouldIgnoreNodeUpdate,
 * 1.31): an update is ignored when the set of condition types that are True is unchanged and nothing
 * else but the resourceVersion and the conditions (their heartbeat and transition times, reasons,
 * messages) changed — the kubelet's periodic status writes.
 */
import type { Node, NodeCondition } from '../../types';
import { semanticEqual } from '../internal/util';

/** nodeInSameCondition: the same condition types are True before and after. */
export function nodeInSameCondition(old: readonly NodeCondition[] | undefined, cur: readonly NodeCondition[] | undefined): boolean {
  const trueTypes = new Set<string>();
  for (const c of old ?? []) if (c.status === 'True') trueTypes.add(c.type);
  for (const c of cur ?? []) {
    if (c.status !== 'True') continue;
    if (!trueTypes.delete(c.type)) return false;
  }
  return trueTypes.size === 0;
}

export function shouldIgnoreNodeUpdate(old: Node, cur: Node): boolean {
  if (!nodeInSameCondition(old.status?.conditions, cur.status?.conditions)) return false;
  // Compare the rest with the resourceVersion and the conditions taken out (shallow copies: the
  // informer's objects are frozen).
  const rest = (n: Node): Node => ({ ...n, metadata: { ...n.metadata, resourceVersion: undefined }, status: { ...n.status, conditions: undefined } });
  return semanticEqual(rest(old), rest(cur));
}
