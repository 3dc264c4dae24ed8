/**
 * The typed messages between the page and the cluster's Worker. The page sends commands; the worker
 * sends what changed since its last message, coalesced about once per animation frame. Messages
 * carry plain JSON only.
 */
import type { EventLogEntry } from '../cli/eventLog';
import type { Scenario } from '../scenario/format';
import type { Fault } from '../sim/faults';
import type { FaultNote } from '../sim/faultMessages';

/** A text reply of the worker's own as a page message (src/ui/i18n/en/replies.ts), so the page says it in its language. */
export interface ReplyNote {
  key: 'replies.networkRestarted' | 'replies.networkRestartedIpvs' | 'replies.schedulerRebuilt';
  params?: Record<string, string | number>;
}
import type { PacketTrace } from '../sim/network/traffic/trace';
import type { NetworkView, NodeInsides } from '../sim/network/view/types';
import type { PolicyMatrix } from '../sim/network/policy/matrix';
import type { CniPlugin } from '../sim/network/settings';
import type { FlannelBackend, ProxyMode } from '../sim/network/settings';
import type { CycleStep } from '../sim/scheduler/framework/step';
import type { ManifestProblem } from './validateManifest';
import type { CycleTrace } from '../sim/scheduler/framework/trace';
import type { StoredObject } from '../sim/types';
import type { ConversationEntry, ConversationFilter, RequestDetail, StepStory } from '../sim/api/conversation/types';
import type { EtcdKeyHistory, EtcdLevel, EtcdStatus } from '../sim/store/etcdView';
import type { GoalStatus, Lesson } from '../lesson/types';
import type { RbacAnswer, RbacQuery } from '../sim/auth/view/types';

/**
 * The etcd panel's questions: the keys right under a prefix (a directory path ending in '/', or '' for
 * the root) as one tree level; one key's history in what etcd still keeps; etcd's status.
 */
export type EtcdQuery = { kind: 'level'; prefix: string } | { kind: 'history'; key: string } | { kind: 'status' };
/** The answer to one EtcdQuery: the part it asked for, or why there is none. */
export interface EtcdAnswer {
  level?: EtcdLevel;
  history?: EtcdKeyHistory;
  status?: EtcdStatus;
  error?: string;
}

export type { EtcdKeyHistory, EtcdKeyRevision, EtcdLevel, EtcdMemberStatus, EtcdStatus, EtcdTreeEntry } from '../sim/store/etcdView';
export type { MatrixEnd, MatrixPort, PolicyMatrix } from '../sim/network/policy/matrix';
export type { ConnectionVerdict, DirectionVerdict, PolicyRef } from '../sim/network/policy/evaluate';
export type { Grant, MatrixResource, MatrixSubject, RbacAnswer, RbacMatrix, RbacQuery, WhatCanAnswer, WhoCanAnswer, WhoCanRow } from '../sim/auth/view/types';
export type { AuthzExplanation, BindingRefView, ComponentName, ConversationEntry, ConversationFilter, EtcdWrite, RequestDetail, RequestEntry, StepStory, WatchEntry } from '../sim/api/conversation/types';

/** The default cluster: no actions, seed 1. Kept here so the page can use it without bundling the core. */
export const EMPTY_SCENARIO: Scenario = { seed: 1, cluster: {}, actions: [] };

/** Resources the page mirrors. */
export const MIRRORED_RESOURCES = [
  'nodes',
  'pods',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'horizontalpodautoscalers',
  'persistentvolumeclaims',
  'persistentvolumes',
  'services',
  'endpoints',
  'namespaces',
] as const;
export type MirroredResource = (typeof MIRRORED_RESOURCES)[number];

export const SPEEDS = [0.25, 1, 10, 100] as const;
export type Speed = (typeof SPEEDS)[number];

export interface ClockState {
  nowMs: number;
  playing: boolean;
  speed: Speed;
  /** Events the clock has run in total; lets the page tell a step happened. */
  eventsRun: number;
  /** The label of the next event on the queue, for the "step" button's tooltip. */
  next?: { atMs: number; label: string };
  /** what the last clock step did, when it made requests or delivered watch events */
  last?: StepStory;
}

/** Conversation entries one batch carries at most; the Requests view asks for older ones with `conversation`. */
export const CONVERSATION_PER_BATCH = 400;

