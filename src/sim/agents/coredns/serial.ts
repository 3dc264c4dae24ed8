/**
 * The SOA serial CoreDNS's kubernetes plugin puts in every negative answer: the Unix time (seconds)
 * of the last change its informers saw that could change a record (plugin/kubernetes/controller.go
 * dnsControl.Add/Update/Delete). Every Service or EndpointSlice added or deleted counts; an update
 * counts only if it changes what DNS serves: a Service's ExternalName or ports, an EndpointSlice's
 * ready addresses, hostnames or ports. The initial list at start-up counts as adds.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { toEndpointsEntry, toServiceEntry } from '../../network/dns/kubeindex';

function serviceRecordsChanged(a: Service, b: Service): boolean {
  const x = toServiceEntry(a);
  const y = toServiceEntry(b);
  if (x.externalName !== y.externalName) return true;
  if (x.ports.length !== y.ports.length) return true;
  return x.ports.some((p, i) => p.name !== y.ports[i]!.name || p.port !== y.ports[i]!.port || p.protocol !== y.ports[i]!.protocol);
}

function endpointsChanged(a: EndpointSlice, b: EndpointSlice): boolean {
  const x = toEndpointsEntry(a);
  const y = toEndpointsEntry(b);
  if (x.addresses.length !== y.addresses.length || x.ports.length !== y.ports.length) return true;
  if (x.addresses.some((ad, i) => ad.ip !== y.addresses[i]!.ip || ad.hostname !== y.addresses[i]!.hostname)) return true;
  return x.ports.some((p, i) => p.name !== y.ports[i]!.name || p.port !== y.ports[i]!.port || p.protocol !== y.ports[i]!.protocol);
}

export class SoaSerial {
  private modifiedS = 0;

  /** The serial: seconds since the Unix epoch of the last relevant change, as a uint32. */
  get value(): number {
    return this.modifiedS >>> 0;
  }

  added(wallMs: number): void {
    this.modifiedS = Math.floor(wallMs / 1000);
  }

  deleted(wallMs: number): void {
    this.modifiedS = Math.floor(wallMs / 1000);
  }

  serviceUpdated(old: Service, cur: Service, wallMs: number): void {
    if (old.metadata?.resourceVersion !== undefined && old.metadata.resourceVersion === cur.metadata?.resourceVersion) return;
    if (serviceRecordsChanged(old, cur)) this.modifiedS = Math.floor(wallMs / 1000);
  }

  sliceUpdated(old: EndpointSlice, cur: EndpointSlice, wallMs: number): void {
    if (old.metadata?.resourceVersion !== undefined && old.metadata.resourceVersion === cur.metadata?.resourceVersion) return;
    if (endpointsChanged(old, cur)) this.modifiedS = Math.floor(wallMs / 1000);
  }
}
