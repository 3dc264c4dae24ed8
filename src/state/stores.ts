/**
 * zustand stores that mirror the cluster's Worker. They hold what the worker last said and nothing
 * the page worked out about the cluster itself: objects by resource and key, the event log, the
 * clock, the scenario log, and the worker's health.
 */
import { create } from 'zustand';
import type { EventLogEntry } from '../cli/eventLog';
import type { Scenario } from '../scenario/format';
import type { StoredObject } from '../sim/types';
import { MIRRORED_RESOURCES } from '../worker/protocol';
import { applyConversation, clearConversation } from './conversation';
import { useOpenLesson } from './lesson';
import type { ConversationBatch } from './conversation';
import type { Note } from './ui';
import type { CycleTrace } from '../sim/scheduler/framework/trace';
import type { ClockState, FromWorker, HpaSample, LessonProgress, MirroredResource, QueuedPod, StepView, TimelineState, TraceActionResult } from '../worker/protocol';

/** Objects of one resource by `namespace/name` (cluster-scoped: `/name`). */
export type ObjectMap = ReadonlyMap<string, StoredObject>;

export const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

function emptyMaps(): Record<MirroredResource, ObjectMap> {
  const out = {} as Record<MirroredResource, ObjectMap>;
  for (const r of MIRRORED_RESOURCES) out[r] = new Map();
  return out;
}

export interface ObjectsState {
  byResource: Record<MirroredResource, ObjectMap>;
  /** true once the first batch after a (re)load arrived */
  loaded: boolean;
}

export const useObjects = create<ObjectsState>(() => ({ byResource: emptyMaps(), loaded: false }));

/** One event-log row, with a sequence number the page gives it for stable keys. */
export interface LogRow extends EventLogEntry {
  seq: number;
}

/** The event log keeps at most this many rows; older rows drop off the top. */
export const EVENT_LOG_CAP = 5000;

export interface EventsState {
  rows: readonly LogRow[];
  /** rows dropped off the top since the last reset */
  dropped: number;
}

export const useEvents = create<EventsState>(() => ({ rows: [], dropped: 0 }));

export const useClock = create<ClockState>(() => ({ nowMs: 0, playing: false, speed: 1, eventsRun: 0 }));

export interface ScenarioState {
  scenario: Scenario | null;
}

export const useScenario = create<ScenarioState>(() => ({ scenario: null }));

/** HPA status samples by `namespace/name`, oldest first, as the worker took them. */
export interface HpaSamplesState {
  byKey: ReadonlyMap<string, readonly HpaSample[]>;
}

/** Samples kept per HPA on the page. */
export const HPA_SAMPLES_CAP = 500;

export const useHpaSamples = create<HpaSamplesState>(() => ({ byKey: new Map() }));

/** The scenario's trace actions the cluster has performed so far, oldest first, with their traces. */
export interface TraceActionsState {
  results: readonly TraceActionResult[];
}

/** Trace actions kept on the page (a scenario holds at most 1000 actions). */
export const TRACE_ACTIONS_CAP = 1000;

export const useTraceActions = create<TraceActionsState>(() => ({ results: [] }));

/**
 * The step of the latest trace action the Network view shows (undefined: no trace shown). It travels
 * in the share link's `ui.traceStep`; the address bar writes it and sets it from a link it opens.
 */
export const useTraceStep = create<{ step: number | undefined }>(() => ({ step: undefined }));

/** kube-scheduler as the worker last described it: its queue, the last cycles' traces, the stepped cycle. */
export interface SchedulerState {
  stepMode: boolean;
  queue: readonly QueuedPod[];
  counts: Record<QueuedPod['queue'], number>;
  /** oldest first, at most SCHED_TRACES_CAP */
  traces: readonly CycleTrace[];
  step: StepView | null;
}

export const SCHED_TRACES_CAP = 50;

const emptyScheduler = (): SchedulerState => ({ stepMode: false, queue: [], counts: { activeQ: 0, backoffQ: 0, unschedulablePods: 0 }, traces: [], step: null });

