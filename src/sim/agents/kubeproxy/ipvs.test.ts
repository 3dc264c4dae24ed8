import { describe, expect, it } from 'vitest';
import { IpsetRegistry } from '../../network/ipvs/ipset';
import { ipsetList } from '../../network/ipvs/ipsetList';
import { ipvsadmList } from '../../network/ipvs/ipvsadm';
import { IpvsTable } from '../../network/ipvs/table';
import type { EndpointSlice, Service } from '../../types';
import { buildIpvsState, type IpvsProxierConfig } from './ipvs';
import { ipvsRestoreText } from './ipvsIptables';
import { IpvsProxierSync, MemoryDummyDevice, type IpvsNode } from './ipvsSync';

// A three-node kubeadm cluster with flannel; kube-proxy runs on worker-1 (pod CIDR 10.244.1.0/24:
// flannel.1 has 10.244.1.0/32, cni0 10.244.1.1/24).
const WORKER1: IpvsProxierConfig = {
  nodeName: 'worker-1',
  nodeIP: '192.168.1.11',
  nodeAddresses: ['192.168.1.11', '10.244.1.0', '10.244.1.1'],
  clusterCIDR: '10.244.0.0/16',
};

type PortSpec = { name?: string; port: number; protocol?: string; nodePort?: number };

function svc(ns: string, name: string, clusterIP: string, ports: PortSpec[], spec: Partial<NonNullable<Service['spec']>> = {}, status?: Service['status']): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: ns, name },
    spec: { type: 'ClusterIP', clusterIP, clusterIPs: clusterIP === 'None' ? ['None'] : [clusterIP], ports, ...spec },
    ...(status ? { status } : {}),
  };
}

type Ep = { ip: string; node?: string; ready?: boolean; serving?: boolean; terminating?: boolean };

function slice(ns: string, service: string, ports: { name?: string; port?: number; protocol?: string }[], eps: Ep[], name = `${service}-abcde`): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    addressType: 'IPv4',
    metadata: { namespace: ns, name, labels: { 'kubernetes.io/service-name': service } },
    ports,
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
      ...(e.node ? { nodeName: e.node } : {}),
    })),
  };
}

const KUBERNETES = svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443 }]);
const KUBERNETES_EPS = slice('default', 'kubernetes', [{ name: 'https', port: 6443 }], [{ ip: '192.168.1.10' }], 'kubernetes');
const KUBE_DNS = svc('kube-system', 'kube-dns', '10.96.0.10', [
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  { name: 'metrics', port: 9153, protocol: 'TCP' },
]);
const KUBE_DNS_EPS = slice(
  'kube-system',
  'kube-dns',
  [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }],
  [{ ip: '10.244.0.2', node: 'control-plane' }, { ip: '10.244.0.3', node: 'control-plane' }],
);
const WEB = svc('default', 'web', '10.96.120.15', [{ port: 80, nodePort: 30080 }], { type: 'NodePort' });
const WEB_EPS = slice('default', 'web', [{ port: 8080 }], [{ ip: '10.244.2.7', node: 'worker-2' }, { ip: '10.244.1.5', node: 'worker-1' }]);

function node(): IpvsNode {
  return { ipvs: new IpvsTable(), ipsets: new IpsetRegistry(), dummy: new MemoryDummyDevice() };
}

function programmed(services: Service[], slices: EndpointSlice[], cfg: IpvsProxierConfig = WORKER1): { n: IpvsNode; proxier: IpvsProxierSync } {
  const n = node();
  const proxier = new IpvsProxierSync(n, cfg.nodeName, 0);
  proxier.sync(buildIpvsState(services, slices, cfg), 0);
  return { n, proxier };
}

