/**
 * Writes core/v1 Events the way client-go's recorder does (tools/record): every event passes the
 * EventCorrelator before it reaches the API server.
 *
 * - Aggregation: when one source reports, about one object, events of one type and reason whose
 *   messages differ, the 10th distinct message within 10 minutes (and every later one) is written
 *   as a single event "(combined from similar events): <message>" whose count goes up.
 * - Counting: an event identical to one already written (same source, object, type, reason and
 *   message) patches that Event's `count`, `lastTimestamp` and `message` instead of creating one.
 * - Spam filter: a source may write 25 events about one object, then one more every 5 minutes; the
 *   rest are dropped (their counts still advance, so the next write carries the true count).
 *
 * Each record is kept in a 4,096-entry LRU cache, so the cost of an event does not grow with how many
 * objects a component has reported on.
 */
import type { Clock } from '../clock';
import { isStatusError } from '../api/types';
import type { KObject } from '../types';
import type { Client, EventRecorder } from './types';
import { eventNameSuffix } from './eventNames';
import { Lru } from './lru';
import { TokenBucket } from './ratelimit';

/** maxLruCacheEntries */
export const EVENT_CACHE_ENTRIES = 4096;
/** defaultAggregateMaxEvents: distinct messages before similar events are combined. */
export const AGGREGATE_MAX_EVENTS = 10;
/** defaultAggregateIntervalInSeconds */
export const AGGREGATE_INTERVAL_MS = 600_000;
/** defaultSpamBurst: events a source may write about one object at once. */
export const SPAM_BURST = 25;
/** defaultSpamQPS: one more event every 5 minutes. */
export const SPAM_QPS = 1 / 300;
/** EventAggregatorByReasonMessageFunc's prefix. */
export const COMBINED_PREFIX = '(combined from similar events): ';

export interface EventSource {
  /** `default-scheduler`, `kubelet`, `replicaset-controller`, … */
  component: string;
  /** set for kubelet events: the node name */
  host?: string;
}

interface Aggregate {
  /** Distinct messages seen, oldest first; never more than AGGREGATE_MAX_EVENTS − 1 kept. */
  messages: Set<string>;
  lastMs: number;
}

/** What the recorder remembers of an Event it wrote (the eventLogger's eventLog). */
interface Observation {
  count: number;
  firstTimestamp: string;
  name: string;
  namespace: string;
}

export class ClientEventRecorder implements EventRecorder {
  private readonly aggregates = new Lru<Aggregate>(EVENT_CACHE_ENTRIES);
  private readonly observed = new Lru<Observation>(EVENT_CACHE_ENTRIES);
  private readonly spam = new Lru<TokenBucket>(EVENT_CACHE_ENTRIES);
  private seq = 0;
  /** The event source as written into each Event. */
  private readonly sourceRef: { component: string; host?: string };
  /** The last timestamp written and its second: a recorder writes many events in one second. */
  private tsSecond = NaN;
  private ts = '';

  constructor(private readonly client: Client, private readonly clock: Clock, private readonly source: EventSource) {
    this.sourceRef = source.host === undefined ? { component: source.component } : { component: source.component, host: source.host };
  }

