/**
 * A clock step told in words, from what it said to the API server: its most telling request
 * (`kube-scheduler: bind default/web-7d4b9c-x2x9q to worker-2`), or, when it only delivered watch
 * events, the first of them (`watch: ADDED pods/default/web-7d4b9c-x2x9q → kubelet/worker-2`).
 */
import type { ConversationEntry, RequestEntry, WatchEntry } from './types';

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** `default/web`, or `worker-2` for a cluster-scoped object. */
function objectName(e: { namespace?: string; name?: string }): string {
  return e.namespace ? `${e.namespace}/${e.name ?? ''}` : (e.name ?? '');
}

/** `pods/default/web-x`: the object a watch event is about. */
export function watchRef(e: Pick<WatchEntry, 'resource' | 'namespace' | 'name'>): string {
  return e.namespace ? `${e.resource}/${e.namespace}/${e.name ?? ''}` : `${e.resource}/${e.name ?? ''}`;
}

/**
 * One request in words, without its sender: `bind default/web-x to worker-2`, `update status of pods
 * default/web-x`, `record event Pulled on Pod default/web-x`. `note` is what the body said (recorder.ts).
 */
export function requestWords(e: RequestEntry, note?: string): string {
  if (e.verb === 'create' && e.resource === 'pods' && e.subresource === 'binding') return `bind ${objectName(e)}${note ? ` to ${note}` : ''}`;
  if (e.verb === 'create' && e.resource === 'events' && note) return `record event ${note}`;
  if (e.verb === 'list' || e.verb === 'watch') return `${e.verb} ${e.resource}${e.namespace ? ` in ${e.namespace}` : ''}`;
  if (e.subresource === 'status') return `${e.verb} status of ${e.resource} ${objectName(e)}`;
  const what = e.subresource ? `${e.resource}/${e.subresource}` : e.resource;
  return `${e.verb} ${what} ${objectName(e)}`;
}

/** One watch event in words: `watch: ADDED pods/default/web-x → kubelet/worker-2`. */
export function watchWords(e: WatchEntry): string {
  return `watch: ${e.type} ${watchRef(e)} → ${e.component}`;
}

/** The label of a step that recorded `entries` (in order). */
export function stepLabel(entries: readonly ConversationEntry[], noteOf: (seq: number) => string | undefined): string {
  const requests = entries.filter((e): e is RequestEntry => e.kind === 'request');
  if (requests.length > 0) {
    // An Event a component records about what it did is its footnote, not its act.
    const writes = requests.filter((r) => WRITES.has(r.verb));
    const acts = writes.filter((r) => r.resource !== 'events');
    const pool = acts.length > 0 ? acts : writes.length > 0 ? writes : requests;
    const head = pool.find((r) => r.code < 400) ?? pool[0]!;
    const more = pool.length > 1 ? ` (+${pool.length - 1} more)` : '';
    return `${head.component}: ${requestWords(head, noteOf(head.seq))}${more}`;
  }
  const watches = entries as readonly WatchEntry[];
  const more = watches.length > 1 ? ` (+${watches.length - 1} more)` : '';
  return `${watchWords(watches[0]!)}${more}`;
}
