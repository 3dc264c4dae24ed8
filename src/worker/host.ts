/**
 * The cluster's side of the Worker boundary, free of Worker APIs so it runs (and is tested) in Node:
 * owns the ScenarioRun, paces virtual time to the wall clock, and turns store changes into small
 * batched messages for the page.
 */
import { eventLog, toEventLogEntry } from '../cli/eventLog';
import type { EventLogEntry } from '../cli/eventLog';
import { ScenarioRun } from '../scenario/runner';
import type { Scenario } from '../scenario/format';
import type { StoredObject } from '../sim/types';
import { parseFault, FaultError } from '../sim/faults';
import type { FaultNote } from '../sim/faultMessages';
import { parseQuantity, value as quantityValue } from '../sim/api/quantity';
import type { Scheduler } from '../sim/scheduler/scheduler';
import { panicValue } from '../sim/panic';
import type { SchedulingCycleStepper } from '../sim/scheduler/scheduler';
import { BUILD_PROGRESS_AFTER_MS, BUILD_PROGRESS_EVERY_MS, MIRRORED_RESOURCES, QUEUE_LISTED } from './protocol';
import type { ApplyOutcome, ClockState, EditBufferMessage, FromWorker, HpaSample, LessonProgress, MirroredResource, QueuedPod, SchedulerDelta, Speed, ToWorker, TraceActionResult, WatchDelta } from './protocol';
import type { NetworkView } from '../sim/network/view/types';
import { formatCIDR } from '../sim/network/ipv4';
import { ConversationFeed } from './conversation';
import { splitStepLog, Timeline } from './timeline';
import { HpaRecorder } from './hpaRecorder';
import { Checkpoints, performStep } from './checkpoints';
import type { StepLogEntry } from './timeline';
import type { Lesson } from '../lesson/types';
import { LessonRider } from './lessonRider';
import type { TrackGoals } from './lessonEngine';
import { workerOnDemand } from './lazy';
import { RunningCommands } from './follows';
import { startFollow } from '../kubectl/follow';
import { commandsOf } from '../kubectl/shellSyntax';
import { kubectlModule } from '../kubectl/lazy';
import { parseFiles } from '../scenario/files';

export { hpaSample } from './hpaRecorder';

export interface HostTimers {
  /** wall-clock milliseconds */
  now(): number;
  later(fn: () => void, ms: number): void;
}

const FRAME_MS = 16;
/** Wall time one tick may spend running the cluster before it yields to send a batch. */
const TICK_BUDGET_MS = 12;
const EVENTS_PER_SLICE = 500;
/** Objects one batch message carries at most (a large cluster's first batch is several messages). */
const DELTAS_PER_MESSAGE = 1000;
/** Clock events a rebuild runs between two looks at the wall clock (for its progress). */
const BUILD_SLICE_EVENTS = 500;
/** Wall time per frame spent building checkpoints: while paused, and while the clock plays. */
const BUILD_BUDGET_MS = 12;
const BUILD_BUDGET_PLAYING_MS = 3;
/** Wall time between two readings of a lesson's goals while the clock plays. */
const LESSON_READ_MS = 250;
/** kubectl verbs that only read: they are answered but not written into the scenario log. */
const READ_ONLY_VERBS = new Set(['edit', 'get', 'describe', 'logs', 'top', 'version', 'api-resources', 'explain', 'help', 'cluster-info', 'auth', 'wait', 'events', 'kustomize']);
/** `rollout` subcommands that only read. */
const READ_ONLY_ROLLOUT = new Set(['status', 'history']);
/** `config` subcommands that only read the kubeconfig (use-context and set-context change it: they are replayed). */
const READ_ONLY_CONFIG = new Set(['view', 'current-context', 'get-contexts', 'get-clusters', 'get-users']);

/** kubectl's global flags that take their value as the next word. */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-s', '--server', '--context', '--cluster', '--user', '--kubeconfig', '--as', '--as-group', '--as-uid', '--request-timeout', '--token', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir', '-v', '--v', '--vmodule', '--profile', '--profile-output', '-l', '--selector']);

/** Whether a kubectl line only reads (answered, not written into the scenario log). */
export function readsOnly(line: string): boolean {
  // A line of several commands (`;`, `&&`, `||`) reads only if each of them does.
  return commandsOf(line).every(commandReadsOnly);
}

/** The first word at or after `from` that is neither a flag nor the value of one (`-n NS`, `--as alice`), and where it is. */
function firstWord(words: readonly string[], from: number): [word: string | undefined, at: number] {
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) return [w, i];
    if (!w.includes('=') && VALUE_FLAGS.has(w)) i++;
  }
  return [undefined, words.length];
}

function commandReadsOnly(line: string): boolean {
  const words = line.trim().replace(/^kubectl\s+/, '').split(/\s+/);
  // Global flags may come first: `--as=alice get pods`, `-n dev get pods`.
  const [verb = '', at] = firstWord(words, 0);
  const subcommands = verb === 'rollout' ? READ_ONLY_ROLLOUT : verb === 'config' ? READ_ONLY_CONFIG : undefined;
  if (subcommands) {
    const [sub] = firstWord(words, at + 1);
    // A bare `config` prints its help.
    return sub === undefined ? verb === 'config' : subcommands.has(sub);
  }
  return READ_ONLY_VERBS.has(verb);
}
/** Scheduling-cycle traces the scheduler keeps; at most TRACES_PER_BATCH go in one batch. */
export const TRACE_CAPACITY = 50;
export const TRACES_PER_BATCH = 10;
/** Traces of cycles over more nodes than this are large: the newest only, at most every LARGE_TRACE_EVERY_MS. */
export const LARGE_TRACE_NODES = 100;
const LARGE_TRACE_EVERY_MS = 500;
const LARGE_TRACES_ON_RESET = 3;

