/**
 * Validation of a decoded KubeSchedulerConfiguration (pkg/scheduler/apis/config/validation and the
 * plugin-argument checks in validation_pluginargs.go), on the values after v1 defaulting: every problem
 * is reported at once, with its field path and the real text.
 */
import type { FieldError } from '../../api/types';
import { duplicate, errorBody, forbidden, goQuote, goText, invalid, notSupported, required } from '../../api/validation/fieldErrors';
import { isQualifiedName, isValidLabelValue } from '../../api/validation/primitives';
import { DEFAULT_SCHEDULER_NAME, type KubeSchedulerConfiguration, type KubeSchedulerProfile, type PluginSet } from './config';

/** One problem: a field path (relative to the configuration) and its message, or a message alone. */
export interface ConfigProblem {
  field?: string;
  message: string;
}

export function renderProblem(p: ConfigProblem, prefix = ''): string {
  const field = prefix && p.field ? `${prefix}.${p.field}` : prefix || p.field;
  return field ? `${field}: ${p.message}` : p.message;
}

/** Problems rendered as an aggregate error prints them: one bare, several as `[a, b]`. */
export function renderProblems(ps: readonly ConfigProblem[], prefix = ''): string {
  const seen: string[] = [];
  for (const p of ps) {
    const m = renderProblem(p, prefix);
    if (!seen.includes(m)) seen.push(m);
  }
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

export class ConfigurationError extends Error {
  /** Each problem as kube-scheduler prints it, paths relative to the configuration. */
  readonly errors: string[];
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid KubeSchedulerConfiguration: ${renderProblems(problems)}`);
    this.name = 'ConfigurationError';
    this.errors = problems.map((p) => renderProblem(p));
  }
}

export const fromFieldError = (e: FieldError): ConfigProblem => ({ field: e.field, message: errorBody(e) });

type Obj = Record<string, unknown>;
type Shape = { utilization?: number; score?: number }[];

const labelName = (v: string, path: string): FieldError[] => isQualifiedName(v).map((m) => invalid(path, v, m));

function validatePercentage(path: string, v: number | undefined, errs: FieldError[]): void {
  if (v !== undefined && (v < 0 || v > 100)) errs.push(invalid(path, v, 'not in valid range [0-100]'));
}

/** The internal `[]config.UtilizationShapePoint` as %#v prints it. */
function renderShape(shape: Shape): string {
  return `[]config.UtilizationShapePoint{${shape.map((p) => `config.UtilizationShapePoint{Utilization:${p.utilization ?? 0}, Score:${p.score ?? 0}}`).join(', ')}}`;
}

function validateFunctionShape(shape: Shape, path: string, errs: FieldError[]): void {
  if (shape.length === 0) {
    errs.push(required(path, 'at least one point must be specified'));
    return;
  }
  for (let i = 1; i < shape.length; i++) {
    if ((shape[i - 1]!.utilization ?? 0) >= (shape[i]!.utilization ?? 0)) {
      errs.push(invalid(`${path}[${i}].utilization`, shape[i]!.utilization ?? 0, 'values must be sorted in increasing order'));
      break;
    }
  }
  shape.forEach((p, i) => {
    const u = p.utilization ?? 0;
    const s = p.score ?? 0;
    if (u < 0 || u > 100) errs.push(invalid(`${path}[${i}].utilization`, u, 'not in valid range [0, 100]'));
    if (s < 0 || s > 10) errs.push(invalid(`${path}[${i}].score`, s, 'not in valid range [0, 10]'));
  });
}

/** Resource weights after defaulting (0 becomes 1). */
function validateResources(resources: { name?: string; weight?: number }[], path: string, errs: FieldError[]): void {
  resources.forEach((r, i) => {
    const w = r.weight || 1;
    if (w <= 0 || w > 100) errs.push(invalid(`${path}[${i}].weight`, w, `resource weight of ${r.name ?? ''} not in valid range (0, 100]`));
  });
}

const STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

function validateFitArgs(path: string, a: Obj, errs: FieldError[]): void {
  ((a.ignoredResources ?? []) as string[]).forEach((r, i) => errs.push(...labelName(r, `${path}.ignoredResources[${i}]`)));
  ((a.ignoredResourceGroups ?? []) as string[]).forEach((g, i) => {
    const p = `${path}.ignoredResourceGroups[${i}]`;
    if (g.includes('/')) errs.push(invalid(p, g, "resource group name can't contain '/'"));
    errs.push(...labelName(g, p));
  });
  // Defaulting gives a missing strategy LeastAllocated; a strategy without a type keeps "".
  const st = a.scoringStrategy as { type?: string; resources?: { name?: string; weight?: number }[]; requestedToCapacityRatio?: { shape?: Shape } } | undefined;
  if (!st) return;
  const sp = `${path}.scoringStrategy`;
  const type = st.type ?? '';
  if (!STRATEGIES.includes(type)) errs.push(notSupported(`${sp}.type`, type, STRATEGIES));
  validateResources(st.resources ?? [], `${sp}.resources`, errs);
  if (type === 'RequestedToCapacityRatio') {
    if (!st.requestedToCapacityRatio) errs.push(required(`${sp}.requestedToCapacityRatio`, 'must be specified when type is RequestedToCapacityRatio'));
    else validateFunctionShape(st.requestedToCapacityRatio.shape ?? [], `${sp}.requestedToCapacityRatio.shape`, errs);
  } else if (st.requestedToCapacityRatio) {
    errs.push(forbidden(`${sp}.requestedToCapacityRatio`, 'must be nil when type is not RequestedToCapacityRatio'));
  }
}

function validateSpreadArgs(path: string, a: Obj, errs: FieldError[]): void {
  const type = (a.defaultingType as string | undefined) ?? 'System';
  const cs = (a.defaultConstraints ?? []) as { maxSkew?: number; topologyKey?: string; whenUnsatisfiable?: string; labelSelector?: unknown }[];
  if (type !== 'System' && type !== 'List') errs.push(notSupported(`${path}.defaultingType`, type, ['System', 'List']));
  else if (type === 'System' && cs.length > 0) errs.push(invalid(`${path}.defaultingType`, type, 'when .defaultConstraints are not empty'));
  cs.forEach((c, i) => {
    const p = `${path}.defaultConstraints[${i}]`;
    const skew = c.maxSkew ?? 0;
    if (skew <= 0) errs.push(invalid(`${p}.maxSkew`, skew, 'not in valid range (0, inf)'));
    const key = c.topologyKey ?? '';
    if (key === '') errs.push(required(`${p}.topologyKey`, 'can not be empty'));
    else errs.push(...labelName(key, `${p}.topologyKey`));
    const when = c.whenUnsatisfiable ?? '';
    if (when === '') errs.push(required(`${p}.whenUnsatisfiable`, 'can not be empty'));
    else if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') errs.push(notSupported(`${p}.whenUnsatisfiable`, when, ['DoNotSchedule', 'ScheduleAnyway']));
    if (c.labelSelector) errs.push(forbidden(`${p}.labelSelector`, 'constraint must not define a selector, as they deduced for each pod'));
    for (let j = 0; j < i; j++) {
      if (cs[j]!.topologyKey === c.topologyKey && cs[j]!.whenUnsatisfiable === c.whenUnsatisfiable) {
        errs.push(duplicate(`${path}.defaultConstraints[${i}]`, `{${key}, ${when}}`));
        break;
      }
    }
  });
}

function validatePreemptionArgs(path: string, a: Obj, errs: FieldError[]): void {
  const pct = (a.minCandidateNodesPercentage as number | undefined) ?? 10;
  const abs = (a.minCandidateNodesAbsolute as number | undefined) ?? 100;
  if (pct < 0 || pct > 100) errs.push(invalid(`${path}.minCandidateNodesPercentage`, pct, 'not in valid range [0, 100]'));
  if (abs < 0) errs.push(invalid(`${path}.minCandidateNodesAbsolute`, abs, 'not in valid range [0, inf)'));
  if (pct === 0 && abs === 0) {
    errs.push(invalid(`${path}.minCandidateNodesPercentage`, pct, 'cannot be zero at the same time as minCandidateNodesAbsolute'));
    errs.push(invalid(`${path}.minCandidateNodesAbsolute`, abs, 'cannot be zero at the same time as minCandidateNodesPercentage'));
  }
}

function validateBalancedArgs(path: string, a: Obj, errs: FieldError[]): void {
  const seen = new Set<string>();
  ((a.resources ?? []) as { name?: string; weight?: number }[]).forEach((r, i) => {
    const name = r.name ?? '';
    if (seen.has(name)) errs.push(duplicate(`${path}.resources[${i}].name`, name));
    seen.add(name);
    const w = r.weight || 1;
    if (w !== 1) errs.push(invalid(`${path}.resources[${i}].weight`, w, 'must be 1'));
  });
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** `[]string` as %#v prints it: nil and empty differ. */
const renderStrings = (v: string[] | undefined): ReturnType<typeof goText> =>
  goText(v === undefined ? '[]string(nil)' : `[]string{${v.map(goQuote).join(', ')}}`);

/** nodeaffinity.NewNodeSelector's checks of the requirements of one term (labels.NewRequirement). */
function validateRequirements(reqs: { key?: string; operator?: string; values?: string[] }[], path: string, errs: FieldError[]): void {
  reqs.forEach((r, i) => {
    const p = `${path}[${i}]`;
    const op = r.operator ?? '';
    if (!SELECTOR_OPERATORS.includes(op)) {
      errs.push(notSupported(`${p}.operator`, op, SELECTOR_OPERATORS));
      return;
    }
    const key = r.key ?? '';
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) errs.push(invalid(`${p}.key`, key, keyErrs.join('; ')));
    const vals = r.values;
    const n = vals?.length ?? 0;
    if ((op === 'In' || op === 'NotIn') && n === 0) errs.push(invalid(`${p}.values`, renderStrings(vals), "for 'in', 'notin' operators, values set can't be empty"));
    if ((op === 'Exists' || op === 'DoesNotExist') && n !== 0) errs.push(invalid(`${p}.values`, renderStrings(vals), 'values set must be empty for exists and does not exist'));
    if (op === 'Gt' || op === 'Lt') {
      if (n !== 1) errs.push(invalid(`${p}.values`, renderStrings(vals), "for 'Gt', 'Lt' operators, exactly one value is required"));
      (vals ?? []).forEach((v, k) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(invalid(`${p}.values[${k}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
    }
    (vals ?? []).forEach((v, k) => {
      const m = isValidLabelValue(v);
      if (m.length) errs.push(invalid(`${p}.values[${k}]`, v, m.join('; ')));
    });
  });
}

