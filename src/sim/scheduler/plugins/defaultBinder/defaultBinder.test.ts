import { describe, expect, it } from 'vitest';
import { Clock } from '../../../clock';
import { Stream } from '../../../rng';
import { CycleState } from '../../framework/cycleState';
import { StaticSnapshot } from '../../framework/snapshot';
import { nullRecorder, recordingClient } from '../../testing/harness';
import { makePod } from '../../testing/wrappers';
import { newDefaultBinder } from './defaultBinder';
import { NO_LISTERS, NO_NOMINATOR } from '../../framework/interface';

describe('DefaultBinder', () => {
  it('creates a Binding on the pods/binding subresource targeting the node', () => {
    const client = recordingClient();
    const pl = newDefaultBinder(undefined, { clock: new Clock(), client, recorder: nullRecorder, stream: new Stream(1, 't'), snapshot: () => new StaticSnapshot([]), listers: NO_LISTERS, nominator: NO_NOMINATOR, framework: () => { throw new Error('unused'); } });
    const pod = makePod('web', 'shop').obj();
    expect(pl.bind(new CycleState(), pod, 'worker-1')).toBeNull();
    expect(client.calls).toEqual([{
      verb: 'create', resource: 'pods', name: 'web', subresource: 'binding',
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web', namespace: 'shop', uid: pod.metadata!.uid }, target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } },
    }]);
  });
  it('turns an API error into an Error status carrying the message', () => {
    const client = recordingClient();
    client.create = () => { throw new Error('pod web is already assigned to node "worker-2"'); };
    const pl = newDefaultBinder(undefined, { clock: new Clock(), client, recorder: nullRecorder, stream: new Stream(1, 't'), snapshot: () => new StaticSnapshot([]), listers: NO_LISTERS, nominator: NO_NOMINATOR, framework: () => { throw new Error('unused'); } });
    const s = pl.bind(new CycleState(), makePod('web').obj(), 'worker-1');
    expect(s?.code).toBe('Error');
    expect(s?.message()).toBe('pod web is already assigned to node "worker-2"');
  });
});