describe('kube-proxy IPVS mode on a small cluster', () => {
  const cluster = (): ReturnType<typeof programmed> => programmed([KUBERNETES, KUBE_DNS, WEB], [KUBERNETES_EPS, KUBE_DNS_EPS, WEB_EPS]);

  it('makes the virtual servers ipvsadm -Ln shows, node ports on every node address', () => {
    const { n } = cluster();
    expect(ipvsadmList(n.ipvs).stdout).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
        'TCP  192.168.1.11:30080 rr\n' +
        '  -> 10.244.1.5:8080              Masq    1      0          0         \n' +
        '  -> 10.244.2.7:8080              Masq    1      0          0         \n' +
        'TCP  10.96.0.1:443 rr\n' +
        '  -> 192.168.1.10:6443            Masq    1      0          0         \n' +
        'TCP  10.96.0.10:53 rr\n' +
        '  -> 10.244.0.2:53                Masq    1      0          0         \n' +
        '  -> 10.244.0.3:53                Masq    1      0          0         \n' +
        'TCP  10.96.0.10:9153 rr\n' +
        '  -> 10.244.0.2:9153              Masq    1      0          0         \n' +
        '  -> 10.244.0.3:9153              Masq    1      0          0         \n' +
        'TCP  10.96.120.15:80 rr\n' +
        '  -> 10.244.1.5:8080              Masq    1      0          0         \n' +
        '  -> 10.244.2.7:8080              Masq    1      0          0         \n' +
        'TCP  10.244.1.0:30080 rr\n' +
        '  -> 10.244.1.5:8080              Masq    1      0          0         \n' +
        '  -> 10.244.2.7:8080              Masq    1      0          0         \n' +
        'TCP  10.244.1.1:30080 rr\n' +
        '  -> 10.244.1.5:8080              Masq    1      0          0         \n' +
        '  -> 10.244.2.7:8080              Masq    1      0          0         \n' +
        'UDP  10.96.0.10:53 rr\n' +
        '  -> 10.244.0.2:53                Masq    1      0          0         \n' +
        '  -> 10.244.0.3:53                Masq    1      0          0         \n',
    );
  });

  it('binds every ClusterIP to kube-ipvs0 and nothing else', () => {
    const { n } = cluster();
    expect([...n.dummy.addresses()].sort()).toEqual(['10.96.0.1', '10.96.0.10', '10.96.120.15']);
  });

  it('fills the ipsets: cluster IPs, node ports, the local endpoint for hairpin, the bound addresses', () => {
    const { n } = cluster();
    const members = (name: string): string[] => [...n.ipsets.get(name)!.members()].sort();
    expect(members('KUBE-CLUSTER-IP')).toEqual(['10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53', '10.96.120.15,tcp:80']);
    expect(members('KUBE-NODE-PORT-TCP')).toEqual(['30080']);
    expect(members('KUBE-LOOP-BACK')).toEqual(['10.244.1.5,tcp:8080,10.244.1.5']);
    expect(members('KUBE-IPVS-IPS')).toEqual(['10.96.0.1', '10.96.0.10', '10.96.120.15']);
    expect(n.ipsets.list().map((s) => `${s.name} ${s.size} ${s.references}`)).toEqual([
      'KUBE-LOOP-BACK 1 1',
      'KUBE-CLUSTER-IP 5 3',
      'KUBE-EXTERNAL-IP 0 1',
      'KUBE-EXTERNAL-IP-LOCAL 0 1',
      'KUBE-LOAD-BALANCER 0 1',
      'KUBE-LOAD-BALANCER-FW 0 0',
      'KUBE-LOAD-BALANCER-LOCAL 0 0',
      'KUBE-LOAD-BALANCER-SOURCE-IP 0 0',
      'KUBE-LOAD-BALANCER-SOURCE-CIDR 0 0',
      'KUBE-NODE-PORT-TCP 1 1',
      'KUBE-NODE-PORT-LOCAL-TCP 0 0',
      'KUBE-NODE-PORT-UDP 0 0',
      'KUBE-NODE-PORT-LOCAL-UDP 0 0',
      'KUBE-NODE-PORT-SCTP-HASH 0 0',
      'KUBE-NODE-PORT-LOCAL-SCTP-HASH 0 0',
      'KUBE-HEALTH-CHECK-NODE-PORT 0 2',
      'KUBE-IPVS-IPS 3 1',
    ]);
    expect(ipsetList(n.ipsets, 'KUBE-NODE-PORT-TCP').stdout).toBe(
      'Name: KUBE-NODE-PORT-TCP\nType: bitmap:port\nRevision: 3\nHeader: range 0-65535\nSize in memory: 8268\nReferences: 1\nNumber of entries: 1\nMembers:\n30080\n',
    );
  });

  it('writes the iptables rules that remain in IPVS mode', () => {
    const { proxier } = cluster();
    expect(ipvsRestoreText(proxier.lastIptables!)).toBe(
      '*nat\n' +
        ':KUBE-SERVICES - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-NODE-PORT - [0:0]\n:KUBE-LOAD-BALANCER - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n' +
        '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN\n' +
        '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE\n' +
        '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ\n' +
        '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ\n' +
        '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT\n' +
        '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ\n' +
        '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n' +
        '-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN\n' +
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000\n' +
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully\n' +
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n' +
        'COMMIT\n' +
        '*filter\n' +
        ':KUBE-FORWARD - [0:0]\n:KUBE-NODE-PORT - [0:0]\n:KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-SOURCE-RANGES-FIREWALL - [0:0]\n:KUBE-IPVS-FILTER - [0:0]\n:KUBE-IPVS-OUT-FILTER - [0:0]\n' +
        '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP\n' +
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT\n' +
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n' +
        '-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT\n' +
        '-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN\n' +
        '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN\n' +
        '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN\n' +
        '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN\n' +
        '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN\n' +
        '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT\n' +
        'COMMIT\n',
    );
    expect(proxier.lastIptables!.jumps.map((j) => `${j.table} ${j.chain} ${j.args.at(-1)}`)).toEqual([
      'nat OUTPUT KUBE-SERVICES',
      'nat PREROUTING KUBE-SERVICES',
      'nat POSTROUTING KUBE-POSTROUTING',
      'filter FORWARD KUBE-FORWARD',
      'filter INPUT KUBE-NODE-PORT',
      'filter INPUT KUBE-PROXY-FIREWALL',
      'filter FORWARD KUBE-PROXY-FIREWALL',
      'filter INPUT KUBE-IPVS-FILTER',
      'filter OUTPUT KUBE-IPVS-OUT-FILTER',
    ]);
  });

  it('sends a pod connection to the DNS VIP to a CoreDNS pod, round-robin', () => {
    const { n } = cluster();
    const picks = [1, 2, 3].map((i) => {
      const v = n.ipvs.inbound({ protocol: 'UDP', saddr: '10.244.1.5', sport: 40000 + i, daddr: '10.96.0.10', dport: 53, bytes: 70 }, 10);
      return v.kind === 'forward' ? v.conn.dest.address : v.kind;
    });
    // kube-proxy added .2 then .3; the kernel list is [.3, .2], and rr starts at its head
    expect(picks).toEqual(['10.244.0.3', '10.244.0.2', '10.244.0.3']);
  });
});

