/**
 * Plays a scenario: builds the cluster from its settings and seed, then performs each action at its
 * virtual time, exactly as a person at the keyboard would have. An action at time t happens after
 * every cluster event due at or before t — the same rule live use follows — so a recorded session
 * replays bit for bit.
 *
 * The run never dies of a bug: a component's throw is its process panicking (contained by the
 * cluster); one that no process owns is recorded as the cluster's and the run goes on with the next
 * event; an action that throws fails with an `error:` line like any failed action.
 */
import { assembleCluster } from '../sim/cluster';
import type { Cluster } from '../sim/cluster';
import { kubectlModule } from '../kubectl/lazy';
import type { KubectlContext } from '../kubectl/kubectl';
import { Kubeconfig } from '../kubectl/kubeconfig';
import { applyFault } from '../sim/faults';
import type { Fault } from '../sim/faults';
import type { FaultNote } from '../sim/faultMessages';
import type { KubectlResult } from '../kubectl/kubectl';
import { startFollow, type KubectlFollow } from '../kubectl/follow';
import { panicValue } from '../sim/panic';
import { nodeShell } from '../sim/node/nodeshell/lazy';
import type { SshHosts } from '../sim/node/nodeshell/ssh';
import type { ShellResult } from '../sim/node/nodeshell/result';
import type { Kubelet } from '../sim/node/kubelet';
import type { PacketTrace } from '../sim/network/traffic/trace';
import { TraceError } from '../sim/network/traffic/dest';
import { networkOnDemand } from '../sim/network/lazy';
import { worldOf } from '../sim/node/world';
import { etcdOf } from '../sim/store/etcd';
import { buildNetworkView } from '../sim/network/view/build';
import type { NetworkViewOptions } from '../sim/network/view/build';
import { NODE_INSIDES_COMMANDS } from '../sim/network/view/types';
import type { NetworkView, NodeInsides, NodeInsidesTab } from '../sim/network/view/types';
import type { Scenario, ScenarioAction, TraceSpec } from './format';
import { actionStory, kubectlStory } from './actionStory';
import { writeAreaFile } from './files';
import { clusterCounts, PROGRESS_EVERY_EVENTS } from './progress';
import type { ClusterCounts, ProgressListener, RunProgress } from './progress';

export const ADMIN_USER = 'kubernetes-admin';

export interface ActionResult {
  atMs: number;
  action: ScenarioAction;
  stdout: string;
  stderr: string;
  exitCode: number;
  /** a trace action's hops and verdict (its stdout is them as `--trace-packet` prints them) */
  trace?: PacketTrace;
  /** a fault action's result as an id with values (its stdout or stderr is the English line) */
  faultNote?: FaultNote;
  /**
   * a kubectl action that keeps running (get -w, rollout status, wait): true while it does; its stdout
   * and stderr grow as the run goes on, and its exitCode is final once this is gone
   */
  following?: true;
}

export interface ScenarioRunOptions {
  /** Told how the run is getting on every `progressEveryEvents` clock events, from the boot on. */
  onProgress?: ProgressListener;
  progressEveryEvents?: number;
}

export class ScenarioRun {
  readonly cluster: Cluster;
  readonly results: ActionResult[] = [];
  /** The log so far: the scenario's own actions plus any performed live with `act`. */
  readonly scenario: Scenario;
  private nextAction = 0;
  /** Counts the writes of `> FILE` into the scenario's file area (a reader sees whether the files changed). */
  filesWritten = 0;
  private readonly progressListeners = new Set<{ fn: ProgressListener; every: number; nextAt: number }>();
  /** the clock's eventsRun at which the next listener is due */
  private nextProgressAt = Number.POSITIVE_INFINITY;
  private untilMs = 0;
  /** kubectl actions still running, with the result their output goes to */
  private readonly following = new Map<ActionResult, KubectlFollow>();
  /**
   * The terminal kubectl's kubeconfig: kubeadm's admin.conf plus a context per scenario user. `config
   * use-context` changes it; it is rebuilt by replaying the recorded lines, as everything else is.
   */
  readonly kubeconfig: Kubeconfig;

