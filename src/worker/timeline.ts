/**
 * The story's timeline: how far it has reached, its marks (the user's actions and the cluster's notable
 * events), and the one fork that can be undone. The host rebuilds clusters; this keeps what the page
 * draws under the clock, across those rebuilds.
 *
 * A story is deterministic, so a mark seen once at a moment is seen again at that moment on every
 * replay: marks are kept by (moment, kind, label) and a replay adds nothing new. The furthest run's
 * marks stay after a rewind, as the story's future, until an action forks the story there.
 */
import type { EventLogEntry } from '../cli/eventLog';
import { toEventLogEntry } from '../cli/eventLog';
import type { ScenarioAction } from '../scenario/format';
import type { ScenarioRun } from '../scenario/runner';
import type { TimelineMark, TimelineMarkKind, TimelineState } from './protocol';

/** Marks kept at most (the oldest cluster events drop first; the user's actions are always drawn). */
export const EVENT_MARKS_CAP = 1000;
const LABEL_MAX = 60;

/** What the page did in step scheduling, in order, so a rewind can replay it. */
export interface StepLogEntry {
  atMs: number;
  op: 'on' | 'off' | 'cycle';
  /** how many of the scenario log's actions had been performed then (actions at the same ms may follow) */
  actions: number;
}

/** What a fork dropped, kept for its undo. */
interface SavedFork {
  atMs: number;
  /** actions of the log before the fork's own (those performed by then) */
  kept: number;
  dropped: ScenarioAction[];
  /** step-scheduling entries of the story's past at the fork, and of its future (dropped with it) */
  stepPast: number;
  stepFuture: StepLogEntry[];
  marksCut: TimelineMark[];
  reachedMs: number;
}

/** What an undo gives back: the log and step-scheduling entries of the story before the fork. */
export interface Restored {
  atMs: number;
  actions: ScenarioAction[];
  stepLog: StepLogEntry[];
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > LABEL_MAX ? `${one.slice(0, LABEL_MAX - 1)}…` : one;
}

