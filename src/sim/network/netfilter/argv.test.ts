import { describe, expect, it } from 'vitest';
import { parseRuleArgs, splitRestoreLine } from './argv';
import { ruleMatches } from './evaluate';
import { Netfilter } from './netfilter';
import { parseRestore } from './restore';
import { iptablesSave } from './save';
import { printExtras, ruleSpec } from './text';

const spec = (line: string): string => ruleSpec(parseRuleArgs(splitRestoreLine(line)));

describe('reading iptables arguments into rules', () => {
  it('prints MARK --or-mark/--xor-mark/--and-mark/--set-mark as the xmark pair libxt_MARK stores', () => {
    expect(spec('-j MARK --or-mark 0x00004000')).toBe(' -j MARK --set-xmark 0x4000/0x4000');
    expect(spec('-j MARK --xor-mark 0x00004000')).toBe(' -j MARK --set-xmark 0x4000/0x0');
    expect(spec('-j MARK --and-mark 0xffffbfff')).toBe(' -j MARK --set-xmark 0x0/0x4000');
    expect(spec('-j MARK --set-mark 0x1/0x6')).toBe(' -j MARK --set-xmark 0x1/0x7');
    expect(spec('-j MARK --set-mark 16384')).toBe(' -j MARK --set-xmark 0x4000/0xffffffff');
    expect(spec('-j MARK --set-xmark 0x4000')).toBe(' -j MARK --set-xmark 0x4000/0xffffffff');
  });

  it('moves -s/-d/-p ahead of the matches, keeps the negation before its option, and keeps match order', () => {
    expect(spec('-m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ')).toBe(
      ' ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    );
    expect(spec('-m mark ! --mark 0x00004000/0x00004000 -j RETURN')).toBe(' -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(spec('-m set ! --match-set KUBE-LOOP-BACK dst,dst,src -j ACCEPT')).toBe(' -m set ! --match-set KUBE-LOOP-BACK dst,dst,src -j ACCEPT');
    expect(spec('-m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT')).toBe(' -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT');
    expect(spec('-m conntrack --ctstate ESTABLISHED,NEW -j ACCEPT')).toBe(' -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT');
    expect(spec('-d 10.96.0.1 -s 10.244.1.5/16 -o eth0 -i cni0 -p TCP -j ACCEPT')).toBe(' -s 10.244.0.0/16 -d 10.96.0.1/32 -i cni0 -o eth0 -p tcp -j ACCEPT');
    expect(spec('-s 192.168.1.0/255.255.255.0 -j DROP')).toBe(' -s 192.168.1.0/24 -j DROP');
  });

  it('loads the protocol match for a port option after -p, as iptables does', () => {
    expect(spec('-p tcp --dport 30080 -j ACCEPT')).toBe(' -p tcp -m tcp --dport 30080 -j ACCEPT');
    expect(spec('-p udp -m comment --comment x --sport 1000:2000 ! --dport 53 -j ACCEPT')).toBe(' -p udp -m comment --comment x -m udp --sport 1000:2000 ! --dport 53 -j ACCEPT');
    expect(spec('-p tcp -m tcp --dport 80 -j ACCEPT')).toBe(' -p tcp -m tcp --dport 80 -j ACCEPT');
  });

  it('fills in the defaults iptables-save prints: REJECT with icmp-port-unreachable, MASQUERADE flags, DNAT ranges', () => {
    expect(spec('-m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT')).toBe(
      ' -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(spec('-j MASQUERADE --random-fully')).toBe(' -j MASQUERADE --random-fully');
    expect(spec('-p tcp -j DNAT --to-destination 10.244.1.5:8080')).toBe(' -p tcp -j DNAT --to-destination 10.244.1.5:8080');
    expect(spec('-g KUBE-SVC-X')).toBe(' -g KUBE-SVC-X');
    expect(spec('-m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-X')).toBe(' -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-X');
  });

  it('prints the ipvs match as libxt_ipvs saves it: protocol by number, no /32 on the address', () => {
    expect(spec('-s 192.168.1.240 -m ipvs --vaddr 192.168.1.240 --vproto tcp --vport 80 -j DROP')).toBe(
      ' -s 192.168.1.240/32 -m ipvs --vproto 6 --vaddr 192.168.1.240 --vport 80 -j DROP',
    );
    expect(spec('-m ipvs ! --vaddr 10.96.0.0/12 -j ACCEPT')).toBe(' -m ipvs ! --vaddr 10.96.0.0/12 -j ACCEPT');
    expect(spec('-m ipvs ! --ipvs -j ACCEPT')).toBe(' -m ipvs ! --ipvs -j ACCEPT');
    expect(printExtras(parseRuleArgs(splitRestoreLine('-m ipvs --vproto udp --vport 53')), true)).toBe(' vproto 17 vport 53');
  });

  it('refuses what iptables refuses', () => {
    expect(() => spec('-m nosuch -j ACCEPT')).toThrow("iptables v1.8.9 (nf_tables): Couldn't load match `nosuch':No such file or directory");
    expect(() => spec('-m comment --dport 80')).toThrow('iptables v1.8.9 (nf_tables): unknown option "--dport"');
    expect(() => spec('-m set --match-set KUBE-CLUSTER-IP -j ACCEPT')).toThrow('iptables v1.8.9 (nf_tables): --match-set requires two args.');
    expect(() => spec('-j MARK')).toThrow('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
  });
});

describe('iptables-restore input', () => {
  it('splits lines as iptables-restore does: quotes group, a backslash inside quotes escapes', () => {
    expect(splitRestoreLine('-A X -m comment --comment "a \\"b\\" c"  -j ACCEPT')).toEqual(['-A', 'X', '-m', 'comment', '--comment', 'a "b" c', '-j', 'ACCEPT']);
    expect(splitRestoreLine('--comment ""')).toEqual(['--comment', '']);
  });

  it('applies with --noflush: named chains are flushed and refilled, other chains and rules stay', () => {
    const nf = new Netfilter();
    nf.ensureChain('nat', 'OTHER');
    nf.appendRule('nat', 'OTHER', parseRuleArgs(['-j', 'RETURN']));
    nf.ensureChain('nat', 'KUBE-MARK-MASQ');
    nf.appendRule('nat', 'KUBE-MARK-MASQ', parseRuleArgs(['-j', 'ACCEPT']));
    nf.restore(parseRestore('*nat\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-SERVICES - [0:0]\n-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN\nCOMMIT\n'));
    expect(iptablesSave(nf, { nowMs: 0, table: 'nat' }).split('\n').filter((l) => l.startsWith('-A') || l.startsWith(':K') || l.startsWith(':OTHER'))).toEqual([
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':OTHER - [0:0]',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      '-A OTHER -j RETURN',
    ]);
  });

  it('fails on a jump to a chain that does not exist, changing nothing', () => {
    const nf = new Netfilter();
    expect(() => nf.restore(parseRestore('*nat\n:A - [0:0]\n-A A -j KUBE-NOPE\nCOMMIT\n'))).toThrow("iptables-restore v1.8.9 (nf_tables): Chain 'KUBE-NOPE' does not exist");
    expect(nf.getChain('nat', 'A')).toBeUndefined();
    expect(() => parseRestore('*nat\n:A - [0:0]\n')).toThrow('COMMIT expected');
  });
});

describe('evaluating what was read', () => {
  it('physdev: an unbridged packet fails every plain option and passes the negated ones; a bridged one is tested', () => {
    const nf = new Netfilter();
    const notIn = parseRuleArgs(['-m', 'physdev', '!', '--physdev-is-in']);
    const isIn = parseRuleArgs(['-m', 'physdev', '--physdev-is-in']);
    const p = { src: 0x0a000001, dst: 0x0a000002, proto: 'tcp' as const, sport: 1, dport: 2, mark: 0, ctstate: ['NEW' as const] };
    const env = { nowMs: 0, random: () => 0, isLocal: () => false };
    expect([ruleMatches(nf, notIn, p, env), ruleMatches(nf, isIn, p, env)]).toEqual([true, false]);
    const bridged = { ...p, physIn: 'veth1234abcd' };
    expect([ruleMatches(nf, notIn, bridged, env), ruleMatches(nf, isIn, bridged, env)]).toEqual([false, true]);
  });

  it('ipvs: matches the virtual service of an IPVS connection, and nothing IPVS did not handle', () => {
    const nf = new Netfilter();
    const r = parseRuleArgs(['-s', '192.168.1.240', '-m', 'ipvs', '--vaddr', '192.168.1.240', '--vproto', 'tcp', '--vport', '80', '-j', 'DROP']);
    const env = { nowMs: 0, random: () => 0, isLocal: () => false };
    const p = { src: 0xc0a801f0, dst: 0x0af40105, proto: 'tcp' as const, sport: 40000, dport: 8080, mark: 0, ctstate: ['NEW' as const] };
    expect(ruleMatches(nf, r, { ...p, ipvs: { vaddr: 0xc0a801f0, vport: 80, proto: 'tcp' } }, env)).toBe(true);
    expect(ruleMatches(nf, r, { ...p, ipvs: { vaddr: 0xc0a801f0, vport: 443, proto: 'tcp' } }, env)).toBe(false);
    expect(ruleMatches(nf, r, p, env)).toBe(false);
  });
});
