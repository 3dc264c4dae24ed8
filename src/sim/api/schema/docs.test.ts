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
