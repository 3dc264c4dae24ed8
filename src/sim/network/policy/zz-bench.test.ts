import { it } from 'vitest';
import { buildPolicyMatrix } from '/work/wt/policyview/src/sim/network/policy/matrix';
it('bench', () => {
  const ns = (name: string) => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  const pods = Array.from({ length: 50 }, (_, i) => ({ metadata: { namespace: 'default', name: `p${i}`, labels: { app: `a${i % 5}`, tier: i % 2 ? 'web' : 'db' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 80 }, { containerPort: 443 }] }] }, status: { podIP: `10.244.1.${i + 2}`, phase: 'Running' } }));
  const policies = [
    { metadata: { namespace: 'default', name: 'deny' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { metadata: { namespace: 'default', name: 'web' }, spec: { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a1', 'a2'] }] } }], ports: [{ port: 'http' }] }] } },
    { metadata: { namespace: 'default', name: 'out' }, spec: { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] } },
  ];
  const w = { policies, namespaces: [ns('default'), ns('kube-system')], pods };
  for (let i = 0; i < 3; i++) buildPolicyMatrix(w, 'default', { outsideIP: '203.0.113.10' });
  const t0 = performance.now();
  let m;
  for (let i = 0; i < 20; i++) m = buildPolicyMatrix(w, 'default', { outsideIP: '203.0.113.10' });
  const ms = (performance.now() - t0) / 20;
  console.log(`50 pods: ${ms.toFixed(1)} ms per matrix, ${m!.sources.length}x${m!.destinations.length}, ${m!.verdicts.length} verdicts, ${JSON.stringify(m).length} bytes`);
});