/** `apply Deployment/web, Service/web`: the kinds and names of an apply's documents, read without a YAML parser. */
function applyLabel(yaml: string): string {
  const objs: string[] = [];
  for (const doc of yaml.split(/^---.*$/m)) {
    const kind = /^kind:\s*["']?([A-Za-z0-9]+)/m.exec(doc)?.[1];
    if (!kind) continue;
    const meta = /^metadata:(.*(?:\n[ \t]+.*)*)/m.exec(doc)?.[1] ?? '';
    const name = /\bname:\s*["']?([a-z0-9.-]+)/.exec(meta)?.[1];
    objs.push(name ? `${kind}/${name}` : kind);
  }
  return objs.length ? `apply ${objs.join(', ')}` : 'apply';
}

/** A short label for a user action, as its mark's title shows it. */
export function actionLabel(a: ScenarioAction): string {
  if ('apply' in a) return clip(applyLabel(a.apply));
  if ('kubectl' in a) return clip(`kubectl ${a.kubectl.replace(/^\s*kubectl\s+/, '')}`);
  if ('trace' in a) return clip(`trace ${a.trace.from} → ${a.trace.to}`);
  const f = a.fault as { type: string; node?: string; pod?: string; namespace?: string; container?: string };
  const target = f.node ?? (f.pod ? `${f.namespace ? `${f.namespace}/` : ''}${f.pod}` : '');
  return clip(`fault ${f.type}${target ? ` ${target}` : ''}`);
}

export function actionMarks(actions: readonly ScenarioAction[]): TimelineMark[] {
  return actions.map((a) => ({ atMs: a.atMs, kind: 'fault' in a ? 'fault' : 'action', label: actionLabel(a) }));
}

const FAILURE_REASONS = new Set(['BackOff', 'Failed', 'BackoffLimitExceeded', 'SystemOOM', 'Unhealthy']);
const EVICTION_REASONS = new Set(['Evicted', 'Preempted']);

/**
 * The mark a cluster event makes, if it is notable: a failure, a scheduling failure, a rollout (a
 * Deployment's ReplicaSet of revision 2 or later scaled up from nothing) or an eviction.
 * `revisionOf` reads a ReplicaSet's `deployment.kubernetes.io/revision`.
 */
export function eventMark(atMs: number, e: EventLogEntry, revisionOf: (namespace: string, name: string) => number | undefined): TimelineMark | undefined {
  const obj = e.namespace ? `${e.object} (${e.namespace})` : e.object;
  const mark = (kind: TimelineMarkKind, label: string): TimelineMark => ({ atMs, kind, label: clip(label) });
  if (e.reason === 'FailedScheduling') return mark('scheduling', `FailedScheduling ${obj}`);
  if (e.reason === 'NodeNotReady') return e.object.startsWith('node/') ? mark('failure', `NodeNotReady ${e.object}`) : undefined;
  if (FAILURE_REASONS.has(e.reason)) return e.type === 'Warning' ? mark('failure', `${e.reason} ${obj}`) : undefined;
  if (EVICTION_REASONS.has(e.reason)) return mark('eviction', `${e.reason} ${obj}`);
  if (e.reason === 'TaintManagerEviction') return e.message.startsWith('Marking for deletion') ? mark('eviction', `TaintManagerEviction ${obj}`) : undefined;
  if (e.reason === 'ScalingReplicaSet') {
    // Up from nothing ("to N" with no "from"): a ReplicaSet starting, a new revision when it is not the first.
    const rs = /^Scaled up replica set (\S+) to \d+$/.exec(e.message)?.[1];
    const rev = rs ? revisionOf(e.namespace, rs) : undefined;
    if (rev !== undefined && rev >= 2) return mark('rollout', `rollout ${e.object} revision ${rev} (${rs})`);
  }
  return undefined;
}

const keyOf = (m: TimelineMark): string => `${m.atMs}|${m.kind}|${m.label}`;

export class Timeline {
  /** the furthest moment this story has reached */
  private reachedMs = 0;
  private marks = new Map<string, TimelineMark>();
  private saved: SavedFork | undefined;
  private changed = true;

  /** A new story (another scenario, other cluster settings): nothing of the old one is kept. */
  restart(atMs: number): void {
    this.reachedMs = atMs;
    this.marks.clear();
    this.saved = undefined;
    this.changed = true;
  }

  /** Notes the marks of a freshly built run's events as they happen (during its replay too). */
  attach(run: ScenarioRun): () => void {
    const api = run.cluster.api;
    const clock = run.cluster.clock;
    const rsPrefix = api.registry.resource('replicasets')?.storagePrefix ?? '/registry/replicasets/';
    const revisionOf = (ns: string, name: string): number | undefined => {
      const rs = api.store.get(`${rsPrefix}${ns}/${name}`)?.value;
      const rev = Number(rs?.metadata.annotations?.['deployment.kubernetes.io/revision']);
      return Number.isFinite(rev) ? rev : undefined;
    };
    return api.store.tap('/registry/events/', api.store.revision, (ev) => {
      // The first occurrence of an event only: a repeat (count + 1) is the same happening going on.
      if (ev.type !== 'PUT' || ev.prevKv) return;
      const m = eventMark(clock.now(), toEventLogEntry(ev.kv.value), revisionOf);
      if (m) this.add(m);
    });
  }

  private add(m: TimelineMark): void {
    const k = keyOf(m);
    if (this.marks.has(k)) return;
    this.marks.set(k, m);
    if (this.marks.size > EVENT_MARKS_CAP) this.marks.delete(this.marks.keys().next().value!);
    this.changed = true;
  }

  /**
   * The story has reached `atMs`. While it plays on at its frontier the page stretches the bar with the
   * clock itself, so the state goes out again only once a virtual second has gone by.
   */
  reach(atMs: number): void {
    if (atMs <= this.reachedMs) return;
    if (Math.floor(atMs / 1000) !== Math.floor(this.reachedMs / 1000)) this.changed = true;
    this.reachedMs = atMs;
  }

  horizonMs(actions: readonly ScenarioAction[]): number {
    return Math.max(this.reachedMs, actions.at(-1)?.atMs ?? 0);
  }

  /**
   * An action at `atMs` while `actions.length - kept` later ones wait: the story forks. The later
   * actions, the step-scheduling entries of the future and the marks after `atMs` are kept for one undo.
   * A fork that drops neither actions nor step entries (Show me when nothing followed startAt) leaves
   * nothing to undo: no undo is offered, and an earlier fork's undo goes, the story having moved on.
   */
  fork(atMs: number, actions: readonly ScenarioAction[], kept: number, stepPast: number, stepFuture: StepLogEntry[]): void {
    const marksCut = [...this.marks.values()].filter((m) => m.atMs > atMs);
    for (const m of marksCut) this.marks.delete(keyOf(m));
    const dropped = actions.slice(kept);
    this.saved = dropped.length || stepFuture.length ? { atMs, kept, dropped, stepPast, stepFuture, marksCut, reachedMs: this.reachedMs } : undefined;
    this.reachedMs = atMs;
    this.changed = true;
  }

  canUndo(): boolean {
    return this.saved !== undefined;
  }

  /**
   * Undoes the fork: the log as it was before it (whatever was done since the fork goes), the step
   * entries of that story, its marks and its reach.
   */
  undo(actions: readonly ScenarioAction[], stepLog: readonly StepLogEntry[]): Restored | undefined {
    const s = this.saved;
    if (!s) return undefined;
    this.saved = undefined;
    for (const m of [...this.marks.values()]) if (m.atMs > s.atMs) this.marks.delete(keyOf(m));
    for (const m of s.marksCut) this.marks.set(keyOf(m), m);
    this.reachedMs = s.reachedMs;
    this.changed = true;
    return { atMs: s.atMs, actions: [...actions.slice(0, s.kept), ...s.dropped], stepLog: [...stepLog.slice(0, s.stepPast), ...s.stepFuture] };
  }

  /** The state for the page, when it changed since the last call (or `force`). */
  take(actions: readonly ScenarioAction[], force = false): TimelineState | undefined {
    if (!this.changed && !force) return undefined;
    this.changed = false;
    return this.state(actions);
  }

  /** Marks the next `take` as changed (the log changed: its action marks with it). */
  touch(): void {
    this.changed = true;
  }

  state(actions: readonly ScenarioAction[]): TimelineState {
    const marks = [...actionMarks(actions), ...this.marks.values()].sort((a, b) => a.atMs - b.atMs);
    const s = this.saved;
    return { horizonMs: this.horizonMs(actions), marks, ...(s ? { undo: { atMs: s.atMs, actions: s.dropped.length } } : {}) };
  }
}

/** Step-scheduling entries split at a moment: those a rebuild at `atMs` replays, and the story's future. */
export function splitStepLog(entries: readonly StepLogEntry[], atMs: number): { past: StepLogEntry[]; future: StepLogEntry[] } {
  const past: StepLogEntry[] = [];
  const future: StepLogEntry[] = [];
  for (const e of entries) (e.atMs <= atMs ? past : future).push(e);
  return { past, future };
}