type Term = { matchExpressions?: { key?: string; operator?: string; values?: string[] }[]; matchFields?: { key?: string; operator?: string; values?: string[] }[] };

function validateTerm(t: Term, path: string, errs: FieldError[]): void {
  validateRequirements(t.matchExpressions ?? [], `${path}.matchExpressions`, errs);
  const fields = t.matchFields ?? [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const p = `${path}.matchFields[${i}]`;
    if ((f.values?.length ?? 0) !== 1) {
      // The field selector stops at its first malformed requirement.
      errs.push(invalid(`${p}.values`, renderStrings(f.values), 'must have one element'));
      return;
    }
    if (f.operator !== 'In' && f.operator !== 'NotIn') errs.push(notSupported(`${p}.operator`, f.operator ?? '', ['In', 'NotIn']));
  }
}

function validateNodeAffinityArgs(path: string, a: Obj, errs: FieldError[]): void {
  const aff = a.addedAffinity as { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Term[] }; preferredDuringSchedulingIgnoredDuringExecution?: { weight?: number; preference?: Term }[] } | undefined;
  if (!aff) return;
  const req = aff.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) (req.nodeSelectorTerms ?? []).forEach((t, i) => validateTerm(t, `${path}.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, errs));
  (aff.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => validateTerm(t.preference ?? {}, `${path}.addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`, errs));
}

function validateVolumeBindingArgs(path: string, a: Obj, errs: FieldError[]): void {
  const t = (a.bindTimeoutSeconds as number | undefined) ?? 600;
  if (t < 0) errs.push(invalid(`${path}.bindTimeoutSeconds`, t, 'invalid BindTimeoutSeconds, should not be a negative value'));
  // The shape only counts with the VolumeCapacityPriority gate, which is off in 1.31.
  if (a.shape !== undefined) errs.push(invalid(`${path}.shape`, goText(renderShape(a.shape as Shape)), 'unexpected field `shape`, remove it or turn on the feature gate VolumeCapacityPriority'));
}

const ARGS_VALIDATORS: Record<string, (path: string, a: Obj, errs: FieldError[]) => void> = {
  DefaultPreemption: validatePreemptionArgs,
  InterPodAffinity: (path, a, errs) => {
    const w = (a.hardPodAffinityWeight as number | undefined) ?? 1;
    if (w < 0 || w > 100) errs.push(invalid(`${path}.hardPodAffinityWeight`, w, 'not in valid range [0, 100]'));
  },
  NodeAffinity: validateNodeAffinityArgs,
  NodeResourcesBalancedAllocation: validateBalancedArgs,
  // Checked by the real scheduler when the plugin starts; reported here with the same texts.
  NodeResourcesFit: validateFitArgs,
  PodTopologySpread: validateSpreadArgs,
  VolumeBinding: validateVolumeBindingArgs,
};

function validateProfile(p: KubeSchedulerProfile, path: string, errs: FieldError[]): void {
  if ((p.schedulerName ?? DEFAULT_SCHEDULER_NAME) === '') errs.push(required(`${path}.schedulerName`));
  validatePercentage(`${path}.percentageOfNodesToScore`, p.percentageOfNodesToScore, errs);
  const seen = new Set<string>();
  (p.pluginConfig ?? []).forEach((pc, j) => {
    const cp = `${path}.pluginConfig[${j}]`;
    const name = pc.name ?? '';
    if (seen.has(name)) errs.push(duplicate(cp, name));
    seen.add(name);
    if (Object.prototype.hasOwnProperty.call(ARGS_VALIDATORS, name)) ARGS_VALIDATORS[name]!(`${cp}.args`, (pc.args ?? {}) as Obj, errs);
  });
}

/** The internal `config.PluginSet` as %#v prints it. */
function renderPluginSet(s: PluginSet | undefined): string {
  const list = (ps: { name: string; weight?: number }[] | undefined): string =>
    ps?.length ? `[]config.Plugin{${ps.map((x) => `config.Plugin{Name:${goQuote(x.name ?? '')}, Weight:${x.weight ?? 0}}`).join(', ')}}` : '[]config.Plugin(nil)';
  return `config.PluginSet{Enabled:${list(s?.enabled)}, Disabled:${list(s?.disabled)}}`;
}

const samePluginSet = (a: PluginSet | undefined, b: PluginSet | undefined): boolean => renderPluginSet(a) === renderPluginSet(b);

/** ValidateKubeSchedulerConfiguration on a decoded configuration; [] when it is valid. */
export function validateKubeSchedulerConfiguration(cfg: KubeSchedulerConfiguration): ConfigProblem[] {
  const errs: FieldError[] = [];
  const cc = cfg.clientConnection;
  if (cc?.burst !== undefined && cc.burst < 0) errs.push(invalid('clientConnection.burst', cc.burst, 'must be non-negative'));
  const le = cfg.leaderElection;
  if ((le?.leaderElect ?? true) && (le?.resourceLock ?? 'leases') !== 'leases') errs.push(invalid('leaderElection.resourceLock', le?.resourceLock ?? '', 'resourceLock value must be "leases"'));
  const parallelism = cfg.parallelism ?? 16;
  if (parallelism <= 0) errs.push(invalid('parallelism', parallelism, 'should be an integer value greater than zero'));

  // Defaulting gives a configuration without profiles the default one.
  const profiles = cfg.profiles?.length ? cfg.profiles : [{}];
  const names = new Map<string, number>();
  profiles.forEach((p, i) => {
    const path = `profiles[${i}]`;
    validateProfile(p, path, errs);
    const name = p.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    if (names.has(name)) errs.push(duplicate(`${path}.schedulerName`, name));
    else names.set(name, i);
  });
  const first = profiles[0]!.plugins?.queueSort;
  if ((first?.enabled?.length ?? 0) > 1) errs.push(invalid('profiles[0].plugins.queueSort.Enabled', first!.enabled!.length, 'only one queue sort plugin can be enabled'));
  for (let i = 1; i < profiles.length; i++) {
    const cur = profiles[i]!.plugins?.queueSort;
    if (!samePluginSet(first, cur)) errs.push(invalid(`profiles[${i}].plugins.queueSort`, goText(renderPluginSet(cur)), 'must be the same for all profiles'));
  }

  validatePercentage('percentageOfNodesToScore', cfg.percentageOfNodesToScore, errs);
  const initial = cfg.podInitialBackoffSeconds ?? 1;
  const max = cfg.podMaxBackoffSeconds ?? 10;
  if (initial <= 0) errs.push(invalid('podInitialBackoffSeconds', initial, 'must be greater than 0'));
  if (max < initial) errs.push(invalid('podMaxBackoffSeconds', max, 'must be greater than or equal to PodInitialBackoffSeconds'));
  // kubetab's one departure: extenders are HTTP services a simulated scheduler cannot call.
  if (cfg.extenders?.length) errs.push(forbidden('extenders', 'kubetab does not run scheduler extenders'));
  return errs.map(fromFieldError);
}
