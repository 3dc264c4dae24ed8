/**
 * A lesson: a starting scenario, goals the cluster is checked against as the student works, a hint per
 * goal, and a reference solution. Its file format (`apiVersion: kubetab/v1`, `kind: Lesson`) is
 * documented in docs/lessons.md; this is the parsed form the page, the worker and `kubetab lesson check`
 * share.
 */
import type { Scenario, ScenarioAction } from '../scenario/format';
import type { Fault } from '../sim/faults';

/** The languages a lesson is written in. English is required; Chinese is required of built-in lessons. */
export type LessonLang = 'en' | 'zh-CN';
/** A text in each language the lesson has (`en` always). */
export type LessonText = { en: string } & Partial<Record<LessonLang, string>>;

export interface Lesson {
  /** `metadata.name`: a DNS label, used in lesson links (`#lesson=NAME`) and as the progress key */
  name: string;
  title: LessonText;
  /** the lesson's explanation, in the Markdown subset docs/lessons.md names */
  text: LessonText;
  /** the cluster the student starts from: its settings, seed and the actions that set the stage */
  scenario: Scenario;
  /** the virtual time the student takes over at (default: the time of the scenario's last action) */
  startAtMs: number;
  goals: Goal[];
  /** the reference solution: actions performed from startAtMs, each `afterMs` after the one before it */
  solution: SolutionStep[];
  /** how long after the solution's last action `lesson check` lets the goals come true (default 2m) */
  settleMs: number;
}

export interface Goal {
  /** unique within the lesson: a DNS label */
  id: string;
  title: LessonText;
  hint: LessonText;
  /**
   * now: holds in the cluster as it is now (the default).
   * ever: has held at some moment since the student took over (once seen, met for good).
   * always: has held at every moment since the student took over (once broken, failed for good).
   * never: has not held at any moment since the student took over (once seen, failed for good).
   * "A moment" is every revision of the store: each write is a state of the cluster.
   */
  when: 'now' | 'ever' | 'always' | 'never';
  check: Check;
}

/** What a step of the solution does: what a student can do in the page. */
export type SolutionAction = { apply: string } | { kubectl: string } | { fault: Fault } | { trace: { from: string; to: string } };
export type SolutionStep = SolutionAction & { afterMs: number };

/** How numbers and texts are compared. Exactly one comparison per check that compares. */
export interface Compare {
  equals?: string | number | boolean;
  /** a regular expression (JavaScript syntax) the value must match */
  matches?: string;
  atLeast?: number;
  atMost?: number;
}

/**
 * The checks a goal may use: a small set over the API, no code. Resources are named as kubectl names
 * them (`deployment`, `deploy`, `pods`, `svc`…); JSONPath is kubectl's (`{.status.readyReplicas}`).
 */
export type Check =
  /** one object exists (with `absent: true`: does not), and optionally a JSONPath of it compares */
  | { object: { resource: string; name: string; namespace?: string; jsonPath?: string; absent?: boolean } & Compare }
  /** the number of objects matching selectors (and optionally a JSONPath comparison each) compares */
  | { count: { resource: string; namespace?: string; allNamespaces?: boolean; selector?: string; fieldSelector?: string; where?: { jsonPath: string } & Compare } & Compare }
  /**
   * where pods run: at least one pod matches `pods`, and every such pod that is bound runs on a node
   * matching `nodes` (a label selector); `distinctNodes` compares how many different nodes they use
   */
  | { placement: { namespace?: string; pods: string; nodes?: string; distinctNodes?: Compare; allBound?: boolean } }
  /** a read-only kubectl command's output (stdout + stderr) contains / lacks / matches a text */
  | { kubectl: { command: string; contains?: string; notContains?: string; matches?: string; exitCode?: number } }
  /** an Event was recorded since the student took over (reason, and optionally the object and message) */
  | { event: { reason: string; kind?: string; name?: string; namespace?: string; type?: 'Normal' | 'Warning'; messageContains?: string } }
  /**
   * a connection from a pod, `node/NAME` or `external` to HOST:PORT ends as expected (default
   * delivered); `answeredBy`, a label selector: it is delivered to a pod whose labels match (which
   * Service's pod a proxy such as an ingress controller chose, not only that something answered)
   */
  | { traffic: { from: string; to: string; expect?: 'delivered' | 'refused' | 'dropped'; answeredBy?: string } }
  | { all: Check[] }
  | { any: Check[] }
  | { not: Check };

/** A goal's state as the page shows it. */
export interface GoalStatus {
  id: string;
  met: boolean;
  /** for ever/always/never goals: settled for good (met or failed) until the student rewinds */
  settled: boolean;
  /** why it is not met, in English words a teacher can read (`deployment web: .status.readyReplicas is 3, want 5`) */
  detail?: string;
}

/** Actions of the solution laid on the scenario log, as `Show me` and `lesson check` perform them. */
export type LessonActions = ScenarioAction[];
