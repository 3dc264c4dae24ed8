import { describe, expect, it } from 'vitest';
import { tcpdump } from './tcpdump';
import type { PacketRecord } from './tcpdump';

const T0 = Date.UTC(2024, 8, 2, 10, 0, 1) * 1000 + 123456;
const C = '10.244.1.2';
const S = '10.96.12.3';
const pkt = (dt: number, src: string, dst: string, l4: PacketRecord['l4'], iface = 'eth0', direction: 'In' | 'Out' = 'Out'): PacketRecord => ({ timeUs: T0 + dt, iface, direction, src, dst, l4 });
const OPTS = ['mss 1410', 'sackOK', 'TS val 2349823 ecr 0', 'nop', 'wscale 7'];
const PACKETS: PacketRecord[] = [
  pkt(0, C, '10.96.0.10', { proto: 'udp', sport: 41234, dport: 53, length: 47, dns: { id: 12345, query: { rd: true, type: 'A', name: 'web.default.svc.cluster.local.' }, length: 47 } }),
  pkt(333, '10.96.0.10', C, { proto: 'udp', sport: 53, dport: 41234, length: 98, dns: { id: 12345, response: { aa: true, ra: false, rcode: 'NOERROR', an: 1, ns: 0, ar: 0, answers: ['A 10.96.12.3'] }, length: 98 } }, 'eth0', 'In'),
  pkt(545, C, S, { proto: 'tcp', sport: 45678, dport: 80, flags: ['S'], seq: 3011290163, win: 64860, options: OPTS, length: 0 }),
  pkt(900, S, C, { proto: 'tcp', sport: 80, dport: 45678, flags: ['S', '.'], seq: 1820434, ack: 3011290164, win: 64308, options: OPTS, length: 0 }, 'eth0', 'In'),
  pkt(950, C, S, { proto: 'tcp', sport: 45678, dport: 80, flags: ['.'], seq: 3011290164, ack: 1820435, win: 507, options: ['nop', 'nop', 'TS val 2349824 ecr 77'], length: 0 }),
  pkt(990, C, S, { proto: 'tcp', sport: 45678, dport: 80, flags: ['P', '.'], seq: 3011290164, ack: 1820435, win: 507, options: ['nop', 'nop', 'TS val 2349824 ecr 77'], length: 76, http: 'GET / HTTP/1.1' }),
  pkt(1200, C, '10.244.2.3', { proto: 'icmp', kind: 'echo request', id: 12, seq: 1, length: 64 }),
  pkt(1500, '10.244.1.1', C, { proto: 'icmp', kind: 'port unreachable', about: { dst: '10.96.0.5', proto: 'tcp', port: 80 }, length: 68 }, 'eth0', 'In'),
];
const env = { interfaces: ['lo', 'eth0'], packets: PACKETS, defaultInterface: 'eth0' };
const HEAD = 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n';

