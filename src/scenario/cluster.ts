/**
 * A scenario's `cluster` settings, checked up front with the rules the real components apply to the
 * same things, so that nothing reaches the core that the core cannot run:
 *
 * - each node is the Node its kubelet registers, validated as the API server validates a Node (name,
 *   labels, taints), with a capacity a kubelet could report;
 * - `pods` is the kubelet's maxPods, checked as the kubelet checks its configuration;
 * - `scheduler` is a KubeSchedulerConfiguration, decoded and checked as kube-scheduler does at start;
 * - `network` and `kubeProxy` are checked as kubeadm and kube-proxy check them (network.ts);
 * - `controlPlane.replicas` is 1 or 3 control-plane nodes (kubeadm's stacked topology);
 * - `addons` lists add-ons by name (addons.ts);
 * - `users` are the people kubectl can be (users.ts).
 *
 * Every message names the path in the scenario. Maps are read by their own keys only and rebuilt, so a
 * `constructor` or `__proto__` key is an ordinary key here (and an invalid label key in the second case).
 */
import type { ClusterSettings, ControlPlaneSettings, NodeSettings } from '../sim/cluster';
import type { Taint } from '../sim/types';
import type { FieldError } from '../sim/api/types';
import { validateNodeCreate } from '../sim/api/validation/core';
import { errorBody } from '../sim/api/validation/fieldErrors';
import { compareQuantity, parseQuantity } from '../sim/api/quantity';
import { jsonKind } from '../sim/api/schema/decode';
import type { Quantity } from '../sim/api/quantity';
import { checkConfiguration } from '../sim/scheduler/framework/configCheck';
import { ConfigurationError, renderProblems } from '../sim/scheduler/framework/validation';
import { isObj, kindOf, onlyKeys, ScenarioError } from './errors';
import { parseKubeProxy, parseNetwork } from './network';
import { parseAddons } from './addons';
import { parseUsers } from './users';
import type { Obj } from './errors';

/** Every key `cluster` may have; the share link and `scenarioToObject` carry them all. */
export const CLUSTER_KEYS = ['nodes', 'scheduler', 'network', 'kubeProxy', 'controlPlane', 'addons', 'users'] as const;

/**
 * Control-plane sizes kubetab builds. kubeadm itself joins any number of control-plane nodes
 * (`kubeadm join --control-plane`); its HA guide asks for three or more, an odd number so that
 * etcd keeps a quorum when one fails.
 */
export const CONTROL_PLANE_REPLICAS = [1, 3] as const;

const NODE_KEYS = ['name', 'cpu', 'memory', 'pods', 'labels', 'taints', 'controlPlane'] as const;

/** The most nodes Kubernetes supports in one cluster ("Considerations for large clusters"). */
export const MAX_NODES = 5000;
/** The most CPUs a Linux kernel runs (x86-64 NR_CPUS with MAXSMP), so the most a kubelet can report. */
export const MAX_NODE_CPU = '8192';
/** 4Pi: the physical address space of a 52-bit x86-64 machine, the most memory a node can have. */
export const MAX_NODE_MEMORY = '4Pi';
const INT32_MAX = 2147483647;

const CPU_MAX = parseQuantity(MAX_NODE_CPU);
const MEMORY_MAX = parseQuantity(MAX_NODE_MEMORY);

function withoutNulls(o: Obj): Obj {
  return Object.fromEntries(Object.keys(o).filter((k) => o[k] !== null).map((k) => [k, o[k]]));
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ScenarioError(`${where}: expected a string, got ${kindOf(v)}`);
  return v;
}

/** A capacity the node's kubelet could report: a Quantity, not negative, within what a machine has. */
function capacity(raw: unknown, dflt: string, where: string, max: Quantity, maxText: string, why: string): string {
  if (raw === undefined) return dflt;
  if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isFinite(raw))) throw new ScenarioError(`${where}: expected a quantity such as "4" or "8Gi", got ${kindOf(raw)}`);
  const text = String(raw);
  let q: Quantity;
  try {
    q = parseQuantity(text);
  } catch (e) {
    // The message the API server gives for a Quantity that does not parse.
    throw new ScenarioError(`${where}: ${(e as Error).message}`);
  }
  if (q.negative) throw new ScenarioError(`${where}: Invalid value: ${JSON.stringify(text)}: must be greater than or equal to 0`);
  if (compareQuantity(q, max) > 0) throw new ScenarioError(`${where}: Invalid value: ${JSON.stringify(text)}: must be at most ${maxText} (${why})`);
  return text;
}