export interface ApplyOutcome {
  /** `deployment.apps/web`; empty for an error or a warning, which kubectl prints without one */
  ref: string;
  /** `warning`: a line the server's Warning header made kubectl print (`Warning: …`); the apply went on */
  outcome: 'created' | 'configured' | 'unchanged' | 'warning' | 'error';
  message: string;
}

/** The open lesson's goals as they stand at the cluster's moment, for the lesson panel. */
export interface LessonProgress {
  /** the lesson's `metadata.name` */
  name: string;
  /** the clock has reached the lesson's startAt (before it, every goal is pending) */
  takenOver: boolean;
  /** in the lesson's order */
  goals: GoalStatus[];
  /** every goal is met at once */
  complete: boolean;
}

export type ToWorker =
  /**
   * a new story from a scenario at a moment; with `lesson`, the story is that lesson's: its goals are
   * watched from its startAt on every run of the story (the scenario is then the lesson's own, or the
   * student's story in it when a link resumes one)
   */
  | { type: 'load'; scenario: Scenario; atMs: number; playing: boolean; lesson?: Lesson }
  /** the lesson is left (a free sandbox): the cluster stays as it is, its goals are no longer watched */
  | { type: 'leaveLesson' }
  /**
   * Show me: the log after the lesson's startAt is replaced by its solution (a fork, undone as any fork),
   * the clock goes back to startAt and plays
   */
  | { type: 'showSolution' }
  /**
   * a lesson draft of the story (YAML), the student taking over at `atMs` (capped by the horizon), its
   * goals drawn from the cluster now; answered with `text`
   */
  | { type: 'lessonDraft'; id: number; atMs: number }
  | { type: 'apply'; id: number; yaml: string }
  | { type: 'kubectl'; id: number; line: string }
  /** `kubectl edit`'s buffer saved: sent as kubectl edit sends it (a patch against `original`); answered with `kubectl` */
  | { type: 'editSave'; id: number; ref: string; namespace?: string; original: string; yaml: string }
  /** the scenario's file area replaced (the editor's file list); no answer, the next batch carries the scenario */
  | { type: 'setFiles'; files: Record<string, string> }
  /** the editor's buffer checked as a create would check it, without sending it; answered with `manifestProblems` */
  | { type: 'validateManifest'; id: number; yaml: string }
  /** Ctrl+C on a kubectl command that keeps running (its reply had `following`): answered by a last `kubectlMore` */
  | { type: 'kubectlStop'; id: number }
  /** Tab in the terminal: what the word at `cursor` of a kubectl line may become */
  | { type: 'complete'; id: number; line: string; cursor: number }
  /** a command line run as root on a node (`ssh NODE`); an empty line only checks that the node answers */
  | { type: 'ssh'; id: number; node: string; line: string }
  /**
   * follow one connection from SOURCE (a pod, `node/NAME`, `external`) to DEST (`HOST:PORT[/udp]`) hop by
   * hop; with `record`, the trace is a scenario action at the current time (so it is in the share link)
   */
  | { type: 'tracePacket'; id: number; source: string; dest: string; record?: boolean }
  /**
   * the network as the Network view draws it, now; in a cluster of more than FULL_DETAIL_NODES nodes,
   * only the nodes named in `detail` come with their peers and routes (the others with a `summary`)
   */
  | { type: 'networkView'; id: number; detail?: string[] }
  /** the policy view of a namespace: who may reach whom by its NetworkPolicies, with the reasons */
  | { type: 'policyView'; id: number; namespace: string }
  /** the RBAC view's question: a namespace's matrix, who can VERB RESOURCE, what a subject can do (reading only) */
  | { type: 'rbac'; id: number; query: RbacQuery }
  /** one node's ip addr, ip route, bridge fdb, iptables-save, ipvsadm, ipset and conntrack, as its shell prints them */
  | { type: 'nodeInsides'; id: number; node: string }
  /**
   * the conversation entries matching `filter`, newest last: at most `limit` (default 500) of those with
   * seq below `beforeSeq` (absent: the newest)
   */
  | { type: 'conversation'; id: number; filter: ConversationFilter; beforeSeq?: number; limit?: number }
  /** one request in full: its kubectl -v=8 log, its audit record, the watch events it caused */
  | { type: 'requestDetail'; id: number; seq: number }
  /** a question of the etcd panel (reading only: not recorded) */
  | { type: 'etcd'; id: number; query: EtcdQuery }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'speed'; speed: Speed }
  | { type: 'reset' }
  /**
   * rebuild the cluster at a moment of the story, in [0, horizonMs]: the whole log is kept, so the
   * actions after it are the story's future and going forward again performs them (acting there forks)
   */
  | { type: 'seek'; atMs: number }
  /** undo the last fork: the actions it dropped come back and the fork's own go, at the same moment */
  | { type: 'undoFork' }
  | { type: 'describe'; id: number; resource: string; namespace?: string; name: string }
  | { type: 'yaml'; id: number; resource: string; namespace?: string; name: string }
  /** a fault, recorded in the scenario log at the current time (so it is in the share link) */
  | { type: 'fault'; id: number; fault: Fault }
  /** step scheduling: the clock runs no scheduling cycle by itself; the page steps each one */
  | { type: 'schedStepMode'; on: boolean }
  /** perform the open cycle's next step */
  | { type: 'schedNext' }
  /** perform the open cycle's remaining steps */
  | { type: 'schedFinish' }
  /** rebuild the cluster at the open cycle's start (replaying the cycles stepped before it) */
  | { type: 'schedRewind' }
  /**
   * a new KubeSchedulerConfiguration: the cluster is rebuilt from the scenario with it, up to now, and it
   * is kept in the scenario (so in the share link); answered with `text` (error set when refused)
   */
  | { type: 'schedulerConfig'; id: number; config: unknown }
  /**
   * change the cluster's network settings (flannel's backend, kube-proxy's mode, its IPVS scheduler;
   * absent: unchanged): the scenario restarts with them, as a reset does, and keeps them (so they are in
   * the share link); answered with `text` (error set when refused)
   */
  | { type: 'networkSettings'; id: number; backend?: FlannelBackend; mode?: ProxyMode; scheduler?: string };

