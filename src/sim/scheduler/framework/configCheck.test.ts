import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { checkConfiguration } from './configCheck';
import { ConfigurationError } from './validation';
import { IN_TREE_PLUGIN_POINTS, EXTENSION_POINTS } from './config';
import { defaultFramework } from '../testing/harness';
import { StaticSnapshot } from './snapshot';

const errorsOf = (cfg: unknown): string[] => {
  try {
    checkConfiguration(cfg);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigurationError)) throw e;
    return e.errors;
  }
};

const fit = (args: unknown): unknown => ({ profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args }] }] });

describe('KubeSchedulerConfiguration: decoding', () => {
  const cases: { name: string; cfg: unknown; want: string[] }[] = [
    { name: 'profiles that are not a list', cfg: { profiles: true }, want: ['json: cannot unmarshal bool into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile'] },
    { name: 'a profile that is a string', cfg: { profiles: ['default'] }, want: ['json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.profiles of type v1.KubeSchedulerProfile'] },
    { name: 'a scheduler name that is a number', cfg: { profiles: [{ schedulerName: 7 }] }, want: ['json: cannot unmarshal number into Go struct field KubeSchedulerProfile.profiles.schedulerName of type string'] },
    { name: 'a configuration that is not a mapping', cfg: 5, want: ['json: cannot unmarshal number into Go value of type v1.KubeSchedulerConfiguration'] },
    { name: 'a fractional percentage', cfg: { percentageOfNodesToScore: 1.5 }, want: ['json: cannot unmarshal number 1.5 into Go struct field KubeSchedulerConfiguration.percentageOfNodesToScore of type int32'] },
    { name: 'a weight past int32', cfg: { profiles: [{ plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 2147483648 }] } } }] }, want: ['json: cannot unmarshal number 2147483648 into Go struct field Plugin.profiles.plugins.score.enabled.weight of type int32'] },
    { name: 'plugins that are a list', cfg: { profiles: [{ plugins: [] }] }, want: ['json: cannot unmarshal array into Go struct field KubeSchedulerProfile.profiles.plugins of type v1.Plugins'] },
    { name: 'unknown fields at any depth, all named', cfg: { percentageOfNodesToScor: 5, profiles: [{ plugins: { scores: {} } }] }, want: ['strict decoding error: unknown field "percentageOfNodesToScor", unknown field "profiles[0].plugins.scores"'] },
    { name: 'args that are a number', cfg: fit(5), want: ['decoding .profiles[0].pluginConfig[0]: decoding args for plugin NodeResourcesFit: json: cannot unmarshal number into Go value of type v1.NodeResourcesFitArgs'] },
    { name: 'scoring resources that are a number', cfg: fit({ scoringStrategy: { resources: 3 } }), want: ['decoding .profiles[0].pluginConfig[0]: decoding args for plugin NodeResourcesFit: json: cannot unmarshal number into Go struct field ScoringStrategy.scoringStrategy.resources of type []v1.ResourceSpec'] },
    { name: 'an unknown field in args', cfg: fit({ scoringStrategy: { type: 'MostAllocated' }, nope: 1 }), want: ['strict decoding error: decoding .profiles[0].pluginConfig[0]: decoding args for plugin NodeResourcesFit: strict decoding error: unknown field "nope"'] },
    { name: 'args of another kind', cfg: fit({ apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'InterPodAffinityArgs' }), want: ['args for plugin NodeResourcesFit were not of type NodeResourcesFitArgs.kubescheduler.config.k8s.io, got InterPodAffinityArgs.kubescheduler.config.k8s.io'] },
    { name: 'a wrong apiVersion', cfg: { apiVersion: 'kubescheduler.config.k8s.io/v1beta3' }, want: ['apiVersion: Unsupported value: "kubescheduler.config.k8s.io/v1beta3": supported values: "kubescheduler.config.k8s.io/v1"'] },
  ];
  for (const c of cases) it(c.name, () => expect(errorsOf(c.cfg)).toEqual(c.want));

  it('reads a null profile as an empty one, as Go does, and starts with the default profile', () => {
    expect(checkConfiguration({ profiles: [null] })).toEqual({ profiles: [{}] });
    expect(errorsOf({ profiles: [null, null] })).toEqual(['profiles[1].schedulerName: Duplicate value: "default-scheduler"']);
  });

  it('keeps only declared fields: a __proto__ or constructor key is an unknown field, never a property', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as unknown;
    expect(errorsOf(raw)).toEqual(['strict decoding error: unknown field "__proto__", unknown field "constructor"']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorsOf({ profiles: [{ pluginConfig: [{ name: 'constructor', args: {} }], plugins: { filter: { enabled: [{ name: 'constructor' }] } } }] })).toEqual([
      'profiles[0].plugins.filter.enabled[0]: FilterPlugin "constructor" does not exist',
    ]);
  });

  it('returns the decoded configuration with typed args', () => {
    expect(checkConfiguration(fit({ scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }] } }))).toEqual(fit({ scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }] } }));
    expect(checkConfiguration(undefined)).toBeUndefined();
  });
});

