/** `kubectl describe endpointslice`: address type, the ports table, each endpoint's conditions. */
import type { Event } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import type { Describer } from './types';
import { PrefixWriter } from './writer';

export function describeEndpointSlice(eps: EndpointSlice, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${eps.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${eps.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', eps.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', eps.metadata?.annotations);
  w.write(0, `AddressType:\t${eps.addressType}\n`);
  const ports = eps.ports ?? [];
  if (ports.length === 0) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of ports) w.write(1, `${p.name ? p.name : '<unset>'}\t${p.port !== undefined ? p.port : '<unset>'}\t${p.protocol ?? ''}\n`);
  }
  const endpoints = eps.endpoints ?? [];
  if (endpoints.length === 0) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of endpoints) {
      w.write(1, `- Addresses:\t${e.addresses.length > 0 ? e.addresses.join(', ') : '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${e.conditions?.ready !== undefined ? String(e.conditions.ready) : '<unset>'}\n`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

export const NETWORKING_DESCRIBERS: Record<string, Describer> = {
  'discovery.k8s.io/EndpointSlice': (r) => describeEndpointSlice(r.obj as unknown as EndpointSlice, r.events(), r.nowMs),
};
