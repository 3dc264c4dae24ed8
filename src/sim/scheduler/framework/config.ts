/**
 * Scheduler configuration, shaped like `kubescheduler.config.k8s.io/v1` KubeSchedulerConfiguration,
 * and the v1 defaults: the default MultiPoint plugin list and the merge of a user's profile into it.
 */

export type ExtensionPoint =
  | 'preEnqueue' | 'queueSort' | 'preFilter' | 'filter' | 'postFilter' | 'preScore' | 'score'
  | 'reserve' | 'permit' | 'preBind' | 'bind' | 'postBind';

export const EXTENSION_POINTS: readonly ExtensionPoint[] = [
  'preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind',
];

export interface PluginRef {
  name: string;
  /** Score weight; only meaningful for Score plugins (0 or unset means 1). */
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  /** `{name: '*'}` disables every default plugin of this point. */
  disabled?: { name: string }[];
}

export type Plugins = Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;

export interface PluginConfig {
  name: string;
  args?: unknown;
}

export interface KubeSchedulerProfile {
  schedulerName?: string;
  /** Overrides the global percentage for this profile. */
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

export interface KubeSchedulerConfiguration {
  apiVersion?: 'kubescheduler.config.k8s.io/v1';
  kind?: 'KubeSchedulerConfiguration';
  /** 0 means adaptive (50% minus 1% per 125 nodes, at least 5%). */
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles?: KubeSchedulerProfile[];
  /** Read and checked, without effect in a simulation: there is one scheduler process and no network. */
  parallelism?: number;
  leaderElection?: { leaderElect?: boolean; leaseDuration?: string; renewDeadline?: string; retryPeriod?: string; resourceLock?: string; resourceName?: string; resourceNamespace?: string };
  clientConnection?: { kubeconfig?: string; acceptContentTypes?: string; contentType?: string; qps?: number; burst?: number };
  enableProfiling?: boolean;
  enableContentionProfiling?: boolean;
  delayCacheUntilActive?: boolean;
  extenders?: Record<string, unknown>[];
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * The 1.30/1.31 default MultiPoint list, in order, with score weights (v1/default_plugins.go).
 * `implemented: true` marks plugins kubetab does not have yet; they are left out of the default
 * profile until their folder registers them in `plugins/registry.ts`. To add one: write the plugin,
 * register it, flip its flag here.
 */
export const DEFAULT_MULTIPOINT: readonly { name: string; weight?: number; implemented: boolean }[] = [
  { name: 'SchedulingGates', implemented: true },
  { name: 'PrioritySort', implemented: true },
  { name: 'NodeUnschedulable', implemented: true },
  { name: 'NodeName', implemented: true },
  { name: 'TaintToleration', weight: 3, implemented: true },
  { name: 'NodeAffinity', weight: 2, implemented: true },
  { name: 'NodePorts', implemented: true },
  { name: 'NodeResourcesFit', weight: 1, implemented: true },
  { name: 'VolumeRestrictions', implemented: true },
  { name: 'EBSLimits', implemented: true },
  { name: 'GCEPDLimits', implemented: true },
  { name: 'NodeVolumeLimits', implemented: true },
  { name: 'AzureDiskLimits', implemented: true },
  { name: 'VolumeBinding', weight: 1, implemented: true },
  { name: 'VolumeZone', implemented: true },
  { name: 'PodTopologySpread', weight: 2, implemented: true },
  { name: 'InterPodAffinity', weight: 2, implemented: true },
  { name: 'DefaultPreemption', implemented: true },
  { name: 'NodeResourcesBalancedAllocation', weight: 1, implemented: true },
  { name: 'ImageLocality', weight: 1, implemented: true },
  { name: 'DefaultBinder', implemented: true },
];

/**
 * The extension points each in-tree plugin implements, as data, so a configuration can be checked the
 * way the framework would build it without loading the plugins (the page checks share links before any
 * cluster exists). A test holds this table to the plugins' real methods.
 */
export const IN_TREE_PLUGIN_POINTS: Readonly<Record<string, readonly ExtensionPoint[]>> = {
  SchedulingGates: ['preEnqueue'],
  PrioritySort: ['queueSort'],
  NodeUnschedulable: ['filter'],
  NodeName: ['filter'],
  TaintToleration: ['filter', 'preScore', 'score'],
  NodeAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  NodePorts: ['preFilter', 'filter'],
  NodeResourcesFit: ['preFilter', 'filter', 'preScore', 'score'],
  VolumeRestrictions: ['preFilter', 'filter'],
  EBSLimits: ['preFilter', 'filter'],
  GCEPDLimits: ['preFilter', 'filter'],
  NodeVolumeLimits: ['preFilter', 'filter'],
  AzureDiskLimits: ['preFilter', 'filter'],
  VolumeBinding: ['preFilter', 'filter', 'preScore', 'score', 'reserve', 'preBind'],
  VolumeZone: ['preFilter', 'filter'],
  PodTopologySpread: ['preFilter', 'filter', 'preScore', 'score'],
  InterPodAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  DefaultPreemption: ['postFilter'],
  NodeResourcesBalancedAllocation: ['preScore', 'score'],
  ImageLocality: ['score'],
  DefaultBinder: ['bind'],
};

/** The default plugins: MultiPoint only, restricted to what the registry has. */
export function defaultPlugins(registered: (name: string) => boolean): Plugins {
  return {
    multiPoint: {
      enabled: DEFAULT_MULTIPOINT.filter((p) => p.implemented && registered(p.name)).map((p) => (p.weight ? { name: p.name, weight: p.weight } : { name: p.name })),
    },
  };
}

/**
 * Merges a custom plugin set into the default one (v1 defaults mergePluginSet): custom disables
 * remove defaults (`*` removes all), a custom entry with a default's name replaces it in place, other
 * custom entries are appended.
 */
export function mergePluginSet(def: PluginSet | undefined, custom: PluginSet | undefined): PluginSet {
  const disabled: { name: string }[] = [];
  const disabledNames = new Set<string>();
  for (const d of custom?.disabled ?? []) { disabled.push({ name: d.name }); disabledNames.add(d.name); }
  for (const d of def?.disabled ?? []) { disabled.push({ name: d.name }); disabledNames.add(d.name); }
  const customIdx = new Map<string, number>();
  (custom?.enabled ?? []).forEach((p, i) => customIdx.set(p.name, i));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const p of def?.enabled ?? []) {
      if (disabledNames.has(p.name)) continue;
      const i = customIdx.get(p.name);
      if (i !== undefined) { enabled.push(custom!.enabled![i]!); replaced.add(i); } else enabled.push(p);
    }
  }
  (custom?.enabled ?? []).forEach((p, i) => { if (!replaced.has(i)) enabled.push(p); });
  return { enabled, disabled };
}

