import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from './host';
import { hostHarness as harness } from '../../test/worker/hostHarness';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';
import type { FromWorker } from './protocol';

const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec:
  podSelector: {}
`;

type PolicyAnswer = Extract<FromWorker, { type: 'policyView' }>;

describe('the policy view', () => {
  it("answers a namespace's matrix with the CNI, without recording anything, and follows the policies", () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: { ...EMPTY_SCENARIO, actions: [{ atMs: 0, apply: WEB }] }, atMs: 60_000, playing: false });
    host.handle({ type: 'policyView', id: 7, namespace: 'default' });
    const a = sent.find((m): m is PolicyAnswer => m.type === 'policyView' && m.id === 7)!;
    expect(a.error).toBeUndefined();
    expect(a.cni).toBe('flannel');
    const m = a.matrix!;
    expect(m.sources.map((s) => s.key.replace(/-[a-z0-9]+-[a-z0-9]+$/, '-…'))).toEqual(['default/web-…', 'default/web-…']);
    expect(m.destinations[0]!.ports).toEqual([{ protocol: 'TCP' }]);
    expect(m.verdicts.map((v) => v.allowed)).toEqual([true]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    const logged = batches().filter((b) => b.scenario).at(-1)!.scenario!.actions.length;

    host.handle({ type: 'apply', id: 8, yaml: DENY });
    host.handle({ type: 'policyView', id: 9, namespace: 'default' });
    const b = sent.find((x): x is PolicyAnswer => x.type === 'policyView' && x.id === 9)!.matrix!;
    expect(b.policies).toEqual([{ namespace: 'default', name: 'deny-all' }]);
    expect(b.sources.at(-1)!.key).toBe('outside');
    expect(b.sources.at(-1)!.ip).toBe('203.0.113.10');
    expect(b.verdicts.map((v) => v.allowed)).toEqual([false]);
    expect(b.verdicts[0]!.ingress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'deny-all' }], allowedBy: [], allowed: false });
    // the apply is the only action the log gained
    expect(batches().filter((x) => x.scenario).at(-1)!.scenario!.actions.length).toBe(logged + 1);
  });
});
