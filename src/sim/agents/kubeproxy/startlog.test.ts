import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../scenario/runner';
import type { ConfigMap } from '../../types';

function proxyPodOn(r: ScenarioRun, node: string): string {
  const rows = r.kubectl('get pods -n kube-system -l k8s-app=kube-proxy -o wide --no-headers').stdout.split('\n');
  return rows.find((l) => l.split(/\s+/)[6] === node)!.split(/\s+/)[0]!;
}

function proxyLog(r: ScenarioRun, node: string): string {
  const x = r.kubectl(`logs -n kube-system ${proxyPodOn(r, node)}`);
  expect(x.stderr).toBe('');
  return x.stdout;
}

const at = (time: string, lines: string[]): string[] => lines.map((l) => l.replace('@', time));

const HEAD = (ip: string, sysctls: boolean): string[] => [
  `I@       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["${ip}"]`,
  ...(sysctls ? ['I@       1 conntrack.go:121] "Set sysctl" entry="net/netfilter/nf_conntrack_max" value=131072'] : []),
  'I@       1 conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=131072',
  ...(sysctls ? [
    'I@       1 conntrack.go:121] "Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_established" value=86400',
    'I@       1 conntrack.go:121] "Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_close_wait" value=3600',
  ] : []),
  'E@       1 server.go:234] "Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"',
  'I@       1 server.go:243] "kube-proxy running in dual-stack mode" primary ipFamily="IPv4"',
];

const IPTABLES = [
  'I@       1 server_linux.go:169] "Using iptables Proxier"',
  'I@       1 proxier.go:255] "Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"',
];

const TAIL = [
  'I@       1 server.go:483] "Version info" version="v1.31.0"',
  'I@       1 server.go:485] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
  'I@       1 config.go:197] "Starting service config controller"',
  'I@       1 shared_informer.go:313] Waiting for caches to sync for service config',
  'I@       1 config.go:104] "Starting endpoint slice config controller"',
  'I@       1 shared_informer.go:313] Waiting for caches to sync for endpoint slice config',
  'I@       1 config.go:326] "Starting node config controller"',
  'I@       1 shared_informer.go:313] Waiting for caches to sync for node config',
];

const SYNCED = [
  'I@       1 shared_informer.go:320] Caches are synced for node config',
  'I@       1 shared_informer.go:320] Caches are synced for service config',
  'I@       1 shared_informer.go:320] Caches are synced for endpoint slice config',
];

const text = (lines: string[]): string => lines.join('\n') + '\n';

function deployWeb(r: ScenarioRun): void {
  const k = r.cluster.client();
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
}

describe('kube-proxy\'s log', () => {
  it('iptables mode (config.conf leaves mode empty): the v1.31.0 start-up lines, the caches synced 100 ms later, then nothing per sync', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(0);
    const want = text([
      ...at('0902 09:59:30.420000', ['I@       1 server_linux.go:66] "Using iptables proxy"', ...HEAD('192.168.1.11', true), ...IPTABLES, ...TAIL]),
      ...at('0902 09:59:30.520000', SYNCED),
    ]);
    expect(proxyLog(r, 'worker-1')).toBe(want);
    expect(r.cluster.client().get<ConfigMap>('configmaps', 'kube-system', 'kube-proxy').data!['config.conf']).toContain('\nmode: ""\n');
    // Services, endpoints and the periodic syncs come and go without a line at verbosity 0.
    deployWeb(r);
    r.runUntil(r.cluster.clock.now() + 120_000);
    expect(proxyLog(r, 'worker-1')).toBe(want);
  });

  it('IPVS mode: no "Using iptables proxy" and none of the iptables proxier\'s lines', () => {
    const r = new ScenarioRun({ seed: 1, cluster: { kubeProxy: { mode: 'ipvs' } }, actions: [] });
    r.runUntil(0);
    expect(proxyLog(r, 'control-plane')).toBe(text([
      ...at('0902 09:59:30.307000', [...HEAD('192.168.1.10', true), ...TAIL]),
      ...at('0902 09:59:30.407000', SYNCED),
    ]));
  });

  it('a replacement pod on the same boot finds the conntrack sysctls already set: only "Setting nf_conntrack_max" is said again', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(0);
    const old = proxyPodOn(r, 'worker-2');
    r.kubectl(`delete pod -n kube-system ${old}`);
    r.runUntil(r.cluster.clock.now() + 60_000);
    const fresh = proxyPodOn(r, 'worker-2');
    expect(fresh).not.toBe(old);
    const lines = proxyLog(r, 'worker-2').trimEnd().split('\n');
    const time = lines[0]!.slice(1, 21);
    expect(lines.slice(0, -3)).toEqual(at(time, ['I@       1 server_linux.go:66] "Using iptables proxy"', ...HEAD('192.168.1.12', false), ...IPTABLES, ...TAIL]));
    expect(lines.slice(-3).map((l) => l.slice(21))).toEqual(at('', SYNCED).map((l) => l.slice(1)));
  });

  it('is the same for the same seed', () => {
    const logs = () => {
      const r = new ScenarioRun({ seed: 7, cluster: {}, actions: [] });
      r.runUntil(0);
      return ['control-plane', 'worker-1', 'worker-2', 'worker-3'].map((n) => proxyLog(r, n));
    };
    expect(logs()).toEqual(logs());
  });
});