  constructor(scenario: Scenario, opts: ScenarioRunOptions = {}) {
    this.scenario = { ...scenario, cluster: { ...scenario.cluster }, actions: [...scenario.actions] };
    this.cluster = assembleCluster({ seed: scenario.seed, ...scenario.cluster });
    this.kubeconfig = Kubeconfig.kubeadm(`https://${this.cluster.apiEndpoints().controlPlaneIP}:6443`, (scenario.cluster.users ?? []).map((u) => u.name));
    if (opts.onProgress) this.onProgress(opts.onProgress, opts.progressEveryEvents);
    // The boot, as createCluster runs it (a throw here is a bug that fails the build of the run), in
    // slices so a large cluster's boot can be shown.
    const clock = this.cluster.clock;
    for (;;) {
      const slice = this.nextProgressAt - clock.eventsRun;
      if (clock.runUntil(0, slice) < slice) break;
      this.report(true);
    }
  }

  /**
   * Calls `listener` every `everyEvents` clock events while the run works (runUntil, advance, step
   * over many events); returns the function that stops it. Listening changes nothing in the story.
   */
  onProgress(listener: ProgressListener, everyEvents = PROGRESS_EVERY_EVENTS): () => void {
    const entry = { fn: listener, every: Math.max(1, Math.floor(everyEvents)), nextAt: 0 };
    entry.nextAt = this.cluster.clock.eventsRun + entry.every;
    this.progressListeners.add(entry);
    this.nextProgressAt = Math.min(this.nextProgressAt, entry.nextAt);
    return () => {
      this.progressListeners.delete(entry);
      this.nextProgressAt = Math.min(Number.POSITIVE_INFINITY, ...[...this.progressListeners].map((l) => l.nextAt));
    };
  }

  /** Nodes Ready and pods Running now, as the progress reports count them. */
  counts(): ClusterCounts {
    return clusterCounts(this.cluster);
  }

  /** How the run stands now, as a progress listener is told it. */
  progress(booting = false): RunProgress {
    const clock = this.cluster.clock;
    let counts: ClusterCounts | undefined;
    return { nowMs: clock.now(), untilMs: booting ? 0 : this.untilMs, eventsRun: clock.eventsRun, booting, counts: () => (counts ??= this.counts()) };
  }

  /** Tells each listener that is due; called between clock events only. */
  private report(booting: boolean): void {
    const now = this.cluster.clock.eventsRun;
    const p = this.progress(booting);
    let next = Number.POSITIVE_INFINITY;
    for (const l of [...this.progressListeners]) {
      if (l.nextAt <= now) {
        l.nextAt = now + l.every;
        l.fn(p);
      }
      next = Math.min(next, l.nextAt);
    }
    this.nextProgressAt = next;
  }

  now(): number {
    return this.cluster.clock.now();
  }

  /** How many of the log's actions have been performed; the rest are the story's future (acting now drops them). */
  get performedActions(): number {
    return this.nextAction;
  }

  /** Runs to virtual time `ms`, performing due actions on the way. */
  runUntil(ms: number): void {
    this.advance(ms, Number.POSITIVE_INFINITY);
  }

  /**
   * Like runUntil, but stops after about `maxEvents` cluster events so a paced caller can yield.
   * Returns true once time `ms` is reached.
   */
  advance(ms: number, maxEvents: number): boolean {
    this.untilMs = ms;
    let budget = maxEvents;
    const clock = this.cluster.clock;
    for (;;) {
      const action = this.scenario.actions[this.nextAction];
      const stop = action && action.atMs <= ms ? action.atMs : ms;
      budget -= this.drain(stop, budget);
      this.pollFollowing();
      if (budget <= 0 && (clock.peek()?.at ?? Infinity) <= stop) return false;
      if (action && action.atMs <= ms) {
        this.nextAction++;
        this.perform(action);
        continue;
      }
      return true;
    }
  }

  /**
   * Runs the cluster's events up to `ms` (at most `maxEvents`), returning how many ran. An event no
   * process owns that throws is spent: it is recorded as the cluster's panic and the rest run on.
   */
  private drain(ms: number, maxEvents = Number.POSITIVE_INFINITY): number {
    const clock = this.cluster.clock;
    let ran = 0;
    for (;;) {
      try {
        // Slices end where a progress listener is due; the events run are the same either way.
        for (;;) {
          const slice = Math.min(maxEvents - ran, this.nextProgressAt - clock.eventsRun);
          const n = clock.runUntil(ms, slice);
          ran += n;
          if (n < slice || clock.eventsRun < this.nextProgressAt) return ran;
          this.report(false);
        }
      } catch (err) {
        this.cluster.panicked('cluster', err);
        ran++;
      }
    }
  }

