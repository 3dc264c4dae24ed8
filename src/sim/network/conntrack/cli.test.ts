import { describe, expect, it } from 'vitest';
import { Conntrack } from './table';
import { conntrackCommand } from './cli';
import { formatEntry } from './format';
import type { CtEntry } from './types';

const SUMMARY = (n: number) => `conntrack v1.4.7 (conntrack-tools): ${n} flow entries have been shown.\n`;
const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

/**
 * A node after a DNS lookup through kube-dns (UDP, answered), an HTTP connection to a ClusterIP
 * (established, DNATed to an endpoint), a SYN to a port nothing answers yet, and a ping.
 */
function node(): { ct: Conntrack; dns: CtEntry; http: CtEntry; syn: CtEntry; ping: CtEntry } {
  const ct = new Conntrack({ seed: 7 });
  const mk = (r: ReturnType<Conntrack['create']>): CtEntry => {
    if (r.kind !== 'created') throw new Error(r.kind);
    return r.entry;
  };
  const dns = mk(ct.create('udp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 41234, dport: 53 }, { dnat: { ip: '10.244.2.3', port: 53 } }, 0));
  ct.packet(dns, 'reply', 2, undefined);
  const http = mk(ct.create('tcp', { src: '10.244.1.2', dst: '10.96.100.5', sport: 52000, dport: 80 }, { dnat: { ip: '10.244.2.7', port: 8080 } }, 1000, { tcp: { syn: true } }));
  ct.packet(http, 'reply', 1001, { syn: true, ack: true });
  ct.packet(http, 'original', 1002, { ack: true });
  const syn = mk(ct.create('tcp', { src: '192.168.1.11', dst: '192.168.1.12', sport: 33000, dport: 10250 }, {}, 2000, { tcp: { syn: true } }));
  const ping = mk(ct.create('icmp', { src: '10.244.1.2', dst: '10.244.2.3', type: 8, code: 0, id: 15 }, {}, 2500));
  ct.packet(ping, 'reply', 2501, undefined);
  return { ct, dns, http, syn, ping };
}

describe('conntrack -L', () => {
  it('prints each entry as conntrack-tools 1.4.7 does, the summary on stderr', () => {
    const { ct, dns, http, syn, ping } = node();
    const now = 3000;
    expect(formatEntry(http, ct.remainingSeconds(http, now))).toBe(
      'tcp      6 431998 ESTABLISHED src=10.244.1.2 dst=10.96.100.5 sport=52000 dport=80 src=10.244.2.7 dst=10.244.1.2 sport=8080 dport=52000 [ASSURED] mark=0 use=1',
    );
    expect(formatEntry(http, ct.remainingSeconds(http, 1002))).toMatch(/^tcp      6 432000 ESTABLISHED /);
    expect(formatEntry(dns, ct.remainingSeconds(dns, now))).toBe('udp      17 27 src=10.244.1.2 dst=10.96.0.10 sport=41234 dport=53 src=10.244.2.3 dst=10.244.1.2 sport=53 dport=41234 mark=0 use=1');
    expect(formatEntry(syn, ct.remainingSeconds(syn, now))).toBe(
      'tcp      6 119 SYN_SENT src=192.168.1.11 dst=192.168.1.12 sport=33000 dport=10250 [UNREPLIED] src=192.168.1.12 dst=192.168.1.11 sport=10250 dport=33000 mark=0 use=1',
    );
    expect(formatEntry(ping, ct.remainingSeconds(ping, now))).toBe('icmp     1 29 src=10.244.1.2 dst=10.244.2.3 type=8 code=0 id=15 src=10.244.2.3 dst=10.244.1.2 type=0 code=0 id=15 mark=0 use=1');
    expect(formatEntry(http, 5, { extended: true })).toMatch(/^ipv4     2 tcp      6 5 ESTABLISHED src=/);

    const r = conntrackCommand(ct, ['-L'], now);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(SUMMARY(4));
    // Dump order: by the original tuple's hash bucket, as the table lists them.
    expect(r.stdout).toBe(ct.list(now).map((e) => `${formatEntry(e, ct.remainingSeconds(e, now))}\n`).join(''));
    expect(r.stdout.split('\n').slice(0, 4).map((l) => l.split(' ')[0])).toEqual(['tcp', 'icmp', 'udp', 'tcp']); // not the order they were made in
  });

  it('an empty table prints only the summary line on stderr', () => {
    expect(conntrackCommand(new Conntrack({ seed: 1 }), ['-L'], 0)).toEqual({ stdout: '', stderr: SUMMARY(0), exitCode: 0 });
    expect(conntrackCommand(new Conntrack({ seed: 1 }), ['-L', 'conntrack'], 0)).toEqual({ stdout: '', stderr: SUMMARY(0), exitCode: 0 });
    expect(conntrackCommand(new Conntrack({ seed: 1 }), ['-Lexpect'], 0)).toEqual({ stdout: '', stderr: SUMMARY(0), exitCode: 0 });
    expect(conntrackCommand(new Conntrack({ seed: 1 }), ['-L', 'bogus'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): unknown type \`bogus'\n${TRY}`);
    expect(conntrackCommand(new Conntrack({ seed: 1 }), ['-L', 'expect'], 0)).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): 0 expectations have been shown.\n', exitCode: 0 });
  });

  it('filters by protocol, addresses, ports, state and NAT', () => {
    const { ct } = node();
    const shown = (...args: string[]) => {
      const r = conntrackCommand(ct, ['-L', ...args], 3000);
      expect(r.exitCode).toBe(0);
      return [r.stdout.split('\n').filter(Boolean).map((l) => l.split(' dst=')[1]!.split(' ')[0]), r.stderr];
    };
    expect(shown('-p', 'udp')).toEqual([['10.96.0.10'], SUMMARY(1)]);
    expect(shown('-p', 'tcp', '--dport', '80')[0]).toEqual(['10.96.100.5']);
    expect(shown('-p', 'tcp', '--orig-port-dst', '10250')[0]).toEqual(['192.168.1.12']);
    expect(shown('-p', 'tcp', '--reply-port-src', '8080')[0]).toEqual(['10.96.100.5']);
    expect(shown('-p', 'tcp', '--state', 'ESTABLISHED')[0]).toEqual(['10.96.100.5']);
    expect(shown('-d', '10.96.0.10')[0]).toEqual(['10.96.0.10']);
    expect(shown('--dst=10.96.0.10')[0]).toEqual(['10.96.0.10']);
    expect(shown('-s', '192.168.1.0/24')[0]).toEqual(['192.168.1.12']);
    expect(shown('-r', '10.244.2.3').at(0)).toHaveLength(2);
    expect(shown('-g').at(0)).toHaveLength(2);
    expect(shown('-n')).toEqual([[], SUMMARY(0)]);
    expect(shown('-p', 'icmp', '--icmp-id', '15')[0]).toEqual(['10.244.2.3']);
    expect(shown('-p', 'sctp')).toEqual([[], SUMMARY(0)]);
  });

  it('reports unknown options and bad arguments as conntrack does', () => {
    const { ct } = node();
    // --dport belongs to the tcp/udp extension: without -p first it is unknown.
    expect(conntrackCommand(ct, ['-L', '--dport', '80'], 0)).toEqual({ stdout: '', stderr: `conntrack v1.4.7 (conntrack-tools): unknown option \`--dport'\n${TRY}`, exitCode: 2 });
    expect(conntrackCommand(ct, ['-L', '-x'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): unknown option \`-x'\n${TRY}`);
    expect(conntrackCommand(ct, ['-L', '-p'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): option \`-p' requires an argument\n${TRY}`);
    expect(conntrackCommand(ct, ['-L', '-p', 'foo'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): \`foo' unsupported protocol\n${TRY}`);
    expect(conntrackCommand(ct, ['-L', '-s', '10.0.0'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): Invalid IP address \`10.0.0'\n${TRY}`);
    expect(conntrackCommand(ct, ['-L', '-D'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): Invalid commands combination\n${TRY}`);
    expect(conntrackCommand(ct, ['-C', '-p', 'tcp'], 0).stderr).toBe(`conntrack v1.4.7 (conntrack-tools): Illegal option \`--protonum' with this command\n${TRY}`);
  });

  it('-C counts every live entry; -D prints what it deleted and fails when nothing matched', () => {
    const { ct } = node();
    expect(conntrackCommand(ct, ['-C'], 3000)).toEqual({ stdout: '4\n', stderr: '', exitCode: 0 });
    // The DNS entry (30 s after its reply at 2 ms) is gone at 30002 ms.
    expect(conntrackCommand(node().ct, ['-C'], 30001).stdout).toBe('4\n');
    expect(conntrackCommand(node().ct, ['-C'], 30002).stdout).toBe('3\n');
    const d = conntrackCommand(ct, ['-D', '-p', 'tcp', '--dport', '10250'], 3000);
    expect(d).toEqual({
      stdout: 'tcp      6 119 SYN_SENT src=192.168.1.11 dst=192.168.1.12 sport=33000 dport=10250 [UNREPLIED] src=192.168.1.12 dst=192.168.1.11 sport=10250 dport=33000 mark=0 use=1\n',
      stderr: 'conntrack v1.4.7 (conntrack-tools): 1 flow entries have been deleted.\n',
      exitCode: 0,
    });
    expect(conntrackCommand(ct, ['-D', '-p', 'tcp', '--dport', '10250'], 3000)).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n', exitCode: 1 });
    expect(conntrackCommand(ct, ['-C'], 3000).stdout).toBe('3\n');
    expect(conntrackCommand(ct, ['-F'], 3000)).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n', exitCode: 0 });
    expect(conntrackCommand(ct, ['-L'], 3000).stderr).toBe(SUMMARY(0));
  });
});
