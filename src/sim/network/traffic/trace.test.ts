import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { clusterTraceWorld } from './clusterWorld';
import { parseDest, tracePacket, TraceError } from './trace';

describe('a packet trace', () => {
  it('reads DEST as HOST:PORT[/udp] and refuses anything else with the reason', () => {
    expect(parseDest('web:80')).toEqual({ host: 'web', port: 80, protocol: 'tcp' });
    expect(parseDest('10.96.0.10:53/udp')).toEqual({ host: '10.96.0.10', port: 53, protocol: 'udp' });
    expect(parseDest('http://a.example/api/v1?x=1@192.168.1.11:32080')).toEqual({ host: '192.168.1.11', port: 32080, protocol: 'tcp', http: { scheme: 'http', host: 'a.example', path: '/api/v1?x=1' } });
    expect(parseDest('https://a.example@node/worker-1:30443')).toEqual({ host: 'node/worker-1', port: 30443, protocol: 'tcp', http: { scheme: 'https', host: 'a.example', path: '/' } });
    expect(() => parseDest('http://a.example/@10.0.0.1:53/udp')).toThrow(new TraceError('invalid destination "http://a.example/@10.0.0.1:53/udp": want HOST:PORT, HOST:PORT/udp or http://NAME/PATH@HOST:PORT'));
    expect(() => parseDest('web')).toThrow(new TraceError('invalid destination "web": want HOST:PORT, HOST:PORT/udp or http://NAME/PATH@HOST:PORT'));
    expect(() => parseDest('web:70000')).toThrow(new TraceError('invalid destination "web:70000": port must be 1-65535'));
  });

  it('from a node to the API server through the kubernetes Service: DNAT to the control plane, masqueraded, delivered; the same seed walks the same way', () => {
    const run = () => {
      const c = createCluster({ seed: 3 });
      c.clock.runUntil(c.clock.now() + 5_000);
      return tracePacket(clusterTraceWorld(c), 'node/worker-2', '10.96.0.1:443');
    };
    const t = run();
    expect(t.verdict).toEqual({ kind: 'delivered', text: 'delivered to control-plane: connection established with kube-apiserver (TCP)', answeredBy: 'control-plane' });
    expect(t.hops.filter((h) => h.kind === 'nat').map((h) => `${h.node} ${h.text}`)).toEqual([
      'worker-2 DNAT 10.96.0.1:443 → 192.168.1.10:6443',
      // From outside the pod network: KUBE-MARK-MASQ, then MASQUERADE --random-fully keeps the address, not the port.
      'worker-2 MASQUERADE 192.168.1.12:51730 → 192.168.1.12:51136',
      'worker-2 conntrack: destination 192.168.1.12:51136 → 192.168.1.12:51730 (un-NAT of the reply)',
      'worker-2 conntrack: source 192.168.1.10:6443 → 10.96.0.1:443 (un-NAT of the reply)',
    ]);
    expect(JSON.stringify(run())).toBe(JSON.stringify(t));
  });

  it('names what cannot be traced: an unknown pod, an unknown node', () => {
    const c = createCluster({ seed: 3 });
    expect(() => tracePacket(clusterTraceWorld(c), 'nosuch', '10.96.0.1:443')).toThrow(new TraceError('pods "nosuch" not found in namespace "default"'));
    expect(() => tracePacket(clusterTraceWorld(c), 'node/worker-9', '10.96.0.1:443')).toThrow(new TraceError('node "worker-9" not found'));
  });
});

describe('name lookups when CoreDNS is gone', () => {
  it("kube-proxy refuses the queries to kube-dns (no endpoints): the trace says so rather than a timeout", () => {
    const c = createCluster({ seed: 1 });
    const k = c.client();
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } });
    const dep = k.get<{ spec: { replicas: number } }>('deployments', 'kube-system', 'coredns');
    k.update('deployments', { ...dep, spec: { ...dep.spec, replicas: 0 } } as never);
    c.clock.runUntil(c.clock.now() + 60_000);
    const t = tracePacket(clusterTraceWorld(c), 'client', 'kubernetes:443');
    expect(t.verdict).toEqual({ kind: 'no-such-host', text: 'kubernetes does not resolve: the DNS server refused the queries (ICMP port unreachable from 10.96.0.10: nothing serves DNS behind it)' });
    // glibc gives up the search list at the first candidate that gets no answer: its two attempts, then the name as given.
    expect(t.resolved?.hops.filter((h) => h.kind === 'rule' && h.rule?.includes('has no endpoints')).length).toBe(4);
  });
});
