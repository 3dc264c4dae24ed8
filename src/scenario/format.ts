/**
 * The scenario format: cluster settings, a seed and a timed log of user actions. It is the same
 * document whether it comes from a file for `kubetab run`, or from a share link.
 *
 *   apiVersion: kubetab/v1
 *   kind: Scenario
 *   seed: 7
 *   cluster: { nodes: [...], scheduler: {...} }
 *   actions: [{ at: 0s, apply: "..." }, { at: 20s, kubectl: "scale deployment/web --replicas=5" }]
 *
 * `scenarioFromObject` and `scenarioToObject` are the one place the format is read and written: files,
 * `kubetab share`, the page and the share link all go through them.
 */
import { parseFiles, type ScenarioFiles } from './files';
import type { ClusterSettings } from '../sim/cluster';
import { parseDuration } from './duration';
import type { Fault } from '../sim/faults';
import { FaultError, parseFault } from '../sim/faults';
import { parseClusterSettings } from './cluster';
import { DEST_FORMS, parseDest, TraceError } from '../sim/network/traffic/dest';
import { copyJson } from '../sim/scheduler/framework/goJson';
import { isObj, kindOf, onlyKeys, ScenarioError } from './errors';
import type { Obj } from './errors';

export { ScenarioError } from './errors';
export { CLUSTER_KEYS } from './cluster';

export const SCENARIO_API_VERSION = 'kubetab/v1';
/** The latest virtual time a scenario acts at, and a link rebuilds to: one virtual day. */
export const MAX_SCENARIO_MS = 24 * 3_600_000;

export type ScenarioAction =
  | { atMs: number; apply: string }
  | { atMs: number; kubectl: string }
  | { atMs: number; fault: Fault }
  /** `--trace-packet "FROM TO"` at that moment: FROM a pod, `node/NAME` or `external`; TO `HOST:PORT[/udp]` */
  | { atMs: number; trace: TraceSpec };

export interface TraceSpec {
  from: string;
  to: string;
}

export interface Scenario {
  seed: number;
  cluster: ClusterSettings;
  actions: ScenarioAction[];
  /** the file area: relative path → content, read by `kubectl apply -f PATH` */
  files?: ScenarioFiles;
}

export function scenarioFromObject(raw: unknown): Scenario {
  if (!isObj(raw)) throw new ScenarioError(`scenario: expected a mapping at the top level, got ${kindOf(raw)}`);
  onlyKeys(raw, ['apiVersion', 'kind', 'seed', 'cluster', 'files', 'actions'], 'scenario');
  if (raw.apiVersion !== SCENARIO_API_VERSION) throw new ScenarioError(`apiVersion: must be "${SCENARIO_API_VERSION}", got ${JSON.stringify(raw.apiVersion ?? null)}`);
  if (raw.kind !== 'Scenario') throw new ScenarioError(`kind: must be "Scenario", got ${JSON.stringify(raw.kind ?? null)}`);
  const files = parseFiles(raw.files);
  return { seed: parseSeed(raw.seed), cluster: parseClusterSettings(raw.cluster), actions: parseActions(raw.actions), ...(files ? { files } : {}) };
}

function parseSeed(raw: unknown): number {
  if (raw === undefined || raw === null) return 1;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) throw new ScenarioError(`seed: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${kindOf(raw)}`);
  return raw;
}

/** An action's `at`: a Go duration (`90s`, `1m30s`) or a number of seconds, from 0 to 24h. */
function parseAt(raw: unknown, where: string): number {
  let ms: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new ScenarioError(`${where}: must be a duration such as 30s or 1m30s, got ${kindOf(raw)}`);
    ms = Math.round(raw * 1000);
  } else if (typeof raw === 'string') {
    if (/^\s*-/.test(raw)) throw new ScenarioError(`${where}: must not be negative, got ${JSON.stringify(raw)}`);
    try {
      ms = parseDuration(raw);
    } catch (e) {
      throw new ScenarioError(`${where}: ${(e as Error).message}`);
    }
  } else {
    throw new ScenarioError(`${where}: must be a duration such as 30s or 1m30s, got ${kindOf(raw)}`);
  }
  if (ms < 0) throw new ScenarioError(`${where}: must not be negative, got ${raw}`);
  if (!(ms <= MAX_SCENARIO_MS)) throw new ScenarioError(`${where}: must be at most 24h (a scenario covers one virtual day), got ${typeof raw === 'string' ? raw : `${raw}s`}`);
  return ms;
}

