import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import type { KObject, StoredObject } from '../sim/types';
import { runKubectl } from './kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });
const settle = (ms = 60_000) => cluster.runUntil(cluster.clock.now() + ms);

const podsOn = (node: string, ns?: string) => client.list<StoredObject & { spec: { nodeName?: string } }>('pods', ns, { fieldSelector: `spec.nodeName=${node}` }).items;
const proxyOn = (node: string) => podsOn(node, 'kube-system').find((p) => p.metadata.name.startsWith('kube-proxy-'))!.metadata.name;
/** The node's DaemonSet pods as drain lists them: flannel's and kube-proxy's. */
const daemonsOn = (node: string) => `kube-flannel/${podsOn(node, 'kube-flannel')[0]!.metadata.name}, kube-system/${proxyOn(node)}`;
/**
 * The default cluster's second CoreDNS replica: its preferred pod anti-affinity spreads it away from the
 * first, and the workers are Ready by the time it is scheduled, so it runs on worker-2 and a drain of
 * worker-2 moves it too (after the default namespace's pods: drain works in list order).
 */
const corednsOn = (node: string) => {
  const dns = podsOn(node, 'kube-system').filter((p) => p.metadata.name.startsWith('coredns-')).map((p) => p.metadata.name);
  expect(dns).toHaveLength(1);
  return dns[0]!;
};

function deploy(name: string, replicas: number, podSpec: Record<string, unknown> = {}): void {
  client.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], nodeSelector: { 'kubernetes.io/hostname': 'worker-2' }, ...podSpec } } },
  } as KObject);
}

beforeEach(() => {
  // Drain's own behaviour is the subject: metrics-server's emptyDir pod on worker-2 would add a refusal to every run.
  cluster = createCluster({ addons: [] });
  client = cluster.client();
});

describe('kubectl drain', () => {
  it('refuses DaemonSet-managed and unmanaged pods with kubectl\'s error lists, after cordoning', () => {
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { nodeName: 'worker-2', containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    settle();
    const daemons = daemonsOn('worker-2');
    const r = k('drain worker-2');
    expect(r.stdout).toBe('node/worker-2 cordoned\n');
    // kubectl groups by message in a Go map (random order); the simulator keeps the order the pods were listed in.
    const errs = `[cannot delete Pods declare no controller (use --force to override): default/bare, cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons}]`;
    expect(r.stderr).toBe(
      `error: unable to drain node "worker-2" due to error: ${errs}, continuing command...\n` +
        'There are pending nodes to be drained:\n worker-2\n' +
        'cannot delete Pods declare no controller (use --force to override): default/bare\n' +
        `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons}\n`,
    );
    expect(r.exitCode).toBe(1);
    expect(client.get<KObject & { spec: { unschedulable?: boolean } }>('nodes', undefined, 'worker-2').spec.unschedulable).toBe(true);
    // a second run says the node is already cordoned
    expect(k('drain worker-2').stdout).toBe('node/worker-2 already cordoned\n');
  });

  it('refuses pods with emptyDir without --delete-emptydir-data', () => {
    deploy('cache', 1, { volumes: [{ name: 'tmp', emptyDir: {} }] });
    settle();
    const pod = podsOn('worker-2', 'default')[0]!.metadata.name;
    const r = k('drain worker-2 --ignore-daemonsets');
    expect(r.stderr).toContain(`cannot delete Pods with local storage (use --delete-emptydir-data to override): default/${pod}\n`);
    expect(r.exitCode).toBe(1);
    const ok = k('drain worker-2 --ignore-daemonsets --delete-emptydir-data');
    expect(ok.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: ${daemonsOn('worker-2')}\n`);
    const dns = corednsOn('worker-2');
    expect(ok.stdout).toBe(`node/worker-2 already cordoned\nevicting pod default/${pod}\nevicting pod kube-system/${dns}\npod/${pod} evicted\npod/${dns} evicted\nnode/worker-2 drained\n`);
  });

  it('evicts through the eviction API, and reports the pods a PodDisruptionBudget keeps', () => {
    deploy('web', 2);
    client.create('poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } } as KObject);
    settle();
    const [a, b] = podsOn('worker-2', 'default').map((p) => p.metadata.name);
    const daemons = daemonsOn('worker-2');
    const dns = corednsOn('worker-2');
    const r = k('drain worker-2 --ignore-daemonsets --grace-period=10');
    expect(r.stdout).toBe(`node/worker-2 cordoned\nevicting pod default/${a}\nevicting pod default/${b}\nevicting pod kube-system/${dns}\npod/${a} evicted\npod/${dns} evicted\n`);
    const timeout = `error when evicting pods/"${b}" -n "default": global timeout reached: 2562047h47m16.854775807s`;
    expect(r.stderr).toBe(
      `Warning: ignoring DaemonSet-managed Pods: ${daemons}\n` +
        `error when evicting pods/"${b}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n` +
        `There are pending pods in node "worker-2" when an error occurred: ${timeout}\npod/${a}\npod/${b}\npod/${dns}\n` +
        `error: unable to drain node "worker-2" due to error: ${timeout}, continuing command...\n` +
        'There are pending nodes to be drained:\n worker-2\n' +
        `${timeout}\n`,
    );
    expect(r.exitCode).toBe(1);
    const evicted = client.get<KObject>('pods', 'default', a!);
    expect(evicted.metadata?.deletionGracePeriodSeconds).toBe(10);
  });

  it('--disable-eviction deletes instead, past the budget; --force removes unmanaged pods with a warning', () => {
    deploy('web', 2);
    client.create('poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } } as KObject);
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { nodeName: 'worker-2', containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    settle();
    const names = [...podsOn('worker-2', 'default').map((p) => p.metadata.name), corednsOn('worker-2')];
    const r = k('drain worker-2 --ignore-daemonsets --force --disable-eviction');
    expect(r.stderr).toBe(`Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: ${daemonsOn('worker-2')}\n`);
    expect(r.stdout).toBe(`node/worker-2 cordoned\n${names.map((n) => `pod/${n} deleted\n`).join('')}node/worker-2 drained\n`);
    expect(r.exitCode).toBe(0);
  });

  it('skips mirror pods silently and says so for a missing node', () => {
    settle();
    const cp = cluster.nodes.find((n) => n.controlPlane)!.name;
    const mirrors = podsOn(cp, 'kube-system').filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined);
    const r = k(`drain ${cp} --ignore-daemonsets`);
    expect(mirrors.length).toBeGreaterThan(0);
    for (const m of mirrors) expect(r.stdout + r.stderr).not.toContain(m.metadata.name);
    expect(r.stdout).toContain(`node/${cp} drained\n`);
    expect(k('drain nope').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(k('drain').stderr).toBe("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
  });
});