describe('KubeSchedulerConfiguration: validation', () => {
  const cases: { name: string; cfg: unknown; want: string[] }[] = [
    { name: 'a full valid configuration passes', cfg: { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: 50, profiles: [{ schedulerName: 'default-scheduler' }, { schedulerName: 'packer', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }] } } }] }] }, want: [] },
    { name: 'percentageOfNodesToScore above 100', cfg: { percentageOfNodesToScore: 101 }, want: ['percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'] },
    { name: 'an empty scheduler name', cfg: { profiles: [{ schedulerName: '' }] }, want: ['profiles[0].schedulerName: Required value'] },
    { name: 'two profiles with one name', cfg: { profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] }, want: ['profiles[1].schedulerName: Duplicate value: "a"'] },
    { name: 'back-off times the wrong way round', cfg: { podInitialBackoffSeconds: 20, podMaxBackoffSeconds: 10 }, want: ['podMaxBackoffSeconds: Invalid value: 10: must be greater than or equal to PodInitialBackoffSeconds'] },
    { name: 'a zero parallelism', cfg: { parallelism: 0 }, want: ['parallelism: Invalid value: 0: should be an integer value greater than zero'] },
    { name: 'an unknown strategy', cfg: fit({ scoringStrategy: { type: 'Random' } }), want: ['profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"'] },
    { name: 'a resource weight out of range', cfg: fit({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 101 }] } }), want: ['profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]'] },
    { name: 'an unsorted shape', cfg: fit({ scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 10, score: 11 }] } } }), want: ['profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 10: values must be sorted in increasing order', 'profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].score: Invalid value: 11: not in valid range [0, 10]'] },
    { name: 'a repeated plugin config', cfg: { profiles: [{ pluginConfig: [{ name: 'ImageLocality' }, { name: 'ImageLocality' }] }] }, want: ['profiles[0].pluginConfig[1]: Duplicate value: "ImageLocality"'] },
    { name: 'hardPodAffinityWeight out of range', cfg: { profiles: [{ pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 101 } }] }] }, want: ['profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]'] },
    { name: 'preemption with no candidates at all', cfg: { profiles: [{ pluginConfig: [{ name: 'DefaultPreemption', args: { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 } }] }] }, want: ['profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute', 'profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage'] },
    { name: 'System defaulting with explicit default constraints', cfg: { profiles: [{ pluginConfig: [{ name: 'PodTopologySpread', args: { defaultingType: 'System', defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] } }] }] }, want: ['profiles[0].pluginConfig[0].args.defaultingType: Invalid value: "System": when .defaultConstraints are not empty'] },
    { name: 'a default constraint with a selector and a zero skew', cfg: { profiles: [{ pluginConfig: [{ name: 'PodTopologySpread', args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }] } }] }] }, want: ['profiles[0].pluginConfig[0].args.defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf)', 'profiles[0].pluginConfig[0].args.defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod'] },
    { name: 'a balanced-allocation weight other than 1', cfg: { profiles: [{ pluginConfig: [{ name: 'NodeResourcesBalancedAllocation', args: { resources: [{ name: 'cpu', weight: 2 }] } }] }] }, want: ['profiles[0].pluginConfig[0].args.resources[0].weight: Invalid value: 2: must be 1'] },
    { name: 'an added affinity with an unknown operator and an empty In', cfg: { profiles: [{ pluginConfig: [{ name: 'NodeAffinity', args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Near' }, { key: 'zone', operator: 'In' }] }] } } } }] }] }, want: ['profiles[0].pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Near": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"', 'profiles[0].pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Invalid value: []string(nil): for \'in\', \'notin\' operators, values set can\'t be empty'] },
    { name: 'two profiles with different queue sorts', cfg: { profiles: [{ schedulerName: 'a' }, { schedulerName: 'b', plugins: { queueSort: { enabled: [{ name: 'PrioritySort' }], disabled: [{ name: '*' }] } } }] }, want: ['profiles[1].plugins.queueSort: Invalid value: config.PluginSet{Enabled:[]config.Plugin{config.Plugin{Name:"PrioritySort", Weight:0}}, Disabled:[]config.Plugin{config.Plugin{Name:"*", Weight:0}}}: must be the same for all profiles'] },
    { name: 'extenders, which kubetab cannot call', cfg: { extenders: [{ urlPrefix: 'http://127.0.0.1:8888/' }] }, want: ['extenders: Forbidden: kubetab does not run scheduler extenders'] },
  ];
  for (const c of cases) it(c.name, () => expect(errorsOf(c.cfg)).toEqual(c.want));
});

describe('KubeSchedulerConfiguration: building the profiles', () => {
  const cases: { name: string; cfg: unknown; want: string[] }[] = [
    { name: 'an unknown plugin at a point', cfg: { profiles: [{ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }] }, want: ['profiles[0].plugins.filter.enabled[0]: FilterPlugin "Nope" does not exist'] },
    { name: 'an unknown plugin in multiPoint, named by the first point it is expanded to', cfg: { profiles: [{ plugins: { multiPoint: { enabled: [{ name: 'Nope' }] } } }] }, want: ['profiles[0].plugins.multiPoint.enabled[0]: PreFilterPlugin "Nope" does not exist'] },
    { name: 'a plugin at a point it does not implement', cfg: { profiles: [{ plugins: { score: { enabled: [{ name: 'NodeName' }] } } }] }, want: ['profiles[0].plugins.score.enabled[0]: plugin "NodeName" does not extend ScorePlugin plugin'] },
    { name: 'a plugin twice at a point', cfg: { profiles: [{ plugins: { filter: { enabled: [{ name: 'NodeName' }, { name: 'NodeName' }] } } }] }, want: ['profiles[0].plugins.filter.enabled[1]: plugin "NodeName" already registered as "FilterPlugin"'] },
    { name: 'every default disabled: no queue sort', cfg: { profiles: [{ plugins: { multiPoint: { disabled: [{ name: '*' }] } } }] }, want: ['profiles[0].plugins.queueSort: only one queue sort plugin required for profile with scheduler name "default-scheduler", but got 0'] },
    { name: 'no binder', cfg: { profiles: [{ schedulerName: 'no-bind', plugins: { multiPoint: { disabled: [{ name: 'DefaultBinder' }] } } }] }, want: ['profiles[0].plugins.bind: at least one bind plugin is needed for profile with scheduler name "no-bind"'] },
    // The merge with the defaults keeps the last entry of a name in the default's place; the other is appended.
    { name: 'a second queue sort', cfg: { profiles: [{ plugins: { multiPoint: { enabled: [{ name: 'PrioritySort' }, { name: 'PrioritySort' }] } } }] }, want: ['profiles[0].plugins.multiPoint.enabled[0]: plugin "PrioritySort" already registered as "QueueSortPlugin"'] },
  ];
  for (const c of cases) it(c.name, () => expect(errorsOf(c.cfg)).toEqual(c.want));

  it('a plugin re-listed at one point overrides its multiPoint entry, and disabling one point keeps the rest', () => {
    expect(errorsOf({ profiles: [{ plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 5 }] }, filter: { disabled: [{ name: 'NodePorts' }] } } }] })).toEqual([]);
  });

  it('the extension-point table matches the plugins the registry builds', () => {
    const fwk = defaultFramework(new StaticSnapshot([], []));
    const method: Record<string, string> = { queueSort: 'less' };
    const real: Record<string, string[]> = {};
    for (const [name, pl] of fwk.plugins) real[name] = EXTENSION_POINTS.filter((p) => typeof (pl as unknown as Record<string, unknown>)[method[p] ?? p] === 'function');
    expect(real).toEqual(IN_TREE_PLUGIN_POINTS);
  });

  it('a cluster with an invalid scheduler configuration does not start, and says why', () => {
    expect(() => createCluster({ scheduler: { percentageOfNodesToScore: -1 } })).toThrow('invalid KubeSchedulerConfiguration: percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]');
    expect(() => createCluster({ scheduler: { profiles: [{ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }] } })).toThrow('invalid KubeSchedulerConfiguration: profiles[0].plugins.filter.enabled[0]: FilterPlugin "Nope" does not exist');
  });
});
