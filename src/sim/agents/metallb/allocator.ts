/**
 * MetalLB's IP allocator (internal/allocator, v0.14), for IPv4 single-stack Services:
 *
 * - an address belongs to the first pool that holds it (a pool with avoidBuggyIPs disowns its .0 and
 *   .255 addresses);
 * - a new Service gets the lowest address of the pool it may use, network and broadcast addresses
 *   included unless the pool avoids buggy IPs, skipping those it cannot share;
 * - Services may share an address only when both carry the same `allow-shared-ip` key, the same
 *   backend key (the selector, for externalTrafficPolicy Local), and no port in common;
 * - every error message is MetalLB's own, since the controller puts it into its events.
 */
import { formatIPv4 } from '../../network/ipv4';

export interface Pool {
  name: string;
  ranges: readonly { first: number; last: number }[];
  avoidBuggyIPs: boolean;
  autoAssign: boolean;
}

/** What a Service asks for besides an address: its ports (`TCP/80`) and sharing and backend keys. */
export interface Claim {
  ports: readonly string[];
  sharingKey: string;
  backendKey: string;
}

interface Alloc extends Claim {
  pool: string;
  ip: number;
}

export class AllocationError extends Error {}

/** Go's %q of a []netip.Addr: `["192.168.1.240"]`. */
export function quoteIPs(ips: readonly number[]): string {
  return `[${ips.map((ip) => JSON.stringify(formatIPv4(ip))).join(' ')}]`;
}

/** ipConfusesBuggyFirmwares: addresses ending in 0 or 255. */
function buggy(ip: number): boolean {
  const last = ip & 255;
  return last === 0 || last === 255;
}

export class Allocator {
  private readonly allocated = new Map<string, Alloc>();
  private readonly sharingKeyForIP = new Map<number, { sharing: string; backend: string }>();
  private readonly portsInUse = new Map<number, Map<string, string>>();
  private readonly servicesOnIP = new Map<number, Set<string>>();

  constructor(private readonly pools: readonly Pool[]) {}

  /** The pool `ip` belongs to, if any. */
  poolFor(ip: number): Pool | undefined {
    return this.pools.find((p) => !(p.avoidBuggyIPs && buggy(ip)) && p.ranges.some((r) => ip >= r.first && ip <= r.last));
  }

  /** The pool the Service's address came from ('' when it has none). */
  pool(svc: string): string {
    return this.allocated.get(svc)?.pool ?? '';
  }

  ip(svc: string): number | undefined {
    return this.allocated.get(svc)?.ip;
  }

  /** Gives `svc` exactly `ip`, if the pools and the Services already there allow it. */
  assign(svc: string, ip: number, claim: Claim): void {
    const pool = this.poolFor(ip);
    if (!pool) throw new AllocationError(`${quoteIPs([ip])} is not allowed in config`);
    const why = this.checkSharing(svc, ip, claim);
    if (why) throw new AllocationError(why);
    this.unassign(svc);
    this.allocated.set(svc, { ...claim, pool: pool.name, ip });
    this.sharingKeyForIP.set(ip, { sharing: claim.sharingKey, backend: claim.backendKey });
    let ports = this.portsInUse.get(ip);
    if (!ports) this.portsInUse.set(ip, (ports = new Map()));
    for (const p of claim.ports) ports.set(p, svc);
    let on = this.servicesOnIP.get(ip);
    if (!on) this.servicesOnIP.set(ip, (on = new Set()));
    on.add(svc);
  }

  /** Frees the Service's address; true if it had one. */
  unassign(svc: string): boolean {
    const a = this.allocated.get(svc);
    if (!a) return false;
    this.allocated.delete(svc);
    const ports = this.portsInUse.get(a.ip);
    for (const p of a.ports) ports?.delete(p);
    this.servicesOnIP.get(a.ip)?.delete(svc);
    if (!ports || ports.size === 0) {
      this.portsInUse.delete(a.ip);
      this.sharingKeyForIP.delete(a.ip);
    }
    if (this.servicesOnIP.get(a.ip)?.size === 0) this.servicesOnIP.delete(a.ip);
    return true;
  }

  /** The lowest address of pool `name` the Service can have. */
  allocateFromPool(svc: string, name: string, claim: Claim): number {
    const had = this.allocated.get(svc);
    if (had) {
      this.assign(svc, had.ip, claim);
      return had.ip;
    }
    const pool = this.pools.find((p) => p.name === name);
    if (!pool) throw new AllocationError(`unknown pool ${JSON.stringify(name)}`);
    for (const r of pool.ranges) {
      for (let ip = r.first; ip <= r.last; ip++) {
        if (pool.avoidBuggyIPs && buggy(ip)) continue;
        if (this.checkSharing(svc, ip, claim)) continue;
        this.assign(svc, ip, claim);
        return ip;
      }
    }
    throw new AllocationError(`no available IPs in pool ${JSON.stringify(name)} for ipv4 IPFamily`);
  }

  /** An address from any pool that assigns automatically. */
  allocate(svc: string, claim: Claim): number {
    const had = this.allocated.get(svc);
    if (had) {
      this.assign(svc, had.ip, claim);
      return had.ip;
    }
    for (const p of this.pools) {
      if (!p.autoAssign) continue;
      try {
        return this.allocateFromPool(svc, p.name, claim);
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e;
      }
    }
    throw new AllocationError('no available IPs');
  }

  /** Why `svc` may not use `ip` alongside the Services already on it ('' if it may). */
  private checkSharing(svc: string, ip: number, claim: Claim): string {
    const existing = this.sharingKeyForIP.get(ip);
    if (!existing) return '';
    if (sharingError(existing, claim)) {
      const others = [...(this.servicesOnIP.get(ip) ?? [])].filter((s) => s !== svc);
      if (others.length > 0) return `can't change sharing key for ${JSON.stringify(svc)}, address also in use by ${others.join(',')}`;
    }
    const ports = this.portsInUse.get(ip);
    for (const p of claim.ports) {
      const cur = ports?.get(p);
      if (cur !== undefined && cur !== svc) return `port ${p} is already in use on ${JSON.stringify(formatIPv4(ip))}`;
    }
    return '';
  }
}

/** sharingOK: why two Services' keys do not let them share ('' if they do). */
function sharingError(existing: { sharing: string; backend: string }, next: Claim): string {
  if (existing.sharing === '') return 'existing service does not allow sharing';
  if (next.sharingKey === '') return 'new service does not allow sharing';
  if (existing.sharing !== next.sharingKey) return `sharing key ${JSON.stringify(next.sharingKey)} does not match existing sharing key ${JSON.stringify(existing.sharing)}`;
  if (existing.backend !== next.backendKey) return `backend key ${JSON.stringify(next.backendKey)} does not match existing sharing key ${JSON.stringify(existing.backend)}`;
  return '';
}
