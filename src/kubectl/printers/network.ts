/** Tables for services, endpoints, endpointslices, ingresses, ingress classes and networkpolicies. */
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { formatLabelSelector } from '../../sim/api/labels';
import type { KObject } from '../../sim/types';
import { formatLabels } from '../labelfmt';
import { ageSince } from '../time';
import type { PrintContext, TablePrinter } from './table';

const LB_WIDTH = 16;

function lbStatus(ingress: { ip?: string; hostname?: string }[] | undefined, wide: boolean): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  let r = [...set].sort().join(',');
  if (!wide && r.length > LB_WIDTH) r = r.slice(0, LB_WIDTH - 3) + '...';
  return r;
}

export function serviceExternalIP(svc: Service, wide: boolean): string {
  const ext = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = lbStatus(svc.status?.loadBalancer?.ingress, wide);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

export function servicePorts(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

export const servicePrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Type' }, { name: 'Cluster-IP' }, { name: 'External-IP' }, { name: 'Port(s)' }, { name: 'Age' }, { name: 'Selector', priority: 1 }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const svc = obj as Service;
    const cip = svc.spec?.clusterIPs?.[0] ?? '<none>';
    const cells = [svc.metadata?.name ?? '', svc.spec?.type ?? '', cip, serviceExternalIP(svc, ctx.wide), servicePorts(svc.spec?.ports) || '<none>', ageSince(svc.metadata?.creationTimestamp, ctx.nowMs)];
    if (ctx.wide) cells.push(formatLabels(svc.spec?.selector));
    return cells;
  },
};

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** At most three `ip:port` entries, then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: Endpoints, portNames?: Set<string>): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ss.ports) {
      if (portNames && !portNames.has(p.name ?? '')) continue;
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, p.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Endpoints' }, { name: 'Age' }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const ep = obj as Endpoints;
    return [ep.metadata?.name ?? '', formatEndpoints(ep), ageSince(ep.metadata?.creationTimestamp, ctx.nowMs)];
  },
};

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, { name: 'Age' }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const es = obj as unknown as EndpointSlice;
    const max = 3;
    const ports: string[] = [];
    let pmore = false;
    let pcount = 0;
    for (const p of es.ports ?? []) {
      if (ports.length < max) ports.push(p.port !== undefined && p.port !== null ? String(p.port) : p.name != null ? p.name : '*');
      else if (ports.length === max) pmore = true;
      pcount++;
    }
    const addrs: string[] = [];
    let amore = false;
    let acount = 0;
    for (const e of es.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else if (addrs.length === max) amore = true;
        acount++;
      }
    }
    return [es.metadata?.name ?? '', es.addressType ?? '', listWithMore(ports, pmore, pcount, max), listWithMore(addrs, amore, acount, max), ageSince(es.metadata?.creationTimestamp, ctx.nowMs)];
  },
};

export const ingressPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Class' }, { name: 'Hosts' }, { name: 'Address' }, { name: 'Ports' }, { name: 'Age' }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const ing = obj as Ingress;
    const rules = ing.spec?.rules ?? [];
    const hosts: string[] = [];
    let more = false;
    for (const r of rules) {
      if (hosts.length === 3) more = true;
      if (!more && r.host) hosts.push(r.host);
    }
    let h = hosts.length === 0 ? '*' : hosts.join(',');
    if (more && hosts.length > 0) h = `${h} + ${rules.length - 3} more...`;
    const ports = (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80';
    return [ing.metadata?.name ?? '', ing.spec?.ingressClassName ?? '<none>', h, lbStatus(ing.status?.loadBalancer?.ingress as { ip?: string; hostname?: string }[] | undefined, ctx.wide), ports, ageSince(ing.metadata?.creationTimestamp, ctx.nowMs)];
  },
};

/** The API server's NetworkPolicy table: the policy's pod selector as a selector string (`<none>` for `{}`). */
export const networkPolicyPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Pod-Selector' }, { name: 'Age' }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const np = obj as NetworkPolicy;
    return [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), ageSince(np.metadata?.creationTimestamp, ctx.nowMs)];
  },
};

/** printIngressClass: PARAMETERS is `Kind[.apiGroup]/name` of spec.parameters, or <none>. */
export const ingressClassPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Controller' }, { name: 'Parameters' }, { name: 'Age' }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const ic = obj as IngressClass;
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, ageSince(ic.metadata?.creationTimestamp, ctx.nowMs)];
  },
};