function maxPods(raw: unknown, where: string): number {
  if (raw === undefined) return 110;
  // kubelet --max-pods / KubeletConfiguration.maxPods: an int32, not negative.
  if (typeof raw !== 'number') throw new ScenarioError(`${where}: json: cannot unmarshal ${jsonKind(raw)} into Go struct field KubeletConfiguration.maxPods of type int32`);
  if (!Number.isInteger(raw) || raw > INT32_MAX || raw < -INT32_MAX - 1) throw new ScenarioError(`${where}: json: cannot unmarshal number ${String(raw)} into Go struct field KubeletConfiguration.maxPods of type int32`);
  if (raw < 0) throw new ScenarioError(`${where}: invalid configuration: maxPods (--max-pods) ${raw} must not be a negative number`);
  return raw;
}

function parseLabels(raw: unknown, where: string): Record<string, string> {
  if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping of label keys to strings, got ${kindOf(raw)}`);
  const entries = Object.keys(raw).map((k): [string, string] => [k, str(raw[k], `${where}[${k}]`)]);
  return Object.fromEntries(entries);
}

function parseTaint(input: unknown, where: string): Taint {
  if (!isObj(input)) throw new ScenarioError(`${where}: expected a mapping with key and effect, got ${kindOf(input)}`);
  onlyKeys(input, ['key', 'value', 'effect'], where);
  const raw = withoutNulls(input);
  const t: Taint = { key: raw.key === undefined ? '' : str(raw.key, `${where}.key`), effect: raw.effect === undefined ? '' : str(raw.effect, `${where}.effect`) };
  if (raw.value !== undefined) t.value = str(raw.value, `${where}.value`);
  return t;
}

/** The API server's field path on the Node, as the path in the scenario. */
function scenarioField(field: string, where: string): string {
  if (field === 'metadata.name') return `${where}.name`;
  if (field.startsWith('metadata.labels')) return `${where}.labels${field.slice('metadata.labels'.length)}`;
  if (field.startsWith('spec.taints')) return `${where}.taints${field.slice('spec.taints'.length)}`;
  return `${where}.${field}`;
}

function parseNode(input: unknown, where: string): NodeSettings {
  if (!isObj(input)) throw new ScenarioError(`${where}: expected a mapping, got ${kindOf(input)}`);
  onlyKeys(input, NODE_KEYS, where);
  // A key written with no value (`labels:` in YAML) is left unset, as Go's decoder leaves a null.
  const raw = withoutNulls(input);
  if (raw.name === undefined) throw new ScenarioError(`${where}.name: Required value`);
  const name = str(raw.name, `${where}.name`);
  const node: NodeSettings = {
    name,
    cpu: capacity(raw.cpu, '4', `${where}.cpu`, CPU_MAX, MAX_NODE_CPU, 'the most CPUs a Linux node can have'),
    memory: capacity(raw.memory, '8Gi', `${where}.memory`, MEMORY_MAX, MAX_NODE_MEMORY, 'the most memory a node can address'),
    pods: maxPods(raw.pods, `${where}.pods`),
  };
  if (raw.labels !== undefined) node.labels = parseLabels(raw.labels, `${where}.labels`);
  if (raw.taints !== undefined) {
    if (!Array.isArray(raw.taints)) throw new ScenarioError(`${where}.taints: expected a list, got ${kindOf(raw.taints)}`);
    node.taints = raw.taints.map((t, i) => parseTaint(t, `${where}.taints[${i}]`));
  }
  if (raw.controlPlane !== undefined) {
    if (typeof raw.controlPlane !== 'boolean') throw new ScenarioError(`${where}.controlPlane: expected true or false, got ${kindOf(raw.controlPlane)}`);
    node.controlPlane = raw.controlPlane;
  }
  // The Node this kubelet registers, validated as the API server will.
  const errs: FieldError[] = validateNodeCreate({ apiVersion: 'v1', kind: 'Node', metadata: { name, ...(node.labels ? { labels: node.labels } : {}) }, spec: { taints: node.taints ?? [] } });
  if (errs.length) throw new ScenarioError(renderFieldErrors(errs, where));
  // The kubelet labels its Node kubernetes.io/hostname=<name>, and a label value has at most 63 characters.
  if (name.length > 63) throw new ScenarioError(`${where}.name: Invalid value: ${JSON.stringify(name)}: must be no more than 63 characters (the kubelet's kubernetes.io/hostname label holds it)`);
  return node;
}

function renderFieldErrors(errs: readonly FieldError[], where: string): string {
  const lines: string[] = [];
  for (const e of errs) {
    const m = `${scenarioField(e.field, where)}: ${errorBody(e)}`;
    if (!lines.includes(m)) lines.push(m);
  }
  return lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`;
}

function parseNodes(raw: unknown): NodeSettings[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ScenarioError(`cluster.nodes: expected a non-empty list, got ${kindOf(raw)}`);
  if (raw.length > MAX_NODES) throw new ScenarioError(`cluster.nodes: Too many: ${raw.length}: must have at most ${MAX_NODES} items (the most nodes Kubernetes supports in one cluster)`);
  const seen = new Set<string>();
  return raw.map((n, i) => {
    const node = parseNode(n, `cluster.nodes[${i}]`);
    if (seen.has(node.name)) throw new ScenarioError(`cluster.nodes[${i}].name: Duplicate value: ${JSON.stringify(node.name)}`);
    seen.add(node.name);
    return node;
  });
}

function parseScheduler(raw: unknown): unknown {
  try {
    return checkConfiguration(raw);
  } catch (e) {
    if (e instanceof ConfigurationError) throw new ScenarioError(renderProblems(e.problems, 'cluster.scheduler'));
    throw e;
  }
}

function parseControlPlane(input: unknown, nodes: NodeSettings[] | undefined): ControlPlaneSettings {
  if (!isObj(input)) throw new ScenarioError(`cluster.controlPlane: expected a mapping, got ${kindOf(input)}`);
  onlyKeys(input, ['replicas'], 'cluster.controlPlane');
  const raw = withoutNulls(input);
  if (raw.replicas === undefined) return {};
  const replicas = raw.replicas;
  if (typeof replicas !== 'number') throw new ScenarioError(`cluster.controlPlane.replicas: expected a number, got ${kindOf(replicas)}`);
  if (!(CONTROL_PLANE_REPLICAS as readonly number[]).includes(replicas)) {
    throw new ScenarioError(`cluster.controlPlane.replicas: Unsupported value: ${replicas}: supported values: "1", "3" (kubeadm joins any number of control-plane nodes; kubetab builds one, or the three of kubeadm's stacked HA topology)`);
  }
  if (nodes) {
    // With its own node list a scenario names the control-plane nodes itself; the two must agree.
    const have = nodes.filter((n) => n.controlPlane).length;
    if (have !== replicas) throw new ScenarioError(`cluster.controlPlane.replicas: Invalid value: ${replicas}: cluster.nodes has ${have} node${have === 1 ? '' : 's'} with controlPlane: true`);
  }
  return { replicas };
}

/** Checks every key of `cluster`; returns the settings in the form the core builds from. */
export function parseClusterSettings(raw: unknown): ClusterSettings {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) throw new ScenarioError(`cluster: expected a mapping, got ${kindOf(raw)}`);
  onlyKeys(raw, CLUSTER_KEYS, 'cluster');
  const out: ClusterSettings = {};
  if (raw.nodes !== undefined) out.nodes = parseNodes(raw.nodes);
  if (raw.scheduler !== undefined && raw.scheduler !== null) {
    const scheduler = parseScheduler(raw.scheduler);
    if (scheduler !== undefined) out.scheduler = scheduler;
  }
  if (raw.network !== undefined && raw.network !== null) out.network = parseNetwork(raw.network);
  if (raw.kubeProxy !== undefined && raw.kubeProxy !== null) out.kubeProxy = parseKubeProxy(raw.kubeProxy);
  if (raw.controlPlane !== undefined && raw.controlPlane !== null) out.controlPlane = parseControlPlane(raw.controlPlane, out.nodes);
  if (raw.addons !== undefined && raw.addons !== null) out.addons = parseAddons(raw.addons);
  if (raw.users !== undefined && raw.users !== null) out.users = parseUsers(raw.users);
  return out;
}

