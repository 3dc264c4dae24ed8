/**
 * `kubectl events [--for TYPE/NAME] [--types Normal,Warning] [-A] [-w] [--no-headers] [-o …]`, kubectl
 * 1.31's events command: LAST SEEN TYPE REASON OBJECT MESSAGE, oldest first. With -w every event there
 * is and every new one prints as it comes (each row flushed, and so aligned, on its own; the header once).
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { plainError } from '../errors';
import { flagBool, flagList, flagString, type ParsedFlags } from '../flags';
import { FollowSink } from '../follow';
import { TABLE_TABWRITER, tabwrite } from '../tabwriter';
import { humanDuration } from '../duration';
import { virtualMs } from '../time';
import { resolveOrFail } from './args';
import type { CommandIO } from './context';
import type { Scope } from './fetch';
import { parseOutputFlag, renderStructured } from './output';

type StoredEvent = Event & KObject;

const since = (ts: string | undefined | null, nowMs: number): string => {
  const t = virtualMs(ts);
  return t === undefined ? '<unknown>' : humanDuration(nowMs - t);
};

/** kubectl's getInterval: the last time, with the count and the first time for a repeated event. */
function interval(e: Event, nowMs: number): string {
  const first = e.eventTime ? since(e.eventTime, nowMs) : since(e.firstTimestamp, nowMs);
  if (e.series) return `${since(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
  return first;
}

/** SortableEvents' time: the series' last observation, else lastTimestamp, else eventTime. */
const sortTime = (e: Event): number => virtualMs(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime) ?? Number.NEGATIVE_INFINITY;

function row(e: Event, nowMs: number, allNamespaces: boolean): string {
  const obj = `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`;
  return `${allNamespaces ? `${e.metadata?.namespace ?? ''}\t` : ''}${interval(e, nowMs)}\t${e.type ?? ''}\t${e.reason ?? ''}\t${obj}\t${(e.message ?? '').trim()}`;
}

const HEADINGS = 'LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE';

export function runEvents(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const types = flagList(f, 'types');
  for (const t of types) if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') throw plainError('valid --types are Normal or Warning');
  if (f.args.length > 0) throw plainError(`unknown command ${JSON.stringify(f.args[0])} for "kubectl events"`);
  const forFlag = flagString(f, 'for');
  let forKind: string | undefined;
  let forName: string | undefined;
  if (forFlag !== '') {
    const seg = forFlag.split('/');
    if (seg.length < 2) throw plainError('--for must be in resource/name form');
    if (seg.length > 2) throw plainError('arguments in resource/name form may not have more than one slash');
    forKind = resolveOrFail(seg[0]!.toLowerCase()).kind;
    forName = seg[1]!;
  }
  const allNs = scope.allNamespaces;
  const ns = allNs ? undefined : scope.namespace;
  const wanted = (e: Event): boolean =>
    (types.length === 0 || types.some((t) => t.toLowerCase() === (e.type ?? '').toLowerCase())) && (forKind === undefined || (e.involvedObject.kind === forKind && e.involvedObject.name === forName));
  const output = flagString(f, 'output');
  const fmt = output ? parseOutputFlag(output) : undefined;
  const noHeaders = flagBool(f, 'no-headers');
  const client = io.ctx.client;
  const list = client.list<StoredEvent>('events', ns);
  const items = list.items.filter(wanted);

  if (!flagBool(f, 'watch')) {
    if (items.length === 0) {
      io.err(allNs ? 'No events found.\n' : `No events found in ${scope.namespace} namespace.\n`);
      return;
    }
    const sorted = items.map((e, i) => ({ e, i })).sort((a, b) => sortTime(a.e) - sortTime(b.e) || a.i - b.i).map((x) => x.e);
    if (fmt) {
      io.out(renderStructured(fmt, { apiVersion: 'v1', kind: 'EventList', metadata: { resourceVersion: list.metadata.resourceVersion }, items: sorted }));
      return;
    }
    const now = io.ctx.nowMs();
    const head = noHeaders ? [] : [`${allNs ? 'NAMESPACE\t' : ''}${HEADINGS}`];
    io.out(tabwrite([...head, ...sorted.map((e) => row(e, now, allNs))].join('\n') + '\n', TABLE_TABWRITER));
    return;
  }

  // -w: a watch from no resourceVersion, whose first events are the events there are (unsorted).
  let headed = noHeaders;
  const print = (e: Event): string => {
    if (fmt) return renderStructured(fmt, { apiVersion: 'v1', kind: 'Event', ...e });
    const lines = headed ? [row(e, io.ctx.nowMs(), allNs)] : [`${allNs ? 'NAMESPACE\t' : ''}${HEADINGS}`, row(e, io.ctx.nowMs(), allNs)];
    headed = true;
    return tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER);
  };
  const sink = new FollowSink(io);
  for (const e of items) sink.write(print(e));
  const w = client.watch<StoredEvent>('events', ns, { resourceVersion: list.metadata.resourceVersion }, (ev) => {
    // Events are deleted after an hour; kubectl does not print that.
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
    if (wanted(ev.object)) sink.write(print(ev.object));
  });
  sink.stream.onEnd(() => w.stop());
  sink.detach();
}
