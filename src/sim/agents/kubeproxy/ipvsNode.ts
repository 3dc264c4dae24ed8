/**
 * Where kube-proxy's IPVS mode writes on a machine: the kernel's IPVS table and ipsets (held in the
 * machine's kernel-table slots, gone after a power cycle), the kube-ipvs0 dummy link in the host
 * namespace, which holds every VIP as a /32 so the node accepts packets to it, and the host's
 * netfilter tables for the iptables rules that remain in IPVS mode.
 */
import type { DataplaneSlot, Machine } from '../../node/machine';
import { IpsetRegistry } from '../../network/ipvs/ipset';
import { netfilterOf } from '../../network/netfilter/slot';
import { IpvsTable } from '../../network/ipvs/table';
import { DUMMY_DEVICE } from './ipvs';
import type { DummyDevice, IpvsNode } from './ipvsSync';

interface IpvsSlot extends DataplaneSlot {
  readonly kind: 'ipvs';
  readonly ipvs: IpvsTable;
}

interface IpsetSlot extends DataplaneSlot {
  readonly kind: 'ipset';
  readonly ipsets: IpsetRegistry;
}

export function ipvsTableOf(m: Machine): IpvsTable {
  return m.slot<IpvsSlot>('ipvs', () => ({ kind: 'ipvs', ipvs: new IpvsTable() })).ipvs;
}

export function ipsetsOf(m: Machine): IpsetRegistry {
  return m.slot<IpsetSlot>('ipset', () => ({ kind: 'ipset', ipsets: new IpsetRegistry() })).ipsets;
}

/** kube-ipvs0 on the machine's host namespace: made (down, as kube-proxy leaves it) when first needed. */
class MachineDummyDevice implements DummyDevice {
  constructor(private readonly m: Machine) {}

  private ensure(): void {
    const host = this.m.host;
    if (!host.link(DUMMY_DEVICE)) host.addLink({ name: DUMMY_DEVICE, type: 'dummy', mac: this.m.randomMac(), mtu: 1500, state: 'DOWN' });
  }

  addresses(): readonly string[] {
    return this.m.host.addresses.filter((a) => a.dev === DUMMY_DEVICE).map((a) => a.ip);
  }

  add(ip: string): void {
    this.ensure();
    if (!this.addresses().includes(ip)) this.m.host.addresses.push({ dev: DUMMY_DEVICE, ip, prefix: 32, scope: 'global' });
  }

  remove(ip: string): void {
    const list = this.m.host.addresses;
    const i = list.findIndex((a) => a.dev === DUMMY_DEVICE && a.ip === ip);
    if (i >= 0) list.splice(i, 1);
  }
}

export function ipvsNodeOf(m: Machine): IpvsNode {
  return { ipvs: ipvsTableOf(m), ipsets: ipsetsOf(m), dummy: new MachineDummyDevice(m), netfilter: netfilterOf(m) };
}

/** The node's own addresses kube-proxy sees (every interface but kube-ipvs0). */
export function nodeAddresses(m: Machine): string[] {
  return m.host.addresses.filter((a) => a.dev !== DUMMY_DEVICE).map((a) => a.ip);
}
