import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import type { DnsMessage, QType } from '../../network/dns/message';
import { newQuery } from '../../network/dns/message';
import { recordLine } from '../../network/dns/presentation';
import type { Pod } from '../../types';
import { CoreDns } from './agent';

function coreDnsPods(c: Cluster): Pod[] {
  return c.client().list<Pod>('pods', 'kube-system', { labelSelector: 'k8s-app=kube-dns' }).items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running');
}

function agentOf(c: Cluster, pod: Pod): CoreDns | undefined {
  const kind = c.agentKinds.find((k) => k.name === 'coredns')!;
  const proc = c.agentProcess(c.machines.get(pod.spec!.nodeName!)!, kind, pod);
  return proc.running ? proc.components().find((x): x is CoreDns => x instanceof CoreDns) : undefined;
}

describe('smoke', () => {
  it('runs', () => {
    const c = createCluster({ seed: 1 });
    const pods = coreDnsPods(c);
    console.log(pods.map((p) => `${p.metadata?.name} ${p.spec?.nodeName} ${p.status?.podIP} ${JSON.stringify(p.status?.conditions?.map(x=>x.type+x.status))}`));
    const a = agentOf(c, pods[0]!)!;
    console.log(a.name, a.synced(), a.listeners().map((l) => `${l.proto}/${l.port}`));
    const app = a.dnsApp();
    if (app.kind !== 'dns') throw new Error();
    const q = (name: string, type: QType = 'A') => app.serve(newQuery(1, { name, type }), c.clock.now(), 'udp', { ip: '10.244.1.5', port: 40000 });
    for (const [n, t] of [['kube-dns.kube-system.svc.cluster.local.', 'A'], ['10.0.96.10.in-addr.arpa.', 'PTR'], ['nope.default.svc.cluster.local.', 'A'], ['_dns._udp.kube-dns.kube-system.svc.cluster.local.', 'SRV']] as const) {
      const r = q(n, t)!;
      console.log(r.response.message.rcode, r.delayMs, [...r.response.message.answer, ...r.response.message.authority, ...r.response.message.additional].map((x) => recordLine(x)));
    }
  });
});
