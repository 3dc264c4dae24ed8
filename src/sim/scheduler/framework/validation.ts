/**
 * Validation of a KubeSchedulerConfiguration (pkg/scheduler/apis/config/validation): the scenario's
 * `cluster.scheduler` is checked before the scheduler starts, and every problem is reported at once,
 * with the field path, as the real component does at start-up.
 */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { EXTENSION_POINTS, type KubeSchedulerConfiguration, type NodeResourcesFitArgs } from './config';

export class ConfigurationError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid KubeSchedulerConfiguration: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`);
    this.name = 'ConfigurationError';
  }
}

const POINTS = new Set<string>(['multiPoint', ...EXTENSION_POINTS]);
const STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function validateFitArgs(path: string, a: NodeResourcesFitArgs, errs: string[]): void {
  const st = a.scoringStrategy;
  if (!st) return;
  if (st.type !== undefined && !STRATEGIES.includes(st.type)) errs.push(`${path}.scoringStrategy.type: Unsupported value: ${JSON.stringify(st.type)}: supported values: ${STRATEGIES.map((s) => JSON.stringify(s)).join(', ')}`);
  (st.resources ?? []).forEach((r, i) => {
    if (r.weight !== undefined && (!isInt(r.weight) || r.weight < 1 || r.weight > 100)) errs.push(`${path}.scoringStrategy.resources[${i}].weight: Invalid value: ${r.weight}: resource weight of ${r.name} should be in range [1, 100]`);
  });
  if (st.type === 'RequestedToCapacityRatio') {
    const shape = st.requestedToCapacityRatio?.shape ?? [];
    if (shape.length === 0) errs.push(`${path}.scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified`);
    shape.forEach((p, i) => {
      if (!isInt(p.utilization) || p.utilization < 0 || p.utilization > 100) errs.push(`${path}.scoringStrategy.requestedToCapacityRatio.shape[${i}].utilization: Invalid value: ${p.utilization}: not in valid range [0, 100]`);
      else if (i > 0 && p.utilization <= shape[i - 1]!.utilization) errs.push(`${path}.scoringStrategy.requestedToCapacityRatio.shape[${i}].utilization: Invalid value: ${p.utilization}: utilization values must be sorted in increasing order`);
      if (!isInt(p.score) || p.score < 0 || p.score > 10) errs.push(`${path}.scoringStrategy.requestedToCapacityRatio.shape[${i}].score: Invalid value: ${p.score}: not in valid range [0, 10]`);
    });
  }
}

function validateSpreadArgs(path: string, a: { defaultConstraints?: TopologySpreadConstraint[]; defaultingType?: string }, errs: string[]): void {
  const type = a.defaultingType ?? 'System';
  if (type !== 'System' && type !== 'List') errs.push(`${path}.defaultingType: Unsupported value: ${JSON.stringify(type)}: supported values: "List", "System"`);
  const cs = a.defaultConstraints ?? [];
  if (type === 'System' && cs.length > 0) errs.push(`${path}.defaultConstraints: Invalid value: "...": when .defaultingType is "System", .defaultConstraints must be empty`);
  const seen = new Set<string>();
  cs.forEach((c, i) => {
    const p = `${path}.defaultConstraints[${i}]`;
    if (!isInt(c.maxSkew) || c.maxSkew <= 0) errs.push(`${p}.maxSkew: Invalid value: ${c.maxSkew}: must be greater than zero`);
    if (!c.topologyKey) errs.push(`${p}.topologyKey: Required value: can not be empty`);
    if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') errs.push(`${p}.whenUnsatisfiable: Unsupported value: ${JSON.stringify(c.whenUnsatisfiable)}: supported values: "DoNotSchedule", "ScheduleAnyway"`);
    const k = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(k)) errs.push(`${p}: Duplicate value: {${JSON.stringify(c.topologyKey)}, ${JSON.stringify(c.whenUnsatisfiable)}}`);
    seen.add(k);
    if (c.labelSelector) errs.push(`${p}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`);
  });
}

/** Throws a ConfigurationError listing every problem; returns quietly for a valid (or absent) config. */
export function validateConfiguration(cfg: KubeSchedulerConfiguration | undefined): void {
  if (cfg === undefined || cfg === null) return;
  const errs: string[] = [];
  if (typeof cfg !== 'object') throw new ConfigurationError([`scheduler: Invalid value: ${JSON.stringify(cfg)}: must be a KubeSchedulerConfiguration object`]);
  if (cfg.apiVersion !== undefined && cfg.apiVersion !== 'kubescheduler.config.k8s.io/v1') errs.push(`apiVersion: Unsupported value: ${JSON.stringify(cfg.apiVersion)}: supported values: "kubescheduler.config.k8s.io/v1"`);
  if (cfg.kind !== undefined && cfg.kind !== 'KubeSchedulerConfiguration') errs.push(`kind: Unsupported value: ${JSON.stringify(cfg.kind)}: supported values: "KubeSchedulerConfiguration"`);
  const pct = (path: string, v: unknown): void => {
    if (v !== undefined && (!isInt(v) || v < 0 || v > 100)) errs.push(`${path}: Invalid value: ${JSON.stringify(v)}: not in valid range [0-100]`);
  };
  pct('percentageOfNodesToScore', cfg.percentageOfNodesToScore);
  if (cfg.podInitialBackoffSeconds !== undefined && (!isInt(cfg.podInitialBackoffSeconds) || cfg.podInitialBackoffSeconds <= 0)) errs.push(`podInitialBackoffSeconds: Invalid value: ${cfg.podInitialBackoffSeconds}: must be greater than 0`);
  if (cfg.podMaxBackoffSeconds !== undefined && (!isInt(cfg.podMaxBackoffSeconds) || cfg.podMaxBackoffSeconds < (cfg.podInitialBackoffSeconds ?? 1))) errs.push(`podMaxBackoffSeconds: Invalid value: ${cfg.podMaxBackoffSeconds}: must be greater than or equal to PodInitialBackoffSeconds`);
  const known = new Set(['apiVersion', 'kind', 'percentageOfNodesToScore', 'podInitialBackoffSeconds', 'podMaxBackoffSeconds', 'profiles', 'parallelism', 'leaderElection', 'clientConnection', 'extenders', 'delayCacheUntilActive']);
  for (const k of Object.keys(cfg)) if (!known.has(k)) errs.push(`${k}: unknown field`);
  const names = new Set<string>();
  let queueSort: string | undefined;
  (cfg.profiles ?? []).forEach((p, i) => {
    const path = `profiles[${i}]`;
    const name = p.schedulerName ?? 'default-scheduler';
    if (p.schedulerName === '') errs.push(`${path}.schedulerName: Required value`);
    else if (names.has(name)) errs.push(`${path}.schedulerName: Duplicate value: ${JSON.stringify(name)}`);
    names.add(name);
    pct(`${path}.percentageOfNodesToScore`, p.percentageOfNodesToScore);
    for (const [point, set] of Object.entries(p.plugins ?? {})) {
      if (!POINTS.has(point)) { errs.push(`${path}.plugins.${point}: unknown extension point`); continue; }
      (set?.enabled ?? []).forEach((e, j) => {
        if (!e?.name) errs.push(`${path}.plugins.${point}.enabled[${j}].name: Required value`);
        if (e?.weight !== undefined && (!isInt(e.weight) || e.weight < 0)) errs.push(`${path}.plugins.${point}.enabled[${j}].weight: Invalid value: ${e.weight}: must be a non-negative integer`);
      });
      if (point === 'queueSort') {
        const qs = (set?.enabled ?? []).map((e) => e.name).join(',') || 'PrioritySort';
        if (queueSort !== undefined && qs !== queueSort) errs.push(`${path}.plugins.queueSort: Invalid value: ${JSON.stringify(qs)}: queueSort must be the same for all profiles`);
        queueSort = qs;
      }
    }
    const seenArgs = new Set<string>();
    (p.pluginConfig ?? []).forEach((pc, j) => {
      const ap = `${path}.pluginConfig[${j}]`;
      if (seenArgs.has(pc.name)) errs.push(`${ap}: Duplicate value: ${JSON.stringify(pc.name)}`);
      seenArgs.add(pc.name);
      const args = (pc.args ?? {}) as Record<string, unknown>;
      switch (pc.name) {
        case 'NodeResourcesFit': validateFitArgs(`${ap}.args`, args as NodeResourcesFitArgs, errs); break;
        case 'PodTopologySpread': validateSpreadArgs(`${ap}.args`, args, errs); break;
        case 'InterPodAffinity': {
          const w = args.hardPodAffinityWeight;
          if (w !== undefined && (!isInt(w) || w < 0 || w > 100)) errs.push(`${ap}.args.hardPodAffinityWeight: Invalid value: ${JSON.stringify(w)}: not in valid range [0, 100]`);
          break;
        }
        case 'DefaultPreemption': {
          const pctV = args.minCandidateNodesPercentage;
          const abs = args.minCandidateNodesAbsolute;
          if (pctV !== undefined && (!isInt(pctV) || pctV < 0 || pctV > 100)) errs.push(`${ap}.args.minCandidateNodesPercentage: Invalid value: ${JSON.stringify(pctV)}: not in valid range [0, 100]`);
          if (abs !== undefined && (!isInt(abs) || abs < 0)) errs.push(`${ap}.args.minCandidateNodesAbsolute: Invalid value: ${JSON.stringify(abs)}: not in valid range [0, inf)`);
          if (pctV === 0 && abs === 0) errs.push(`${ap}.args: Invalid value: "0 percentage and 0 absolute": cannot be zero at the same time`);
          break;
        }
      }
    });
  });
  if (errs.length > 0) throw new ConfigurationError(errs);
}