function parseActions(raw: unknown): ScenarioAction[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ScenarioError(`actions: expected a list, got ${kindOf(raw)}`);
  let last = 0;
  return raw.map((a, i) => {
    const where = `actions[${i}]`;
    if (!isObj(a)) throw new ScenarioError(`${where}: expected a mapping, got ${kindOf(a)}`);
    onlyKeys(a, ['at', 'apply', 'kubectl', 'fault', 'trace'], where);
    const atMs = a.at === undefined ? 0 : parseAt(a.at, `${where}.at`);
    if (atMs < last) throw new ScenarioError(`${where}.at: actions must be in time order (${String(a.at)} comes before the previous action)`);
    last = atMs;
    const kinds = ['apply', 'kubectl', 'fault', 'trace'].filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) throw new ScenarioError(`${where}: exactly one of apply, kubectl, fault, trace is required`);
    if (a.trace !== undefined) return { atMs, trace: parseTrace(a.trace, `${where}.trace`) };
    if (a.fault !== undefined) {
      try {
        return { atMs, fault: parseFault(a.fault, `${where}.fault`) };
      } catch (e) {
        if (e instanceof FaultError) throw new ScenarioError(e.message);
        throw e;
      }
    }
    if (a.apply !== undefined) {
      if (typeof a.apply !== 'string') throw new ScenarioError(`${where}.apply: expected YAML text (use a | block), got ${kindOf(a.apply)}`);
      return { atMs, apply: a.apply };
    }
    if (typeof a.kubectl !== 'string' || a.kubectl.trim() === '') throw new ScenarioError(`${where}.kubectl: expected a command line, got ${kindOf(a.kubectl)}`);
    return { atMs, kubectl: a.kubectl };
  });
}

/**
 * A trace action's `{from, to}`, checked as `--trace-packet` checks its words before it starts: FROM
 * one word naming a pod (`client`, `ns/client`), a node (`node/NAME`) or `external`; TO `HOST:PORT`
 * or `HOST:PORT/udp`. Whether the pod or node exists is known only when the trace runs.
 */
function parseTrace(raw: unknown, where: string): TraceSpec {
  if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping with from and to, got ${kindOf(raw)}`);
  onlyKeys(raw, ['from', 'to'], where);
  if (raw.from === undefined || raw.from === null) throw new ScenarioError(`${where}.from: Required value`);
  if (raw.to === undefined || raw.to === null) throw new ScenarioError(`${where}.to: Required value`);
  if (typeof raw.from !== 'string') throw new ScenarioError(`${where}.from: expected a string, got ${kindOf(raw.from)}`);
  if (typeof raw.to !== 'string') throw new ScenarioError(`${where}.to: expected a string, got ${kindOf(raw.to)}`);
  const from = raw.from;
  const parts = from.split('/');
  if (from === '' || /\s/.test(from) || parts.length > 2 || parts.some((p) => p === '')) {
    throw new ScenarioError(`${where}.from: expected a pod (NAME or NAMESPACE/NAME), node/NAME or external, got ${kindOf(from)}`);
  }
  try {
    parseDest(raw.to);
  } catch (e) {
    if (e instanceof TraceError) throw new ScenarioError(`${where}.to: ${e.message}`);
    throw e;
  }
  if (/\s/.test(raw.to)) throw new ScenarioError(`${where}.to: invalid destination ${JSON.stringify(raw.to)}: ${DEST_FORMS}`);
  return { from, to: raw.to };
}

/**
 * Back to the file form: what a share link and `kubetab share` carry. Every cluster key goes as it is,
 * so a setting added to `cluster` travels without changes here or in the link codec.
 */
export function scenarioToObject(s: Scenario): Obj {
  const out: Obj = { apiVersion: SCENARIO_API_VERSION, kind: 'Scenario', seed: s.seed };
  const cluster = copyJson(s.cluster) as Obj;
  if (Object.keys(cluster).length > 0) out.cluster = cluster;
  if (s.files && Object.keys(s.files).length > 0) out.files = { ...s.files };
  out.actions = s.actions.map((a) => ({ at: `${a.atMs / 1000}s`, ...actionBody(a) }));
  return out;
}

function actionBody(a: ScenarioAction): Obj {
  if ('apply' in a) return { apply: a.apply };
  if ('fault' in a) return { fault: { ...a.fault } };
  if ('trace' in a) return { trace: { from: a.trace.from, to: a.trace.to } };
  return { kubectl: a.kubectl };
}

/** What an action is, as `kubetab run --json` names it. */
export function actionKind(a: ScenarioAction): 'apply' | 'kubectl' | 'fault' | 'trace' {
  return 'apply' in a ? 'apply' : 'fault' in a ? 'fault' : 'trace' in a ? 'trace' : 'kubectl';
}
