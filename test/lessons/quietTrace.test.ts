/**
 * A traffic goal follows a connection without sending it: the quiet trace finds what a real trace
 * would, and leaves the cluster exactly as it was — conntrack tables, iptables and IPVS counters and
 * connections, the random streams (a later real trace draws the same ports), the store, the audit log.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse';
import { ScenarioRun } from '../../src/scenario/runner';
import { networkOnDemand } from '../../src/sim/network/lazy';
import { checkTraffic } from '../../src/lesson/checks/traffic';
import { STORY_MANIFEST } from './story';

function scenario(mode: 'iptables' | 'ipvs'): string {
  const indented = STORY_MANIFEST.split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: kubetab/v1\nkind: Scenario\nseed: 4\ncluster: {kubeProxy: {mode: ${mode}}}\nactions:\n  - at: 0s\n    apply: |\n${indented}\n`;
}

const NODE_COMMANDS = ['conntrack -L', 'iptables-save -c', 'iptables -t nat -L -n -v -x', 'ipvsadm -Ln --stats', 'ipvsadm -Lnc', 'ipset list', 'ip neigh', 'bridge fdb show'];
const CHECKS = [
  { from: 'client', to: 'web:80' },
  { from: 'client', to: 'web:81' },
  { from: 'node/worker-2', to: 'web.default.svc.cluster.local:80' },
  { from: 'external', to: 'node/worker-1:80' },
  { from: 'client', to: 'kube-dns.kube-system:53/udp' },
];

/** Everything a student could look at that a packet changes. */
function snapshot(run: ScenarioRun): string {
  const out: string[] = [`revision ${run.cluster.api.store.revision}`, `audit ${run.cluster.api.audit.count()}`];
  for (const node of ['control-plane', 'worker-1', 'worker-2']) {
    for (const cmd of NODE_COMMANDS) {
      const r = run.ssh(node, cmd);
      out.push(`== ${node} ${cmd}\n${r.stdout}${r.stderr}`);
    }
  }
  return out.join('\n');
}

function realTrace(run: ScenarioRun, from: string, to: string): string {
  const t = run.tracePacket(from, to);
  return 'error' in t ? t.error : networkOnDemand().formatTrace(t.trace);
}

const COMMON_END = [
  // A node resolves with its own resolv.conf, not the cluster's DNS.
  'node/worker-2 → web.default.svc.cluster.local:80: dropped (web.default.svc.cluster.local does not resolve: no DNS server answered (the lookups timed out)), want delivered',
  'external → node/worker-1:80: refused (connection refused (RST)), want delivered',
  'client → kube-dns.kube-system:53/udp: delivered (delivered to kube-system/coredns-6994cc7f65-gbdwj: 1/coredns reads it on udp port 53)',
];
const EXPECTED = {
  iptables: [
    'client → web:80: delivered (delivered to default/web-64bf787f5f-7w28x: connection established with nginx (HTTP))',
    // No rule matches a Service IP on a port the Service does not have: the packet goes nowhere.
    'client → web:81: dropped (timed out: the packet was dropped on the way and nothing answers), want delivered',
    ...COMMON_END,
  ],
  ipvs: [
    'client → web:80: delivered (delivered to default/web-64bf787f5f-z5ndb: connection established with nginx (HTTP))',
    // In IPVS mode the Service IP is on kube-ipvs0: the node itself answers a port it has no virtual server for.
    'client → web:81: refused (connection refused (ICMP port unreachable from 10.100.175.149)), want delivered',
    ...COMMON_END,
  ],
};

describe.each(['iptables', 'ipvs'] as const)('a traffic check with kube-proxy in %s mode', (mode) => {
  it('finds what a real trace finds now and changes nothing: every node table, counter and random stream is as before', () => {
    const withChecks = new ScenarioRun(parseScenario(scenario(mode)));
    const without = new ScenarioRun(parseScenario(scenario(mode)));
    withChecks.runUntil(40_000);
    without.runUntil(40_000);
    // A real trace first, so conntrack and the counters hold something a quiet trace could disturb.
    expect(realTrace(withChecks, 'client', 'web:80')).toBe(realTrace(without, 'client', 'web:80'));
    const before = snapshot(withChecks);
    const ctx = { run: withChecks, sinceRevision: 0 };
    const verdicts = CHECKS.map((c) => checkTraffic(ctx, c).detail);
    expect(snapshot(withChecks)).toBe(before);
    expect(snapshot(without)).toBe(before);
    // Each quiet trace is the real trace that follows it, hop for hop and port for port.
    for (const c of CHECKS) {
      const quiet = networkOnDemand().formatTrace(networkOnDemand().quietTracePacket(withChecks.cluster, c.from, c.to));
      expect(quiet).toBe(realTrace(withChecks, c.from, c.to));
      realTrace(without, c.from, c.to);
    }
    expect(verdicts).toEqual(EXPECTED[mode]);
    // The streams did not move: later real traces draw the same ports in both runs.
    withChecks.runUntil(50_000);
    without.runUntil(50_000);
    for (const c of CHECKS) expect(realTrace(withChecks, c.from, c.to)).toBe(realTrace(without, c.from, c.to));
    expect(snapshot(withChecks)).toBe(snapshot(without));
  });
});
