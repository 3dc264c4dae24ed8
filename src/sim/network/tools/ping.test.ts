import { describe, expect, it } from 'vitest';
import { busyboxPing, iputilsPing } from './ping';
import { BUSYBOX_IMAGE_BUILD } from './busybox';
import { fakeHost } from './fakehost';
import type { PingReply } from '../traffic/outcome';

const reply = (rtts: number[], ttl = 62) => (seq: number): PingReply => {
  const r = rtts[seq % rtts.length]!;
  return { kind: 'reply', from: '10.244.2.3', ttl, rttMs: r, bytes: 64 };
};
const host = fakeHost({
  names: { web: ['10.96.12.3'] },
  pings: {
    '10.244.2.3': reply([0.512, 0.31]),
    '10.96.12.3': (): PingReply => ({ kind: 'lost' }),
    '10.244.9.9': (): PingReply => ({ kind: 'error', from: '10.244.1.1', message: 'Destination Host Unreachable' }),
  },
});
const iputilsHost = fakeHost({ pings: { '10.244.2.3': (seq) => ({ kind: 'reply', from: '10.244.2.3', ttl: 63, rttMs: [0.512, 0.31, 0.402][seq - 1]!, bytes: 64 }), '10.244.9.9': () => ({ kind: 'error', from: '10.244.1.1', message: 'Destination Host Unreachable' }) } });

describe('busybox ping', () => {
  it('prints replies with seq from 0 and the round-trip summary', () => {
    expect(busyboxPing(['-c', '2', '10.244.2.3'], host, BUSYBOX_IMAGE_BUILD)).toEqual({
      stdout: 'PING 10.244.2.3 (10.244.2.3): 56 data bytes\n64 bytes from 10.244.2.3: seq=0 ttl=62 time=0.512 ms\n64 bytes from 10.244.2.3: seq=1 ttl=62 time=0.310 ms\n\n--- 10.244.2.3 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.310/0.411/0.512 ms\n',
      stderr: '',
      exitCode: 0,
      durationMs: 1000,
    });
  });

  it('a ClusterIP that never answers (iptables mode): nothing per packet, 100% loss after -W', () => {
    expect(busyboxPing(['-c', '2', '-W', '1', 'web'], host, BUSYBOX_IMAGE_BUILD)).toEqual({
      stdout: 'PING web (10.96.12.3): 56 data bytes\n\n--- web ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n',
      stderr: '',
      exitCode: 1,
      durationMs: 2002,
    });
  });

  it('counts an echo answered by an ICMP error as lost, saying nothing, and rejects bad names and arguments', () => {
    expect(busyboxPing(['-c', '1', '10.244.9.9'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stdout: 'PING 10.244.9.9 (10.244.9.9): 56 data bytes\n\n--- 10.244.9.9 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n', stderr: '', exitCode: 1 });
    expect(busyboxPing(['-c', '1', 'foo'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stdout: '', stderr: "ping: bad address 'foo'\n", exitCode: 1 });
    expect(busyboxPing(['-c', 'x', 'web'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: "ping: invalid number 'x'\n", exitCode: 1 });
    expect(busyboxPing([], host, BUSYBOX_IMAGE_BUILD).stderr).toContain('\t-A\t\tPing as soon as reply is recevied\n');
  });

  it('runs until interrupted without -c', () => {
    const r = busyboxPing(['10.244.2.3'], host, BUSYBOX_IMAGE_BUILD, { interruptAtMs: 3500 });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('64 bytes')).length).toBe(4);
    expect(r.stdout).toContain('4 packets transmitted, 4 packets received, 0% packet loss\n');
  });
});

describe('iputils ping', () => {
  it('prints icmp_seq from 1, the time and the mdev', () => {
    expect(iputilsPing(['-c', '3', '10.244.2.3'], iputilsHost)).toEqual({
      stdout:
        'PING 10.244.2.3 (10.244.2.3) 56(84) bytes of data.\n' +
        '64 bytes from 10.244.2.3: icmp_seq=1 ttl=63 time=0.512 ms\n64 bytes from 10.244.2.3: icmp_seq=2 ttl=63 time=0.310 ms\n64 bytes from 10.244.2.3: icmp_seq=3 ttl=63 time=0.402 ms\n' +
        '\n--- 10.244.2.3 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2002ms\nrtt min/avg/max/mdev = 0.310/0.408/0.512/0.082 ms\n',
      stderr: '',
      exitCode: 0,
      durationMs: 2000,
    });
  });

  it('prints ICMP errors with their sender and counts them', () => {
    expect(iputilsPing(['-c', '2', '10.244.9.9'], iputilsHost)).toMatchObject({
      stdout: 'PING 10.244.9.9 (10.244.9.9) 56(84) bytes of data.\nFrom 10.244.1.1 icmp_seq=1 Destination Host Unreachable\nFrom 10.244.1.1 icmp_seq=2 Destination Host Unreachable\n\n--- 10.244.9.9 ping statistics ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms\n\n',
      exitCode: 1,
    });
  });

  it('names resolve to their canonical name; failures and usage as iputils words them', () => {
    const h = fakeHost({ names: {}, pings: {} });
    h.resolve = () => ({ addresses: ['10.96.12.3'], name: 'web.default.svc.cluster.local', elapsedMs: 1 });
    h.reverse = () => 'web.default.svc.cluster.local';
    h.ping = () => ({ kind: 'reply', from: '10.96.12.3', ttl: 64, rttMs: 12.345, bytes: 64 });
    expect(iputilsPing(['-c', '1', 'web'], h).stdout.split('\n').slice(0, 2)).toEqual(['PING web.default.svc.cluster.local (10.96.12.3) 56(84) bytes of data.', '64 bytes from web.default.svc.cluster.local (10.96.12.3): icmp_seq=1 ttl=64 time=12.3 ms']);
    expect(iputilsPing(['-c', '1', 'foo'], iputilsHost)).toEqual({ stdout: '', stderr: 'ping: foo: Name or service not known\n', exitCode: 2, durationMs: 3 });
    expect(iputilsPing([], iputilsHost)).toMatchObject({ stderr: 'ping: usage error: Destination address required\n', exitCode: 2 });
    expect(iputilsPing(['-c', 'x', 'web'], iputilsHost)).toMatchObject({ stderr: "ping: invalid argument: 'x'\n", exitCode: 1 });
  });
});