  /** Runs the single next cluster event (or the next due action). */
  step(): void {
    const next = this.cluster.clock.peek();
    const action = this.scenario.actions[this.nextAction];
    if (action && (!next || action.atMs <= next.at)) {
      this.runUntil(action.atMs);
      return;
    }
    try {
      this.cluster.clock.step();
    } catch (err) {
      this.cluster.panicked('cluster', err);
    }
    this.pollFollowing();
  }

  /** The actions still running read what time brought them. */
  pollFollowing(): void {
    for (const [result, follow] of this.following) {
      const p = follow.poll();
      result.stdout += p.stdout;
      result.stderr += p.stderr;
      if (!p.done) continue;
      result.exitCode = p.exitCode;
      delete result.following;
      this.following.delete(result);
    }
  }

  /** Ctrl+C on a running action: it ends now, with what it printed so far. */
  stopFollowing(result: ActionResult): void {
    const follow = this.following.get(result);
    if (!follow) return;
    follow.stop();
    this.pollFollowing();
  }

  /** A user action now: recorded in the log at the current time, then performed. */
  act(action: { apply: string } | { kubectl: string } | { fault: Fault } | { trace: TraceSpec }): ActionResult {
    const clock = this.cluster.clock;
    this.drain(clock.now()); // everything due now happens first, as on replay
    const atMs = clock.now();
    const logged: ScenarioAction = { atMs, ...action };
    // Acting after a rewind forks the story: what the log held after this moment is dropped.
    this.scenario.actions.splice(this.nextAction);
    this.scenario.actions.push(logged);
    this.nextAction = this.scenario.actions.length;
    return this.perform(logged);
  }

  /**
   * Runs a kubectl command line now, without recording it: as the terminal's kubectl (the user and
   * namespace of its kubeconfig's current context), or for an observer as the cluster admin in `default`.
   */
  kubectl(line: string, stdin?: string, opts: { editor?: boolean; observer?: boolean } = {}): KubectlResult {
    const api = this.cluster.api;
    const area = new Map(Object.entries(this.scenario.files ?? {}));
    const ctx: KubectlContext = {
      client: this.cluster.client(ADMIN_USER),
      kubeconfig: this.kubeconfig,
      // An observer (the page's inspector, a lesson's check) reads the kubeconfig but is not the terminal's user.
      ...(opts.observer ? {} : { clientFor: (user: string) => this.cluster.client(user) }),
      nowMs: () => this.cluster.clock.now(),
      streamed: (fn) => api.observe(fn),
      files: area,
      // `> FILE` in the line writes the scenario's file area (kept with the story and its link).
      writeFile: (path, content, append) => {
        const why = writeAreaFile(area, path, content, append);
        if (why === undefined) {
          this.scenario.files = Object.fromEntries(area);
          this.filesWritten++;
        }
        return why;
      },
      ...(stdin !== undefined ? { stdin } : {}),
      ...(opts.editor ? { editor: true } : {}),
    };
    // A line may pipe kubectl's output through grep, head, tail, wc and sort, as in a shell.
    return kubectlModule().runCommandLine(line, ctx);
  }

  /** A kubectl line the user runs now without recording it (one that only reads): a step of its own in the conversation. */
  command(line: string, opts: { editor?: boolean } = {}): KubectlResult {
    const log = this.cluster.api.conversation;
    const step = log.beginUserStep();
    const r = this.kubectl(line, undefined, opts);
    log.nameUserStep(step, kubectlStory(line));
    return r;
  }

  /** Tab completion of a kubectl line: the lists it reads are an observer's, neither audited nor recorded. */
  complete(line: string, cursor: number): { from: number; items: string[] } {
    return this.cluster.api.observe(() => kubectlModule().completeLine(line, cursor, this.cluster.client(ADMIN_USER), this.kubeconfig));
  }