export { EMPTY_SCENARIO } from './protocol';

export class ClusterHost {
  private run!: ScenarioRun;
  private playing = false;
  private speed: Speed = 1;
  private lastWall = 0;
  private tickScheduled = false;
  private pending = new Map<string, WatchDelta>();
  /** kubectl commands still running in the terminal */
  private readonly runningCommands: RunningCommands;
  private pendingEvents: EventLogEntry[] = [];
  private reset = true;
  private scenarioChanged = true;
  private unsubscribe: (() => void)[] = [];
  /** every HPA sample since the cluster started, per HPA, for a reload; and those not yet sent */
  private hpa!: HpaRecorder;
  private pendingSamples: HpaSample[] = [];
  /** step scheduling: on or off, the open cycle, and the log of stepped cycles for a rewind */
  private stepMode = false;
  private stepper: SchedulingCycleStepper | undefined;
  private stepLog: StepLogEntry[] = [];
  /** after a rewind, the step-scheduling entries of the story's future: performed again when their moment comes */
  private stepFuture: StepLogEntry[] = [];
  /** the time bar: the story's reach, its marks, the fork that can be undone */
  private readonly timeline = new Timeline();
  /** clusters of the story parked at moments of it, built while the worker has time, for fast rewinds */
  private readonly checkpoints: Checkpoints;
  private buildScheduled = false;
  /** the clock was playing when a stepped cycle opened: it plays again when the cycle ends */
  private resumeAfterStep = false;
  private stepChanged = true;
  private sentCycle = 0;
  private readonly deltasPerMessage: number;
  /** when the last traces went (wall clock) */
  private sentTraceAt = -Infinity;
  private sentQueue = '';
  /** how many of the run's action results went out (trace actions' results are sent) */
  private sentResults = 0;
  /** the API server's conversation, as batches carry it */
  private feed!: ConversationFeed;
  /** the lesson whose story this is, and its goals riding on the current run (none: nothing is watched) */
  private lesson: Lesson | undefined;
  private rider: LessonRider | undefined;
  private readonly track: TrackGoals;
  /** the goals last sent ('' none yet since the last reset), and when they were last read while playing */
  private sentLesson = '';
  private lessonReadAt = -Infinity;
  private lessonClosed = false;
  /** when the rebuild under way began (wall clock), for its progress */
  private buildStart: number | undefined;

  /** `checkpointEvents`: clock events between the checkpoints of a story (tests make them close) */
  constructor(
    private readonly post: (m: FromWorker) => void,
    private readonly timers: HostTimers,
    opts: { checkpointEvents?: number; trackGoals?: TrackGoals; deltasPerMessage?: number } = {},
  ) {
    this.deltasPerMessage = opts.deltasPerMessage ?? DELTAS_PER_MESSAGE;
    this.runningCommands = new RunningCommands((m) => this.post(m));
    this.track = opts.trackGoals ?? ((run, lesson) => workerOnDemand().trackGoals(run, lesson));
    this.checkpoints = new Checkpoints((run) => run.cluster.scheduler()?.setTracing(true, TRACE_CAPACITY), opts.checkpointEvents, this.track);
  }

  /** The cluster now, for tests that compare it with a fresh run. */
  get currentRun(): ScenarioRun {
    return this.run;
  }

