import { describe, expect, it } from 'vitest';
import type { PacketTrace } from '../sim/network/traffic/trace';
import { useNetwork } from './network';
import { useTraceActions, useTraceStep } from './stores';

const trace = (to: string): PacketTrace => ({
  source: 'default/client', destination: to, protocol: 'tcp', to, hops: [{ node: 'worker-1', netns: 'host', kind: 'route', text: 'a' }, { node: 'worker-1', netns: 'host', kind: 'nat', text: 'b' }, { node: 'worker-2', netns: 'host', kind: 'deliver', text: 'c' }],
  verdict: { kind: 'delivered', text: 'delivered' },
});

describe('the trace the Network tab shows', () => {
  it("opens a link's trace at its step, writes the hop shown back, and forgets the trace when the cluster goes back before it ran", () => {
    useTraceStep.setState({ step: 1 });
    useTraceActions.setState({ results: [{ atMs: 30_000, from: 'default/client', to: 'web:80', trace: trace('web:80') }] });
    expect(useNetwork.getState()).toMatchObject({ hop: 1, source: 'default/client', dest: 'web:80' });
    expect(useNetwork.getState().trace?.destination).toBe('web:80');

    useNetwork.setState({ hop: 2 });
    expect(useTraceStep.getState().step).toBe(2);

    // A reset: the batch carries no trace actions yet.
    useTraceActions.setState({ results: [] });
    expect(useNetwork.getState().trace).toBeNull();
  });
});