  /** clock.timestamp(now), which has whole seconds, formatted once per second. */
  private timestamp(now: number): string {
    const second = Math.floor(now / 1000);
    if (second !== this.tsSecond) {
      this.tsSecond = second;
      this.ts = this.clock.timestamp(now);
    }
    return this.ts;
  }

  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, action?: string, fieldPath?: string): void {
    const meta = obj.metadata ?? {};
    const namespace = meta.namespace || 'default';
    const now = this.clock.now();
    const ts = this.timestamp(now);
    // The correlator's keys, built once per event as plain strings. client-go's also hold the source;
    // these caches belong to one recorder, whose source never changes, so it is left out.
    const object = `${obj.kind ?? ''}\u0000${meta.namespace ?? ''}\u0000${meta.name ?? ''}\u0000${meta.uid ?? ''}\u0000${obj.apiVersion ?? ''}`;

    // EventAggregate: group by everything but the message (and the field path, which client-go's
    // aggregation key leaves out while its event key keeps it).
    const aggregateKey = `a\u0000${object}\u0000${type}\u0000${reason}`;
    let agg = this.aggregates.get(aggregateKey);
    if (!agg || now - agg.lastMs > AGGREGATE_INTERVAL_MS) {
      agg = { messages: new Set(), lastMs: now };
      this.aggregates.add(aggregateKey, agg);
    }
    agg.messages.add(message);
    agg.lastMs = now;
    let key: string;
    let text = message;
    let combined = false;
    if (agg.messages.size >= AGGREGATE_MAX_EVENTS) {
      // Keep the set from growing: drop the oldest message (client-go drops an arbitrary one).
      agg.messages.delete(agg.messages.values().next().value as string);
      key = aggregateKey;
      text = COMBINED_PREFIX + message;
      combined = true;
    } else key = `e\u0000${object}\u0000${fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`;

    // eventObserve: a repeat continues the Event already written under this key.
    // (Only looked at here: the add below makes it the newest either way.)
    const last = this.observed.peek(key);
    const count = last ? last.count + 1 : 1;
    const firstTimestamp = last ? last.firstTimestamp : ts;
    const name = last ? last.name : `${meta.name ?? 'unknown'}.${this.nanoHex(now)}`;
    this.observed.add(key, { count, firstTimestamp, name, namespace });

    // EventSourceObjectSpamFilter: a token bucket per source and object.
    const spamKey = object;
    let bucket = this.spam.get(spamKey);
    if (!bucket) {
      bucket = new TokenBucket(SPAM_QPS, SPAM_BURST, now);
      this.spam.add(spamKey, bucket);
    }
    if (!bucket.tryAccept(now)) return;

    try {
      if (last) {
        try {
          this.client.patch('events', namespace, name, { count, lastTimestamp: ts, message: text }, { type: 'strategic' });
          return;
        } catch (e) {
          // The Event expired (or was deleted): write it afresh under the same name, as client-go does.
          if (!isStatusError(e, 'NotFound')) throw e;
        }
      }
      const written = this.create(name, namespace, {
        involvedObject: objectReference(obj, fieldPath),
        reason,
        message: text,
        source: { ...this.sourceRef },
        firstTimestamp,
        lastTimestamp: ts,
        count,
        type,
        eventTime: null,
        // The combined event is a fresh object that does not carry the reporting fields.
        reportingComponent: combined ? '' : this.source.component,
        reportingInstance: combined ? '' : (this.source.host ?? ''),
        ...(action && !combined ? { action } : {}),
      }, now);
      if (written !== name) this.observed.add(key, { count, firstTimestamp, name: written, namespace });
    } catch (e) {
      // Events are best effort, as in client-go: a namespace being torn down must not break a controller.
      if (!isStatusError(e)) throw e;
    }
  }

  /** Creates the Event; returns the name it was written under. */
  private create(name: string, namespace: string, body: Record<string, unknown>, now: number): string {
    // Two recorders can pick the same name for one object in the same virtual nanosecond (the real
    // ones never meet, their wall-clock nanoseconds differ): on AlreadyExists take the next name.
    const base = name.slice(0, name.lastIndexOf('.'));
    for (let attempt = 0; ; attempt++) {
      try {
        this.client.create('events', { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, ...body });
        return name;
      } catch (e) {
        if (attempt >= 8 || !isStatusError(e, 'AlreadyExists')) throw e;
        name = `${base}.${this.nanoHex(now)}`;
      }
    }
  }

  private nanoHex(now: number): string {
    return eventNameSuffix(now, this.seq++);
  }
}

/** The Event's involvedObject: the object's reference fields that are set, in their usual order. */
function objectReference(obj: KObject, fieldPath?: string): Record<string, unknown> {
  const meta = obj.metadata ?? {};
  const ref: Record<string, unknown> = {};
  if (obj.apiVersion !== undefined) ref.apiVersion = obj.apiVersion;
  if (fieldPath) ref.fieldPath = fieldPath;
  if (obj.kind !== undefined) ref.kind = obj.kind;
  if (meta.name !== undefined) ref.name = meta.name;
  if (meta.namespace !== undefined) ref.namespace = meta.namespace;
  if (meta.uid !== undefined) ref.uid = meta.uid;
  if (meta.resourceVersion !== undefined) ref.resourceVersion = meta.resourceVersion;
  return ref;
}