describe('tcpdump', () => {
  it('prints DNS, the TCP handshake with relative numbers, HTTP and ICMP lines', () => {
    expect(tcpdump(['-i', 'eth0', '-nn'], env)).toEqual({
      stdout:
        '10:00:01.123456 IP 10.244.1.2.41234 > 10.96.0.10.53: 12345+ A? web.default.svc.cluster.local. (47)\n' +
        '10:00:01.123789 IP 10.96.0.10.53 > 10.244.1.2.41234: 12345*- 1/0/0 A 10.96.12.3 (98)\n' +
        '10:00:01.124001 IP 10.244.1.2.45678 > 10.96.12.3.80: Flags [S], seq 3011290163, win 64860, options [mss 1410,sackOK,TS val 2349823 ecr 0,nop,wscale 7], length 0\n' +
        '10:00:01.124356 IP 10.96.12.3.80 > 10.244.1.2.45678: Flags [S.], seq 1820434, ack 3011290164, win 64308, options [mss 1410,sackOK,TS val 2349823 ecr 0,nop,wscale 7], length 0\n' +
        '10:00:01.124406 IP 10.244.1.2.45678 > 10.96.12.3.80: Flags [.], ack 1, win 507, options [nop,nop,TS val 2349824 ecr 77], length 0\n' +
        '10:00:01.124446 IP 10.244.1.2.45678 > 10.96.12.3.80: Flags [P.], seq 1:77, ack 1, win 507, options [nop,nop,TS val 2349824 ecr 77], length 76: HTTP: GET / HTTP/1.1\n' +
        '10:00:01.124656 IP 10.244.1.2 > 10.244.2.3: ICMP echo request, id 12, seq 1, length 64\n' +
        '10:00:01.124956 IP 10.244.1.1 > 10.244.1.2: ICMP 10.96.0.5 tcp port 80 unreachable, length 68\n',
      stderr: `${HEAD}8 packets captured\n8 packets received by filter\n0 packets dropped by kernel\n`,
      exitCode: 0,
      durationMs: 2,
    });
  });

  it('-c stops after N, -n names ports, filters select', () => {
    const r = tcpdump(['-i', 'eth0', '-n', '-c', '1', 'port', '53'], env);
    expect(r.stdout).toBe('10:00:01.123456 IP 10.244.1.2.41234 > 10.96.0.10.domain: 12345+ A? web.default.svc.cluster.local. (47)\n');
    expect(r.stderr).toBe(`${HEAD}1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n`);
    expect(tcpdump(['-nn', 'icmp'], env).stdout.split('\n').length).toBe(3);
    expect(tcpdump(['-nn', 'tcp and dst port 80'], env).stdout.split('\n').length).toBe(4);
  });

  it('-i any prefixes the interface and direction', () => {
    const r = tcpdump(['-i', 'any', '-nn', '-c', '2'], env);
    expect(r.stdout).toBe('10:00:01.123456 eth0  Out IP 10.244.1.2.41234 > 10.96.0.10.53: 12345+ A? web.default.svc.cluster.local. (47)\n10:00:01.123789 eth0  In  IP 10.96.0.10.53 > 10.244.1.2.41234: 12345*- 1/0/0 A 10.96.12.3 (98)\n');
    expect(r.stderr.split('\n')[1]).toBe('listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes');
  });

  it('VXLAN on the underlay is OTV with the inner packet on the next line', () => {
    const p: PacketRecord = { ...pkt(0, C, '10.244.2.3', { proto: 'icmp', kind: 'echo request', id: 12, seq: 1, length: 64 }), outer: { src: '192.168.1.10', dst: '192.168.1.11', sport: 46894, vni: 1 } };
    expect(tcpdump(['-nn'], { ...env, packets: [p] }).stdout).toBe('10:00:01.123456 IP 192.168.1.10.46894 > 192.168.1.11.8472: OTV, flags [I] (0x08), overlay 0, instance 1\nIP 10.244.1.2 > 10.244.2.3: ICMP echo request, id 12, seq 1, length 64\n');
  });

  it('an NXDOMAIN reply, and errors', () => {
    const nx = pkt(0, '10.96.0.10', C, { proto: 'udp', sport: 53, dport: 41234, length: 144, dns: { id: 4585, response: { aa: true, ra: false, rcode: 'NXDOMAIN', an: 0, ns: 1, ar: 0, answers: [] }, length: 144 } });
    expect(tcpdump(['-nn'], { ...env, packets: [nx] }).stdout).toBe('10:00:01.123456 IP 10.96.0.10.53 > 10.244.1.2.41234: 4585 NXDomain*- 0/1/0 (144)\n');
    expect(tcpdump(['-i', 'eth9'], env)).toMatchObject({ stderr: 'tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n', exitCode: 1 });
    expect(tcpdump(['-nn', 'bogus'], env)).toMatchObject({ stderr: "tcpdump: can't parse filter expression: syntax error\n", exitCode: 1 });
  });
});
