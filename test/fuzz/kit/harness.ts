/**
 * Running fuzz cases: a bounded run (a budget of clock events, never wall time), and a collector of
 * failures that prints each with the seed and the input that reproduce it.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioRun } from '../../../src/scenario/runner';
import { encodeShare } from '../../../src/scenario/urlCodec';
import { describeThrown } from './check';
import { BASE_SEED } from './random';

export interface Failure {
  /** A short, input-independent name of what went wrong, for grouping. */
  kind: string;
  seed: number;
  detail: string;
  input: string;
}

export class Failures {
  readonly list: Failure[] = [];

  constructor(readonly suite: string) {}

  add(kind: string, seed: number, detail: string, input: string): void {
    this.list.push({ kind, seed, detail, input });
    // FUZZ_DUMP=dir keeps every failing input whole, one file per failure, for replaying by hand.
    const dir = process.env.FUZZ_DUMP;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${this.suite.replace(/\W+/g, '-')}-${this.list.length}.txt`), `${kind}\nseed ${seed}\n${detail}\n--- input ---\n${input}\n`);
    }
  }

  /** One paragraph per kind of failure: how often, and the first case in full. */
  report(): string {
    const byKind = new Map<string, Failure[]>();
    for (const f of this.list) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    const parts = [...byKind].map(([kind, fs]) => {
      const f = fs[0]!;
      const input = f.input.length > 3000 ? `${f.input.slice(0, 3000)}\n… (${f.input.length} characters)` : f.input;
      return `### ${kind} — ${fs.length} case(s); first: seed ${f.seed}\n${f.detail}\n--- input ---\n${input}`;
    });
    return `${this.suite}: ${this.list.length} failure(s) in ${byKind.size} kind(s) (FUZZ_SEED=${BASE_SEED})\n\n${parts.join('\n\n')}`;
  }

  kinds(): string[] {
    return [...new Set(this.list.map((f) => f.kind))].sort();
  }
}

export type RunOutcome = { ok: true; events: number } | { ok: false; problem: 'hang' | 'exception'; detail: string; events: number };

/** Runs to `untilMs` unless more than `budget` clock events would be needed, or the cluster throws. */
export function runBounded(run: ScenarioRun, untilMs: number, budget: number): RunOutcome {
  const clock = run.cluster.clock;
  const before = clock.eventsRun;
  try {
    const reached = run.advance(untilMs, budget);
    const events = clock.eventsRun - before;
    if (!reached) return { ok: false, problem: 'hang', detail: `still short of virtual ${untilMs / 1000}s at ${clock.now() / 1000}s after a budget of ${budget} clock events (next: ${clock.peek()?.label ?? 'nothing'})`, events };
    return { ok: true, events };
  } catch (e) {
    return { ok: false, problem: 'exception', detail: describeThrown(e), events: clock.eventsRun - before };
  }
}

/** The run's log as a share link: `npx kubetab run '<link>'` replays it. */
export function replayLink(run: ScenarioRun): string {
  try {
    return `http://localhost:4173/${encodeShare(run.scenario, run.now())}`;
  } catch (e) {
    return `(no link: ${describeThrown(e)})`;
  }
}

/** The kubernetes/examples corpus: beside the repository in CI, or where KUBETAB_CORPUS points. */
export function corpusFiles(): string[] {
  const dirs = [process.env.KUBETAB_CORPUS, join(__dirname, '../../../../shared/corpus/kubernetes-examples')].filter((d): d is string => !!d);
  const dir = dirs.find((d) => existsSync(d));
  if (!dir) return [];
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((f) => {
        const p = join(d, f);
        if (statSync(p).isDirectory()) return walk(p);
        return /\.(ya?ml|json)$/.test(f) ? [p] : [];
      });
  return walk(dir);
}