export const useScheduler = create<SchedulerState>(() => emptyScheduler());

/** The latest trace of a pod's cycles (`namespace/name`), the open stepped cycle first. */
export function latestTraceOf(s: SchedulerState, podKey: string): CycleTrace | undefined {
  const mine = (t: CycleTrace): boolean => `${t.pod.namespace}/${t.pod.name}` === podKey;
  if (s.step && mine(s.step.trace)) return s.step.trace;
  for (let i = s.traces.length - 1; i >= 0; i--) if (mine(s.traces[i]!)) return s.traces[i];
  return undefined;
}

/** The story's time bar as the worker last described it (its horizon grows with the clock between updates). */
export const useTimeline = create<TimelineState>(() => ({ horizonMs: 0, marks: [] }));

/** The open lesson's goals as the worker last sent them (null: the story is no lesson's). */
export const useLessonProgress = create<{ progress: LessonProgress | null }>(() => ({ progress: null }));

/** A long rebuild the worker is in the middle of (a big scenario opening, a rewind's replay); null when none. */
export interface BuildProgress {
  atMs: number;
  targetMs: number;
  nodes: number;
  nodesReady: number;
}

export const useBuild = create<{ progress: BuildProgress | null }>(() => ({ progress: null }));

export type HealthStatus = 'starting' | 'ok' | 'failed';

export interface HealthState {
  status: HealthStatus;
  /** why it failed, in English (errors carry it) */
  message: string;
  /** the same, shown in the page's language */
  note?: Note;
}

export const useHealth = create<HealthState>(() => ({ status: 'starting', message: '' }));

type Batch = Extract<FromWorker, { type: 'batch' }>;

let seq = 0;

/**
 * Applies a run of batches (everything that arrived within one animation frame) to the stores with
 * one update per store. A batch with `reset` drops what came before it.
 */
