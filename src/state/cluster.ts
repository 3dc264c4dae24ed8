/**
 * The page's client of the cluster Worker. It owns the Worker, numbers requests and resolves them,
 * coalesces the worker's batches into one store update per animation frame, notices when the worker
 * fails, and can rebuild the cluster from the last scenario and time.
 */
import type { Scenario } from '../scenario/format';
import type { Fault } from '../sim/faults';
import type { FaultNote } from '../sim/faultMessages';
import type { ReplyNote } from '../worker/protocol';
import type { ApplyOutcome, ConversationEntry, EditBufferMessage, ConversationFilter, EtcdAnswer, EtcdQuery, FromWorker, RequestDetail, Speed, StepStory, ToWorker } from '../worker/protocol';
import type { PacketTrace } from '../sim/network/traffic/trace';
import type { CniPlugin, FlannelBackend, ProxyMode } from '../sim/network/settings';
import type { PolicyMatrix, RbacAnswer, RbacQuery } from '../worker/protocol';
import type { NetworkView, NodeInsides } from '../sim/network/view/types';
import { applyBatches, clearMirror, useBuild, useHealth, useScenario } from './stores';
import { english } from './note';
import { translate } from '../ui/i18n';
import type { Note } from './ui';
import type { Lesson } from '../lesson/types';
import type { ManifestProblem } from '../worker/validateManifest';

type Batch = Extract<FromWorker, { type: 'batch' }>;

export interface ApplyResponse {
  outcomes: ApplyOutcome[];
  stdout: string;
  stderr: string;
}

export interface KubectlResponse {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** the command keeps running: more comes through kubectlStream's onOutput */
  following?: true;
}

/** A kubectl line as it runs: Ctrl+C, and its end. */
export interface KubectlStream {
  stop(): void;
  finished: Promise<{ exitCode: number }>;
}

interface RunningStream {
  onOutput: (chunk: { stdout: string; stderr: string }) => void;
  finish: (r: { exitCode: number }) => void;
}

export interface FaultResponse {
  ok: boolean;
  /** the result in English */
  message: string;
  /** the same as an id with values, for the page to say in its language (faults.result.<id>) */
  note?: FaultNote;
}

export interface TextResponse {
  text: string;
  error?: string;
  /** the text as a page message, when it is the worker's own words */
  note?: ReplyNote;
}

export interface TraceResponse {
  trace?: PacketTrace;
  /** why there is no trace (an unknown pod, a bad destination) */
  error?: string;
}

/** The policy view of a namespace and the CNI (flannel enforces nothing), or why it could not be built. */
export interface PolicyViewResponse {
  cni?: CniPlugin;
  matrix?: PolicyMatrix;
  error?: string;
}

export interface NodeInsidesResponse {
  insides?: NodeInsides;
  /** ssh's message when the node does not answer (unknown, powered off) */
  error?: string;
}

/** Conversation entries matching a filter, newest last, and the steps they happened in. */
export interface ConversationResponse {
  entries: ConversationEntry[];
  steps: StepStory[];
  /** the oldest entry the worker still keeps */
  oldestSeq: number;
}

export interface RequestDetailResponse {
  detail?: RequestDetail;
  /** why there is none (no longer kept, not a request) */
  error?: string;
}

/** The network view could not be built; the message says why. */
export class NetworkViewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkViewError';
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** A request the worker has not answered in this long means the worker is stuck. */
const REQUEST_TIMEOUT_MS = 30_000;

export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () => new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'kubetab-cluster' });

