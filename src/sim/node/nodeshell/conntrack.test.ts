import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { cidr } from '../../network/ipv4';
import { Machine } from '../machine';
import { runNodeCommand } from './index';
import { applyKubeProxyConntrackSysctls, conntrackOf, peekConntrack } from '../../network/conntrack';

function machine(): Machine {
  return new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: cidr('192.168.1.0/24'), gateway: '192.168.1.1', stream: new Rng(1).stream('machine/worker-1') });
}

describe('conntrack in the node shell', () => {
  it('a node that tracked nothing prints only the summary line, and reading makes no table', () => {
    const m = machine();
    expect(runNodeCommand({ machine: m, nowMs: 0 }, 'conntrack -L')).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n', exitCode: 0 });
    expect(peekConntrack(m)).toBeUndefined();
  });

  it('lists the machine\'s table with the timeouts kube-proxy set, and a reboot forgets it', () => {
    const m = machine();
    applyKubeProxyConntrackSysctls(m, 4);
    const ct = conntrackOf(m);
    const r = ct.create('tcp', { src: '10.244.1.2', dst: '10.96.0.1', sport: 45678, dport: 443 }, { dnat: { ip: '192.168.1.10', port: 6443 } }, 10_000);
    if (r.kind !== 'created') throw new Error(r.kind);
    ct.packet(r.entry, 'reply', 10_001, { syn: true, ack: true });
    ct.packet(r.entry, 'original', 10_002, { ack: true });
    expect(runNodeCommand({ machine: m, nowMs: 70_002 }, 'conntrack -L -p tcp')).toEqual({
      stdout: 'tcp      6 86340 ESTABLISHED src=10.244.1.2 dst=10.96.0.1 sport=45678 dport=443 src=192.168.1.10 dst=10.244.1.2 sport=6443 dport=45678 [ASSURED] mark=0 use=1\n',
      stderr: 'conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n',
      exitCode: 0,
    });
    expect(runNodeCommand({ machine: m, nowMs: 70_002 }, 'conntrack -C').stdout).toBe('1\n');
    // A pod's namespace has its own, empty, table.
    const ns = m.createNetns();
    expect(runNodeCommand({ machine: m, nowMs: 70_002 }, `ip netns exec ${ns.name} conntrack -C`).stdout).toBe('0\n');
    m.powerOff();
    m.powerOn();
    expect(runNodeCommand({ machine: m, nowMs: 80_000 }, 'conntrack -L').stderr).toBe('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
    expect(conntrackOf(m).sysctl('nf_conntrack_tcp_timeout_established')).toBe(432000);
  });
});
