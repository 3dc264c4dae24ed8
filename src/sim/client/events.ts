/**
 * Writes core/v1 Events the way client-go's recorder does: one Event object per distinct
 * (object, type, reason, message, source); a repeat within ten minutes bumps `count` and
 * `lastTimestamp` of the same object instead of writing a new one.
 */
import type { Clock } from '../clock';
import { SIM_EPOCH_MS } from '../clock';
import { isStatusError } from '../api/types';
import type { KObject } from '../types';
import type { Client, EventRecorder } from './types';

const AGGREGATION_WINDOW_MS = 10 * 60_000;

interface Seen {
  name: string;
  namespace: string;
  count: number;
  lastMs: number;
}

export interface EventSource {
  /** `default-scheduler`, `kubelet`, `replicaset-controller`, … */
  component: string;
  /** set for kubelet events: the node name */
  host?: string;
}

export class ClientEventRecorder implements EventRecorder {
  private seen = new Map<string, Seen>();
  private seq = 0;

  constructor(private readonly client: Client, private readonly clock: Clock, private readonly source: EventSource) {}

  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, action?: string): void {
    const meta = obj.metadata ?? {};
    const namespace = meta.namespace || 'default';
    const involved = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    };
    const id = `${involved.kind}|${namespace}|${involved.name}|${involved.uid}|${type}|${reason}|${message}`;
    const now = this.clock.now();
    const ts = this.clock.timestamp(now);
    const prev = this.seen.get(id);
    try {
      if (prev && now - prev.lastMs < AGGREGATION_WINDOW_MS) {
        prev.count++;
        prev.lastMs = now;
        this.client.patch('events', prev.namespace, prev.name, { count: prev.count, lastTimestamp: ts }, { type: 'merge' });
        return;
      }
      let name = '';
      // Two recorders can pick the same name for one object in the same virtual nanosecond (the real
      // ones never meet, their wall-clock nanoseconds differ): on AlreadyExists take the next name.
      for (let attempt = 0; ; attempt++) {
        name = `${meta.name ?? 'unknown'}.${this.nanoHex(now)}`;
        try {
            this.client.create('events', {
              apiVersion: 'v1',
              kind: 'Event',
              metadata: { name, namespace },
              involvedObject: stripUndefined(involved),
              reason,
              message,
              source: stripUndefined({ component: this.source.component, host: this.source.host }),
              firstTimestamp: ts,
              lastTimestamp: ts,
              count: 1,
              type,
              eventTime: null,
              reportingComponent: this.source.component,
              reportingInstance: this.source.host ?? '',
              ...(action ? { action } : {}),
            });
          break;
        } catch (e) {
          if (attempt >= 8 || !isStatusError(e, 'AlreadyExists')) throw e;
        }
      }
      this.seen.set(id, { name, namespace, count: 1, lastMs: now });
    } catch (e) {
      // Events are best effort, as in client-go: a namespace being torn down must not break a controller.
      if (!isStatusError(e)) throw e;
    }
    if (this.seen.size > 4096) this.prune(now);
  }

  private nanoHex(now: number): string {
    const nanos = (BigInt(SIM_EPOCH_MS) + BigInt(Math.floor(now))) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return nanos.toString(16);
  }

  private prune(now: number): void {
    for (const [k, s] of this.seen) if (now - s.lastMs >= AGGREGATION_WINDOW_MS) this.seen.delete(k);
  }
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
