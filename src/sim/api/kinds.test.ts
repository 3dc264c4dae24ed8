import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, REMOVED_VERSIONS, apiVersionOf, findByKind, findByResource, isRemovedVersion, noMatchMessage, resourcesInCategory } from './kinds';

describe('findByResource', () => {
  it.each([
    ['a short name resolves', 'deploy', 'apps/v1', 'deployments'],
    ['a plural with its group resolves', 'deployments.apps', 'apps/v1', 'deployments'],
    ['a singular resolves', 'pod', 'v1', 'pods'],
    ['po is pods', 'po', 'v1', 'pods'],
    ['a kind in any case resolves', 'Deployment', 'apps/v1', 'deployments'],
    ['hpa prefers autoscaling/v2', 'hpa', 'autoscaling/v2', 'horizontalpodautoscalers'],
    ['plain events are the core ones', 'ev', 'v1', 'events'],
    ['events.events.k8s.io picks the other group', 'events.events.k8s.io', 'events.k8s.io/v1', 'events'],
    ['name.version.group pins the version', 'hpa.v1.autoscaling', 'autoscaling/v1', 'horizontalpodautoscalers'],
    ['crd short names resolve', 'crds', 'apiextensions.k8s.io/v1', 'customresourcedefinitions'],
    ['limits is limitranges', 'limits', 'v1', 'limitranges'],
    ['netpol is networkpolicies', 'netpol', 'networking.k8s.io/v1', 'networkpolicies'],
  ])('%s', (_name, arg, gv, plural) => {
    const d = findByResource(arg)!;
    expect(apiVersionOf(d)).toBe(gv);
    expect(d.plural).toBe(plural);
  });

  it('an unknown name resolves to nothing', () => {
    expect(findByResource('widgets')).toBeUndefined();
  });
});

describe('findByKind and removed versions', () => {
  it.each([
    ['apps/v1 Deployment is served', 'apps/v1', 'Deployment', true],
    ['batch/v1 CronJob is served', 'batch/v1', 'CronJob', true],
    ['extensions/v1beta1 Deployment is gone', 'extensions/v1beta1', 'Deployment', false],
    ['batch/v1beta1 CronJob is gone', 'batch/v1beta1', 'CronJob', false],
    ['autoscaling/v2beta2 is gone', 'autoscaling/v2beta2', 'HorizontalPodAutoscaler', false],
    ['a core kind under the wrong group is not found', 'apps/v1', 'Pod', false],
  ])('%s', (_name, gv, kind, served) => {
    expect(findByKind(gv, kind) !== undefined).toBe(served);
  });

  it.each(['extensions/v1beta1', 'apps/v1beta2', 'policy/v1beta1', 'networking.k8s.io/v1beta1', 'autoscaling/v2beta1'])('%s is listed as removed', (gv) => {
    expect(isRemovedVersion(gv)).toBe(true);
  });

  it('no removed group/version is still served', () => {
    for (const r of REMOVED_VERSIONS) for (const k of r.kinds) expect(findByKind(r.groupVersion, k)).toBeUndefined();
  });

  it('the no-match message has the REST mapper wording', () => {
    expect(noMatchMessage('Deployment', 'extensions/v1beta1')).toBe('no matches for kind "Deployment" in version "extensions/v1beta1"');
  });
});

describe('table facts', () => {
  it.each([
    ['pods have the binding, eviction, log, exec and status subresources', 'pods', ['binding', 'eviction', 'log', 'exec', 'status']],
    ['deployments scale', 'deployments', ['scale', 'status']],
    ['nodes have status', 'nodes', ['status']],
  ])('%s', (_name, plural, subs) => {
    const d = BUILTIN_RESOURCES.find((x) => x.plural === plural)!;
    for (const s of subs) expect(d.subresources).toContain(s);
    expect(d.hasStatus).toBe(true);
  });

  it('the all category holds the workload kinds kubectl get all shows', () => {
    expect(resourcesInCategory('all').map((d) => d.plural).sort()).toEqual(
      ['cronjobs', 'daemonsets', 'deployments', 'horizontalpodautoscalers', 'jobs', 'pods', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'].sort(),
    );
  });

  it.each([
    ['namespaces are cluster scoped', 'ns', false],
    ['persistent volumes are cluster scoped', 'pv', false],
    ['claims are namespaced', 'pvc', true],
    ['storage classes are cluster scoped', 'sc', false],
  ])('%s', (_name, arg, namespaced) => {
    expect(findByResource(arg)!.namespaced).toBe(namespaced);
  });
});
