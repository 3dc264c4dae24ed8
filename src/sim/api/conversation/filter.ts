/**
 * Which conversation entries a Requests view query wants (ConversationFilter): one object followed
 * from apply to Running, some components, some verbs, with or without the heartbeat noise.
 */
import type { ConversationEntry, ConversationFilter, RequestEntry } from './types';

/** A parsed `object` filter: `pods/default/web-x` or, cluster-scoped, `nodes/worker-1`. */
interface ObjectRef {
  resource: string;
  namespace?: string;
  name: string;
}

function parseObject(s: string): ObjectRef | undefined {
  const parts = s.split('/');
  if (parts.length === 3) return { resource: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  if (parts.length === 2) return { resource: parts[0]!, name: parts[1]! };
  return undefined;
}

/**
 * Heartbeats: a node's status written by its kubelet (and the read before it) and Lease renewals
 * (kube-node-lease, leader election), which fill a quiet cluster's log.
 */
export function isHeartbeat(e: RequestEntry): boolean {
  if (e.resource === 'leases' && (e.verb === 'get' || e.verb === 'update' || e.verb === 'patch')) return true;
  if (e.resource === 'nodes' && e.subresource === 'status' && (e.verb === 'update' || e.verb === 'patch')) return true;
  return e.resource === 'nodes' && e.verb === 'get' && !e.subresource && e.component === `kubelet/${e.name ?? ''}`;
}

/**
 * A predicate for `filter`. `causeOf` looks up the request a watch event came from, so that hiding
 * heartbeats hides the watch events they fanned out too.
 */
export function matcher(filter: ConversationFilter, causeOf: (seq: number) => ConversationEntry | undefined): (e: ConversationEntry) => boolean {
  const obj = filter.object ? parseObject(filter.object) : undefined;
  const components = filter.components && filter.components.length > 0 ? new Set(filter.components) : undefined;
  const verbs = filter.verbs && filter.verbs.length > 0 ? new Set(filter.verbs) : undefined;
  // Watch events show unless switched off; a verb filter without `watch` hides them unless asked for.
  const watchEvents = filter.watchEvents ?? (!verbs || verbs.has('watch'));
  return (e) => {
    if (filter.object !== undefined) {
      if (!obj || e.resource !== obj.resource || e.name !== obj.name || (e.namespace ?? undefined) !== obj.namespace) return false;
    }
    if (components && !components.has(e.component)) return false;
    if (e.kind === 'watch') {
      if (!watchEvents || filter.denied) return false;
      if (filter.hideHeartbeats && e.cause !== undefined) {
        const c = causeOf(e.cause);
        if (c?.kind === 'request' && isHeartbeat(c)) return false;
      }
      return true;
    }
    if (verbs && !verbs.has(e.verb)) return false;
    if (filter.denied && e.code !== 403) return false;
    if (filter.hideHeartbeats && isHeartbeat(e)) return false;
    return true;
  };
}

/**
 * The entries matching `filter`, newest last: at most `limit` of those with seq below `beforeSeq`.
 * `entries` yields newest first.
 */
export function query(newestFirst: Iterable<ConversationEntry>, filter: ConversationFilter, limit: number, causeOf: (seq: number) => ConversationEntry | undefined): ConversationEntry[] {
  const match = matcher(filter, causeOf);
  const out: ConversationEntry[] = [];
  for (const e of newestFirst) {
    if (out.length >= limit) break;
    if (match(e)) out.push(e);
  }
  return out.reverse();
}
