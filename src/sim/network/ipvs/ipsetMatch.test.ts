import { describe, expect, it } from 'vitest';
import { parseIp } from '../netfilter/addr';
import type { Packet } from '../netfilter/evaluate';
import { evaluateTable } from '../netfilter/evaluate';
import { Netfilter } from '../netfilter/netfilter';
import { rule } from '../netfilter/rule';
import { IpsetRegistry } from './ipset';
import { ipsetTester } from './ipsetMatch';

const pkt = (src: string, sport: number, dst: string, dport: number, proto: Packet['proto'] = 'tcp'): Packet => ({
  src: parseIp(src), dst: parseIp(dst), proto, sport, dport, mark: 0, ctstate: ['NEW'],
});

function sets(): IpsetRegistry {
  const reg = new IpsetRegistry();
  reg.create('KUBE-CLUSTER-IP', 'hash:ip,port').add('10.96.0.10,udp:53');
  reg.create('KUBE-LOOP-BACK', 'hash:ip,port,ip').add('10.244.1.5,tcp:8080,10.244.1.5');
  reg.create('KUBE-NODE-PORT-TCP', 'bitmap:port').add('30080');
  reg.create('KUBE-IPVS-IPS', 'hash:ip').add('10.96.0.10');
  const cidr = reg.create('KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net');
  cidr.add('192.168.1.240,tcp:80,203.0.113.0/24');
  cidr.add('192.168.1.240,tcp:80,198.51.100.7');
  return reg;
}

describe('the set match against a node\'s ipsets', () => {
  const test = ipsetTester(sets());

  it('builds the element from the directions given: address, then port with its protocol, then a second address', () => {
    expect(test('KUBE-CLUSTER-IP', pkt('10.244.1.5', 40000, '10.96.0.10', 53, 'udp'), ['dst', 'dst'])).toBe(true);
    expect(test('KUBE-CLUSTER-IP', pkt('10.244.1.5', 40000, '10.96.0.10', 53, 'tcp'), ['dst', 'dst'])).toBe(false);
    expect(test('KUBE-CLUSTER-IP', pkt('10.96.0.10', 53, '10.244.1.5', 40000, 'udp'), ['src', 'src'])).toBe(true);
    expect(test('KUBE-CLUSTER-IP', pkt('10.244.1.5', 53, '10.96.0.10', 40000, 'udp'), ['dst', 'src'])).toBe(true);
    expect(test('KUBE-LOOP-BACK', pkt('10.244.1.5', 40000, '10.244.1.5', 8080), ['dst', 'dst', 'src'])).toBe(true);
    expect(test('KUBE-LOOP-BACK', pkt('10.244.1.6', 40000, '10.244.1.5', 8080), ['dst', 'dst', 'src'])).toBe(false);
    expect(test('KUBE-IPVS-IPS', pkt('10.244.1.5', 40000, '10.96.0.10', 22), ['dst'])).toBe(true);
  });

  it('never matches with fewer directions than the set has dimensions, and ignores extra ones', () => {
    expect(test('KUBE-CLUSTER-IP', pkt('10.244.1.5', 40000, '10.96.0.10', 53, 'udp'), ['dst'])).toBe(false);
    expect(test('KUBE-IPVS-IPS', pkt('10.244.1.5', 40000, '10.96.0.10', 22), ['dst', 'dst'])).toBe(true);
  });

  it('takes a bitmap:port element from any TCP, UDP or SCTP packet, and none from ICMP', () => {
    expect(test('KUBE-NODE-PORT-TCP', pkt('192.168.1.50', 40000, '192.168.1.11', 30080, 'udp'), ['dst'])).toBe(true);
    expect(test('KUBE-NODE-PORT-TCP', pkt('192.168.1.50', 40000, '192.168.1.11', 30080, 'icmp'), ['dst'])).toBe(false);
  });

  it('tests the net dimension of hash:ip,port,net against each prefix the set holds', () => {
    const lb = (src: string): boolean => test('KUBE-LOAD-BALANCER-SOURCE-CIDR', pkt(src, 40000, '192.168.1.240', 80), ['dst', 'dst', 'src']);
    expect([lb('203.0.113.99'), lb('198.51.100.7'), lb('198.51.100.8'), lb('203.0.114.1')]).toEqual([true, true, false, false]);
  });

  it('is what `-m set [!] --match-set` asks in a chain; an unknown set matches nothing', () => {
    const nf = new Netfilter();
    nf.appendRule('filter', 'INPUT', rule().matchSet('NOPE', ['dst']).jump('DROP'));
    nf.appendRule('filter', 'INPUT', rule().matchSet('KUBE-IPVS-IPS', ['dst'], true).jump('ACCEPT'));
    nf.appendRule('filter', 'INPUT', rule().jump('DROP'));
    const env = { nowMs: 0, random: () => 0, isLocal: () => true, ipsetTest: test };
    expect(evaluateTable(nf, 'filter', 'INPUT', pkt('10.244.1.5', 40000, '192.168.1.11', 22), env).verdict).toBe('ACCEPT');
    expect(evaluateTable(nf, 'filter', 'INPUT', pkt('10.244.1.5', 40000, '10.96.0.10', 22), env).verdict).toBe('DROP');
  });
});
