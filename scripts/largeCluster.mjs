/**
 * A large cluster as a share link, for the perf script, the screenshots and the e2e test: a control
 * plane and NODES-1 workers (`worker-1` …), and one Deployment of PODS replicas applied at 0s, opened at
 * virtual time `atMs` (the page builds the cluster up to it) at `speed`.
 */
import { deflateRawSync } from 'node:zlib';

export function largeClusterScenario(nodes, pods) {
  const manifest = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: fleet', 'spec:', `  replicas: ${pods}`,
    '  selector:', '    matchLabels: {app: fleet}', '  template:', '    metadata:', '      labels: {app: fleet}', '    spec:',
    '      containers:', '      - name: app', '        image: nginx:1.27', '        resources: {requests: {cpu: 10m, memory: 16Mi}}', '',
  ].join('\n');
  return {
    apiVersion: 'kubetab/v1',
    kind: 'Scenario',
    seed: 1,
    // A /16 has room for 256 nodes' /24 blocks; a larger cluster takes a larger pod network, as a real one would.
    cluster: { ...(nodes > 250 ? { network: { podCIDR: '10.128.0.0/9' } } : {}), nodes: [{ name: 'control-plane', controlPlane: true }, ...Array.from({ length: nodes - 1 }, (_, i) => ({ name: `worker-${i + 1}` }))] },
    actions: pods > 0 ? [{ at: '0s', apply: manifest }] : [],
  };
}

export function largeClusterLink(nodes, pods, atMs = 0, speed = 10) {
  const payload = { scenario: largeClusterScenario(nodes, pods), t: atMs, ui: { speed } };
  return `#s2.${deflateRawSync(Buffer.from(JSON.stringify(payload)), { level: 9 }).toString('base64url')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n = '300', p = '3000', t = '0'] = process.argv.slice(2);
  console.log(largeClusterLink(Number(n), Number(p), Number(t)));
}
