import { describe, expect, it } from 'vitest';
import { Netfilter } from './netfilter';
import { rule } from './rule';
import { evaluateHook, evaluateTable } from './evaluate';
import type { Packet } from './evaluate';
import { parseIp } from './addr';

const pkt = (over: Partial<Packet> = {}): Packet => ({
  src: parseIp('10.244.1.5'), dst: parseIp('10.244.2.9'), proto: 'tcp', sport: 40000, dport: 80, mark: 0, ctstate: ['NEW'], ...over,
});
const env = { nowMs: 0, random: () => 0, isLocal: () => false };
const walk = (steps: { kind: string; chain: string; num?: number }[]): string[] => steps.map((s) => `${s.chain}${'num' in s && s.num ? `#${s.num}` : ' policy'}`);

describe('walking the rules', () => {
  it('returns from a user chain to the rule after the jump, and applies the built-in policy at the end', () => {
    const nf = new Netfilter();
    nf.setPolicy('filter', 'FORWARD', 'DROP');
    nf.ensureChain('filter', 'A');
    nf.appendRule('filter', 'FORWARD', rule().jump('A'));
    nf.appendRule('filter', 'FORWARD', rule().protoMatch('udp').jump('ACCEPT'));
    nf.appendRule('filter', 'A', rule().src('10.244.1.0/24').jump('RETURN'));
    nf.appendRule('filter', 'A', rule().jump('ACCEPT'));
    const r = evaluateTable(nf, 'filter', 'FORWARD', pkt(), env);
    expect(r.verdict).toBe('DROP');
    expect(walk(r.steps)).toEqual(['FORWARD#1', 'A#1', 'FORWARD policy']);
    expect(nf.getChain('filter', 'FORWARD')!.policyPkts).toBe(1);
  });

  it('does not come back from a goto, keeps going after MARK, and counts a rule without a target', () => {
    const nf = new Netfilter();
    nf.ensureChain('mangle', 'G');
    nf.appendRule('mangle', 'PREROUTING', rule().goto('G'));
    nf.appendRule('mangle', 'PREROUTING', rule().jump('DROP'));
    nf.appendRule('mangle', 'G', rule().orMark(0x4000));
    nf.appendRule('mangle', 'G', rule().comment('count only').build());
    nf.appendRule('mangle', 'G', rule().mark(0x4000, 0x4000).jump('RETURN'));
    const r = evaluateTable(nf, 'mangle', 'PREROUTING', pkt(), env);
    expect(r).toMatchObject({ verdict: 'ACCEPT', mark: 0x4000 });
    expect(walk(r.steps)).toEqual(['PREROUTING#1', 'G#1', 'G#2', 'G#3', 'PREROUTING policy']);
    expect(nf.getChain('mangle', 'G')!.counters(1)).toEqual({ pkts: 1, bytes: 60 });
  });

  it('runs the tables of a hook in kernel order: the filter table sees the destination nat rewrote', () => {
    const nf = new Netfilter();
    nf.appendRule('nat', 'OUTPUT', rule().dst('10.96.0.10').protoMatch('tcp').dport(80).dnat('10.244.2.9:8080'));
    nf.appendRule('filter', 'OUTPUT', rule().dst('10.244.2.9').protoMatch('tcp').dport(8080).reject());
    const r = evaluateHook(nf, 'OUTPUT', pkt({ dst: parseIp('10.96.0.10') }), env);
    expect(r).toMatchObject({ verdict: 'REJECT', rejectWith: 'icmp-port-unreachable', nat: [{ kind: 'DNAT', ip: parseIp('10.244.2.9'), port: 8080 }] });
    expect(evaluateHook(nf, 'OUTPUT', pkt({ dst: parseIp('10.96.0.10') }), env, { nat: false }).verdict).toBe('ACCEPT');
  });

  it('matches interfaces with a + wildcard, conntrack states, addrtype LOCAL and negations', () => {
    const nf = new Netfilter();
    nf.appendRule('filter', 'INPUT', rule().inIface('veth+').ctstate(['NEW']).addrtype({ dst: 'LOCAL' }).src('10.0.0.0/8', true).jump('DROP'));
    const local = { ...env, isLocal: (ip: number) => ip === parseIp('192.168.1.10') };
    const base = pkt({ src: parseIp('203.0.113.7'), dst: parseIp('192.168.1.10'), inIface: 'veth1a2b3c4d' });
    expect(evaluateTable(nf, 'filter', 'INPUT', base, local).verdict).toBe('DROP');
    expect(evaluateTable(nf, 'filter', 'INPUT', { ...base, inIface: 'eth0' }, local).verdict).toBe('ACCEPT');
    expect(evaluateTable(nf, 'filter', 'INPUT', { ...base, ctstate: ['ESTABLISHED'] }, local).verdict).toBe('ACCEPT');
    expect(evaluateTable(nf, 'filter', 'INPUT', { ...base, src: parseIp('10.244.1.5') }, local).verdict).toBe('ACCEPT');
  });

  it('draws 31 random bits per statistic match and matches below the stored probability', () => {
    const nf = new Netfilter();
    nf.appendRule('filter', 'INPUT', rule().probability('0.5000000000').jump('DROP'));
    const draw = (n: number) => evaluateTable(nf, 'filter', 'INPUT', pkt(), { ...env, random: () => n }).verdict;
    expect(draw(0x3fffffff)).toBe('DROP');
    expect(draw(0x40000000)).toBe('ACCEPT');
    expect(draw(0xbfffffff)).toBe('DROP'); // the top bit is not used
  });
});
