/**
 * Felix's rendering, checked as iptables-save and ipset print it, and its enforcement, checked by
 * walking packets through the very rules it wrote (the netfilter engine, the node's ipsets).
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../node/machine';
import { Rng } from '../../rng';
import { parseCIDR, parseIPv4 } from '../../network/ipv4';
import { iptablesSave } from '../../network/netfilter/save';
import { netfilterOf } from '../../network/netfilter/slot';
import { evaluateTable } from '../../network/netfilter/evaluate';
import type { Packet, TraceStep } from '../../network/netfilter/evaluate';
import type { CtState } from '../../network/netfilter/rule';
import { ipsetTester } from '../../network/ipvs/ipsetMatch';
import { FelixWorld, endpointOf } from './world';
import { renderNode } from './render';
import { applyNodeRules, machineIpsets } from './apply';
import { namespace, pod, policy, testVeth } from './testworld';
import type { NetworkPolicy } from './convert';
import type { Namespace, Pod } from '../../types';
import { policyNote } from '../../network/traffic/policyNote';

const machine = (): Machine => new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: parseCIDR('192.168.1.0/24')!.net, gateway: '192.168.1.1', stream: new Rng(1).stream('machine/worker-1') });

const WEB = pod('default', 'web', 'worker-1', '10.244.1.2', { app: 'web' }, [{ name: 'http', port: 80 }]);
const CLIENT = pod('default', 'client', 'worker-2', '10.244.2.3', { app: 'client' });
const allowClient = policy('default', 'allow-client', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 80 }] }] });

function programmed(pods: Pod[], policies: NetworkPolicy[], namespaces: Namespace[] = [namespace('default')]): Machine {
  const world = new FelixWorld(pods.map((p) => endpointOf(p)!), namespaces, policies);
  const m = machine();
  applyNodeRules(m, renderNode(world, 'worker-1', testVeth), new Set());
  return m;
}

describe('rendering', () => {
  it('writes the filter table felix writes for one pod selected by one policy', () => {
    const m = programmed([WEB, CLIENT], [allowClient]);
    expect(iptablesSave(netfilterOf(m), { table: 'filter', nowMs: 0 }).split('\n').slice(1, -2)).toEqual([
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':cali-FORWARD - [0:0]',
      ':cali-INPUT - [0:0]',
      ':cali-OUTPUT - [0:0]',
      ':cali-cidr-block - [0:0]',
      ':cali-from-hep-forward - [0:0]',
      ':cali-from-host-endpoint - [0:0]',
      ':cali-from-wl-dispatch - [0:0]',
      ':cali-fw-caliweb - [0:0]',
      ':cali-pi-_llXQte4h6y2-syRS72D - [0:0]',
      ':cali-pri-kns.default - [0:0]',
      ':cali-pri-ksa.default.default - [0:0]',
      ':cali-pro-kns.default - [0:0]',
      ':cali-pro-ksa.default.default - [0:0]',
      ':cali-to-hep-forward - [0:0]',
      ':cali-to-host-endpoint - [0:0]',
      ':cali-to-wl-dispatch - [0:0]',
      ':cali-tw-caliweb - [0:0]',
      ':cali-wl-to-host - [0:0]',
      '-A INPUT -m comment --comment "cali:eAUWGFwWUO4k1qFv" -j cali-INPUT',
      '-A FORWARD -m comment --comment "cali:NJaBWsf9gjl5r-sD" -j cali-FORWARD',
      '-A FORWARD -m comment --comment "cali:HVGxEyqJ_r-VKLp1" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A FORWARD -m comment --comment "cali:Ohzs5_YP-tk10Z8a" -j MARK --set-xmark 0x10000/0x10000',
      '-A OUTPUT -m comment --comment "cali:nKbzLV9eqmpATCoZ" -j cali-OUTPUT',
      '-A cali-FORWARD -m comment --comment "cali:4dmDHGyUK3aH4GXb" -j MARK --set-xmark 0x0/0xe0000',
      '-A cali-FORWARD -m comment --comment "cali:5YCSakNy6B4R7wHe" -m mark --mark 0x0/0x10000 -j cali-from-hep-forward',
      '-A cali-FORWARD -i cali+ -m comment --comment "cali:9e6_xTqgSbp1cDLj" -j cali-from-wl-dispatch',
      '-A cali-FORWARD -o cali+ -m comment --comment "cali:pOA-WfL4rxAYr-hS" -j cali-to-wl-dispatch',
      '-A cali-FORWARD -m comment --comment "cali:1-k7-5ewIicguIx7" -j cali-to-hep-forward',
      '-A cali-FORWARD -m comment --comment "cali:H34pIdyPm5z8ZYqj" -j cali-cidr-block',
      '-A cali-INPUT -i cali+ -m comment --comment "cali:gxXHKI_k7BmvTgvi" -g cali-wl-to-host',
      '-A cali-INPUT -m comment --comment "cali:v-M1Y8hiOuWjgJ4N" -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-INPUT -m comment --comment "cali:loUYlhdLMRXuMTIf" -j MARK --set-xmark 0x0/0xf0000',
      '-A cali-INPUT -m comment --comment "cali:Bb8b2sRIcm2piPUU" -j cali-from-host-endpoint',
      '-A cali-INPUT -m comment --comment "cali:C1eSY589uFB06EhF" -m comment --comment "Host endpoint policy accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-OUTPUT -m comment --comment "cali:PL3yQVAdxZcA1qCn" -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-OUTPUT -o cali+ -m comment --comment "cali:knY3-gd4LH8WmwlQ" -j RETURN',
      '-A cali-OUTPUT -m comment --comment "cali:dLNhvamjQAnqdRd3" -j MARK --set-xmark 0x0/0xf0000',
      '-A cali-OUTPUT -m comment --comment "cali:LWtBvraOw03VYfo0" -m conntrack ! --ctstate DNAT -j cali-to-host-endpoint',
      '-A cali-OUTPUT -m comment --comment "cali:_ENqjRu9vmVBTbqr" -m comment --comment "Host endpoint policy accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-from-wl-dispatch -i caliweb -m comment --comment "cali:6RPvwtWBYTdz7rPj" -g cali-fw-caliweb',
      '-A cali-from-wl-dispatch -m comment --comment "cali:YxVLC2lwS8k5ICmG" -m comment --comment "Unknown interface" -j DROP',
      '-A cali-fw-caliweb -m comment --comment "cali:E2-ljSyxF-V0nB-5" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A cali-fw-caliweb -m comment --comment "cali:jSP7kr09Nzp6Y6M1" -m conntrack --ctstate INVALID -j DROP',
      '-A cali-fw-caliweb -m comment --comment "cali:PQBMH0SdyVCKg2Hs" -j MARK --set-xmark 0x0/0x10000',
      '-A cali-fw-caliweb -m comment --comment "cali:JdrN2uvI6sGB8b-l" -j cali-pro-kns.default',
      '-A cali-fw-caliweb -m comment --comment "cali:mRP1fL5l_Ks_UYIy" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-fw-caliweb -m comment --comment "cali:-26Yh031eSOS0LKn" -j cali-pro-ksa.default.default',
      '-A cali-fw-caliweb -m comment --comment "cali:CbWPHo0ozIaU3Ge3" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-fw-caliweb -m comment --comment "cali:aTj30VXFkWky86Sx" -m comment --comment "Drop if no profiles matched" -j DROP',
      '-A cali-pi-_llXQte4h6y2-syRS72D -p tcp -m comment --comment "cali:pJLXifErFAtHysNr" -m set --match-set cali40s:n-5uJlWIlrW0rJt--JQkkAT src -m multiport --dports 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pi-_llXQte4h6y2-syRS72D -m comment --comment "cali:d6jQTmBZMvSSTTd3" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-pri-kns.default -m comment --comment "cali:QhDIfkKXMsGDlNFA" -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pri-kns.default -m comment --comment "cali:gEU4OQriuwv3m8L9" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-pro-kns.default -m comment --comment "cali:N9DFK6-XpMUk7wMu" -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pro-kns.default -m comment --comment "cali:OUJCHSvE-yygIep_" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-to-wl-dispatch -o caliweb -m comment --comment "cali:eaCss8MZeZZ-m30K" -g cali-tw-caliweb',
      '-A cali-to-wl-dispatch -m comment --comment "cali:fcAvRdRHFdJCMvnl" -m comment --comment "Unknown interface" -j DROP',
      '-A cali-tw-caliweb -m comment --comment "cali:YO083xxaUKeYrMqz" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A cali-tw-caliweb -m comment --comment "cali:WPnM9HRXm7hlR4SP" -m conntrack --ctstate INVALID -j DROP',
      '-A cali-tw-caliweb -m comment --comment "cali:bOhhe-xVTttH6CFM" -j MARK --set-xmark 0x0/0x10000',
      '-A cali-tw-caliweb -m comment --comment "cali:Nk0C3_aNeeYSi3-h" -m comment --comment "Start of policies" -j MARK --set-xmark 0x0/0x20000',
      '-A cali-tw-caliweb -m comment --comment "cali:D0e-nfmniPxGtc8i" -m mark --mark 0x0/0x20000 -j cali-pi-_llXQte4h6y2-syRS72D',
      '-A cali-tw-caliweb -m comment --comment "cali:GSeoBwngI2PeAd58" -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-caliweb -m comment --comment "cali:AHHgjCqJ7Jm9y9jp" -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP',
      '-A cali-tw-caliweb -m comment --comment "cali:TCIL9hQmX1zgGyna" -j cali-pri-kns.default',
      '-A cali-tw-caliweb -m comment --comment "cali:4XnQi6sD27wIgnWQ" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-caliweb -m comment --comment "cali:KwdUIeiSSBoOihte" -j cali-pri-ksa.default.default',
      '-A cali-tw-caliweb -m comment --comment "cali:HjBLI0q7GJaD9upH" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-caliweb -m comment --comment "cali:GDBKAsAJmk41gKTm" -m comment --comment "Drop if no profiles matched" -j DROP',
      '-A cali-wl-to-host -m comment --comment "cali:reu8RJ7i_CtoR6UT" -j cali-from-wl-dispatch',
      '-A cali-wl-to-host -m comment --comment "cali:75Cl5NodjM-ezxYZ" -m comment --comment "Configured DefaultEndpointToHostAction" -j ACCEPT',
      'COMMIT'
    ]);
  });

  it('fills the selector set with the addresses of the pods it selects, and empties it when they go', () => {
    const m = programmed([WEB, CLIENT], [allowClient]);
    const sets = machineIpsets(m).list();
    expect(sets.map((s) => [s.name, s.type, s.members(), s.references])).toEqual([['cali40s:n-5uJlWIlrW0rJt--JQkkAT', 'hash:net', ['10.244.2.3'], 1]]);
    const world = new FelixWorld([endpointOf(WEB)!], [namespace('default')], [allowClient]);
    const before = new Set(netfilterOf(m).peek('filter').listed().map((c) => c.name));
    applyNodeRules(m, renderNode(world, 'worker-1', testVeth), before);
    expect(machineIpsets(m).get('cali40s:n-5uJlWIlrW0rJt--JQkkAT')!.members()).toEqual([]);
  });

  it('takes its chains away when the pod and its policies are gone, and leaves the others\' rules in place', () => {
    const m = programmed([WEB, CLIENT], [allowClient]);
    const chains = (): string[] => netfilterOf(m).peek('filter').listed().map((c) => c.name).filter((n) => n.startsWith('cali-'));
    const before = new Set(chains());
    applyNodeRules(m, renderNode(new FelixWorld([], [namespace('default')], []), 'worker-1', testVeth), before);
    expect(chains()).toEqual(['cali-FORWARD', 'cali-INPUT', 'cali-OUTPUT', 'cali-cidr-block', 'cali-from-hep-forward', 'cali-from-host-endpoint', 'cali-from-wl-dispatch', 'cali-to-hep-forward', 'cali-to-host-endpoint', 'cali-to-wl-dispatch', 'cali-wl-to-host']);
    expect(machineIpsets(m).list()).toEqual([]);
  });
});

/** A forwarded packet's verdict in the filter table, with the policy note of the step that decided. */
function forward(m: Machine, p: { src: string; dst: string; dport: number; proto?: 'tcp' | 'udp'; in: string; out: string; ct?: CtState[] }): { verdict: string; note?: string } {
  const nf = netfilterOf(m);
  const pkt: Packet = { src: parseIPv4(p.src)!, dst: parseIPv4(p.dst)!, proto: p.proto ?? 'tcp', sport: 40000, dport: p.dport, mark: 0, ctstate: p.ct ?? ['NEW'], inIface: p.in, outIface: p.out };
  const r = evaluateTable(nf, 'filter', 'FORWARD', pkt, { nowMs: 0, random: () => 0, isLocal: () => false, ipsetTest: ipsetTester(machineIpsets(m)), count: false });
  const notes = r.steps.map((s: TraceStep) => policyNote(m, s)?.text).filter((t): t is string => !!t);
  return { verdict: r.verdict, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

describe('enforcement through the rules', () => {
  const TO_WEB = { dst: '10.244.1.2', dport: 80, in: 'flannel.1', out: 'caliweb' };

  it('lets the selected peer in on the allowed port, drops the rest, and lets replies through', () => {
    const m = programmed([WEB, CLIENT, pod('default', 'other', 'worker-2', '10.244.2.9', {})], [allowClient]);
    expect(forward(m, { ...TO_WEB, src: '10.244.2.3' })).toEqual({ verdict: 'ACCEPT', note: 'allowed by NetworkPolicy default/allow-client (ingress rule 1)' });
    expect(forward(m, { ...TO_WEB, src: '10.244.2.3', dport: 443 })).toEqual({ verdict: 'DROP', note: 'dropped: default/web is isolated for ingress and no NetworkPolicy allows this (selected by default/allow-client)' });
    expect(forward(m, { ...TO_WEB, src: '10.244.2.9' }).verdict).toBe('DROP');
    expect(forward(m, { ...TO_WEB, src: '10.244.2.9', ct: ['ESTABLISHED'] }).verdict).toBe('ACCEPT');
    // egress is not isolated: web may open connections anywhere
    expect(forward(m, { src: '10.244.1.2', dst: '8.8.8.8', dport: 53, proto: 'udp', in: 'caliweb', out: 'eth0' }).verdict).toBe('ACCEPT');
  });

  it('an unselected pod is not isolated; an unknown cali interface is dropped', () => {
    const m = programmed([WEB, pod('default', 'free', 'worker-1', '10.244.1.7', { app: 'free' })], [allowClient]);
    expect(forward(m, { dst: '10.244.1.7', src: '10.244.2.9', dport: 22, in: 'flannel.1', out: 'califree' })).toEqual({ verdict: 'ACCEPT' });
    expect(forward(m, { dst: '10.244.1.8', src: '10.244.2.9', dport: 80, in: 'flannel.1', out: 'caligone' }).verdict).toBe('DROP');
  });

  it('namespaceSelector and podSelector together select pods matching both', () => {
    const both = policy('default', 'frontends', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'fe' } } }] }] });
    const pods = [WEB, pod('a', 'fe', 'worker-2', '10.244.2.10', { role: 'fe' }), pod('a', 'be', 'worker-2', '10.244.2.11', { role: 'be' }), pod('b', 'fe', 'worker-2', '10.244.2.12', { role: 'fe' })];
    const m = programmed(pods, [both], [namespace('default'), namespace('a', { team: 'a' }), namespace('b', { team: 'b' })]);
    expect(['10.244.2.10', '10.244.2.11', '10.244.2.12'].map((src) => forward(m, { ...TO_WEB, src }).verdict)).toEqual(['ACCEPT', 'DROP', 'DROP']);
  });

  it('ipBlock except, endPort ranges, named ports and protocols', () => {
    const p = policy('default', 'mixed', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.244.2.0/24'] } }], ports: [{ protocol: 'UDP', port: 5000, endPort: 5010 }] },
        { ports: [{ port: 'http' }] },
      ],
    });
    const m = programmed([WEB], [p]);
    expect(forward(m, { ...TO_WEB, src: '10.244.3.4', dport: 5005, proto: 'udp' })).toEqual({ verdict: 'ACCEPT', note: 'allowed by NetworkPolicy default/mixed (ingress rule 1)' });
    expect(forward(m, { ...TO_WEB, src: '10.244.2.4', dport: 5005, proto: 'udp' }).verdict).toBe('DROP');
    expect(forward(m, { ...TO_WEB, src: '10.244.3.4', dport: 5011, proto: 'udp' }).verdict).toBe('DROP');
    expect(forward(m, { ...TO_WEB, src: '10.244.3.4', dport: 5005, proto: 'tcp' }).verdict).toBe('DROP');
    expect(forward(m, { ...TO_WEB, src: '10.244.2.4', dport: 80 })).toEqual({ verdict: 'ACCEPT', note: 'allowed by NetworkPolicy default/mixed (ingress rule 2)' });
  });

  it('egress isolation: only the allowed destinations and ports leave the pod', () => {
    const eg = policy('default', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8080 }] }] });
    const m = programmed([WEB, CLIENT], [eg]);
    const FROM_WEB = { src: '10.244.1.2', in: 'caliweb', out: 'flannel.1' };
    expect(forward(m, { ...FROM_WEB, dst: '10.244.2.3', dport: 8080 })).toEqual({ verdict: 'ACCEPT', note: 'allowed by NetworkPolicy default/web-egress (egress rule 1)' });
    expect(forward(m, { ...FROM_WEB, dst: '10.96.0.10', dport: 53, proto: 'udp' })).toEqual({ verdict: 'DROP', note: 'dropped: default/web is isolated for egress and no NetworkPolicy allows this (selected by default/web-egress)' });
    // ingress stays open: the policy's types are Egress only
    expect(forward(m, { ...TO_WEB, src: '10.244.2.9' }).verdict).toBe('ACCEPT');
  });
});
