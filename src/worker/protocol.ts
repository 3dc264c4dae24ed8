/**
 * The typed messages between the page and the cluster's Worker. The page sends commands; the worker
 * sends what changed since its last message, coalesced about once per animation frame. Messages
 * carry plain JSON only.
 */
import type { EventLogEntry } from '../cli/eventLog';
import type { Scenario } from '../scenario/format';
import type { StoredObject } from '../sim/types';

/** The default cluster: no actions, seed 1. Kept here so the page can use it without bundling the core. */
export const EMPTY_SCENARIO: Scenario = { seed: 1, cluster: {}, actions: [] };

/** Resources the page mirrors. */
export const MIRRORED_RESOURCES = ['nodes', 'pods', 'deployments', 'replicasets', 'services', 'endpoints', 'namespaces'] as const;
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
}

export interface ApplyOutcome {
  /** `deployment.apps/web` */
  ref: string;
  outcome: 'created' | 'configured' | 'unchanged' | 'error';
  message: string;
}

export type ToWorker =
  | { type: 'load'; scenario: Scenario; atMs: number; playing: boolean }
  | { type: 'apply'; id: number; yaml: string }
  | { type: 'kubectl'; id: number; line: string }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'speed'; speed: Speed }
  | { type: 'reset' }
  | { type: 'describe'; id: number; resource: string; namespace?: string; name: string }
  | { type: 'yaml'; id: number; resource: string; namespace?: string; name: string };

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
      deltas: WatchDelta[];
      events: EventLogEntry[];
      clock: ClockState;
      /** the scenario log as it stands, for the address bar (sent when it changed) */
      scenario?: Scenario;
    }
  | { type: 'applied'; id: number; outcomes: ApplyOutcome[]; stdout: string; stderr: string }
  | { type: 'kubectl'; id: number; stdout: string; stderr: string; exitCode: number }
  | { type: 'text'; id: number; text: string; error?: string }
  | { type: 'fatal'; message: string };
