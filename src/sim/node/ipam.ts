/**
 * host-local IPAM, the way the CNI `host-local` plugin hands out pod addresses on one node.
 *
 * Facts carried over from containernetworking/plugins (plugins/ipam/host-local):
 * - the range is the node's pod CIDR; the gateway defaults to the first address (`.1`) and is never
 *   handed out, so with the default range start the first pod gets `.2`;
 * - the range ends at the last address before the broadcast address (`.254` in a /24);
 * - allocation is sequential: it resumes after the last reserved address (`last_reserved_ip.0`) and
 *   wraps around to the range start, skipping addresses still held;
 * - each reservation is a file named after the IP holding the container ID, so a released address is
 *   only handed out again once the iterator comes round to it;
 * - when nothing is free the plugin fails with
 *   `failed to allocate for range 0: no IP addresses available in range set: <start>-<end>`.
 */
import { broadcastOf, formatCIDR, formatIPv4, netSize, parseCIDR } from '../network/ipv4';

/** One reservation: the address and the container (sandbox) ID that holds it. */
export interface IpReservation {
  ip: string;
  containerId: string;
  /** the interface name recorded next to the ID in the reservation file (`eth0`) */
  ifName: string;
}

export class IpamExhaustedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpamExhaustedError';
  }
}

/** The host-local allocator for one range (one node's pod CIDR). */
export class HostLocalIpam {
  readonly subnet: string;
  readonly gateway: string;
  readonly rangeStart: string;
  readonly rangeEnd: string;
  private readonly startN: number;
  private readonly endN: number;
  private readonly gatewayN: number;
  private readonly byIp = new Map<number, IpReservation>();
  private readonly byId = new Map<string, number>();
  private lastReservedN: number | undefined;

  /**
   * @param cidr the node's pod CIDR, e.g. `10.244.1.0/24`
   * @param networkName the CNI network name, which names the state directory (`cbr0` for flannel)
   */
  constructor(cidr: string, readonly networkName = 'cbr0') {
    const c = parseCIDR(cidr)?.net;
    if (!c) throw new Error(`invalid CIDR address: ${cidr}`);
    this.subnet = formatCIDR(c);
    if (netSize(c) < 4) throw new Error(`network ${this.subnet} too small to allocate from`);
    this.startN = c.ip + 1;
    this.endN = broadcastOf(c) - 1;
    this.gatewayN = c.ip + 1;
    this.gateway = formatIPv4(this.gatewayN);
    this.rangeStart = formatIPv4(this.startN);
    this.rangeEnd = formatIPv4(this.endN);
  }

  /** Reserves the next free address for `containerId`; the same ID asking twice gets its address back. */
  allocate(containerId: string, ifName = 'eth0'): string {
    const held = this.byId.get(containerId);
    if (held !== undefined) return formatIPv4(held);
    const total = this.endN - this.startN + 1;
    let cur = this.lastReservedN !== undefined && this.lastReservedN >= this.startN && this.lastReservedN <= this.endN ? this.lastReservedN : undefined;
    for (let i = 0; i < total; i++) {
      cur = cur === undefined || cur >= this.endN ? this.startN : cur + 1;
      if (cur === this.gatewayN || this.byIp.has(cur)) continue;
      const ip = formatIPv4(cur);
      this.byIp.set(cur, { ip, containerId, ifName });
      this.byId.set(containerId, cur);
      this.lastReservedN = cur;
      return ip;
    }
    throw new IpamExhaustedError(`failed to allocate for range 0: no IP addresses available in range set: ${this.rangeStart}-${this.rangeEnd}`);
  }

  /** Frees whatever `containerId` holds; freeing twice is harmless, as in the plugin's DEL. */
  release(containerId: string): string | undefined {
    const n = this.byId.get(containerId);
    if (n === undefined) return undefined;
    this.byId.delete(containerId);
    this.byIp.delete(n);
    return formatIPv4(n);
  }

  ipOf(containerId: string): string | undefined {
    const n = this.byId.get(containerId);
    return n === undefined ? undefined : formatIPv4(n);
  }

  /** The address written in `last_reserved_ip.0`, if any. */
  lastReserved(): string | undefined {
    return this.lastReservedN === undefined ? undefined : formatIPv4(this.lastReservedN);
  }

  /** Current reservations, in address order. */
  reservations(): IpReservation[] {
    return [...this.byIp.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => ({ ...r }));
  }

  /** `ls /var/lib/cni/networks/<network>`: one file per reserved IP, the last_reserved_ip file and the lock. */
  stateFiles(): string[] {
    const files = this.reservations().map((r) => r.ip);
    if (this.lastReservedN !== undefined) files.push('last_reserved_ip.0');
    files.push('lock');
    return files;
  }

  stateDir(): string {
    return `/var/lib/cni/networks/${this.networkName}`;
  }

  available(): number {
    return this.endN - this.startN + 1 - 1 - this.byIp.size;
  }
}
