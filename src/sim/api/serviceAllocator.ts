/**
 * ClusterIP and NodePort allocation. Like the 1.31 allocators, dynamic picks come at random from the
 * upper part of each range, leaving the lower band for addresses and ports chosen by hand
 * (ServiceIPStaticSubrange, ServiceNodePortStaticSubrange).
 */
import type { Stream } from '../rng';
import type { KObject } from '../types';
import type { FieldError } from './types';
import type { StatusError } from './types';

interface ServicePort {
  nodePort?: number;
  port?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export class ServiceAllocator {
  private readonly base: number;
  private readonly size: number;
  private usedIps = new Set<number>();
  private usedPorts = new Set<number>();

  constructor(private readonly stream: Stream, cidr: string, private readonly portRange: [number, number]) {
    const [addr, bits] = cidr.split('/') as [string, string];
    this.size = 2 ** (32 - Number(bits));
    this.base = ipToInt(addr);
  }

  /** Assigns clusterIP(s) and node ports to a Service being created, or refuses as the real allocator does. */
  allocate(svc: KObject, fail: (errs: FieldError[]) => StatusError): void {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    if (spec.type === 'ExternalName') return;
    const requested = spec.clusterIP || spec.clusterIPs?.[0];
    if (requested === 'None') {
      spec.clusterIP = 'None';
      spec.clusterIPs = ['None'];
    } else if (requested) {
      const n = ipToInt(requested);
      const bad = (detail: string): StatusError =>
        fail([{ field: 'spec.clusterIPs', type: 'FieldValueInvalid', badValue: `[]string{"${requested}"}`, detail: `failed to allocate IP ${requested}: ${detail}` }]);
      if (n <= this.base || n >= this.base + this.size - 1) throw bad(`the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${intToIp(this.base)}/${32 - Math.log2(this.size)}`);
      if (this.usedIps.has(n)) throw bad('provided IP is already allocated');
      this.usedIps.add(n);
      spec.clusterIP = requested;
      spec.clusterIPs = [requested];
    } else {
      const band = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
      let n: number;
      do n = this.base + band + this.stream.intn(this.size - band - 1);
      while (this.usedIps.has(n) || n === this.base + this.size - 1);
      this.usedIps.add(n);
      spec.clusterIP = intToIp(n);
      spec.clusterIPs = [spec.clusterIP];
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const [i, p] of (spec.ports ?? []).entries()) {
        if (p.nodePort) {
          const [lo, hi] = this.portRange;
          if (p.nodePort < lo || p.nodePort > hi) {
            throw fail([{ field: `spec.ports[${i}].nodePort`, type: 'FieldValueInvalid', badValue: String(p.nodePort), detail: `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}` }]);
          }
          if (this.usedPorts.has(p.nodePort)) {
            throw fail([{ field: `spec.ports[${i}].nodePort`, type: 'FieldValueInvalid', badValue: String(p.nodePort), detail: 'provided port is already allocated' }]);
          }
          this.usedPorts.add(p.nodePort);
        } else p.nodePort = this.pickPort();
      }
    }
    svc.spec = spec;
  }

  /** On update, addresses stay as they were and new NodePort ports get a port. */
  keepAllocated(next: KObject, cur: KObject): void {
    const spec = (next.spec ?? {}) as ServiceSpec;
    const old = (cur.spec ?? {}) as ServiceSpec;
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs && old.clusterIPs) spec.clusterIPs = old.clusterIPs;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) continue;
        const was = old.ports?.find((o) => o.port === p.port)?.nodePort;
        p.nodePort = was ?? this.pickPort();
      }
    }
    next.spec = spec;
  }

  release(plural: string, obj: KObject): void {
    if (plural !== 'services') return;
    const spec = (obj.spec ?? {}) as ServiceSpec;
    if (spec.clusterIP && spec.clusterIP !== 'None') this.usedIps.delete(ipToInt(spec.clusterIP));
    for (const p of spec.ports ?? []) if (p.nodePort) this.usedPorts.delete(p.nodePort);
  }

  private pickPort(): number {
    const [lo, hi] = this.portRange;
    const size = hi - lo + 1;
    const band = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    let p: number;
    do p = lo + band + this.stream.intn(size - band);
    while (this.usedPorts.has(p));
    this.usedPorts.add(p);
    return p;
  }
}
