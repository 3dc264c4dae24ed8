import { describe, expect, it } from 'vitest';
import { Clock } from '../../clock';
import { Stream } from '../../rng';
import { StaticSnapshot } from './snapshot';
import { newFramework } from './framework';
import { withDefaults, type KubeSchedulerProfile } from './config';
import { inTreeRegistry } from '../plugins/registry';
import { defaultFramework, nullRecorder, recordingClient } from '../testing/harness';

const names = (ps: { name: string }[]) => ps.map((p) => p.name);

function build(profile: KubeSchedulerProfile, merge = true) {
  const registry = inTreeRegistry();
  const p = merge ? withDefaults({ profiles: [profile] }, (n) => !!registry[n]).profiles[0]! : profile;
  return newFramework(p, { registry, handle: { clock: new Clock(), client: recordingClient(), recorder: nullRecorder, stream: new Stream(1, 't'), snapshot: () => new StaticSnapshot([]) } });
}

describe('default profile', () => {
  const f = defaultFramework(new StaticSnapshot([]));
  it('expands MultiPoint into the real per-point order (the 1.31 ExpandedPluginsV1)', () => {
    expect(names(f.preEnqueuePlugins)).toEqual(['SchedulingGates']);
    expect(names(f.queueSortPlugins)).toEqual(['PrioritySort']);
    expect(names(f.preFilterPlugins)).toEqual(['NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'EBSLimits', 'GCEPDLimits', 'NodeVolumeLimits', 'AzureDiskLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity']);
    expect(names(f.filterPlugins)).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'EBSLimits', 'GCEPDLimits', 'NodeVolumeLimits', 'AzureDiskLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity']);
    expect(names(f.postFilterPlugins)).toEqual(['DefaultPreemption']);
    expect(names(f.preScorePlugins)).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation']);
    expect(names(f.scorePlugins)).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
    expect(names(f.reservePlugins)).toEqual(['VolumeBinding']);
    expect(names(f.preBindPlugins)).toEqual(['VolumeBinding']);
    expect(names(f.bindPlugins)).toEqual(['DefaultBinder']);
  });
  it('gives the real score weights', () => {
    expect(Object.fromEntries(f.scorePluginWeight)).toEqual({ TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, VolumeBinding: 1, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesBalancedAllocation: 1, ImageLocality: 1 });
  });
});

describe('newFramework validation', () => {
  it('refuses a profile without a QueueSort plugin', () => {
    expect(() => build({ plugins: { multiPoint: { disabled: [{ name: 'PrioritySort' }] } } })).toThrow('no queue sort plugin is enabled');
  });
  it('refuses a profile without a Bind plugin', () => {
    expect(() => build({ plugins: { multiPoint: { disabled: [{ name: 'DefaultBinder' }] } } })).toThrow('at least one bind plugin is needed');
  });
  it('refuses an unknown plugin', () => {
    expect(() => build({ plugins: { filter: { enabled: [{ name: 'NoSuchPlugin' }] } } })).toThrow('NoSuchPlugin does not exist');
  });
  it('refuses a plugin at a point it does not implement', () => {
    expect(() => build({ plugins: { score: { enabled: [{ name: 'NodeName' }] } } })).toThrow('plugin "NodeName" does not extend Score plugin');
  });
  it('refuses a negative score weight', () => {
    expect(() => build({ plugins: { score: { enabled: [{ name: 'TaintToleration', weight: -1 }] } } })).toThrow('negative weight');
  });
  it('an explicit score weight overrides the MultiPoint one', () => {
    const f = build({ plugins: { score: { enabled: [{ name: 'NodeResourcesFit', weight: 5 }] } } });
    expect(f.scorePluginWeight.get('NodeResourcesFit')).toBe(5);
    expect(names(f.scorePlugins)[0]).toBe('NodeResourcesFit');
  });
  it('disabling a plugin at one point keeps it at the others', () => {
    const f = build({ plugins: { score: { disabled: [{ name: 'TaintToleration' }] } } });
    expect(names(f.scorePlugins)).not.toContain('TaintToleration');
    expect(names(f.filterPlugins)).toContain('TaintToleration');
  });
  it('disabling * at a point drops every default plugin there', () => {
    const f = build({ plugins: { score: { disabled: [{ name: '*' }] } } });
    expect(f.scorePlugins).toEqual([]);
  });
  it('pluginConfig reaches the plugin factory', () => {
    expect(() => build({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Bogus' } } }] })).toThrow('scoring strategy Bogus is not supported');
  });
});
