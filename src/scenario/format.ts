/**
 * The scenario format: cluster settings, a seed and a timed log of user actions. It is the same
 * document whether it comes from a file for `kubetab run`, or from a share link.
 *
 *   apiVersion: kubetab/v1
 *   kind: Scenario
 *   seed: 7
 *   cluster: { nodes: [...], scheduler: {...} }
 *   actions: [{ at: 0s, apply: "..." }, { at: 20s, kubectl: "scale deployment/web --replicas=5" }]
 */
import type { NodeSettings } from '../sim/cluster';
import type { Taint } from '../sim/types';
import { parseDuration } from './duration';
import type { Fault } from '../sim/faults';
import { FaultError, parseFault } from '../sim/faults';

export const SCENARIO_API_VERSION = 'kubetab/v1';

export type ScenarioAction =
  | { atMs: number; apply: string }
  | { atMs: number; kubectl: string }
  | { atMs: number; fault: Fault };

export interface Scenario {
  seed: number;
  cluster: { nodes?: NodeSettings[]; scheduler?: unknown };
  actions: ScenarioAction[];
}

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ScenarioError(`${where}: unknown field "${k}" (allowed: ${allowed.join(', ')})`);
  }
}

export function scenarioFromObject(raw: unknown): Scenario {
  if (!isObj(raw)) throw new ScenarioError('scenario: expected a mapping at the top level');
  onlyKeys(raw, ['apiVersion', 'kind', 'seed', 'cluster', 'actions'], 'scenario');
  if (raw.apiVersion !== SCENARIO_API_VERSION) throw new ScenarioError(`scenario: apiVersion must be "${SCENARIO_API_VERSION}", got ${JSON.stringify(raw.apiVersion ?? null)}`);
  if (raw.kind !== 'Scenario') throw new ScenarioError(`scenario: kind must be "Scenario", got ${JSON.stringify(raw.kind ?? null)}`);
  const seed = raw.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) throw new ScenarioError('scenario: seed must be a non-negative integer');
  return { seed, cluster: parseCluster(raw.cluster), actions: parseActions(raw.actions) };
}

function parseCluster(raw: unknown): Scenario['cluster'] {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) throw new ScenarioError('cluster: expected a mapping');
  onlyKeys(raw, ['nodes', 'scheduler'], 'cluster');
  const out: Scenario['cluster'] = {};
  if (raw.nodes !== undefined) {
    if (!Array.isArray(raw.nodes) || raw.nodes.length === 0) throw new ScenarioError('cluster.nodes: expected a non-empty list');
    const seen = new Set<string>();
    out.nodes = raw.nodes.map((n, i) => {
      const node = parseNode(n, `cluster.nodes[${i}]`);
      if (seen.has(node.name)) throw new ScenarioError(`cluster.nodes[${i}].name: duplicate node name "${node.name}"`);
      seen.add(node.name);
      return node;
    });
  }
  if (raw.scheduler !== undefined) out.scheduler = raw.scheduler;
  return out;
}

const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function parseNode(raw: unknown, where: string): NodeSettings {
  if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping`);
  onlyKeys(raw, ['name', 'cpu', 'memory', 'pods', 'labels', 'taints', 'controlPlane'], where);
  const name = raw.name;
  if (typeof name !== 'string' || !NODE_NAME.test(name) || name.length > 253) throw new ScenarioError(`${where}.name: must be a lowercase RFC 1123 subdomain`);
  const quantity = (k: 'cpu' | 'memory', dflt: string): string => {
    const v = raw[k] ?? dflt;
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !QUANTITY.test(s)) throw new ScenarioError(`${where}.${k}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    return s;
  };
  const pods = raw.pods ?? 110;
  if (typeof pods !== 'number' || !Number.isInteger(pods) || pods < 0) throw new ScenarioError(`${where}.pods: must be a non-negative integer`);
  const node: NodeSettings = { name, cpu: quantity('cpu', '4'), memory: quantity('memory', '8Gi'), pods };
  if (raw.labels !== undefined) {
    if (!isObj(raw.labels)) throw new ScenarioError(`${where}.labels: expected a mapping of strings`);
    node.labels = Object.fromEntries(Object.entries(raw.labels).map(([k, v]) => [k, String(v)]));
  }
  if (raw.taints !== undefined) {
    if (!Array.isArray(raw.taints)) throw new ScenarioError(`${where}.taints: expected a list`);
    node.taints = raw.taints.map((t, i) => parseTaint(t, `${where}.taints[${i}]`));
  }
  if (raw.controlPlane !== undefined) {
    if (typeof raw.controlPlane !== 'boolean') throw new ScenarioError(`${where}.controlPlane: expected true or false`);
    node.controlPlane = raw.controlPlane;
  }
  return node;
}

function parseTaint(raw: unknown, where: string): Taint {
  if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping`);
  onlyKeys(raw, ['key', 'value', 'effect'], where);
  if (typeof raw.key !== 'string' || raw.key === '') throw new ScenarioError(`${where}.key: required`);
  const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  if (typeof raw.effect !== 'string' || !effects.includes(raw.effect)) throw new ScenarioError(`${where}.effect: Unsupported value: ${JSON.stringify(raw.effect ?? '')}: supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"`);
  const t: Taint = { key: raw.key, effect: raw.effect };
  if (raw.value !== undefined) t.value = String(raw.value);
  return t;
}

function parseActions(raw: unknown): ScenarioAction[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ScenarioError('actions: expected a list');
  let last = 0;
  return raw.map((a, i) => {
    const where = `actions[${i}]`;
    if (!isObj(a)) throw new ScenarioError(`${where}: expected a mapping`);
    onlyKeys(a, ['at', 'apply', 'kubectl', 'fault'], where);
    let atMs = 0;
    if (a.at !== undefined) {
      try {
        atMs = typeof a.at === 'number' ? Math.round(a.at * 1000) : parseDuration(String(a.at));
      } catch (e) {
        throw new ScenarioError(`${where}.at: ${(e as Error).message}`);
      }
    }
    if (atMs < last) throw new ScenarioError(`${where}.at: actions must be in time order (${a.at} comes before the previous action)`);
    last = atMs;
    const kinds = ['apply', 'kubectl', 'fault'].filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) throw new ScenarioError(`${where}: exactly one of apply, kubectl, fault is required`);
    if (a.fault !== undefined) {
      try {
        return { atMs, fault: parseFault(a.fault, `${where}.fault`) };
      } catch (e) {
        if (e instanceof FaultError) throw new ScenarioError(e.message);
        throw e;
      }
    }
    if (a.apply !== undefined) {
      if (typeof a.apply !== 'string') throw new ScenarioError(`${where}.apply: expected YAML text (use a | block)`);
      return { atMs, apply: a.apply };
    }
    if (typeof a.kubectl !== 'string' || a.kubectl.trim() === '') throw new ScenarioError(`${where}.kubectl: expected a command line`);
    return { atMs, kubectl: a.kubectl };
  });
}

/** Back to the file form: what a share link and `kubetab share` carry. */
export function scenarioToObject(s: Scenario): Obj {
  const out: Obj = { apiVersion: SCENARIO_API_VERSION, kind: 'Scenario', seed: s.seed };
  if (s.cluster.nodes || s.cluster.scheduler) out.cluster = { ...s.cluster };
  out.actions = s.actions.map((a) => ({ at: `${a.atMs / 1000}s`, ...('apply' in a ? { apply: a.apply } : 'fault' in a ? { fault: { ...a.fault } } : { kubectl: a.kubectl }) }));
  return out;
}
