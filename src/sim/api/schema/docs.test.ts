import { describe, expect, it } from 'vitest';
import { apiDocs, loadApiDocs } from './docs';

describe('API docs', () => {
  it('gives a definition its description and required properties, as the 1.31 OpenAPI does', async () => {
    const docs = await loadApiDocs();
    expect(apiDocs()).toBe(docs);
    expect(docs.definition('core.v1.ContainerPort')).toEqual({
      description: 'ContainerPort represents a network port in a single container.',
      required: ['containerPort'],
    });
    expect(docs.definition('core.v1.Pod')?.required).toBeUndefined();
    expect(docs.definition('core.v1.Nope')).toBeUndefined();
  });

  it('keeps paragraphs, quotes and shared descriptions', async () => {
    const docs = await loadApiDocs();
    expect(docs.property('meta.v1.ObjectMeta', 'generateName')?.description).toContain(
      'unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only',
    );
    expect(docs.property('core.v1.ContainerPort', 'protocol')?.description.startsWith('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".')).toBe(true);
    // apiVersion/kind/status come from the other sources; status from the status types' docs
    expect(docs.property('apps.v1.Deployment', 'kind')?.description).toBe(docs.property('core.v1.Pod', 'kind')?.description);
    expect(docs.property('core.v1.Pod', 'status')?.description).toBe(
      'Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
    );
    expect(docs.property('core.v1.Pod', 'toString')).toBeUndefined();
  });
});

describe('API docs: enum fields', () => {
  it('ends an enum field with the values the OpenAPI lists, and gives them as its enum', async () => {
    const docs = await loadApiDocs();
    // as `kubectl explain deployment.spec.strategy.type` prints it (the text before wrapping)
    expect(docs.property('apps.v1.DeploymentStrategy', 'type')).toEqual({
      description:
        'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.\n\nPossible enum values:\n - `"Recreate"` Kill all existing pods before creating new ones.\n - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.',
      enum: ['Recreate', 'RollingUpdate'],
    });
    expect(docs.property('core.v1.PodSpec', 'restartPolicy')?.enum).toEqual(['Always', 'Never', 'OnFailure']);
    expect(docs.property('core.v1.HostPathVolumeSource', 'type')?.enum?.slice(0, 2)).toEqual(['', 'BlockDevice']);
    // a list of enum values carries them on its items, which these docs do not describe
    expect(docs.property('core.v1.ServiceSpec', 'ipFamilies')?.enum).toBeUndefined();
  });
});