export class ClusterClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private queue: Batch[] = [];
  private scheduled = false;
  private raf = 0;
  private fallback: ReturnType<typeof setTimeout> | undefined;
  /** What to rebuild from when the worker fails. */
  private lastScenario: Scenario | null = null;
  private lastAtMs = 0;
  private lastLesson: Lesson | undefined;
  private loadListeners = new Set<() => void>();
  private editListeners = new Set<(edit: EditBufferMessage) => void>();
  /** kubectl commands that keep running, by request id, once their first reply said so */
  private streams = new Map<number, RunningStream>();

  constructor(private readonly factory: WorkerFactory = defaultFactory) {}

  /** Loads a scenario at a virtual time, as a lesson's story with `lesson`; replaces whatever cluster was running. */
  load(scenario: Scenario, atMs: number, playing: boolean, lesson?: Lesson): void {
    this.lastScenario = scenario;
    this.lastAtMs = atMs;
    this.lastLesson = lesson;
    if (!this.worker) this.spawn();
    this.queue = [];
    useHealth.setState({ status: 'starting', message: '', note: undefined });
    for (const l of this.loadListeners) l();
    this.post({ type: 'load', scenario, atMs, playing, ...(lesson ? { lesson } : {}) });
  }

  /** Called whenever a new cluster is loaded (the page clears its selection etc.). */
  onLoad(fn: () => void): () => void {
    this.loadListeners.add(fn);
    return () => this.loadListeners.delete(fn);
  }

  /** Respawns the worker and replays the last scenario to the last time it showed, paused. */
  rebuild(): void {
    this.terminate();
    clearMirror();
    const scenario = this.lastScenario ?? useScenario.getState().scenario;
    if (scenario) this.load(scenario, this.lastAtMs, false, this.lastLesson);
  }

  /** Throws away the worker and starts a fresh cluster from a scenario (a lesson's with `lesson`). */
  restart(scenario: Scenario, atMs: number, playing: boolean, lesson?: Lesson): void {
    this.terminate();
    clearMirror();
    this.load(scenario, atMs, playing, lesson);
  }

  /** Leaves the lesson: the cluster plays on as a free sandbox. */
  leaveLesson(): void {
    this.lastLesson = undefined;
    this.post({ type: 'leaveLesson' });
  }

  /** Show me: the lesson's solution replaces the story after its startAt (a fork) and plays. */
  showSolution(): void {
    this.post({ type: 'showSolution' });
  }

  /** A lesson draft (YAML) of the story, the student taking over at `atMs`. */
  lessonDraft(atMs: number): Promise<TextResponse> {
    return this.request<TextResponse>((id) => ({ type: 'lessonDraft', id, atMs }));
  }

  /** kubectl edit's buffer saved: sent as kubectl edit sends it; the answer is kubectl's (`… edited`, or why not). */
  editSave(edit: EditBufferMessage, original: string, yaml: string): Promise<KubectlResponse> {
    return this.request<KubectlResponse>((id) => ({ type: 'editSave', id, ref: edit.ref, ...(edit.namespace ? { namespace: edit.namespace } : {}), original, yaml }));
  }

  /** Replaces the scenario's file area (kept in the scenario, and so in its link). */
  setFiles(files: Record<string, string>): void {
    if (this.lastScenario) this.lastScenario = { ...this.lastScenario, files };
    this.post({ type: 'setFiles', files });
  }

  /** Called when `kubectl edit` opens an object: the page is its editor. */
  onEdit(fn: (edit: EditBufferMessage) => void): () => void {
    this.editListeners.add(fn);
    return () => this.editListeners.delete(fn);
  }

  apply(yaml: string): Promise<ApplyResponse> {
    return this.request<ApplyResponse>((id) => ({ type: 'apply', id, yaml }));
  }

  /** Runs a kubectl line once: a command that would keep running is stopped after its first answer (kubectlStream follows it). */
  kubectl(line: string): Promise<KubectlResponse> {
    let sent = 0;
    return this.request<KubectlResponse>((id) => {
      sent = id;
      return { type: 'kubectl', id, line };
    }).then((r) => {
      if (r.following) this.post({ type: 'kubectlStop', id: sent });
      return r;
    });
  }

  /** Runs a kubectl line; output of a command that keeps running arrives through onOutput until it ends. */
  kubectlStream(line: string, onOutput: (chunk: { stdout: string; stderr: string }) => void): KubectlStream {
    let id = 0;
    let following = false;
    let over = false;
    let stopAsked = false;
    let finish!: (r: { exitCode: number }) => void;
    const finished = new Promise<{ exitCode: number }>((resolve) => {
      finish = (r) => {
        if (over) return;
        over = true;
        this.streams.delete(id);
        resolve(r);
      };
    });
    this.request<KubectlResponse>((i) => {
      id = i;
      return { type: 'kubectl', id: i, line };
    }).then(
      (r) => {
        onOutput({ stdout: r.stdout, stderr: r.stderr });
        if (!r.following) {
          finish({ exitCode: r.exitCode });
          return;
        }
        following = true;
        this.streams.set(id, { onOutput, finish });
        if (stopAsked) this.post({ type: 'kubectlStop', id });
      },
      (e: unknown) => {
        onOutput({ stdout: '', stderr: `${e instanceof Error ? e.message : String(e)}\n` });
        finish({ exitCode: 1 });
      },
    );
    return {
      stop: () => {
        if (over || stopAsked) return;
        stopAsked = true;
        // Before the first reply the stop waits for it (the command may not even keep running).
        if (following) this.post({ type: 'kubectlStop', id });
      },
      finished,
    };
  }

  /** The editor's buffer checked as a create would check it; nothing is sent to the cluster. */
  validateManifest(yaml: string): Promise<ManifestProblem[]> {
    return this.request<ManifestProblem[]>((id) => ({ type: 'validateManifest', id, yaml }));
  }

  /** Tab in the terminal: what the word at `cursor` of a kubectl line may become. */
  complete(line: string, cursor: number): Promise<{ from: number; items: string[] }> {
    return this.request<{ from: number; items: string[] }>((id) => ({ type: 'complete', id, line, cursor }));
  }

  /** Runs a command line as root on a node; an empty line only checks that the node answers ssh. */
  ssh(node: string, line: string): Promise<KubectlResponse> {
    return this.request<KubectlResponse>((id) => ({ type: 'ssh', id, node, line }));
  }

  /**
   * Follows one connection hop by hop now. With `record`, the trace is a scenario action at the current
   * time (in the share link, replayed by it); without, it is only looked at.
   */
  tracePacket(source: string, dest: string, record = false): Promise<TraceResponse> {
    return this.request<TraceResponse>((id) => ({ type: 'tracePacket', id, source, dest, ...(record ? { record } : {}) }));
  }

  /**
   * The network as the Network view draws it, now. Beyond FULL_DETAIL_NODES nodes, only the nodes in
   * `detail` (those the page shows expanded) carry their peers and routes; the others a `summary`.
   * Rejects with NetworkViewError if it could not be built.
   */
  networkView(detail?: readonly string[]): Promise<NetworkView> {
    return this.request<NetworkView>((id) => ({ type: 'networkView', id, ...(detail ? { detail: [...detail] } : {}) }));
  }

  /** One question of the etcd panel: a level of the key tree, a key's history, or etcd's status. */
  etcd(query: EtcdQuery): Promise<EtcdAnswer> {
    return this.request<EtcdAnswer>((id) => ({ type: 'etcd', id, query }));
  }

  /** A node's ip addr, ip route, bridge fdb, iptables-save, ipvsadm, ipset and conntrack, as its shell prints them. */
  /** The policy view of a namespace, now: the matrix of who may reach whom by its NetworkPolicies. */
  /** The RBAC view's question: a namespace's matrix, who can VERB RESOURCE, what a subject can do. */
  rbac(query: RbacQuery): Promise<RbacAnswer> {
    return this.request<RbacAnswer>((id) => ({ type: 'rbac', id, query }));
  }

  policyView(namespace: string): Promise<PolicyViewResponse> {
    return this.request<PolicyViewResponse>((id) => ({ type: 'policyView', id, namespace }));
  }

  nodeInsides(node: string): Promise<NodeInsidesResponse> {
    return this.request<NodeInsidesResponse>((id) => ({ type: 'nodeInsides', id, node }));
  }

  /**
   * Restarts the scenario (as a reset does) with flannel's backend, kube-proxy's mode or its IPVS
   * scheduler changed, kept in the scenario and the link; `error` set when a value is refused.
   */
  networkSettings(change: { backend?: FlannelBackend; mode?: ProxyMode; scheduler?: string }): Promise<TextResponse> {
    return this.request<TextResponse>((id) => ({ type: 'networkSettings', id, ...change }));
  }

  /**
   * The conversation entries matching `filter`, newest last: at most `limit` (the worker's default 500)
   * of those before `beforeSeq` (absent: the newest). The worker keeps more than the page's window.
   */
  conversation(filter: ConversationFilter, beforeSeq?: number, limit?: number): Promise<ConversationResponse> {
    return this.request<ConversationResponse>((id) => ({ type: 'conversation', id, filter, ...(beforeSeq !== undefined ? { beforeSeq } : {}), ...(limit !== undefined ? { limit } : {}) }));
  }

  /** One request in full: its kubectl -v=8 log, its audit record and the watch events it caused. */
  requestDetail(seq: number): Promise<RequestDetailResponse> {
    return this.request<RequestDetailResponse>((id) => ({ type: 'requestDetail', id, seq }));
  }

  /** Injects a fault now; the worker records it in the scenario log (and so in the share link). */
  fault(fault: Fault): Promise<FaultResponse> {
    return this.request<FaultResponse>((id) => ({ type: 'fault', id, fault }));
  }

  describe(resource: string, namespace: string | undefined, name: string): Promise<TextResponse> {
    return this.request<TextResponse>((id) => ({ type: 'describe', id, resource, name, ...(namespace ? { namespace } : {}) }));
  }

  yaml(resource: string, namespace: string | undefined, name: string): Promise<TextResponse> {
    return this.request<TextResponse>((id) => ({ type: 'yaml', id, resource, name, ...(namespace ? { namespace } : {}) }));
  }

  play(): void {
    this.post({ type: 'play' });
  }
  pause(): void {
    this.post({ type: 'pause' });
  }
  step(): void {
    this.post({ type: 'step' });
  }
  speed(speed: Speed): void {
    this.post({ type: 'speed', speed });
  }
  reset(): void {
    this.post({ type: 'reset' });
  }
  /** To a moment of the story in [0, horizon]; the log's later actions stay as its future. */
  seek(atMs: number): void {
    this.post({ type: 'seek', atMs });
  }
  /** Undoes the last fork: the actions it dropped come back, at the same moment. */
  undoFork(): void {
    this.post({ type: 'undoFork' });
  }
  /** Step scheduling on or off. */
  schedStepMode(on: boolean): void {
    this.post({ type: 'schedStepMode', on });
  }
  schedNext(): void {
    this.post({ type: 'schedNext' });
  }
  schedFinish(): void {
    this.post({ type: 'schedFinish' });
  }
  /** Rebuilds the cluster with a KubeSchedulerConfiguration (kept in the scenario and the link). */
  schedulerConfig(config: unknown): Promise<TextResponse> {
    return this.request<TextResponse>((id) => ({ type: 'schedulerConfig', id, config }));
  }
  /** Back to the start of the stepped cycle (the cluster is rebuilt there). */
  schedRewind(): void {
    this.post({ type: 'schedRewind' });
  }

  /** For tests and teardown. */
  terminate(): void {
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.onmessageerror = null;
      this.worker.terminate();
      this.worker = null;
    }
    this.queue = [];
    this.rejectAll(translate('frame.fail.restarted'));
  }

  private spawn(): void {
    let w: Worker;
    try {
      w = this.factory();
    } catch (e) {
      this.fail({ key: 'frame.fail.start', params: { error: e instanceof Error ? e.message : String(e) } });
      return;
    }
    this.worker = w;
    w.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(e.message ? { key: 'frame.fail.crashed', params: { error: e.message } } : { key: 'frame.fail.crashedPlain' });
    };
    w.onmessageerror = () => this.fail({ key: 'frame.fail.unreadable' });
  }

  private post(msg: ToWorker): void {
    if (!this.worker) return;
    try {
      this.worker.postMessage(msg);
    } catch (e) {
      this.fail({ key: 'frame.fail.post', params: { error: e instanceof Error ? e.message : String(e) } });
    }
  }

  private request<T>(make: (id: number) => ToWorker): Promise<T> {
    if (!this.worker || useHealth.getState().status === 'failed') {
      const h = useHealth.getState();
      return Promise.reject(new WorkerFailedError(h.note ? translate(h.note.key, h.note.params) : h.message || translate('frame.fail.notRunning')));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.fail({ key: 'frame.fail.timeout', params: { seconds: REQUEST_TIMEOUT_MS / 1000 } });
        reject(new WorkerFailedError(translate('frame.fail.noAnswer')));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.post(make(id));
    });
  }

  private settle(id: number, value: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(value);
  }

  private settleWithError(id: number, e: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.reject(e);
  }

  private rejectAll(message: string): void {
    // Commands still running end with the worker that ran them.
    for (const st of [...this.streams.values()]) {
      st.onOutput({ stdout: '', stderr: `${message}\n` });
      st.finish({ exitCode: 1 });
    }
    this.streams.clear();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new WorkerFailedError(message));
    }
    this.pending.clear();
  }

  /** The worker's own words (a crash it reported) stay as they are; the page's go through the catalogue. */
  private fail(why: string | Note): void {
    const message = typeof why === 'string' ? why : english(why);
    useHealth.setState({ status: 'failed', message, note: typeof why === 'string' ? undefined : why });
    this.rejectAll(message);
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'batch':
        // A batch comes once the rebuild is over.
        if (useBuild.getState().progress) useBuild.setState({ progress: null });
        if (msg.reset) this.queue = [];
        this.queue.push(msg);
        this.lastAtMs = msg.clock.nowMs;
        if (msg.scenario) this.lastScenario = msg.scenario;
        // The parts of a split batch are applied with its last part, all at once.
        if (!msg.more) this.schedule();
        break;
      case 'applied':
        this.settle(msg.id, { outcomes: msg.outcomes, stdout: msg.stdout, stderr: msg.stderr } satisfies ApplyResponse);
        break;
      case 'kubectl':
        if (msg.edit) for (const l of this.editListeners) l(msg.edit);
        this.settle(msg.id, { stdout: msg.stdout, stderr: msg.stderr, exitCode: msg.exitCode, ...(msg.following ? { following: msg.following } : {}) } satisfies KubectlResponse);
        break;
      case 'ssh':
        this.settle(msg.id, { stdout: msg.stdout, stderr: msg.stderr, exitCode: msg.exitCode } satisfies KubectlResponse);
        break;
      case 'manifestProblems':
        this.settle(msg.id, msg.problems);
        break;
      case 'completions':
        this.settle(msg.id, { from: msg.from, items: msg.items });
        break;
      case 'kubectlMore': {
        const st = this.streams.get(msg.id);
        if (!st) break;
        if (msg.stdout || msg.stderr) st.onOutput({ stdout: msg.stdout, stderr: msg.stderr });
        if (msg.done) st.finish({ exitCode: msg.exitCode });
        break;
      }
      case 'tracePacket':
        this.settle(msg.id, { ...(msg.trace ? { trace: msg.trace } : {}), ...(msg.error !== undefined ? { error: msg.error } : {}) } satisfies TraceResponse);
        break;
      case 'networkView':
        if (msg.error !== undefined) this.settleWithError(msg.id, new NetworkViewError(msg.error));
        else this.settle(msg.id, msg.view);
        break;
      case 'nodeInsides':
        this.settle(msg.id, { ...(msg.insides ? { insides: msg.insides } : {}), ...(msg.error !== undefined ? { error: msg.error } : {}) } satisfies NodeInsidesResponse);
        break;
      case 'policyView':
        this.settle(msg.id, { ...(msg.cni ? { cni: msg.cni } : {}), ...(msg.matrix ? { matrix: msg.matrix } : {}), ...(msg.error !== undefined ? { error: msg.error } : {}) } satisfies PolicyViewResponse);
        break;
      case 'rbac': {
        const { type: _type, id, ...answer } = msg;
        void _type;
        this.settle(id, answer satisfies RbacAnswer);
        break;
      }
      case 'etcd': {
        const { type: _type, id, ...answer } = msg;
        void _type;
        this.settle(id, answer satisfies EtcdAnswer);
        break;
      }
      case 'conversation':
        this.settle(msg.id, { entries: msg.entries, steps: msg.steps, oldestSeq: msg.oldestSeq } satisfies ConversationResponse);
        break;
      case 'requestDetail':
        this.settle(msg.id, { ...(msg.detail ? { detail: msg.detail } : {}), ...(msg.error !== undefined ? { error: msg.error } : {}) } satisfies RequestDetailResponse);
        break;
      case 'faulted':
        this.settle(msg.id, { ok: msg.ok, message: msg.message, ...(msg.note ? { note: msg.note } : {}) } satisfies FaultResponse);
        break;
      case 'text':
        this.settle(msg.id, { text: msg.text, ...(msg.error !== undefined ? { error: msg.error } : {}), ...(msg.note ? { note: msg.note } : {}) } satisfies TextResponse);
        break;
      case 'progress':
        useBuild.setState({ progress: { atMs: msg.atMs, targetMs: msg.targetMs, nodes: msg.nodes, nodesReady: msg.nodesReady } });
        break;
      case 'fatal':
        if (useBuild.getState().progress) useBuild.setState({ progress: null });
        this.fail(msg.message);
        break;
      default:
        this.fail({ key: 'frame.fail.unknownMessage' });
    }
  }

  /** One store update per animation frame; a timer covers hidden tabs, where frames do not run. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = (): void => {
      if (!this.scheduled) return;
      this.scheduled = false;
      cancelAnimationFrame(this.raf);
      clearTimeout(this.fallback);
      this.drain();
    };
    this.raf = requestAnimationFrame(run);
    this.fallback = setTimeout(run, 250);
  }

  private drain(): void {
    // A split batch whose last part has not come yet waits for it.
    let end = this.queue.length;
    while (end > 0 && this.queue[end - 1]!.more) end--;
    const batches = this.queue.slice(0, end);
    this.queue = this.queue.slice(end);
    if (batches.length === 0) return;
    applyBatches(batches);
    if (useHealth.getState().status === 'starting') useHealth.setState({ status: 'ok', message: '', note: undefined });
  }

  /** The last virtual time the worker reported (also readable from useClock). */
  get atMs(): number {
    return this.lastAtMs;
  }
}

export const cluster = new ClusterClient();