export function applyBatches(batches: readonly Batch[]): void {
  if (batches.length === 0) return;
  let start = 0;
  for (let i = batches.length - 1; i >= 0; i--) {
    if (batches[i]!.reset) {
      start = i;
      break;
    }
  }
  const reset = batches[start]!.reset;

  // Objects: copy each touched resource's map once.
  const prev = useObjects.getState();
  const maps: Record<MirroredResource, ObjectMap> = reset ? emptyMaps() : { ...prev.byResource };
  const copied = new Set<MirroredResource>();
  const rows: LogRow[] = [];
  let scenario: Scenario | undefined;
  const samples: HpaSample[] = [];
  const traceResults: TraceActionResult[] = [];
  const talk: ConversationBatch[] = [];
  for (let b = start; b < batches.length; b++) {
    const batch = batches[b]!;
    for (const d of batch.deltas) {
      let m = maps[d.resource] as Map<string, StoredObject>;
      if (!copied.has(d.resource)) {
        // After a reset the maps are fresh already; otherwise copy before the first change.
        if (!reset) maps[d.resource] = m = new Map(m);
        copied.add(d.resource);
      }
      const key = objectKey(d.object.metadata.namespace, d.object.metadata.name);
      if (d.type === 'DELETED') m.delete(key);
      else m.set(key, d.object);
    }
    for (const e of batch.events) rows.push({ ...e, seq: ++seq });
    if (batch.scenario) scenario = batch.scenario;
    if (batch.hpaSamples) samples.push(...batch.hpaSamples);
    if (batch.traceResults) traceResults.push(...batch.traceResults);
    if (batch.conversation) talk.push(batch.conversation);
  }
  if (reset || copied.size > 0 || !prev.loaded) useObjects.setState({ byResource: maps, loaded: true });

  if (reset || rows.length > 0) {
    const old = reset ? [] : useEvents.getState().rows;
    let next = old.length === 0 ? rows : old.concat(rows);
    let dropped = reset ? 0 : useEvents.getState().dropped;
    if (next.length > EVENT_LOG_CAP) {
      dropped += next.length - EVENT_LOG_CAP;
      next = next.slice(next.length - EVENT_LOG_CAP);
    }
    useEvents.setState({ rows: next, dropped });
  }

  const clock = batches[batches.length - 1]!.clock;
  const c = useClock.getState();
  if (c.nowMs !== clock.nowMs || c.playing !== clock.playing || c.speed !== clock.speed || c.eventsRun !== clock.eventsRun || c.next?.atMs !== clock.next?.atMs || c.next?.label !== clock.next?.label || c.last?.step !== clock.last?.step) {
    useClock.setState(clock, true);
  }
  if (scenario) useScenario.setState({ scenario });
  applyConversation(talk, reset);
  for (let b = batches.length - 1; b >= start; b--) {
    const t = batches[b]!.timeline;
    if (t) {
      useTimeline.setState(t, true);
      break;
    }
  }

  // A reset batch of a lesson's story always carries its goals: one without says no lesson is open.
  let lesson: LessonProgress | null | undefined = reset ? null : undefined;
  for (let b = batches.length - 1; b >= start; b--) {
    const l = batches[b]!.lesson;
    if (l !== undefined) {
      lesson = l;
      break;
    }
  }
  if (lesson !== undefined) useLessonProgress.setState({ progress: lesson });
  // The worker's story is no lesson's (the cluster was started afresh another way): the page closes it too.
  if (lesson === null && useOpenLesson.getState().open) useOpenLesson.setState({ open: null });

  if (reset || samples.length > 0) {
    const byKey = new Map<string, readonly HpaSample[]>(reset ? [] : useHpaSamples.getState().byKey);
    const grown = new Map<string, HpaSample[]>();
    for (const smp of samples) {
      let list = grown.get(smp.key);
      if (!list) grown.set(smp.key, (list = [...(byKey.get(smp.key) ?? [])]));
      list.push(smp);
    }
    for (const [k, list] of grown) byKey.set(k, list.length > HPA_SAMPLES_CAP ? list.slice(list.length - HPA_SAMPLES_CAP) : list);
    useHpaSamples.setState({ byKey });
  }

  if (reset || traceResults.length > 0) {
    const all = reset ? traceResults : [...useTraceActions.getState().results, ...traceResults];
    useTraceActions.setState({ results: all.length > TRACE_ACTIONS_CAP ? all.slice(all.length - TRACE_ACTIONS_CAP) : all });
  }

  const prevSched = reset ? emptyScheduler() : useScheduler.getState();
  const sched: Partial<SchedulerState> = {};
  let traces: CycleTrace[] | undefined;
  for (let b = start; b < batches.length; b++) {
    const d = batches[b]!.scheduler;
    if (!d) continue;
    if (d.stepMode !== undefined) sched.stepMode = d.stepMode;
    if (d.queue) {
      sched.queue = d.queue.pods;
      sched.counts = d.queue.counts;
    }
    if (d.step !== undefined) sched.step = d.step;
    if (d.traces?.length) (traces ??= [...prevSched.traces]).push(...d.traces);
  }
  if (traces) sched.traces = traces.length > SCHED_TRACES_CAP ? traces.slice(traces.length - SCHED_TRACES_CAP) : traces;
  if (reset) useScheduler.setState({ ...prevSched, ...sched }, true);
  else if (Object.keys(sched).length) useScheduler.setState(sched);
}

/** Clears the mirrored objects and events (before a reload). */
export function clearMirror(): void {
  useObjects.setState({ byResource: emptyMaps(), loaded: false });
  useEvents.setState({ rows: [], dropped: 0 });
  useHpaSamples.setState({ byKey: new Map() });
  useTraceActions.setState({ results: [] });
  useScheduler.setState(emptyScheduler(), true);
  clearConversation();
  useTimeline.setState({ horizonMs: 0, marks: [] }, true);
  useLessonProgress.setState({ progress: null });
}
