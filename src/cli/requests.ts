/**
 * `kubetab run --requests[=FILTER]`: the API server's conversation as readable lines — every request
 * (who, method and URI, the answer, the etcd writes) and every watch event (to whom, from which
 * request) — all of it, one object's story, or one component's.
 */
import type { ConversationLog } from '../sim/api/conversation/recorder';
import { query } from '../sim/api/conversation/filter';
import { watchRef } from '../sim/api/conversation/story';
import type { ConversationEntry, ConversationFilter } from '../sim/api/conversation/types';

/**
 * FILTER as given: `pods/default/web-x` (an object: RESOURCE/NAMESPACE/NAME, or RESOURCE/NAME when
 * cluster-scoped) or a component (`kube-scheduler`, `kubelet/worker-1`, `kubectl`); empty for all.
 */
export function requestsFilter(arg: string): ConversationFilter {
  if (!arg) return {};
  if (arg.startsWith('kubelet/') || !arg.includes('/')) return { components: [arg] };
  return { object: arg };
}

/** The entries kept that match, oldest first, and how many older entries are no longer kept. */
export function requestsFrom(log: ConversationLog, filter: ConversationFilter): { entries: ConversationEntry[]; lost: number } {
  return { entries: query(log.newestFirst(), filter, Number.POSITIVE_INFINITY, (seq) => log.at(seq)), lost: log.oldest - 1 };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** One entry as a line. */
export function formatEntry(e: ConversationEntry): string {
  if (e.kind === 'watch') {
    const ref = e.type === 'ERROR' ? e.resource : watchRef(e);
    return `[${seconds(e.atMs)}] #${e.seq} watch: ${e.type} ${ref}${e.revision ? ` @${e.revision}` : ''} → ${e.component}${e.cause !== undefined ? ` (from #${e.cause})` : ''}`;
  }
  const etcd = e.etcd?.length ? ` (etcd ${e.etcd.map((w) => `${w.op} ${w.key} @${w.revision}`).join(', ')})` : '';
  return `[${seconds(e.atMs)}] #${e.seq} ${e.component}: ${e.method} ${e.uri} → ${e.code}${etcd}`;
}

export function formatRequests(r: { entries: ConversationEntry[]; lost: number }): string {
  const head = r.lost > 0 ? `(${r.lost} earlier entries are no longer kept)\n` : '';
  return head + r.entries.map((e) => formatEntry(e) + '\n').join('');
}