export function mergePlugins(def: Plugins, custom: Plugins | undefined): Plugins {
  const out: Plugins = {};
  for (const point of ['multiPoint', ...EXTENSION_POINTS] as const) {
    const d = def[point];
    const c = custom?.[point];
    if (d || c) out[point] = mergePluginSet(d, c);
  }
  return out;
}

/** NodeResourcesFit args (config.NodeResourcesFitArgs). */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: ScoringStrategy;
}

export interface ResourceSpec {
  name: string;
  weight?: number;
}

export interface ScoringStrategy {
  type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  resources?: ResourceSpec[];
  requestedToCapacityRatio?: { shape: { utilization: number; score: number }[] };
}

export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

/** The defaults the real scheduler fills in for the configuration. */
export function withDefaults(cfg: KubeSchedulerConfiguration | undefined, registered: (name: string) => boolean): Required<Pick<KubeSchedulerConfiguration, 'percentageOfNodesToScore' | 'podInitialBackoffSeconds' | 'podMaxBackoffSeconds'>> & { profiles: KubeSchedulerProfile[] } {
  const profiles = cfg?.profiles?.length ? cfg.profiles : [{}];
  const defs = defaultPlugins(registered);
  return {
    percentageOfNodesToScore: cfg?.percentageOfNodesToScore ?? 0,
    podInitialBackoffSeconds: cfg?.podInitialBackoffSeconds ?? 1,
    podMaxBackoffSeconds: cfg?.podMaxBackoffSeconds ?? 10,
    profiles: profiles.map((p) => ({
      ...p,
      schedulerName: p.schedulerName || DEFAULT_SCHEDULER_NAME,
      plugins: mergePlugins(defs, p.plugins),
    })),
  };
}
