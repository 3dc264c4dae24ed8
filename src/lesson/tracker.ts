/**
 * A lesson's goals followed over a run from the moment the student takes over. `now` goals are
 * evaluated when asked (and the answer kept while neither the store nor the clock has moved);
 * `ever`, `always` and `never` goals are evaluated at every revision of the store that touches what
 * they read, so a moment that lasted no time at all (a pod unavailable between two writes of one
 * rollout step) still counts.
 *
 * Reading inside the store's tap is safe: the store has applied the write before it tells anyone,
 * the check only reads (as an observer: no request, no audit record, no conversation entry), and
 * nothing it does schedules, draws or writes. The tap is kubetab's own watch, which `watchers()`
 * does not list, so the run is the same with or without a tracker. It is attached to one run going
 * forward, at the moment the student takes over (the lesson's startAt), which it is told and holds
 * to: a tracker attached later would not know what happened between, and a broken `always` goal
 * could be cleared by rewinding past the break. After a rewind the page replays the story from the
 * start (or a checkpoint that did) and attaches a new tracker at startAt again.
 */
import { formatDuration } from '../scenario/duration';
import type { ScenarioRun } from '../scenario/runner';
import { evaluate } from './checks';
import type { CheckContext, CheckResult } from './checks';
import { checkPrefixes } from './prefixes';
import type { Goal, GoalStatus } from './types';

interface Followed {
  goal: Goal;
  prefixes: string[];
  /** ever: met once seen; always/never: failed once broken */
  settled: boolean;
  last: CheckResult;
}

export class GoalTracker {
  readonly ctx: CheckContext;
  private readonly followed = new Map<string, Followed>();
  private readonly untap: () => void;
  private cache: { key: string; statuses: GoalStatus[] } | undefined;

  /** The store revision at the take-over: `ever`, `always`, `never` and Events count from here. */
  readonly sinceRevision: number;

  /** `takeOverAtMs`: the moment the student takes over, where `run` must be now. */
  constructor(
    readonly run: ScenarioRun,
    readonly goals: readonly Goal[],
    readonly takeOverAtMs: number,
  ) {
    if (run.now() !== takeOverAtMs) throw new Error(`goals must be followed from the take-over at ${formatDuration(takeOverAtMs)}, not from ${formatDuration(run.now())}`);
    const api = run.cluster.api;
    this.sinceRevision = api.store.revision;
    this.ctx = { run, sinceRevision: this.sinceRevision };
    for (const goal of goals) {
      if (goal.when === 'now') continue;
      const f: Followed = { goal, prefixes: checkPrefixes(api, goal.check), settled: false, last: { ok: false, detail: '' } };
      this.followed.set(goal.id, f);
      // The moment of taking over is the first moment the goal is judged at.
      this.judge(f);
    }
    const open = [...this.followed.values()];
    this.untap =
      open.length === 0
        ? () => {}
        : api.store.tap('', api.store.revision, (ev) => {
            for (const f of open) if (!f.settled && f.prefixes.some((p) => ev.key.startsWith(p))) this.judge(f);
          });
  }

  private judge(f: Followed): void {
    const r = this.safely(f.goal);
    const when = f.goal.when;
    if (when === 'ever') {
      f.last = r;
      if (r.ok) f.settled = true;
      return;
    }
    // always wants it to hold at every moment, never at none: the first moment against it settles it.
    const broken = when === 'always' ? !r.ok : r.ok;
    if (broken) {
      f.settled = true;
      f.last = { ok: false, detail: `at ${formatDuration(this.run.now())}: ${when === 'never' ? `not wanted: ${r.detail}` : r.detail}` };
    } else f.last = { ok: true, detail: r.detail };
  }

  /** A check that throws (a bug) must not stop the run it watches: it counts as not holding. */
  private safely(goal: Goal): CheckResult {
    try {
      return evaluate(this.ctx, goal.check);
    } catch (e) {
      return { ok: false, detail: `the check failed: ${(e as Error).message}` };
    }
  }

  statuses(): GoalStatus[] {
    const key = `${this.run.cluster.api.store.revision}@${this.run.now()}`;
    if (this.cache?.key === key) return this.cache.statuses;
    const statuses = this.goals.map((goal): GoalStatus => {
      const f = this.followed.get(goal.id);
      if (f) return status(goal.id, f.goal.when === 'ever' ? f.settled : !f.settled, f.settled, f.last.detail);
      const r = this.safely(goal);
      return status(goal.id, r.ok, false, r.detail);
    });
    this.cache = { key, statuses };
    return statuses;
  }

  /** Every goal met at once. */
  complete(): boolean {
    return this.statuses().every((s) => s.met);
  }

  stop(): void {
    this.untap();
  }
}

function status(id: string, met: boolean, settled: boolean, detail: string): GoalStatus {
  return { id, met, settled, ...(met ? {} : { detail }) };
}
