/**
 * The cluster's event log as kubetab shows it: every Event object in the order the API server stored
 * it, with the virtual time it happened.
 */
import { SIM_EPOCH_MS } from '../sim/clock';
import type { Cluster } from '../sim/cluster';
import type { Event, StoredObject } from '../sim/types';
import { formatDuration } from '../scenario/duration';

export interface EventLogEntry {
  /** virtual ms of the event's last occurrence */
  atMs: number;
  type: string;
  reason: string;
  object: string;
  namespace: string;
  source: string;
  message: string;
  count: number;
}

/** One Event object as a line of the log. */
export function toEventLogEntry(o: StoredObject): EventLogEntry {
  const e = o as unknown as Event;
  return {
    atMs: Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? o.metadata.creationTimestamp) - SIM_EPOCH_MS,
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${(e.involvedObject.kind ?? '').toLowerCase()}/${e.involvedObject.name ?? ''}`,
    namespace: e.involvedObject.namespace ?? '',
    source: e.source?.component || e.reportingComponent || '',
    message: e.message ?? '',
    count: e.count ?? 1,
  };
}

export function eventLog(cluster: Cluster): EventLogEntry[] {
  // Read straight from the store so the log costs no API request and orders ties by creation.
  const rows = cluster.api.store.range('/registry/events/').map((kv) => ({ createRevision: kv.createRevision, entry: toEventLogEntry(kv.value) }));
  rows.sort((a, b) => a.entry.atMs - b.entry.atMs || a.createRevision - b.createRevision);
  return rows.map((r) => r.entry);
}

export function formatEventLog(entries: EventLogEntry[]): string {
  const rows = [['TIME', 'TYPE', 'REASON', 'OBJECT', 'SOURCE', 'MESSAGE'], ...entries.map((e) => [formatDuration(Math.max(0, e.atMs)), e.type, e.reason, e.namespace ? `${e.namespace}/${e.object}` : e.object, e.source, e.message])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 3))).join('')).join('\n') + '\n';
}