describe('kube-proxy IPVS mode, service by service', () => {
  it('turns ClientIP affinity into persistence with the affinity timeout', () => {
    const sticky = svc('default', 'sticky', '10.96.7.7', [{ port: 80 }], { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    const short = svc('default', 'short', '10.96.7.8', [{ port: 80 }], { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } });
    const { n } = programmed([sticky, short], [slice('default', 'sticky', [{ port: 80 }], [{ ip: '10.244.2.9' }])]);
    expect(ipvsadmList(n.ipvs).stdout.split('\n').slice(3)).toEqual([
      'TCP  10.96.7.7:80 rr persistent 10800',
      '  -> 10.244.2.9:80                Masq    1      0          0         ',
      'TCP  10.96.7.8:80 rr persistent 60',
      '',
    ]);
  });

  it('keeps a virtual server with no real servers for a Service without ready endpoints, so connections are refused', () => {
    const lonely = svc('default', 'lonely', '10.96.9.9', [{ port: 80 }]);
    const { n } = programmed([lonely], [slice('default', 'lonely', [{ port: 80 }], [{ ip: '10.244.2.4', ready: false, serving: false }])]);
    expect(ipvsadmList(n.ipvs).stdout.split('\n').slice(3)).toEqual(['TCP  10.96.9.9:80 rr', '']);
    expect(n.ipvs.inbound({ protocol: 'TCP', saddr: '10.244.1.5', sport: 1234, daddr: '10.96.9.9', dport: 80 }, 0).kind).toBe('unreachable');
    expect(n.dummy.addresses()).toEqual(['10.96.9.9']);
  });

  it('falls back to serving terminating endpoints when none is ready', () => {
    const draining = svc('default', 'draining', '10.96.9.10', [{ port: 80 }]);
    const eps = slice('default', 'draining', [{ port: 80 }], [
      { ip: '10.244.2.4', ready: false, serving: true, terminating: true },
      { ip: '10.244.2.5', ready: false, serving: false, terminating: true },
    ]);
    const { n } = programmed([draining], [eps]);
    expect(n.ipvs.getService('TCP', '10.96.9.10', 80)!.dests.map((d) => d.address)).toEqual(['10.244.2.4']);
  });

  it('programs nothing for headless and ExternalName Services', () => {
    const headless = svc('default', 'db', 'None', [{ port: 5432 }]);
    const external: Service = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'default', name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } };
    const { n } = programmed([headless, external], [slice('default', 'db', [{ port: 5432 }], [{ ip: '10.244.2.4' }])]);
    expect(n.ipvs.services()).toEqual([]);
    expect(n.dummy.addresses()).toEqual([]);
    expect(n.ipsets.get('KUBE-CLUSTER-IP')!.size).toBe(0);
  });

  it('uses only this node\'s endpoints for a NodePort with externalTrafficPolicy Local, and marks the port local', () => {
    const local = svc('default', 'edge', '10.96.30.3', [{ port: 80, nodePort: 31000 }], { type: 'NodePort', externalTrafficPolicy: 'Local' });
    const eps = slice('default', 'edge', [{ port: 80 }], [{ ip: '10.244.1.8', node: 'worker-1' }, { ip: '10.244.2.8', node: 'worker-2' }]);
    const { n } = programmed([local], [eps]);
    expect(n.ipvs.getService('TCP', '192.168.1.11', 31000)!.dests.map((d) => d.address)).toEqual(['10.244.1.8']);
    expect(n.ipvs.getService('TCP', '10.96.30.3', 80)!.dests.map((d) => d.address).sort()).toEqual(['10.244.1.8', '10.244.2.8']);
    expect(n.ipsets.get('KUBE-NODE-PORT-LOCAL-TCP')!.members()).toEqual(['31000']);
    // on worker-2's neighbour without a local endpoint, the node port falls back to every endpoint
    const { n: other } = programmed([local], [eps], { ...WORKER1, nodeName: 'worker-3', nodeIP: '192.168.1.13', nodeAddresses: ['192.168.1.13'] });
    expect(other.ipvs.getService('TCP', '192.168.1.13', 31000)!.dests.map((d) => d.address).sort()).toEqual(['10.244.1.8', '10.244.2.8']);
  });

  it('binds external IPs and load-balancer IPs unless the node already has them, and fills their sets', () => {
    const lb = svc(
      'default', 'shop', '10.96.40.4', [{ port: 443, nodePort: 30443 }],
      { type: 'LoadBalancer', externalIPs: ['192.168.1.11', '203.0.113.7'] },
      { loadBalancer: { ingress: [{ ip: '192.168.1.240', ipMode: 'VIP' }, { ip: '192.168.1.241', ipMode: 'Proxy' }] } },
    );
    const { n } = programmed([lb], [slice('default', 'shop', [{ port: 8443 }], [{ ip: '10.244.2.3' }])]);
    expect([...n.dummy.addresses()].sort()).toEqual(['10.96.40.4', '192.168.1.240', '203.0.113.7']);
    expect(n.ipsets.get('KUBE-EXTERNAL-IP')!.members().sort()).toEqual(['192.168.1.11,tcp:443', '203.0.113.7,tcp:443']);
    expect(n.ipsets.get('KUBE-LOAD-BALANCER')!.members()).toEqual(['192.168.1.240,tcp:443']);
    expect(n.ipvs.services().map((s) => `${s.address}:${s.port}`).sort()).toEqual([
      '10.244.1.0:30443', '10.244.1.1:30443', '10.96.40.4:443', '192.168.1.11:30443', '192.168.1.11:443', '192.168.1.240:443', '203.0.113.7:443',
    ]);
  });

  it('uses the configured scheduler; mh also gets the mh-port flag', () => {
    const one = [svc('default', 'a', '10.96.1.1', [{ port: 80 }])];
    expect(ipvsadmList(programmed(one, [], { ...WORKER1, scheduler: 'lc' }).n.ipvs).stdout).toContain('TCP  10.96.1.1:80 lc\n');
    expect(ipvsadmList(programmed(one, [], { ...WORKER1, scheduler: 'mh' }).n.ipvs).stdout).toContain('TCP  10.96.1.1:80 mh (mh-port)\n');
  });
});

