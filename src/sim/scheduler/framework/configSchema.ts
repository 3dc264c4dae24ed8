/**
 * The Go types of `kubescheduler.config.k8s.io/v1` as kube-scheduler 1.31 decodes them: the
 * KubeSchedulerConfiguration and the argument kinds of the in-tree plugins (`<Plugin>Args`). Field
 * names and Go type names are the ones the decoder's messages print.
 */
import { goBool, goDuration, goFloat32, goInt32, goInt64, goList, goMap, goRaw, goString, goStruct } from './goJson';
import type { GoType } from './goJson';

const typeMeta = { apiVersion: goString(), kind: goString() };

const plugin = goStruct('v1.Plugin', { name: goString(), weight: goInt32 });
const pluginSet = goStruct('v1.PluginSet', { enabled: goList(plugin), disabled: goList(plugin) });

const plugins = goStruct('v1.Plugins', {
  preEnqueue: pluginSet, queueSort: pluginSet, preFilter: pluginSet, filter: pluginSet, postFilter: pluginSet, preScore: pluginSet,
  score: pluginSet, reserve: pluginSet, permit: pluginSet, preBind: pluginSet, bind: pluginSet, postBind: pluginSet, multiPoint: pluginSet,
});

const profile = goStruct('v1.KubeSchedulerProfile', {
  schedulerName: goString(),
  percentageOfNodesToScore: goInt32,
  plugins,
  pluginConfig: goList(goStruct('v1.PluginConfig', { name: goString(), args: goRaw })),
});

const extender = goStruct('v1.Extender', {
  urlPrefix: goString(), filterVerb: goString(), preemptVerb: goString(), prioritizeVerb: goString(), weight: goInt64, bindVerb: goString(),
  enableHTTPS: goBool,
  tlsConfig: goStruct('v1.ExtenderTLSConfig', { insecure: goBool, serverName: goString(), certFile: goString(), keyFile: goString(), caFile: goString(), certData: goString(), keyData: goString(), caData: goString() }),
  httpTimeout: goDuration, nodeCacheCapable: goBool,
  managedResources: goList(goStruct('v1.ExtenderManagedResource', { name: goString(), ignoredByScheduler: goBool })),
  ignorable: goBool,
});

export const KUBE_SCHEDULER_CONFIGURATION: GoType = goStruct('v1.KubeSchedulerConfiguration', {
  ...typeMeta,
  parallelism: goInt32,
  leaderElection: goStruct('v1alpha1.LeaderElectionConfiguration', {
    leaderElect: goBool, leaseDuration: goDuration, renewDeadline: goDuration, retryPeriod: goDuration,
    resourceLock: goString(), resourceName: goString(), resourceNamespace: goString(),
  }),
  clientConnection: goStruct('v1alpha1.ClientConnectionConfiguration', { kubeconfig: goString(), acceptContentTypes: goString(), contentType: goString(), qps: goFloat32, burst: goInt32 }),
  // DebuggingConfiguration, inlined.
  enableProfiling: goBool,
  enableContentionProfiling: goBool,
  percentageOfNodesToScore: goInt32,
  podInitialBackoffSeconds: goInt64,
  podMaxBackoffSeconds: goInt64,
  profiles: goList(profile),
  extenders: goList(extender),
  delayCacheUntilActive: goBool,
});

// ---- plugin arguments ----

const resourceSpec = goStruct('v1.ResourceSpec', { name: goString(), weight: goInt64 });
const shapePoint = goStruct('v1.UtilizationShapePoint', { utilization: goInt32, score: goInt32 });

const nodeSelectorRequirement = goStruct('v1.NodeSelectorRequirement', { key: goString(), operator: goString('v1.NodeSelectorOperator'), values: goList(goString()) });
const nodeSelectorTerm = goStruct('v1.NodeSelectorTerm', { matchExpressions: goList(nodeSelectorRequirement), matchFields: goList(nodeSelectorRequirement) });

const labelSelector = goStruct('v1.LabelSelector', {
  matchLabels: goMap(goString()),
  matchExpressions: goList(goStruct('v1.LabelSelectorRequirement', { key: goString(), operator: goString('v1.LabelSelectorOperator'), values: goList(goString()) })),
});

/** `<Plugin>Args` kinds the v1 scheme registers; other plugins' args are passed on undecoded. */
export const PLUGIN_ARGS: Readonly<Record<string, GoType>> = {
  DefaultPreemption: goStruct('v1.DefaultPreemptionArgs', { ...typeMeta, minCandidateNodesPercentage: goInt32, minCandidateNodesAbsolute: goInt32 }),
  InterPodAffinity: goStruct('v1.InterPodAffinityArgs', { ...typeMeta, hardPodAffinityWeight: goInt32, ignorePreferredTermsOfExistingPods: goBool }),
  NodeAffinity: goStruct('v1.NodeAffinityArgs', {
    ...typeMeta,
    addedAffinity: goStruct('v1.NodeAffinity', {
      requiredDuringSchedulingIgnoredDuringExecution: goStruct('v1.NodeSelector', { nodeSelectorTerms: goList(nodeSelectorTerm) }),
      preferredDuringSchedulingIgnoredDuringExecution: goList(goStruct('v1.PreferredSchedulingTerm', { weight: goInt32, preference: nodeSelectorTerm })),
    }),
  }),
  NodeResourcesBalancedAllocation: goStruct('v1.NodeResourcesBalancedAllocationArgs', { ...typeMeta, resources: goList(resourceSpec) }),
  NodeResourcesFit: goStruct('v1.NodeResourcesFitArgs', {
    ...typeMeta,
    ignoredResources: goList(goString()),
    ignoredResourceGroups: goList(goString()),
    scoringStrategy: goStruct('v1.ScoringStrategy', {
      type: goString('v1.ScoringStrategyType'),
      resources: goList(resourceSpec),
      requestedToCapacityRatio: goStruct('v1.RequestedToCapacityRatioParam', { shape: goList(shapePoint) }),
    }),
  }),
  PodTopologySpread: goStruct('v1.PodTopologySpreadArgs', {
    ...typeMeta,
    defaultConstraints: goList(goStruct('v1.TopologySpreadConstraint', {
      maxSkew: goInt32, topologyKey: goString(), whenUnsatisfiable: goString('v1.UnsatisfiableConstraintAction'), labelSelector, minDomains: goInt32,
      nodeAffinityPolicy: goString('v1.NodeInclusionPolicy'), nodeTaintsPolicy: goString('v1.NodeInclusionPolicy'), matchLabelKeys: goList(goString()),
    })),
    defaultingType: goString('v1.PodTopologySpreadConstraintsDefaulting'),
  }),
  VolumeBinding: goStruct('v1.VolumeBindingArgs', { ...typeMeta, bindTimeoutSeconds: goInt64, shape: goList(shapePoint) }),
};
