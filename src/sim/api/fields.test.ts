import { describe, expect, it } from 'vitest';
import { fieldSelectorSupported, parseFieldSelector } from './fields';
import { isStatusError } from './types';

const pod = {
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always', schedulerName: 'default-scheduler', hostNetwork: false },
  status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
};

describe('parseFieldSelector on pods', () => {
  it.each([
    ['a name equality matches', 'metadata.name=web-1', true],
    ['a namespace inequality excludes', 'metadata.namespace!=default', false],
    ['double equals works like equals', 'status.phase==Running', true],
    ['an empty value matches an unset field only', 'spec.nodeName=', false],
    ['comma-joined terms must all hold', 'spec.nodeName=node-a,status.phase=Running', true],
    ['booleans compare as their text', 'spec.hostNetwork=false', true],
    ['podIPs match any address', 'status.podIPs=10.244.1.5', true],
    ['the legacy spec.host reads spec.nodeName', 'spec.host=node-a', true],
  ])('%s', (_name, sel, want) => {
    expect(parseFieldSelector(sel, 'pods').matches(pod)).toBe(want);
  });

  it('terms are sorted and printed back', () => {
    expect(parseFieldSelector('status.phase=Running,metadata.name=a').toString()).toBe('metadata.name=a,status.phase=Running');
  });
});

describe('unsupported fields', () => {
  it.each([
    ['pods name the field plainly', 'spec.foo=x', 'pods', 'field label not supported: spec.foo'],
    ['nodes do not select by namespace', 'metadata.namespace=x', 'nodes', 'field label not supported: metadata.namespace'],
    ['kinds without a conversion use the default text', 'spec.x=y', 'configmaps', '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['a term without an operator is not understood', 'metadata.name', 'pods', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
  ])('%s', (_name, sel, resource, message) => {
    let err: unknown;
    try {
      parseFieldSelector(sel, resource);
    } catch (e) {
      err = e;
    }
    expect(isStatusError(err, 'BadRequest')).toBe(true);
    expect((err as Error).message).toBe(message);
  });

  it.each([
    ['events select by involvedObject.name', 'events', 'involvedObject.name', true],
    ['events select by source', 'events', 'source', true],
    ['nodes select by spec.unschedulable', 'nodes', 'spec.unschedulable', true],
    ['secrets select by type', 'secrets', 'type', true],
    ['services do not select by spec.ports', 'services', 'spec.ports', false],
    ['deployments accept only metadata fields', 'deployments', 'status.replicas', false],
  ])('%s', (_name, resource, field, want) => {
    expect(fieldSelectorSupported(resource, field)).toBe(want);
  });

  it('events match on their reporting source component', () => {
    const ev = { involvedObject: { kind: 'Pod', name: 'web-1' }, source: { component: 'kubelet' }, type: 'Normal' };
    expect(parseFieldSelector('involvedObject.kind=Pod,source=kubelet', 'events').matches(ev)).toBe(true);
  });
});

describe('a Job by status.successful', () => {
  it('selects on the count of succeeded pods (status.succeeded), 0 when there is none', () => {
    const job = (succeeded?: number) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: succeeded === undefined ? {} : { succeeded } });
    const one = parseFieldSelector('status.successful=1', 'jobs');
    expect([one.matches(job(1)), one.matches(job(2)), one.matches(job())]).toEqual([true, false, false]);
    expect(parseFieldSelector('status.successful=0', 'jobs').matches(job())).toBe(true);
  });
});
