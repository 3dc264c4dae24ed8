import { describe, expect, it } from 'vitest';
import { buildPolicyMatrix } from '../../sim/network/policy/matrix';
import { en } from '../i18n/en';
import { formatMessage } from '../i18n/format';
import type { MessageKey, Params } from '../i18n';
import { cellText, cellTrace } from './policyText';

const t = (k: MessageKey, p?: Params): string => formatMessage(en[k], p);
const ns = (name: string) => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
const pod = (name: string, ip: string, labels: Record<string, string>, ports: { containerPort: number; protocol?: string }[] = []) => ({ metadata: { namespace: 'default', name, labels }, spec: { containers: [{ name: 'c', image: 'nginx', ports }] }, status: { podIP: ip, phase: 'Running' } });
const world = {
  namespaces: [ns('default')],
  pods: [pod('client', '10.244.1.2', { app: 'client' }), pod('web', '10.244.2.3', { app: 'web' }, [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }])],
  policies: [
    { metadata: { namespace: 'default', name: 'deny-all' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    { metadata: { namespace: 'default', name: 'allow-client' }, spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 80 }] }] } },
  ],
};
const m = buildPolicyMatrix(world, 'default', { outsideIP: '203.0.113.10' });
const at = (from: string, to: string) => [m.sources.findIndex((s) => s.key === from), m.destinations.findIndex((d) => d.key === to)] as const;

describe('a policy cell in words', () => {
  it('names the rule that allows it, 1-based as the trace does, and the egress side that is open', () => {
    const [s, d] = at('default/client', 'default/web');
    expect(cellText(m, s, d, 0, t)).toEqual({
      verdict: 'client → web, port 80/TCP: allowed',
      allowed: true,
      egress: 'Egress: client is not isolated: no NetworkPolicy selects this pod for egress.',
      ingress: 'Ingress: web is isolated by default/allow-client, default/deny-all; allowed by default/allow-client (ingress rule 1).',
    });
    expect(cellText(m, s, d, 1, t)?.ingress).toBe('Ingress: web is isolated by default/allow-client, default/deny-all, and no ingress rule allows this.');
    expect(cellTrace(m, s, d, 1)).toEqual({ source: 'default/client', dest: '10.244.2.3:53/udp' });
  });

  it('says outside is no pod, and traces it from external; a port-less destination is traced on port 80', () => {
    const [s, d] = at('outside', 'default/client');
    expect(cellText(m, s, d, 0, t)).toEqual({
      verdict: 'outside → client, port any: denied',
      allowed: false,
      egress: 'Egress: outside is not a pod; no NetworkPolicy governs what it sends.',
      ingress: 'Ingress: client is isolated by default/deny-all, and no ingress rule allows this.',
    });
    expect(cellTrace(m, s, d, 0)).toEqual({ source: 'external', dest: '10.244.1.2:80' });
    expect(cellText(m, 0, 0, 0, t)).toBeUndefined();
  });

  it("says a destination's own node still reaches it when the pod is isolated for ingress", () => {
    const onNodes = { ...world, pods: world.pods.map((p, i) => ({ ...p, spec: { ...p.spec, nodeName: `worker-${i + 1}` } })) };
    const mn = buildPolicyMatrix(onNodes, 'default', { outsideIP: '203.0.113.10' });
    const s = mn.sources.findIndex((e) => e.key === 'outside');
    const d = mn.destinations.findIndex((e) => e.key === 'default/web');
    expect(cellText(mn, s, d, 0, t)?.hostLocal).toBe("Its own node worker-2 still reaches web (kubelet probes, hostNetwork pods, a shell on the node): Calico never polices a node's traffic to the pods on it.");
  });
});
