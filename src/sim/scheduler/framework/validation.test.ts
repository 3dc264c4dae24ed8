import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { ConfigurationError, validateConfiguration } from './validation';
import type { KubeSchedulerConfiguration } from './config';

const errorsOf = (cfg: unknown): string[] => {
  try {
    validateConfiguration(cfg as KubeSchedulerConfiguration);
    return [];
  } catch (e) {
    return (e as ConfigurationError).errors;
  }
};

describe('KubeSchedulerConfiguration validation', () => {
  const cases: { name: string; cfg: unknown; want: string[] }[] = [
    { name: 'an absent configuration is the default one', cfg: undefined, want: [] },
    { name: 'a full valid configuration passes', cfg: { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: 50, profiles: [{ schedulerName: 'default-scheduler' }, { schedulerName: 'packer', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }] } } }] }] }, want: [] },
    { name: 'percentageOfNodesToScore above 100', cfg: { percentageOfNodesToScore: 101 }, want: ['percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'] },
    { name: 'two profiles with one name', cfg: { profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] }, want: ['profiles[1].schedulerName: Duplicate value: "a"'] },
    { name: 'an unknown strategy', cfg: { profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Random' } } }] }] }, want: ['profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"'] },
    { name: 'hardPodAffinityWeight out of range', cfg: { profiles: [{ pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 101 } }] }] }, want: ['profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]'] },
    { name: 'System defaulting with explicit default constraints', cfg: { profiles: [{ pluginConfig: [{ name: 'PodTopologySpread', args: { defaultingType: 'System', defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] } }] }] }, want: ['profiles[0].pluginConfig[0].args.defaultConstraints: Invalid value: "...": when .defaultingType is "System", .defaultConstraints must be empty'] },
    { name: 'a default constraint with a selector and a zero skew', cfg: { profiles: [{ pluginConfig: [{ name: 'PodTopologySpread', args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }] } }] }] }, want: ['profiles[0].pluginConfig[0].args.defaultConstraints[0].maxSkew: Invalid value: 0: must be greater than zero', 'profiles[0].pluginConfig[0].args.defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod'] },
    { name: 'a negative score weight', cfg: { profiles: [{ plugins: { score: { enabled: [{ name: 'ImageLocality', weight: -2 }] } } }] }, want: ['profiles[0].plugins.score.enabled[0].weight: Invalid value: -2: must be a non-negative integer'] },
    { name: 'a misspelt extension point', cfg: { profiles: [{ plugins: { scores: { enabled: [] } } }] }, want: ['profiles[0].plugins.scores: unknown extension point'] },
  ];
  for (const c of cases) it(c.name, () => expect(errorsOf(c.cfg)).toEqual(c.want));

  it('a cluster with an invalid scheduler configuration does not start, and says why', () => {
    expect(() => createCluster({ scheduler: { percentageOfNodesToScore: -1 } })).toThrow('invalid KubeSchedulerConfiguration: percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]');
  });
  it('an unknown plugin is refused when the framework is built', () => {
    expect(() => createCluster({ scheduler: { profiles: [{ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }] } })).toThrow('Nope does not exist');
  });
});