/** A trace action the cluster performed: its trace, or why it could not start. */
export interface TraceActionResult {
  atMs: number;
  from: string;
  to: string;
  trace?: PacketTrace;
  error?: string;
}

/** A pod waiting in the scheduling queue. */
export interface QueuedPod {
  namespace: string;
  name: string;
  queue: 'activeQ' | 'backoffQ' | 'unschedulablePods';
  attempts: number;
}

/** Pods listed per queue at most (the counts are always whole). */
export const QUEUE_LISTED = 100;

/** The scheduling cycle being stepped through. */
export interface StepView {
  /** what Next will do (undefined: the cycle is over) */
  next?: CycleStep;
  performed: CycleStep[];
  /** the cycle's trace so far */
  trace: CycleTrace;
}

/** What changed in kube-scheduler since the last batch (fields absent: unchanged). */
export interface SchedulerDelta {
  stepMode?: boolean;
  queue?: { pods: QueuedPod[]; counts: Record<QueuedPod['queue'], number> };
  /** traces of the cycles finished since the last batch (on reset: the last few) */
  traces?: CycleTrace[];
  /** the open stepped cycle, or null when none is open */
  step?: StepView | null;
}

/** One HPA metric at one moment: what the controller last wrote in status.currentMetrics. */
export interface HpaMetricPoint {
  /** `cpu`, `memory`, `pods/<name>`… */
  name: string;
  /** utilization in percent, or the average value as a plain number */
  current: number;
  /** the spec's target in the same unit, when the spec has one */
  target?: number;
  unit: '%' | '';
}

/** A sample of an HPA's status, taken each time the controller wrote it. */
export interface HpaSample {
  /** `namespace/name` */
  key: string;
  atMs: number;
  currentReplicas: number;
  desiredReplicas: number;
  metrics: HpaMetricPoint[];
}

export type TimelineMarkKind = 'action' | 'fault' | 'failure' | 'scheduling' | 'rollout' | 'eviction';

/** A tick on the timeline: a user action of the log, or a notable cluster event. */
export interface TimelineMark {
  atMs: number;
  kind: TimelineMarkKind;
  label: string;
}

/** The story's time bar. */
export interface TimelineState {
  /** the furthest moment this story has reached (or its last action, if later) */
  horizonMs: number;
  /** oldest first */
  marks: TimelineMark[];
  /** the last fork, while it can be undone: its moment and how many later actions undo restores */
  undo?: { atMs: number; actions: number };
}

export interface WatchDelta {
  resource: MirroredResource;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: StoredObject;
}

