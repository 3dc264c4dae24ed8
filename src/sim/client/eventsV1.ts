/**
 * The events.k8s.io/v1 recorder (client-go tools/events), which kube-scheduler uses; the API server
 * keeps those Events in the core/v1 shape the rest of the cluster reads (eventTime, series, the
 * reporting fields; no firstTimestamp, lastTimestamp, count or source).
 *
 * Repeats are folded into an EventSeries: the first occurrence is created, the second patches
 * `series` (count 2), later ones only count in memory. Every 30 minutes the counts are written; a
 * series not seen for 6 minutes is written a last time and forgotten, and so is a single event.
 * Two occurrences are the same event when their type, action, reason, reporting controller and
 * instance and object reference agree — resourceVersion included, the note not: a repeat with
 * another note joins the series and the stored Event keeps the first note (client-go's getKey).
 * kube-scheduler records FailedScheduling about the pod it took from its queue and then writes
 * PodScheduled=False, so a pod that stays unschedulable gets two Events: one about the pod as
 * created, and a series about the pod as the scheduler's own status write left it.
 */
import type { Clock, TimerId } from '../clock';
import { isStatusError } from '../api/types';
import type { KObject } from '../types';
import type { Client, EventRecorder } from './types';
import { eventNameSuffix, stripUndefined } from './eventNames';

/** finishTime: a series idle this long is finished. */
export const SERIES_FINISH_MS = 6 * 60_000;
/** refreshTime: how often running series are written. */
export const SERIES_REFRESH_MS = 30 * 60_000;

interface Cached {
  name: string;
  namespace: string;
  eventTimeMs: number;
  /** undefined until the event repeats */
  series?: { count: number; lastObservedMs: number };
  /** the create body, for writing it again if the stored Event is gone */
  body: Record<string, unknown>;
}

export class EventsV1Recorder implements EventRecorder {
  private readonly cache = new Map<string, Cached>();
  private seq = 0;
  private finishTimer: TimerId | undefined;
  private refreshTimer: TimerId | undefined;
  private readonly startMs: number;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly reportingController: string,
    private readonly reportingInstance: string,
  ) {
    this.startMs = clock.now();
  }

  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, note: string, action = ''): void {
    const meta = obj.metadata ?? {};
    // getKey's fields joined into one string; the reference object is built only for a new Event.
    const key = `${type}\u0000${action}\u0000${reason}\u0000${this.reportingController}\u0000${this.reportingInstance}\u0000${obj.apiVersion ?? '\u0001'}\u0000${obj.kind ?? '\u0001'}\u0000${meta.name ?? '\u0001'}\u0000${meta.namespace ?? '\u0001'}\u0000${meta.uid ?? '\u0001'}\u0000${meta.resourceVersion ?? '\u0001'}`;
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit) {
      if (hit.series) {
        hit.series.count++;
        hit.series.lastObservedMs = now;
        return;
      }
      hit.series = { count: 2, lastObservedMs: now };
      this.writeSeries(hit);
      return;
    }
    const namespace = meta.namespace || 'default';
    const name = `${meta.name ?? 'unknown'}.${this.nanoHex(now)}`;
    const regarding = stripUndefined({ apiVersion: obj.apiVersion, kind: obj.kind, name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion });
    const body: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: regarding,
      reason,
      message: note,
      type,
      eventTime: this.clock.microTimestamp(now),
      firstTimestamp: null,
      lastTimestamp: null,
      source: {},
      reportingComponent: this.reportingController,
      reportingInstance: this.reportingInstance,
      ...(action ? { action } : {}),
    };
    const cached: Cached = { name, namespace, eventTimeMs: now, body };
    this.cache.set(key, cached);
    this.create(cached);
    this.armTimers();
  }

  /** Writes a series' count; if the Event is gone, writes it whole again. */
  private writeSeries(c: Cached): void {
    const series = { count: c.series!.count, lastObservedTime: this.clock.microTimestamp(c.series!.lastObservedMs) };
    try {
      this.client.patch('events', c.namespace, c.name, { series }, { type: 'strategic' });
    } catch (e) {
      if (isStatusError(e, 'NotFound')) this.create(c, series);
      else if (!isStatusError(e)) throw e;
    }
  }

  private create(c: Cached, series?: { count: number; lastObservedTime: string }): void {
    try {
      this.client.create('events', { ...c.body, ...(series ? { series } : {}) } as KObject);
    } catch (e) {
      // Events are best effort: a namespace being torn down must not break the scheduler.
      if (!isStatusError(e)) throw e;
    }
  }

  /** finishSeries: series idle for 6 minutes are written a last time; old single events are dropped. */
  private finish(): void {
    const now = this.clock.now();
    for (const [key, c] of this.cache) {
      if (c.series) {
        if (c.series.lastObservedMs < now - SERIES_FINISH_MS) {
          this.writeSeries(c);
          this.cache.delete(key);
        }
      } else if (c.eventTimeMs < now - SERIES_FINISH_MS) this.cache.delete(key);
    }
  }

  /** refreshExistingEventSeries: every running series is written. */
  private refresh(): void {
    for (const c of this.cache.values()) if (c.series) this.writeSeries(c);
  }

  /** The tickers run from the recorder's start; they are armed only while something is cached. */
  private armTimers(): void {
    const tick = (period: number): number => this.startMs + (Math.floor((this.clock.now() - this.startMs) / period) + 1) * period;
    if (this.finishTimer === undefined) {
      this.finishTimer = this.clock.at(tick(SERIES_FINISH_MS), `${this.reportingController}: finish event series`, () => {
        this.finishTimer = undefined;
        this.finish();
        if (this.cache.size > 0) this.armTimers();
      });
    }
    if (this.refreshTimer === undefined) {
      this.refreshTimer = this.clock.at(tick(SERIES_REFRESH_MS), `${this.reportingController}: refresh event series`, () => {
        this.refreshTimer = undefined;
        this.refresh();
        if (this.cache.size > 0) this.armTimers();
      });
    }
  }

  private nanoHex(now: number): string {
    return eventNameSuffix(now, this.seq++);
  }
}
