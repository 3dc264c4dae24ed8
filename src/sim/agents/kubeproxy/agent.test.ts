import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import { applyFault, parseFault } from '../../faults';
import type { FaultResult } from '../../faults';
import { iptablesSave } from '../../network/netfilter/save';
import { saveLine } from '../../network/netfilter/text';
import { netfilterOf } from '../../network/netfilter/slot';
import { ipvsadmList } from '../../network/ipvs/ipvsadm';
import { ipvsTableOf } from './ipvsNode';

/** What the CLI prints of a fault's result (the page's message id aside). */
const said = (r: FaultResult): { ok: boolean; message: string } => ({ ok: r.ok, message: r.message });

const fixture = (name: string): string => readFileSync(join(__dirname, 'testdata', `${name}.txt`), 'utf8');

/** iptables-save of one node's tables, stamped at the epoch as the fixtures are. */
const save = (c: Cluster, node: string, table?: 'nat' | 'filter'): string => iptablesSave(netfilterOf(c.machines.get(node)!), { nowMs: 0, ...(table ? { table } : {}) });

/** The endpoints the Service chain of default/web sends to on `node`, as its rule comments name them. */
function webEndpoints(c: Cluster, node: string): string[] {
  const nat = netfilterOf(c.machines.get(node)!).peek('nat');
  const chain = [...nat.chains.values()].find((ch) => ch.name.startsWith('KUBE-SVC-') && ch.rules.some((r) => saveLine(ch.name, r).includes('"default/web cluster IP"')));
  if (!chain) return [];
  return chain.rules.map((r) => /default\/web -> (\S+)"/.exec(saveLine(chain.name, r))?.[1]).filter((x): x is string => !!x).sort();
}

function podIPs(c: Cluster): string[] {
  return c.client().list<{ status?: { podIP?: string; phase?: string }; metadata?: { labels?: Record<string, string>; deletionTimestamp?: string } }>('pods', 'default').items
    .filter((p) => p.metadata?.labels?.app === 'web' && p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
    .map((p) => `${p.status!.podIP!}:80`).sort();
}

function deployWeb(c: Cluster, replicas: number): void {
  const k = c.client();
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
}

describe('kube-proxy on the nodes (iptables mode)', () => {
  it('writes, after boot, the tables of a fresh kubeadm node: the kubelet chains, the kubernetes and kube-dns Services, and flannel\'s rules after its own', () => {
    // The reference dump is of a kubeadm node with flannel only, no add-on Services.
    const c = createCluster({ seed: 1, addons: [] });
    expect(save(c, 'worker-1')).toBe(readFileSync(join(__dirname, '..', 'flanneld', 'testdata', 'kubeadm-flannel-node.txt'), 'utf8'));
    expect(save(c, 'control-plane', 'filter')).toBe(save(c, 'worker-1', 'filter'));
  });

  it('programs a new Service with its endpoints; after kube-proxy-stop a scale-down leaves the rules stale until kube-proxy-start, then they update within minSyncPeriod', () => {
    const c = createCluster({ seed: 1 });
    const t0 = c.clock.now();
    deployWeb(c, 3);
    c.runUntil(t0 + 60_000);
    const three = podIPs(c);
    expect(three).toHaveLength(3);
    expect(webEndpoints(c, 'worker-1')).toEqual(three);

    expect(said(applyFault(c, parseFault({ type: 'kube-proxy-stop', node: 'worker-1' })))).toEqual({ ok: true, message: 'kube-proxy on worker-1 stopped (SIGSTOP; its container keeps running, its rules stay as they are)' });
    expect(said(applyFault(c, parseFault({ type: 'kube-proxy-stop', node: 'worker-1' })))).toEqual({ ok: false, message: 'kube-proxy on worker-1 is already stopped' });
    c.client().patch('deployments', 'default', 'web', { spec: { replicas: 1 } }, { type: 'merge' });
    c.runUntil(c.clock.now() + 60_000);
    const one = podIPs(c);
    expect(one).toHaveLength(1);
    expect(webEndpoints(c, 'worker-2')).toEqual(one);
    expect(webEndpoints(c, 'worker-1')).toEqual(three); // stale

    expect(said(applyFault(c, parseFault({ type: 'kube-proxy-start', node: 'worker-1' })))).toEqual({ ok: true, message: 'kube-proxy on worker-1 continued (SIGCONT)' });
    c.runUntil(c.clock.now() + 1_000);
    expect(webEndpoints(c, 'worker-1')).toEqual(one);
    expect(said(applyFault(c, parseFault({ type: 'kube-proxy-start', node: 'worker-1' })))).toEqual({ ok: false, message: 'kube-proxy on worker-1 is not stopped' });
  });

  it('refuses the faults where no kube-proxy runs', () => {
    const c = createCluster({ seed: 1 });
    expect(said(applyFault(c, parseFault({ type: 'kube-proxy-stop', node: 'nope' })))).toEqual({ ok: false, message: 'node "nope" not found' });
    expect(() => parseFault({ type: 'kube-proxy-stop', node: 'worker-1', pod: 'x' })).toThrow('fault: unknown field "pod" for fault type kube-proxy-stop (allowed: type, node)');
  });
});

describe('kube-proxy on the nodes (IPVS mode)', () => {
  it('lists the kubernetes and kube-dns Services in ipvsadm -Ln and binds their VIPs on kube-ipvs0', () => {
    // The kubeadm Services only: no add-on's Service among them.
    const c = createCluster({ seed: 1, kubeProxy: { mode: 'ipvs' }, addons: [] });
    const m = c.machines.get('worker-1')!;
    expect(ipvsadmList(ipvsTableOf(m)).stdout).toBe([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.96.0.1:443 rr',
      '  -> 192.168.1.10:6443            Masq    1      0          0         ',
      'TCP  10.96.0.10:53 rr',
      '  -> 10.244.0.2:53                Masq    1      0          0         ',
      '  -> 10.244.2.2:53                Masq    1      0          0         ',
      'TCP  10.96.0.10:9153 rr',
      '  -> 10.244.0.2:9153              Masq    1      0          0         ',
      '  -> 10.244.2.2:9153              Masq    1      0          0         ',
      'UDP  10.96.0.10:53 rr',
      '  -> 10.244.0.2:53                Masq    1      0          0         ',
      '  -> 10.244.2.2:53                Masq    1      0          0         ',
      '',
    ].join('\n'));
    expect(m.host.addresses.filter((a) => a.dev === 'kube-ipvs0').map((a) => `${a.ip}/${a.prefix}`)).toEqual(['10.96.0.1/32', '10.96.0.10/32']);
  });
});
