/**
 * `event`: an Event was recorded since the student took over — created or seen again (an Event that
 * repeats is the same object with a higher count), so its store revision is after the take-over's.
 */
import type { Check } from '../types';
import type { CheckContext, CheckResult } from './context';
import { definition, observeList } from './context';

export type EventCheck = Extract<Check, { event: unknown }>['event'];

interface EventShape {
  metadata: { resourceVersion?: string };
  reason?: string;
  type?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string };
}

export function checkEvent(ctx: CheckContext, c: EventCheck): CheckResult {
  const events = observeList(ctx, definition('events'), c.namespace) as unknown as EventShape[];
  const hit = events.find(
    (e) =>
      Number(e.metadata.resourceVersion ?? 0) > ctx.sinceRevision &&
      e.reason === c.reason &&
      (c.type === undefined || e.type === c.type) &&
      (c.kind === undefined || e.involvedObject?.kind === c.kind) &&
      (c.name === undefined || e.involvedObject?.name === c.name || (e.involvedObject?.name ?? '').startsWith(`${c.name}-`)) &&
      (c.messageContains === undefined || (e.message ?? '').includes(c.messageContains)),
  );
  if (hit) return { ok: true, detail: `Event ${hit.reason} on ${hit.involvedObject?.kind ?? '?'}/${hit.involvedObject?.name ?? '?'}: ${hit.message ?? ''}`.trimEnd() };
  return { ok: false, detail: `no ${describe(c)} since the student took over` };
}

/** `Warning Event BackOff on Pod web in namespace shop with a message containing "x"`. */
function describe(c: EventCheck): string {
  const on = c.kind && c.name ? ` on ${c.kind} ${c.name}` : c.kind ? ` on a ${c.kind}` : c.name ? ` on ${c.name}` : '';
  return `${c.type ? `${c.type} ` : ''}Event ${c.reason}${on}${c.namespace ? ` in namespace ${c.namespace}` : ''}${c.messageContains ? ` with a message containing ${JSON.stringify(c.messageContains)}` : ''}`;
}
