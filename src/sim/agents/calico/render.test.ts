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
      '-A INPUT -m comment --comment "cali:Cz_u1IQiXIMmKD4c" -j cali-INPUT',
      '-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD',
      '-A FORWARD -m comment --comment "cali:wKcLxTvqO6tsZpWg" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A FORWARD -m comment --comment "cali:GqHScGtONHF987Sm" -j MARK --set-xmark 0x10000/0x10000',
      '-A OUTPUT -m comment --comment "cali:tVnHkvAo15HuiPy0" -j cali-OUTPUT',
      '-A cali-FORWARD -m comment --comment "cali:vjrMJCRpqwy5oRoX" -j MARK --set-xmark 0x0/0xe0000',
      '-A cali-FORWARD -m comment --comment "cali:A_sPAO0mcxbT9mOV" -m mark --mark 0x0/0x10000 -j cali-from-hep-forward',
      '-A cali-FORWARD -i cali+ -m comment --comment "cali:8ZoYfO5HKXWbB3pk" -j cali-from-wl-dispatch',
      '-A cali-FORWARD -o cali+ -m comment --comment "cali:jdEuaPBe14V2hutn" -j cali-to-wl-dispatch',
      '-A cali-FORWARD -m comment --comment "cali:12bc6HljsMKsmfr-" -j cali-to-hep-forward',
      '-A cali-FORWARD -m comment --comment "cali:NOSxoaGx8OIstr1z" -j cali-cidr-block',
      '-A cali-INPUT -i cali+ -m comment --comment "cali:FewJpBykm9iJ-YNH" -g cali-wl-to-host',
      '-A cali-INPUT -m comment --comment "cali:hder3ARWznqqv8Va" -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-INPUT -m comment --comment "cali:xgOu2uJft6H9oDGF" -j MARK --set-xmark 0x0/0xf0000',
      '-A cali-INPUT -m comment --comment "cali:_-d-qojMfHM6NwBo" -j cali-from-host-endpoint',
      '-A cali-INPUT -m comment --comment "cali:LqmE76MP94lZTGhA" -m comment --comment "Host endpoint policy accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-OUTPUT -m comment --comment "cali:Mq1_rAdXXH3YkrzW" -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-OUTPUT -o cali+ -m comment --comment "cali:69FkRTJDvD5Vu6Vl" -j RETURN',
      '-A cali-OUTPUT -m comment --comment "cali:Fskumj4SGQtDV6GC" -j MARK --set-xmark 0x0/0xf0000',
      '-A cali-OUTPUT -m comment --comment "cali:1F4VWEsQu0QbRwKf" -m conntrack ! --ctstate DNAT -j cali-to-host-endpoint',
      '-A cali-OUTPUT -m comment --comment "cali:m8Eqm15x1MjD24LD" -m comment --comment "Host endpoint policy accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
      '-A cali-from-wl-dispatch -i caliweb -m comment --comment "cali:a4LsRpIBAuei2z2L" -g cali-fw-caliweb',
      '-A cali-from-wl-dispatch -m comment --comment "cali:pUshFqxhYHqrdSOp" -m comment --comment "Unknown interface" -j DROP',
      '-A cali-fw-caliweb -m comment --comment "cali:KGoa8KHerONnG2Yl" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A cali-fw-caliweb -m comment --comment "cali:TEssqlJQAvFuFoSI" -m conntrack --ctstate INVALID -j DROP',
      '-A cali-fw-caliweb -m comment --comment "cali:_3L7OIXn27bvXgqK" -j MARK --set-xmark 0x0/0x10000',
      '-A cali-fw-caliweb -m comment --comment "cali:K97DuT5BfrFX4QYS" -j cali-pro-kns.default',
      '-A cali-fw-caliweb -m comment --comment "cali:iUOwjVvxusfSUVGP" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-fw-caliweb -m comment --comment "cali:vgi00geMS9qULKkc" -j cali-pro-ksa.default.default',
      '-A cali-fw-caliweb -m comment --comment "cali:YgpcnAM40gHZo3WM" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-fw-caliweb -m comment --comment "cali:DJ9K6q-D2gc74cdx" -m comment --comment "Drop if no profiles matched" -j DROP',
      '-A cali-pi-_llXQte4h6y2-syRS72D -p tcp -m comment --comment "cali:vFs8e8oAZDS9PpYF" -m set --match-set cali40s:23ShbmFIKEhWTgzEpYy8EU4 src -m multiport --dports 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pi-_llXQte4h6y2-syRS72D -m comment --comment "cali:jP0W3w0ECMTZZjRR" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-pri-kns.default -m comment --comment "cali:7Fnh7Pv3_98FtLW7" -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pri-kns.default -m comment --comment "cali:ZbV6bJXWSRefjK0u" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-pro-kns.default -m comment --comment "cali:oLzzje5WExbgfib5" -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pro-kns.default -m comment --comment "cali:4goskqvxh5xcGw3s" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-to-wl-dispatch -o caliweb -m comment --comment "cali:I5eAV9gCuKspWDqr" -g cali-tw-caliweb',
      '-A cali-to-wl-dispatch -m comment --comment "cali:1OWJBUgunGN3W0Vr" -m comment --comment "Unknown interface" -j DROP',
      '-A cali-tw-caliweb -m comment --comment "cali:TYVrp1HTx0N12Qk2" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A cali-tw-caliweb -m comment --comment "cali:aZHBmCjz5OfNlbvE" -m conntrack --ctstate INVALID -j DROP',
      '-A cali-tw-caliweb -m comment --comment "cali:tPNNfJAfg7VMDKKO" -j MARK --set-xmark 0x0/0x10000',
      '-A cali-tw-caliweb -m comment --comment "cali:1xWCretzA-Woz-7R" -m comment --comment "Start of policies" -j MARK --set-xmark 0x0/0x20000',
      '-A cali-tw-caliweb -m comment --comment "cali:ph3nAWbIJ_fx-ySK" -m mark --mark 0x0/0x20000 -j cali-pi-_llXQte4h6y2-syRS72D',
      '-A cali-tw-caliweb -m comment --comment "cali:YKMABTqXH01jiKMp" -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-caliweb -m comment --comment "cali:NPlsXMSyVUfIGcmj" -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP',
      '-A cali-tw-caliweb -m comment --comment "cali:XpYNEWFr9UAS5Ncz" -j cali-pri-kns.default',
      '-A cali-tw-caliweb -m comment --comment "cali:bnAUrVEqbn38cYIE" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-caliweb -m comment --comment "cali:CTyO9yBJlhKPWKrw" -j cali-pri-ksa.default.default',
      '-A cali-tw-caliweb -m comment --comment "cali:cZH5tBLxVtg4dKDY" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-caliweb -m comment --comment "cali:A6Xm4NQ7ExfDq9Ll" -m comment --comment "Drop if no profiles matched" -j DROP',
      '-A cali-wl-to-host -m comment --comment "cali:Ee9Sbo10IpVujdIY" -j cali-from-wl-dispatch',
      '-A cali-wl-to-host -m comment --comment "cali:nSZbcOoG1xPONxb8" -m comment --comment "Configured DefaultEndpointToHostAction" -j ACCEPT',
      'COMMIT'
    ]);
  });

  it('fills the selector set with the addresses of the pods it selects, and empties it when they go', () => {
    const m = programmed([WEB, CLIENT], [allowClient]);
    const sets = machineIpsets(m).list();
    expect(sets.map((s) => [s.name, s.type, s.members(), s.references])).toEqual([['cali40s:23ShbmFIKEhWTgzEpYy8EU4', 'hash:net', ['10.244.2.3'], 1]]);
    const world = new FelixWorld([endpointOf(WEB)!], [namespace('default')], [allowClient]);
    const before = new Set(netfilterOf(m).peek('filter').listed().map((c) => c.name));
    applyNodeRules(m, renderNode(world, 'worker-1', testVeth), before);
    expect(machineIpsets(m).get('cali40s:23ShbmFIKEhWTgzEpYy8EU4')!.members()).toEqual([]);
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