  handle(msg: ToWorker): void {
    this.buildStart = undefined;
    try {
      this.dispatch(msg);
    } catch (e) {
      // A command that fails must not take the cluster down with it: it answers with its error and
      // the cluster plays on. Only a message with no answer to carry the error (a cluster that cannot
      // even be loaded) is fatal, and the page rebuilds from the scenario it holds.
      if (!this.answerWithError(msg, e)) this.post({ type: 'fatal', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }

  /** Answers a request whose handling threw with an error result of its own kind. False if it has no answer. */
  private answerWithError(msg: ToWorker, e: unknown): boolean {
    const message = `unexpected failure: ${panicValue(e)}`;
    let answered = true;
    switch (msg.type) {
      case 'apply':
        this.post({ type: 'applied', id: msg.id, outcomes: [{ ref: '', outcome: 'error', message: `error: ${message}` }], stdout: '', stderr: `error: ${message}\n` });
        break;
      case 'kubectl':
      case 'editSave':
      case 'ssh':
        this.post({ type: msg.type === 'editSave' ? 'kubectl' : msg.type, id: msg.id, stdout: '', stderr: `error: ${message}\n`, exitCode: 1 });
        break;
      case 'validateManifest':
        this.post({ type: 'manifestProblems', id: msg.id, problems: [] });
        break;
      case 'fault':
        this.post({ type: 'faulted', id: msg.id, ok: false, message });
        break;
      case 'tracePacket':
        this.post({ type: 'tracePacket', id: msg.id, error: message });
        break;
      case 'networkView':
        this.post({ type: 'networkView', id: msg.id, view: this.settingsOnlyView(), error: message });
        break;
      case 'nodeInsides':
        this.post({ type: 'nodeInsides', id: msg.id, error: message });
        break;
      case 'policyView':
        this.post({ type: 'policyView', id: msg.id, error: message });
        break;
      case 'rbac':
        this.post({ type: 'rbac', id: msg.id, error: message });
        break;
      case 'etcd':
        this.post({ type: 'etcd', id: msg.id, error: message });
        break;
      case 'conversation':
        this.post({ type: 'conversation', id: msg.id, entries: [], steps: [], oldestSeq: 0 });
        break;
      case 'requestDetail':
        this.post({ type: 'requestDetail', id: msg.id, error: message });
        break;
      case 'describe':
      case 'yaml':
      case 'schedulerConfig':
      case 'networkSettings':
      case 'lessonDraft':
        this.post({ type: 'text', id: msg.id, text: '', error: message });
        break;
      default:
        answered = false;
    }
    if (!answered || !this.run) return answered;
    try {
      this.flush();
    } catch {
      // The answer has gone; the next tick sends what changed.
    }
    return true;
  }

  private dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'load':
        if (this.lesson && !msg.lesson) this.lessonClosed = true;
        this.lesson = msg.lesson;
        this.load(msg.scenario, msg.atMs, msg.playing);
        break;
      case 'leaveLesson':
        if (!this.lesson) break;
        this.lesson = undefined;
        this.rider?.stop();
        this.rider = undefined;
        this.lessonClosed = true;
        this.flush();
        break;
      case 'showSolution':
        this.showSolution();
        break;
      case 'lessonDraft':
        this.post({ type: 'text', id: msg.id, text: workerOnDemand().draftLesson(this.run, Math.min(msg.atMs, this.timeline.horizonMs(this.run.scenario.actions))) });
        break;
      case 'seek':
        this.seek(msg.atMs);
        break;
      case 'undoFork':
        this.undoFork();
        break;
      case 'apply': {
        this.beforeAct();
        const r = this.run.act({ apply: msg.yaml });
        this.scenarioChanged = true;
        this.post({ type: 'applied', id: msg.id, outcomes: applyOutcomes(r.stdout, r.stderr), stdout: r.stdout, stderr: r.stderr });
        this.flush();
        break;
      }
      case 'kubectl': {
        const reads = readsOnly(msg.line);
        if (!reads) this.beforeAct();
        if (reads) {
          const written = this.run.filesWritten;
          // The page is kubectl edit's editor: `edit` reads the object and hands its buffer over (editSave sends it).
          const r = startFollow(this.run.command(msg.line, { editor: true }));
          // `get … > FILE` reads the cluster but writes the scenario's file area.
          if (this.run.filesWritten !== written) this.scenarioChanged = true;
          if (r.follow) this.runningCommands.add(msg.id, r.follow);
          const edit = 'edit' in r ? (r as { edit?: EditBufferMessage }).edit : undefined;
          this.post({ type: 'kubectl', id: msg.id, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.follow ? { following: true as const } : {}), ...(edit ? { edit } : {}) });
        } else {
          const run = this.run;
          const r = run.act({ kubectl: msg.line });
          this.scenarioChanged = true;
          if (r.following) this.runningCommands.addAction(msg.id, r, () => run.stopFollowing(r));
          this.post({ type: 'kubectl', id: msg.id, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.following ? { following: true as const } : {}) });
        }
        this.flush();
        break;
      }
      case 'editSave':
        this.editSave(msg);
        break;
      case 'setFiles': {
        // The file area is the scenario's, not a moment of its story: it changes in place, for every moment.
        let files: Scenario['files'];
        try {
          files = parseFiles(msg.files);
        } catch {
          break; // the page checks paths before it sends them; a bad map changes nothing
        }
        if (files) this.run.scenario.files = files;
        else delete this.run.scenario.files;
        this.scenarioChanged = true;
        this.flush();
        break;
      }
      case 'validateManifest':
        // The editor's check as the learner types: an observer's read, nothing sent or recorded.
        this.post({ type: 'manifestProblems', id: msg.id, problems: workerOnDemand().validateManifest(this.run.cluster, msg.yaml) });
        break;
      case 'kubectlStop':
        this.runningCommands.stop(msg.id);
        break;
      case 'complete': {
        const c = this.run.complete(msg.line, msg.cursor);
        this.post({ type: 'completions', id: msg.id, from: c.from, items: c.items });
        break;
      }
      case 'ssh': {
        // `etcdctl compaction` changes etcd: it is recorded, as the same etcdctl run in the node's etcd
        // pod (`kubectl exec`), so the share link replays it; its output is etcdctl's own.
        const compaction = workerOnDemand().etcdctlCompaction(msg.line);
        if (compaction && this.run.ssh(msg.node, 'etcdctl version').exitCode === 0) {
          const r = this.run.act({ kubectl: `exec -n kube-system etcd-${msg.node} -- ${compaction}` });
          this.scenarioChanged = true;
          this.post({ type: 'ssh', id: msg.id, stdout: r.stdout, stderr: r.stderr.replace(/command terminated with exit code \d+\n$/, ''), exitCode: r.exitCode });
          this.flush();
          break;
        }
        // Reading a node's state changes nothing: not recorded in the scenario log.
        let r = this.run.ssh(msg.node, msg.line || 'true');
        // A terminal command runs to its end here: a capture stops at once with what it has.
        if (r.running) r = r.running();
        this.post({ type: 'ssh', id: msg.id, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
        break;
      }
      case 'tracePacket': {
        if (msg.record) {
          // A trace the page keeps is a scenario action, recorded now, so the share link replays it.
          this.beforeAct();
          const r = this.run.act({ trace: { from: msg.source, to: msg.dest } });
          this.scenarioChanged = true;
          this.post({ type: 'tracePacket', id: msg.id, ...(r.trace ? { trace: r.trace } : { error: r.stderr.trimEnd().replace(/^error: /, '') }) });
          this.flush();
          break;
        }
        // Otherwise, like a command that only looks, it is not recorded in the scenario log.
        const r = this.run.tracePacket(msg.source, msg.dest);
        this.post({ type: 'tracePacket', id: msg.id, ...('error' in r ? { error: r.error } : { trace: r.trace }) });
        break;
      }
      case 'networkView':
        // The page asks a few times a second while the Network tab is open; the view is an observer's read.
        this.post({ type: 'networkView', id: msg.id, view: this.run.networkView(msg.detail ? { detail: msg.detail } : {}) });
        break;
      case 'etcd':
        // The etcd panel asks a few times a second while it is open; like the Network view, it only reads.
        this.post({ type: 'etcd', id: msg.id, ...workerOnDemand().answerEtcd(this.run.cluster, msg.query) });
        break;
      case 'policyView':
        // Like the Network view, it only reads; the page asks again as the cluster moves.
        this.post({ type: 'policyView', id: msg.id, ...workerOnDemand().policyView(this.run.cluster, msg.namespace) });
        break;
      case 'rbac':
        // The RBAC view only reads too: the page asks again as the cluster moves.
        this.post({ type: 'rbac', id: msg.id, ...workerOnDemand().rbacView(this.run.cluster, msg.query) });
        break;
      case 'nodeInsides': {
        const r = this.run.nodeInsides(msg.node);
        this.post({ type: 'nodeInsides', id: msg.id, ...('error' in r ? { error: r.error } : { insides: r.insides }) });
        break;
      }
      case 'conversation':
        // The Requests view reads the log the API server keeps: an observer's read, like the network view.
        this.post(this.feed.answer(msg.id, msg.filter, msg.beforeSeq, msg.limit));
        break;
      case 'requestDetail':
        this.post(this.feed.detail(msg.id, msg.seq, this.run.cluster.apiEndpoints(), { roleRules: (role) => workerOnDemand().roleRulesOf(this.run.cluster, role), userInfo: (name) => this.run.cluster.api.authn.userInfo(name) }));
        break;
      case 'networkSettings': {
        const r = workerOnDemand().withNetworkSettings(this.run.scenario, msg);
        if ('error' in r) {
          this.post({ type: 'text', id: msg.id, text: '', error: r.error });
          break;
        }
        // As a reset: the scenario starts again from 0, paused, now with these settings.
        this.load(r.scenario, 0, false);
        this.post({ type: 'text', id: msg.id, text: r.text, note: r.note });
        break;
      }
      case 'fault': {
        let ok = false;
        let message: string;
        let note: FaultNote | undefined;
        try {
          // Strictly checked before it goes into the log (and so into share links).
          const fault = parseFault(msg.fault);
          this.beforeAct();
          const r = this.run.act({ fault });
          this.scenarioChanged = true;
          ok = r.exitCode === 0;
          message = (ok ? r.stdout : r.stderr).trim().replace(/^error: /, '');
          note = r.faultNote;
        } catch (e) {
          if (!(e instanceof FaultError)) throw e;
          message = e.message;
          note = e.note;
        }
        this.post({ type: 'faulted', id: msg.id, ok, message, ...(note ? { note } : {}) });
        this.flush();
        break;
      }
      case 'describe':
      case 'yaml': {
        const ns = msg.namespace ? ` -n ${msg.namespace}` : '';
        const r = this.run.observe(msg.type === 'describe' ? `describe ${msg.resource} ${msg.name}${ns}` : `get ${msg.resource} ${msg.name}${ns} -o yaml`);
        this.post({ type: 'text', id: msg.id, text: r.stdout, ...(r.exitCode !== 0 ? { error: r.stderr } : {}) });
        break;
      }
      case 'play':
        this.playing = true;
        this.lastWall = this.timers.now();
        this.scheduleTick();
        this.flush();
        break;
      case 'pause':
        this.playing = false;
        this.flush();
        break;
      case 'step': {
        this.playing = false;
        // A stepped-cycle entry of the story's future comes before the next event, as on a replay.
        const due = this.stepFuture[0];
        const next = this.run.cluster.clock.peek();
        if (due && (!next || due.atMs < next.at)) this.advanceTo(due.atMs, Number.POSITIVE_INFINITY);
        else if (this.rider) this.rider.step();
        else this.run.step();
        this.rider?.sync();
        this.flush();
        break;
      }
      case 'speed':
        this.speed = msg.speed;
        this.flush();
        break;
      case 'reset':
        this.load(this.run.scenario, 0, false, undefined, 'same');
        break;
      case 'schedStepMode': {
        const sched = this.scheduler();
        if (!sched || msg.on === this.stepMode) break;
        this.stepMode = msg.on;
        this.inScheduler((s) => s.setStepMode(msg.on));
        this.stepLog.push(this.logEntry(msg.on ? 'on' : 'off'));
        if (!msg.on) this.endStep();
        this.stepChanged = true;
        this.flush();
        break;
      }
      case 'schedNext':
        if (this.stepper) {
          const st = this.stepper;
          this.inScheduler(() => st.next());
          this.stepChanged = true;
          if (this.stepper.done) this.endStep();
        }
        this.flush();
        break;
      case 'schedFinish':
        if (this.stepper) {
          const st = this.stepper;
          this.inScheduler(() => st.finish());
          this.endStep();
        }
        this.flush();
        break;
      case 'schedulerConfig': {
        const scenario: Scenario = { ...this.run.scenario, cluster: { ...this.run.scenario.cluster } };
        if (msg.config === null || msg.config === undefined || (typeof msg.config === 'object' && Object.keys(msg.config).length === 0)) delete scenario.cluster.scheduler;
        else scenario.cluster.scheduler = msg.config;
        try {
          // Building a cluster validates the configuration as kube-scheduler does at start-up.
          new ScenarioRun({ ...scenario, actions: [] });
        } catch (e) {
          this.post({ type: 'text', id: msg.id, text: '', error: e instanceof Error ? e.message : String(e) });
          break;
        }
        this.load(scenario, this.run.now(), this.playing);
        this.post({ type: 'text', id: msg.id, text: 'The cluster was rebuilt with this scheduler configuration.', note: { key: 'replies.schedulerRebuilt' } });
        break;
      }
      case 'schedRewind': {
        // Back to the open (or last stepped) cycle's start: replay the log, stepping the cycles before it.
        const last = this.stepLog.findLastIndex((e) => e.op === 'cycle');
        if (last < 0) break;
        const at = this.stepLog[last]!.atMs;
        this.load(this.run.scenario, at, false, this.stepLog.slice(0, last), 'same');
        break;
      }
    }
  }

  /**
   * kubectl edit's save: no change, an empty file, a syntax error or a changed name end here as kubectl
   * words them; otherwise the patch goes as a recorded kubectl action (so a share link replays it) and
   * its answer is edit's (`deployment.apps/web edited`).
   */
  private editSave(msg: Extract<ToWorker, { type: 'editSave' }>): void {
    const { editSaved, editPatchLine, editedOutput } = kubectlModule();
    const o = editSaved(msg.ref, msg.original, msg.yaml);
    if (o.done) {
      this.post({ type: 'kubectl', id: msg.id, stdout: o.stdout, stderr: o.stderr, exitCode: 0 });
      return;
    }
    if ('error' in o) {
      this.post({ type: 'kubectl', id: msg.id, stdout: '', stderr: `error: ${o.error}\n`, exitCode: 1 });
      return;
    }
    this.beforeAct();
    const r = this.run.act({ kubectl: editPatchLine(msg.ref, msg.namespace, o.patch) });
    this.scenarioChanged = true;
    this.post({ type: 'kubectl', id: msg.id, stdout: editedOutput(r.stdout), stderr: r.stderr, exitCode: r.exitCode });
    this.flush();
  }

  /** A view with the settings and nothing else, for an answer whose view could not be built. */
  private settingsOnlyView(): NetworkView {
    const c = this.run.cluster;
    const n = c.network;
    return {
      atMs: c.clock.now(),
      settings: { cni: n.cni, backend: n.backend, kubeProxyMode: c.kubeProxy.mode, ipvsScheduler: c.kubeProxy.ipvsScheduler, podCIDR: formatCIDR(n.podCIDR), serviceCIDR: formatCIDR(n.serviceCIDR), nodeNetwork: formatCIDR(n.nodes.net), gateway: n.nodes.gateway },
      nodes: [],
      services: [],
    };
  }

  /** The cluster's kube-scheduler: the one holding the leader Lease. */
  private scheduler(): Scheduler | undefined {
    return this.run.cluster.scheduler();
  }

  /** Calls into kube-scheduler as its process: a throw there is the scheduler panicking, not this command failing. */
  private inScheduler<T>(fn: (s: Scheduler) => T): T | undefined {
    const s = this.scheduler();
    if (!s) return undefined;
    let out: T | undefined;
    this.run.cluster.callInto(s, () => {
      out = fn(s);
    });
    return out;
  }

  /** The open stepped cycle ended: the clock plays again if the cycle paused it. */
  private endStep(): void {
    this.stepper = undefined;
    this.stepChanged = true;
    if (this.resumeAfterStep) {
      this.resumeAfterStep = false;
      this.playing = true;
      this.lastWall = this.timers.now();
      this.scheduleTick();
    }
  }

  /** In step mode, a pod waiting in activeQ opens a cycle, stopped before its first step; the clock pauses. */
  private maybeBeginStep(): void {
    // After a rewind, the story's own stepped cycles come again at their moments (advanceTo).
    if (!this.stepMode || this.stepper || this.stepFuture.length > 0) return;
    const sched = this.scheduler();
    if (!sched || sched.queue.activeLength() === 0) return;
    const entry = this.logEntry('cycle');
    const st = this.inScheduler((s) => s.beginStep());
    if (!st) return;
    this.stepLog.push(entry);
    this.stepChanged = true;
    if (st.done) return;
    this.stepper = st;
    if (this.playing) {
      this.playing = false;
      this.resumeAfterStep = true;
    }
  }

  private logEntry(op: StepLogEntry['op']): StepLogEntry {
    const atMs = this.run.now();
    return { atMs, op, actions: this.run.scenario.actions.filter((a) => a.atMs <= atMs).length };
  }

  /**
   * Before an action is recorded: if the log holds actions after now (the clock was rewound), the story
   * forks here; what it drops is kept for one undo.
   */
  private beforeAct(): void {
    const run = this.run;
    const later = run.scenario.actions.length - run.performedActions;
    if (later > 0 || this.stepFuture.length > 0) {
      this.timeline.fork(run.now(), run.scenario.actions, run.performedActions, this.stepLog.length, this.stepFuture);
      this.stepFuture = [];
    }
    this.timeline.touch();
  }

  /** To a moment of the story in [0, horizon]: forward by running on, backward by a rebuild that keeps the whole log. */
  private seek(atMs: number): void {
    const target = Math.max(0, Math.min(Math.round(atMs), this.timeline.horizonMs(this.run.scenario.actions)));
    if (target >= this.run.now() && !this.stepper) {
      this.building(target, () => this.advanceTo(target, BUILD_SLICE_EVENTS));
      this.lastWall = this.timers.now();
      this.flush();
      return;
    }
    const { past, future } = splitStepLog([...this.stepLog, ...this.stepFuture], target);
    this.load(this.run.scenario, target, this.playing, past, 'same', future);
  }

  /** Undoes the last fork at the current moment: its dropped actions (and their future) come back, what followed the fork goes. */
  private undoFork(): void {
    const r = this.timeline.undo(this.run.scenario.actions, [...this.stepLog, ...this.stepFuture]);
    if (!r) return;
    const at = this.run.now();
    const { past, future } = splitStepLog(r.stepLog, at);
    this.load({ ...this.run.scenario, actions: r.actions }, at, false, past, 'same', future);
  }

  /**
   * Runs `step` (a slice of a rebuild toward `target`) until it returns true. Once the rebuild has taken
   * BUILD_PROGRESS_AFTER_MS, the page hears how far it got a few times a second, so it can show a bar
   * rather than a still screen. The slices change nothing of what runs, only where the worker looks up.
   */
  private building(target: number, step: () => boolean): void {
    const start = this.buildStart ?? this.timers.now();
    let last = -Infinity;
    while (!step()) {
      const now = this.timers.now();
      if (now - start < BUILD_PROGRESS_AFTER_MS || now - last < BUILD_PROGRESS_EVERY_MS) continue;
      last = now;
      const { nodes, nodesReady } = this.run.counts();
      this.post({ type: 'progress', atMs: this.run.now(), targetMs: target, nodes, nodesReady });
    }
  }

  /** Runs toward `target`, performing the story's future step-scheduling entries at their moments. False while short of it. */
  private advanceTo(target: number, maxEvents: number): boolean {
    for (let e = this.stepFuture[0]; e && e.atMs <= target; e = this.stepFuture[0]) {
      // As on a rewind, the entry goes after exactly the actions performed before it, even at the same ms.
      const actions = this.run.scenario.actions;
      const all = actions.splice(0);
      actions.push(...all.slice(0, e.actions));
      const there = this.advanceRun(e.atMs, maxEvents);
      actions.splice(0, actions.length, ...all);
      if (!there) return false;
      this.stepFuture.shift();
      this.stepLog.push(e);
      performStep(this.run, e);
      if (e.op !== 'cycle') this.stepMode = e.op === 'on';
      this.stepChanged = true;
    }
    return this.advanceRun(target, maxEvents);
  }

  /** The run toward a moment, the lesson's goals (if one is open) riding along. */
  private advanceRun(target: number, maxEvents: number): boolean {
    return this.rider ? this.rider.advance(target, maxEvents) : this.run.advance(target, maxEvents);
  }

  /**
   * Show me: the lesson's solution replaces what the student did after startAt — a fork at startAt, so
   * Undo brings the student's story back — and the clock plays it from there. Shown again, the story is
   * the solution already: it replays with no fork, and the undo of the first (the student's story) stays.
   */
  private showSolution(): void {
    if (!this.lesson) return;
    const at = this.lesson.startAtMs;
    const { kept, actions } = workerOnDemand().showSolutionLog(this.lesson, this.run.scenario.actions);
    const { past, future } = splitStepLog([...this.stepLog, ...this.stepFuture], at);
    const again = future.length === 0 && JSON.stringify(actions) === JSON.stringify(this.run.scenario.actions);
    if (!again) this.timeline.fork(at, this.run.scenario.actions, kept, past.length, future);
    this.stepFuture = [];
    this.load({ ...this.run.scenario, actions }, at, true, past, 'same');
  }

  /**
   * `story` new: another story begins (a link, other settings), the timeline starts over; same: the
   * cluster is rebuilt within the story (a rewind, a reset), its timeline stays. `stepFuture`: the
   * story's step-scheduling entries after `atMs`.
   */
  private load(scenario: Scenario, atMs: number, playing: boolean, replay?: StepLogEntry[], story: 'new' | 'same' = 'new', stepFuture: StepLogEntry[] = []): void {
    this.buildStart = this.timers.now();
    // Commands following the old cluster end with it.
    this.runningCommands.endAll();
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    if (story === 'new') {
      this.timeline.restart(atMs);
      this.checkpoints.clear();
    }
    // A rebuild within the story starts from the latest checkpoint before the moment, if there is one.
    const parked = replay ? this.checkpoints.take(scenario.actions, replay, atMs, this.lesson) : undefined;
    this.run = parked?.run ?? new ScenarioRun(scenario);
    this.rider?.stop();
    this.rider = parked ? parked.rider : this.lesson ? new LessonRider(this.lesson, this.run, this.track) : undefined;
    this.sentLesson = '';
    this.stepFuture = stepFuture;
    // A new cluster has a new API server, and so a fresh log, rebuilt by the replay below.
    this.feed = new ConversationFeed(this.run.cluster.api.conversation);
    this.unsubscribe.push(this.timeline.attach(this.run));
    this.hpa = parked?.hpa ?? new HpaRecorder(this.run);
    this.unsubscribe.push(this.hpa.stop);
    if (!parked) this.scheduler()?.setTracing(true, TRACE_CAPACITY);
    this.stepper = undefined;
    this.resumeAfterStep = false;
    this.stepChanged = true;
    this.sentCycle = 0;
    this.sentQueue = '';
    this.sentResults = 0;
    if (parked) {
      // The checkpoint replayed the step entries up to its moment; those after it come on the way.
      this.stepLog = [...parked.steps];
      this.stepFuture = [...replay!.filter((e) => e.atMs > parked.atMs), ...stepFuture];
      this.stepMode = this.scheduler()?.isStepMode() ?? false;
      this.building(atMs, () => this.advanceTo(atMs, BUILD_SLICE_EVENTS));
    } else if (replay) {
      // A rewind: the stepped cycles happened at the times they were stepped; do them again there.
      // Each entry goes after exactly the actions performed before it, even those at the same ms.
      this.stepLog = [];
      const actions = this.run.scenario.actions;
      const all = actions.splice(0);
      for (const e of replay) {
        actions.splice(0, actions.length, ...all.slice(0, e.actions));
        this.building(atMs, () => this.advanceRun(e.atMs, BUILD_SLICE_EVENTS));
        this.stepLog.push(e);
        performStep(this.run, e);
      }
      actions.splice(0, actions.length, ...all);
      this.stepMode = this.scheduler()?.isStepMode() ?? false;
    } else {
      this.stepLog = this.stepMode ? [{ atMs: 0, op: 'on', actions: 0 }] : [];
      this.inScheduler((s) => s.setStepMode(this.stepMode));
    }
    this.building(atMs, () => this.advanceRun(atMs, BUILD_SLICE_EVENTS));
    this.buildStart = undefined;
    this.pending.clear();
    this.pendingEvents = [];
    this.pendingSamples = [...this.hpa.history.values()].flat();
    this.hpa.onSample = (sample) => this.pendingSamples.push(sample);
    this.reset = true;
    this.scenarioChanged = true;
    this.observe();
    this.playing = playing;
    this.lastWall = this.timers.now();
    this.flush();
    if (playing) this.scheduleTick();
  }

  /** The page is an observer outside the simulation: it reads the store directly, costing no clock events. */
  private observe(): void {
    const api = this.run.cluster.api;
    const rev = api.store.revision;
    for (const resource of MIRRORED_RESOURCES) {
      const prefix = api.registry.resource(resource)!.storagePrefix;
      for (const kv of api.store.range(prefix)) this.note(resource, 'ADDED', kv.value);
      this.unsubscribe.push(
        api.store.tap(prefix, rev, (ev) => {
          if (ev.type === 'DELETE') this.note(resource, 'DELETED', ev.kv.value);
          else this.note(resource, ev.prevKv ? 'MODIFIED' : 'ADDED', ev.kv.value);
        }),
      );
    }
    this.pendingEvents.push(...eventLog(this.run.cluster));
    this.unsubscribe.push(
      api.store.tap('/registry/events/', rev, (ev) => {
        if (ev.type === 'PUT') this.pendingEvents.push(toEventLogEntry(ev.kv.value));
      }),
    );
  }

  private note(resource: MirroredResource, type: WatchDelta['type'], object: StoredObject): void {
    const key = `${resource}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const prev = this.pending.get(key);
    // Within one batch only the latest state matters; an add followed by changes is still an add.
    const merged: WatchDelta['type'] = prev?.type === 'ADDED' && type === 'MODIFIED' ? 'ADDED' : type;
    if (prev?.type === 'ADDED' && type === 'DELETED') this.pending.delete(key);
    else {
      this.pending.delete(key);
      this.pending.set(key, { resource, type: merged, object });
    }
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    this.timers.later(() => {
      this.tickScheduled = false;
      this.tick();
    }, FRAME_MS);
  }

  private tick(): void {
    try {
      this.playOn();
    } catch (e) {
      // Nothing in the cluster should get here (its processes contain their own failures); if
      // something does, the clock stops and the page is told, keeping its scenario and editor text.
      this.playing = false;
      this.post({ type: 'fatal', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }

  private playOn(): void {
    if (!this.playing) return;
    const wall = this.timers.now();
    const elapsed = Math.min(wall - this.lastWall, 100);
    this.lastWall = wall;
    const target = this.run.now() + elapsed * this.speed;
    const start = this.timers.now();
    while (!this.advanceTo(target, EVENTS_PER_SLICE)) {
      if (this.timers.now() - start > TICK_BUDGET_MS) break;
    }
    this.flush();
    this.scheduleTick();
  }

  private clockState(): ClockState {
    const clock = this.run.cluster.clock;
    const next = clock.peek();
    const last = this.feed.last();
    return { nowMs: clock.now(), playing: this.playing, speed: this.speed, eventsRun: clock.eventsRun, ...(next ? { next: { atMs: next.at, label: next.label } } : {}), ...(last ? { last } : {}) };
  }

  /** What changed in kube-scheduler since the last batch. */
  private schedulerDelta(): SchedulerDelta | undefined {
    const sched = this.scheduler();
    if (!sched) return undefined;
    const out: SchedulerDelta = {};
    const fresh = sched.traces().filter((t) => t.cycle > this.sentCycle);
    // A cycle's trace holds a verdict per node: in a large cluster it is hundreds of kilobytes, so only
    // the newest few go, a few times a second, or the page would spend its frames reading them.
    const large = (fresh.at(-1)?.filter.length ?? 0) > LARGE_TRACE_NODES;
    const wall = this.timers.now();
    if (fresh.length && (!large || this.reset || wall - this.sentTraceAt >= LARGE_TRACE_EVERY_MS)) {
      out.traces = fresh.slice(-(large ? (this.reset ? LARGE_TRACES_ON_RESET : 1) : this.reset ? TRACE_CAPACITY : TRACES_PER_BATCH));
      this.sentCycle = fresh.at(-1)!.cycle;
      this.sentTraceAt = wall;
    }
    const pods: QueuedPod[] = [];
    const counts = { activeQ: 0, backoffQ: 0, unschedulablePods: 0 };
    for (const p of sched.queue.pendingPods()) {
      if (++counts[p.queue] <= QUEUE_LISTED) pods.push({ namespace: p.pod.metadata?.namespace ?? '', name: p.pod.metadata?.name ?? '', queue: p.queue, attempts: p.attempts });
    }
    const q = JSON.stringify([pods, counts]);
    if (q !== this.sentQueue) {
      this.sentQueue = q;
      out.queue = { pods, counts };
    }
    if (this.stepChanged) {
      this.stepChanged = false;
      out.stepMode = this.stepMode;
      const st = this.stepper;
      // A copy: the stepper keeps filling its trace in after this batch has gone.
      out.step = st ? structuredClone({ ...(st.peek() ? { next: st.peek()! } : {}), performed: st.performed, trace: st.trace }) : null;
    }
    return Object.keys(out).length ? out : undefined;
  }

  /** The trace actions performed since the last batch. */
  private traceResultsSince(): TraceActionResult[] {
    const results = this.run.results;
    const out: TraceActionResult[] = [];
    for (; this.sentResults < results.length; this.sentResults++) {
      const r = results[this.sentResults]!;
      if (!('trace' in r.action)) continue;
      out.push({ atMs: r.atMs, from: r.action.trace.from, to: r.action.trace.to, ...(r.trace ? { trace: r.trace } : { error: r.stderr.trimEnd().replace(/^error: /, '') }) });
    }
    return out;
  }

  private flush(): void {
    this.maybeBeginStep();
    this.timeline.reach(this.run.now());
    if (this.scenarioChanged) this.timeline.touch();
    const timeline = this.timeline.take(this.run.scenario.actions, this.reset);
    const scheduler = this.schedulerDelta();
    const traceResults = this.traceResultsSince();
    const conversation = this.feed.delta(this.reset);
    const lesson = this.lessonDelta();
    let deltas = [...this.pending.values()];
    let reset = this.reset;
    // A large cluster's objects go in several messages (the first one resetting), so the page reads
    // them in several short tasks rather than one long one; the last carries everything else.
    const clock = this.clockState();
    while (deltas.length > this.deltasPerMessage) {
      this.post({ type: 'batch', reset, deltas: deltas.slice(0, this.deltasPerMessage), events: [], clock, more: true });
      deltas = deltas.slice(this.deltasPerMessage);
      reset = false;
    }
    const msg: FromWorker = {
      type: 'batch',
      reset,
      deltas,
      events: this.pendingEvents,
      clock,
      ...(this.scenarioChanged ? { scenario: this.run.scenario } : {}),
      ...(this.pendingSamples.length ? { hpaSamples: this.pendingSamples } : {}),
      ...(scheduler ? { scheduler } : {}),
      ...(traceResults.length ? { traceResults } : {}),
      ...(conversation ? { conversation } : {}),
      ...(timeline ? { timeline } : {}),
      ...(lesson !== undefined ? { lesson } : {}),
    };
    this.pending.clear();
    this.pendingEvents = [];
    this.pendingSamples = [];
    this.reset = false;
    this.scenarioChanged = false;
    this.post(msg);
    this.scheduleBuild();
    // What the running commands printed as the clock moved comes after the batch that moved it.
    if (this.runningCommands.size > 0) this.runningCommands.pollAll();
  }

  /**
   * The lesson's goals when they changed since the last batch; null once the lesson is left. While the
   * clock plays they are read a few times a second (a `now` goal may run kubectl), every batch otherwise.
   */
  private lessonDelta(): LessonProgress | null | undefined {
    if (!this.lesson || !this.rider) {
      if (!this.lessonClosed) return undefined;
      this.lessonClosed = false;
      this.sentLesson = '';
      return null;
    }
    this.lessonClosed = false;
    const wall = this.timers.now();
    if (this.playing && this.sentLesson !== '' && wall - this.lessonReadAt < LESSON_READ_MS) return undefined;
    this.lessonReadAt = wall;
    const goals = this.rider.statuses();
    const progress: LessonProgress = { name: this.lesson.name, takenOver: this.rider.takenOver, goals, complete: this.rider.takenOver && goals.every((g) => g.met) };
    const json = JSON.stringify(progress);
    if (json === this.sentLesson && !this.reset) return undefined;
    this.sentLesson = json;
    return progress;
  }

  /** Checkpoints are built a little at a time, between the frames (less of it while the clock plays). */
  private scheduleBuild(): void {
    if (this.buildScheduled) return;
    this.buildScheduled = true;
    this.timers.later(() => {
      this.buildScheduled = false;
      let more = false;
      try {
        const story = { scenario: this.run.scenario, steps: [...this.stepLog, ...this.stepFuture], horizonMs: this.timeline.horizonMs(this.run.scenario.actions), lesson: this.lesson };
        more = this.checkpoints.work(story, this.playing ? BUILD_BUDGET_PLAYING_MS : BUILD_BUDGET_MS, () => this.timers.now());
      } catch {
        // A checkpoint is only a shortcut: without them a rewind replays from 0.
        this.checkpoints.clear();
      }
      if (more) this.scheduleBuild();
    }, FRAME_MS);
  }
}

/**
 * kubectl apply's lines, one per document, back into outcomes: what was written, then the server's
 * warnings (not failures: the objects were written; a long one must not hide the results), then errors.
 */
export function applyOutcomes(stdout: string, stderr: string): ApplyOutcome[] {
  const out: ApplyOutcome[] = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    const m = /^(\S+) (created|configured|unchanged)$/.exec(line);
    if (m) out.push({ ref: m[1]!, outcome: m[2] as ApplyOutcome['outcome'], message: line });
  }
  for (const line of stderr.split('\n').filter(Boolean)) if (line.startsWith('Warning: ')) out.push({ ref: '', outcome: 'warning', message: line });
  for (const line of stderr.split('\n').filter(Boolean)) {
    if (line.startsWith('Warning: ')) continue;
    if (line === 'ensure CRDs are installed first' && out.at(-1)?.outcome === 'error') {
      out.at(-1)!.message += `\n${line}`;
      continue;
    }
    out.push({ ref: '', outcome: 'error', message: line });
  }
  return out;
}
