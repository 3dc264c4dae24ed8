import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import { applyFault, parseFault } from '../../faults';
import type { FaultResult } from '../../faults';
import { iptablesSave } from '../../network/netfilter/save';
import { saveLine } from '../../network/netfilter/text';
import { netfilterOf } from '../../network/netfilter/slot';
import { ip } from '../../node/nodeshell/ip';
import { nodeRig, setPodCIDR } from '../../node/testutil';

/** What the CLI prints of a fault's result (the page's message id aside). */
const said = (r: FaultResult): { ok: boolean; message: string } => ({ ok: r.ok, message: r.message });

/** The lines of `chain` in one table of `node`, as iptables-save prints them. */
function lines(c: Cluster, node: string, table: 'nat' | 'filter', chain: string): string[] {
  const ch = netfilterOf(c.machines.get(node)!).getChain(table, chain);
  return (ch?.rules ?? []).map((r) => saveLine(chain, r));
}

const MASQ = [
  '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
  '-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
  '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
  '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
  '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
  '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
];

describe('flanneld\'s iptables rules', () => {
  it('writes FLANNEL-FWD and FLANNEL-POSTRTG for the node\'s lease, jumped to after kube-proxy\'s rules', () => {
    const c = createCluster({ seed: 1 });
    expect(lines(c, 'worker-1', 'nat', 'POSTROUTING')).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    ]);
    expect(lines(c, 'worker-1', 'nat', 'FLANNEL-POSTRTG')).toEqual(MASQ);
    expect(lines(c, 'worker-1', 'filter', 'FLANNEL-FWD')).toEqual([
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    ]);
    expect(lines(c, 'control-plane', 'nat', 'FLANNEL-POSTRTG')[1]).toBe('-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN');
  });

  it('puts a removed rule back within its 5 s resync, the whole set re-appended in order; not while it is stopped', () => {
    // Without metrics-server: its endpoint turning ready inside the 5 s would change the nat table on its own.
    const c = createCluster({ seed: 1, addons: [] });
    const nf = netfilterOf(c.machines.get('worker-1')!);
    const before = iptablesSave(nf, { nowMs: 0, table: 'nat' });
    nf.deleteRule('nat', 'FLANNEL-POSTRTG', nf.getChain('nat', 'FLANNEL-POSTRTG')!.rules[2]!);
    nf.flushChain('filter', 'FLANNEL-FWD');
    c.runUntil(c.clock.now() + 5_000);
    expect(iptablesSave(nf, { nowMs: 0, table: 'nat' })).toBe(before);
    expect(lines(c, 'worker-1', 'filter', 'FLANNEL-FWD')).toHaveLength(2);
    expect(lines(c, 'worker-1', 'filter', 'FORWARD').at(-1)).toBe('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD');

    expect(said(applyFault(c, parseFault({ type: 'flannel-stop', node: 'worker-1' })))).toEqual({ ok: true, message: 'flanneld on worker-1 stopped (SIGSTOP; its container keeps running, its routes and rules stay as they are)' });
    expect(said(applyFault(c, parseFault({ type: 'flannel-stop', node: 'worker-1' })))).toEqual({ ok: false, message: 'flanneld on worker-1 is already stopped' });
    nf.flushChain('nat', 'FLANNEL-POSTRTG');
    c.runUntil(c.clock.now() + 20_000);
    expect(lines(c, 'worker-1', 'nat', 'FLANNEL-POSTRTG')).toEqual([]);
    expect(said(applyFault(c, parseFault({ type: 'flannel-start', node: 'worker-1' })))).toEqual({ ok: true, message: 'flanneld on worker-1 continued (SIGCONT)' });
    expect(said(applyFault(c, parseFault({ type: 'flannel-start', node: 'worker-1' })))).toEqual({ ok: false, message: 'flanneld on worker-1 is not stopped' });
    c.runUntil(c.clock.now() + 5_000);
    expect(lines(c, 'worker-1', 'nat', 'FLANNEL-POSTRTG')).toEqual(MASQ);
  });

  it('refuses the faults where no flanneld runs, and checks their fields', () => {
    const c = createCluster({ seed: 1 });
    expect(said(applyFault(c, parseFault({ type: 'flannel-start', node: 'nope' })))).toEqual({ ok: false, message: 'node "nope" not found' });
    expect(() => parseFault({ type: 'flannel-stop', node: 'worker-1', pod: 'x' })).toThrow('fault: unknown field "pod" for fault type flannel-stop (allowed: type, node)');
    expect(() => parseFault({ type: 'flannel-stop' })).toThrow('fault.node: required for fault type flannel-stop');
  });
});

describe('flannel-stop and a node that joins later', () => {
  it('leaves the stopped node without a route to the new node\'s pods while the others get one; flannel-start adds it', () => {
    const rig = nodeRig(['worker-1', 'worker-2', 'worker-3'], {}, 7, false);
    const c = rig.cluster;
    setPodCIDR(rig.admin, 'worker-1', '10.244.1.0/24');
    setPodCIDR(rig.admin, 'worker-2', '10.244.2.0/24');
    c.runUntil(c.clock.now() + 30_000);
    const route = (node: string) => ip(c.machines.get(node)!, ['route']).stdout;
    const w3 = '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink \n';
    expect(route('worker-1')).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n');

    expect(applyFault(c, parseFault({ type: 'flannel-stop', node: 'worker-1' })).ok).toBe(true);
    // worker-3 joins the pod network: it gets its block and its flanneld registers.
    setPodCIDR(rig.admin, 'worker-3', '10.244.3.0/24');
    c.runUntil(c.clock.now() + 60_000);
    expect(route('worker-2')).toContain(w3);
    expect(route('worker-1')).not.toContain('10.244.3.0/24');
    expect(ip(c.machines.get('worker-1')!, ['neigh']).stdout).not.toContain('10.244.3.0 ');

    expect(applyFault(c, parseFault({ type: 'flannel-start', node: 'worker-1' })).ok).toBe(true);
    c.runUntil(c.clock.now() + 100);
    expect(route('worker-1')).toContain(w3);
    expect(route('worker-1')).toBe(
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100 \n' +
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n' +
        w3 +
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 \n',
    );
  });
});
