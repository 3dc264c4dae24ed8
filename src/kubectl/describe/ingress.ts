/**
 * `kubectl describe ingress` and `kubectl describe ingressclass` as kubectl 1.31 prints them: the
 * Ingress with its address, class, default backend, TLS and its Rules table, each backend with the
 * endpoints of its Service port (read from the Service's EndpointSlices).
 */
import type { Event, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressBackend, IngressClass, IngressServiceBackend } from 'kubernetes-types/networking/v1';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { formatEndpointSlices } from './service';
import { PrefixWriter } from './writer';

/** What the describer reads about a backend Service: the Service itself and its slices, or the error of the read. */
export interface BackendLookup {
  service(namespace: string, name: string): Service | Error;
  slices(namespace: string, name: string): EndpointSlice[] | Error;
}

/** `web:80`, or `web:http` for a named port. */
function serviceBackendString(b: IngressServiceBackend): string {
  return `${b.name}:${b.port?.number ? String(b.port.number) : (b.port?.name ?? '')}`;
}

/** The backend with the endpoints of the Service port it names: `web:80 (10.244.1.3:80,10.244.2.4:80)`. */
function describeBackend(ns: string, backend: IngressBackend, lookup: BackendLookup): string {
  if (backend.service) {
    const sb = serviceBackendString(backend.service);
    const slices = lookup.slices(ns, backend.service.name);
    if (slices instanceof Error) return `${sb} (<error: ${slices.message}>)`;
    const svc = lookup.service(ns, backend.service.name);
    if (svc instanceof Error) return `${sb} (<error: ${svc.message}>)`;
    let portName = '';
    const want = backend.service.port;
    for (const sp of svc.spec?.ports ?? []) {
      if (want?.number && want.number === sp.port) portName = sp.name ?? '';
      else if (want?.name && want.name === sp.name) portName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, portName)})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

/** The addresses of the status, each once, sorted, comma-separated (never shortened in describe). */
function addressString(ing: Ingress): string {
  const set = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(',');
}

export function describeIngress(ing: Ingress, lookup: BackendLookup, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const ns = ing.metadata?.namespace ?? '';
  w.write(0, `Name:\t${ing.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata?.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, `Address:\t${addressString(ing)}\n`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}\n`);
  const def = ing.spec?.defaultBackend;
  const defaultBackend = def ? describeBackend(ns, def, lookup) : '<default>';
  w.write(0, `Default backend:\t${defaultBackend}\n`);
  const tls = ing.spec?.tls ?? [];
  if (tls.length > 0) {
    w.write(0, 'TLS:\n');
    for (const t of tls) {
      const hosts = (t.hosts ?? []).join(',');
      w.write(1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
    }
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${describeBackend(ns, p.backend, lookup)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${defaultBackend}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata?.annotations);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeIngressClass(ic: IngressClass, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ic.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata?.annotations);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const params = ic.spec?.parameters;
  if (params) {
    w.write(0, 'Parameters:\n');
    if (params.apiGroup !== undefined) w.write(1, `APIGroup:\t${params.apiGroup}\n`);
    w.write(1, `Kind:\t${params.kind}\n`);
    w.write(1, `Name:\t${params.name}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}