export type FromWorker =
  | {
      type: 'batch';
      /** true on the first batch after a (re)load: the page drops what it had */
      reset: boolean;
      /**
       * more messages of this batch follow (a large cluster's objects, split so the page reads them in
       * short tasks): the page applies them together with the last one
       */
      more?: true;
      deltas: WatchDelta[];
      events: EventLogEntry[];
      clock: ClockState;
      /** the scenario log as it stands, for the address bar (sent when it changed) */
      scenario?: Scenario;
      /** new HPA status samples (since the last batch; on reset, all since the cluster started) */
      hpaSamples?: HpaSample[];
      scheduler?: SchedulerDelta;
      /** trace actions performed since the last batch (on reset: all performed so far), oldest first */
      traceResults?: TraceActionResult[];
      /** the timeline, when it changed (always on reset) */
      timeline?: TimelineState;
      /**
       * conversation entries since the last batch, oldest first (on reset: the newest), at most
       * CONVERSATION_PER_BATCH; `dropped` counts those left out in between, and `steps` names the steps they happened in
       */
      conversation?: { entries: ConversationEntry[]; steps: StepStory[]; dropped: number };
      /** the open lesson's goals when they changed (always on reset while one is open); null: no lesson is open any more */
      lesson?: LessonProgress | null;
    }
  | { type: 'faulted'; id: number; ok: boolean; message: string; note?: FaultNote }
  | { type: 'applied'; id: number; outcomes: ApplyOutcome[]; stdout: string; stderr: string }
  /** `following`: the command keeps running; its further output comes as `kubectlMore` with the same id */
  | { type: 'kubectl'; id: number; stdout: string; stderr: string; exitCode: number; following?: true; edit?: EditBufferMessage }
  /**
   * what a running kubectl command printed since its last message, sent after a clock advance when
   * there is something new; the last one has `done` (exit 130 when stopped, or when its cluster was rebuilt)
   */
  | { type: 'kubectlMore'; id: number; stdout: string; stderr: string; done: boolean; exitCode: number }
  | { type: 'manifestProblems'; id: number; problems: ManifestProblem[] }
  | { type: 'ssh'; id: number; stdout: string; stderr: string; exitCode: number }
  /** Tab's answer: the word starting at `from` may become any of `items` */
  | { type: 'completions'; id: number; from: number; items: string[] }
  /** the trace, or why there is none (an unknown pod, a bad destination) */
  | { type: 'tracePacket'; id: number; trace?: PacketTrace; error?: string }
  /** `error` when the view could not be built (then `view` holds only the settings) */
  | { type: 'networkView'; id: number; view: NetworkView; error?: string }
  /** `error` when the node does not answer (unknown, powered off) */
  | { type: 'nodeInsides'; id: number; insides?: NodeInsides; error?: string }
  /** the CNI says whether anything enforces the matrix (flannel does not); `error` when it could not be built */
  | { type: 'policyView'; id: number; cni?: CniPlugin; matrix?: PolicyMatrix; error?: string }
  | ({ type: 'rbac'; id: number } & RbacAnswer)
  /** `oldestSeq`: the oldest entry the worker still keeps (older ones are gone) */
  | { type: 'conversation'; id: number; entries: ConversationEntry[]; steps: StepStory[]; oldestSeq: number }
  /** `error` when the entry is no longer kept or is not a request */
  | { type: 'requestDetail'; id: number; detail?: RequestDetail; error?: string }
  | { type: 'text'; id: number; text: string; error?: string; note?: ReplyNote }
  | ({ type: 'etcd'; id: number } & EtcdAnswer)
  /**
   * a long rebuild (opening a big scenario, a rewind's replay, a seek far ahead) on its way: sent while it
   * runs, a few times a second once it has taken BUILD_PROGRESS_AFTER_MS; the batch with `reset` (or the
   * next batch) ends it
   */
  | { type: 'progress'; atMs: number; targetMs: number; nodes: number; nodesReady: number }
  | { type: 'fatal'; message: string };

/** A rebuild shorter than this shows no progress; a longer one reports every BUILD_PROGRESS_EVERY_MS. */
export const BUILD_PROGRESS_AFTER_MS = 500;
export const BUILD_PROGRESS_EVERY_MS = 150;

/** `kubectl edit`'s buffer for the editor: the object's `TYPE/NAME`, its namespace, the text with kubectl's header. */
export interface EditBufferMessage {
  ref: string;
  namespace?: string;
  yaml: string;
}
