/** The events table: LAST SEEN / TYPE / REASON / OBJECT / MESSAGE, and the wide columns. */
import type { Event } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { ageSince } from '../time';
import type { PrintContext, TablePrinter } from './table';

export function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

export const eventPrinter: TablePrinter = {
  columns: [
    { name: 'Last Seen' },
    { name: 'Type' },
    { name: 'Reason' },
    { name: 'Object' },
    { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 },
    { name: 'Message' },
    { name: 'First Seen', priority: 1 },
    { name: 'Count', priority: 1 },
    { name: 'Name', priority: 1, isName: true },
  ],
  row(obj: KObject, ctx: PrintContext): string[] {
    const e = obj as unknown as Event;
    const first = e.firstTimestamp ? ageSince(e.firstTimestamp, ctx.nowMs) : ageSince(e.eventTime, ctx.nowMs);
    let last = e.lastTimestamp ? ageSince(e.lastTimestamp, ctx.nowMs) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = ageSince(e.series.lastObservedTime, ctx.nowMs);
      count = e.series.count ?? 0;
    } else if (count === 0) count = 1;
    const io = e.involvedObject ?? {};
    const kind = (io.kind ?? '').toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    const msg = (e.message ?? '').trim();
    return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', eventSource(e), msg, first, String(count), e.metadata?.name ?? ''];
  },
};