  /** A kubectl line read by an observer outside the cluster (the page's inspector): answered, neither audited nor recorded. */
  observe(line: string): KubectlResult {
    const r = this.cluster.api.observe(() => this.kubectl(line, undefined, { observer: true }));
    // An observer reads once: a command that would keep running answers with what it printed at once.
    if (!r.follow) return r;
    r.follow.stop();
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  /** Runs a command line as root on a node (`ssh NODE COMMAND`), without recording it. */
  ssh(node: string, line: string): ShellResult {
    return nodeShell().ssh(this.sshHosts(), node, line);
  }

  private sshHosts(): SshHosts {
    const c = this.cluster;
    return { machine: (n) => c.machines.get(n), kubelet: (n) => worldOf<Kubelet>(c.clock).agent(n), nowMs: () => c.clock.now(), fabric: () => c.fabric, etcd: () => etcdOf(c.clock) };
  }

  /** The network as the Network view draws it, now; reading it changes nothing. */
  networkView(opts: NetworkViewOptions = {}): NetworkView {
    return this.cluster.api.observe(() => buildNetworkView(this.cluster, opts));
  }

  /**
   * A node's panel: each of NODE_INSIDES_COMMANDS run through `ssh NODE COMMAND`, so the texts are the
   * terminal's; a node that does not answer ssh gives ssh's message instead.
   */
  nodeInsides(node: string): { insides: NodeInsides } | { error: string } {
    return this.cluster.api.observe(() => this.readNodeInsides(node));
  }

  private readNodeInsides(node: string): { insides: NodeInsides } | { error: string } {
    const unreachable = nodeShell().sshReach(this.sshHosts(), node);
    if (unreachable) return { error: unreachable.stderr.trimEnd() };
    const insides = {} as NodeInsides;
    for (const tab of Object.keys(NODE_INSIDES_COMMANDS) as NodeInsidesTab[]) {
      const r = this.ssh(node, NODE_INSIDES_COMMANDS[tab]);
      insides[tab] = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    }
    return { insides };
  }

  /** Follows one connection hop by hop now (`--trace-packet`), without recording it. */
  tracePacket(source: string, dest: string): { trace: PacketTrace } | { error: string } {
    try {
      return { trace: networkOnDemand().tracePacket(networkOnDemand().clusterTraceWorld(this.cluster), source, dest) };
    } catch (e) {
      if (e instanceof TraceError) return { error: e.message };
      throw e;
    }
  }

  /** Performs an action as a step of its own in the conversation, named after it. */
  private perform(action: ScenarioAction): ActionResult {
    const log = this.cluster.api.conversation;
    const step = log.beginUserStep();
    const r = this.performContained(action);
    log.nameUserStep(step, actionStory(action, r.stdout));
    return r;
  }

  private performContained(action: ScenarioAction): ActionResult {
    try {
      return this.performOrThrow(action);
    } catch (err) {
      this.cluster.panicked('cluster', err);
      const result = { atMs: action.atMs, action, stdout: '', stderr: `error: ${panicValue(err)}\n`, exitCode: 1 };
      this.results.push(result);
      return result;
    }
  }

  private performOrThrow(action: ScenarioAction): ActionResult {
    if ('fault' in action) {
      const f = applyFault(this.cluster, action.fault);
      const result: ActionResult = { atMs: action.atMs, action, stdout: f.ok ? `${f.message}\n` : '', stderr: f.ok ? '' : `error: ${f.message}\n`, exitCode: f.ok ? 0 : 1, ...(f.note ? { faultNote: f.note } : {}) };
      this.results.push(result);
      return result;
    }
    if ('trace' in action) {
      // A trace sends real packets (conntrack entries, DNS queries), so it is an action like any other.
      const t = this.tracePacket(action.trace.from, action.trace.to);
      const result: ActionResult = 'error' in t ? { atMs: action.atMs, action, stdout: '', stderr: `error: ${t.error}\n`, exitCode: 1 } : { atMs: action.atMs, action, stdout: networkOnDemand().formatTrace(t.trace), stderr: '', exitCode: 0, trace: t.trace };
      this.results.push(result);
      return result;
    }
    const r = startFollow('apply' in action ? this.kubectl('apply -f -', action.apply) : this.kubectl(action.kubectl));
    const result: ActionResult = { atMs: action.atMs, action, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    // A command that keeps running prints on as the run goes (pollFollowing), until it ends or the run does.
    if (r.follow) {
      result.following = true;
      this.following.set(result, r.follow);
    }
    this.results.push(result);
    return result;
  }
}