describe('kube-proxy IPVS mode over time', () => {
  it('quiesces a TCP real server that still has connections and deletes it once they are gone', () => {
    const { n, proxier } = programmed([KUBERNETES, WEB], [KUBERNETES_EPS, WEB_EPS]);
    const conn = n.ipvs.inbound({ protocol: 'TCP', saddr: '10.244.1.5', sport: 45000, daddr: '10.96.120.15', dport: 80 }, 100);
    expect(conn.kind === 'forward' && conn.conn.dest.address).toBe('10.244.2.7');
    const scaledDown = slice('default', 'web', [{ port: 8080 }], [{ ip: '10.244.1.5', node: 'worker-1' }]);
    proxier.sync(buildIpvsState([KUBERNETES, WEB], [KUBERNETES_EPS, scaledDown], WORKER1), 1000);
    const web = n.ipvs.getService('TCP', '10.96.120.15', 80)!;
    expect(web.dests.map((d) => `${d.address} w${d.weight} ${d.activeConns}/${d.inactConns}`)).toEqual(['10.244.2.7 w0 1/0', '10.244.1.5 w1 0/0']);
    // the node port's copy had no connection: deleted at once
    expect(n.ipvs.getService('TCP', '192.168.1.11', 30080)!.dests.map((d) => d.address)).toEqual(['10.244.1.5']);
    expect(proxier.gracefulList()).toEqual(['10.96.120.15:80/TCP/10.244.2.7:8080']);
    // the SYN_RECV entry times out 60 s after its packet; the minute check after that deletes the server
    proxier.runGracefulChecks(60_000);
    expect(web.dests).toHaveLength(2);
    proxier.runGracefulChecks(120_000);
    expect(web.dests.map((d) => d.address)).toEqual(['10.244.1.5']);
    expect(proxier.gracefulList()).toEqual([]);
  });

  it('deletes a UDP real server at once, connections or not', () => {
    const { n, proxier } = programmed([KUBE_DNS], [KUBE_DNS_EPS]);
    n.ipvs.inbound({ protocol: 'UDP', saddr: '10.244.1.5', sport: 5000, daddr: '10.96.0.10', dport: 53 }, 0);
    const one = slice('kube-system', 'kube-dns', KUBE_DNS_EPS.ports!, [{ ip: '10.244.0.2', node: 'control-plane' }]);
    proxier.sync(buildIpvsState([KUBE_DNS], [one], WORKER1), 10);
    expect(n.ipvs.getService('UDP', '10.96.0.10', 53)!.dests.map((d) => d.address)).toEqual(['10.244.0.2']);
  });

  it('removes the virtual servers, addresses and set entries of a deleted Service', () => {
    const { n, proxier } = programmed([KUBERNETES, WEB], [KUBERNETES_EPS, WEB_EPS]);
    proxier.sync(buildIpvsState([KUBERNETES], [KUBERNETES_EPS], WORKER1), 5);
    expect(n.ipvs.services().map((s) => s.address)).toEqual(['10.96.0.1']);
    expect(n.dummy.addresses()).toEqual(['10.96.0.1']);
    expect(n.ipsets.get('KUBE-NODE-PORT-TCP')!.size).toBe(0);
    expect(n.ipsets.get('KUBE-LOOP-BACK')!.size).toBe(0);
  });
});
