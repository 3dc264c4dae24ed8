/**
 * Service validation (ValidateService / ValidateServiceUpdate): DNS-1035 names, ports, types, session
 * affinity, cluster IPs and their immutability.
 */
import type { FieldError } from '../types';
import type { KObject, StoredObject } from '../../types';
import { duplicate, forbidden, goText, invalid, notSupported, required } from './fieldErrors';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1123Label, isDNS1123Subdomain, isIP, isValidPortName, isValidPortNum, nameIsDNS1035Label } from './primitives';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITY = ['ClientIP', 'None'];

function validatePort(p: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(`${path}.name`));
  else if (p.name) {
    for (const m of isDNS1123Label(p.name)) errs.push(invalid(`${path}.name`, p.name, m));
    if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p.port)) errs.push(invalid(`${path}.port`, p.port ?? 0, m));
  if (!p.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  const tp = p.targetPort;
  if (typeof tp === 'number') for (const m of isValidPortNum(tp)) errs.push(invalid(`${path}.targetPort`, tp, m));
  else if (typeof tp === 'string') for (const m of isValidPortName(tp)) errs.push(invalid(`${path}.targetPort`, tp, m));
  if (p.nodePort !== undefined && p.nodePort !== 0) for (const m of isValidPortNum(p.nodePort)) errs.push(invalid(`${path}.nodePort`, p.nodePort, m));
  return errs;
}

function servicePortKey(p: Obj): unknown {
  return goText(
    `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

export function validateServiceSpec(obj: KObject): FieldError[] {
  const s = ((obj as Obj).spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const headless = s.clusterIP === 'None';
  const ports = (s.ports ?? []) as Obj[];
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(required('spec.ports'));
  if (s.type === 'ExternalName') {
    if ((s.clusterIPs ?? []).length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (s.externalName) for (const m of isDNS1123Subdomain(s.externalName)) errs.push(invalid('spec.externalName', s.externalName, m));
    else errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (s.selector) errs.push(...validateLabels(s.selector, 'spec.selector'));
  if (!s.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!AFFINITY.includes(s.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', s.sessionAffinity, AFFINITY));
  if (s.type !== 'ExternalName') {
    (s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : [])).forEach((ip: string, i: number) => {
      if (ip === 'None' && i === 0) return;
      if (!isIP(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    });
    if (s.clusterIPs && s.clusterIPs.length > 0 && s.clusterIP !== undefined && s.clusterIP !== s.clusterIPs[0])
      errs.push(invalid('spec.clusterIPs', s.clusterIPs, 'first value must match `clusterIP`'));
  }
  if (!s.type) errs.push(required('spec.type'));
  else if (!TYPES.includes(s.type)) errs.push(notSupported('spec.type', s.type, TYPES));
  if (s.type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${p.protocol}/${p.port}`;
    if (seen.has(k)) errs.push(duplicate(`spec.ports[${i}]`, servicePortKey(p)));
    seen.add(k);
  });
  for (const f of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    if (s[f] !== undefined && !['Cluster', 'Local'].includes(s[f])) errs.push(notSupported(`spec.${f}`, s[f], ['Cluster', 'Local']));
  }
  if (s.externalTrafficPolicy !== undefined && s.type !== 'NodePort' && s.type !== 'LoadBalancer')
    errs.push(invalid('spec.externalTrafficPolicy', s.externalTrafficPolicy, 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\''));
  return errs;
}

export function validateServiceCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNS1035Label }), ...validateServiceSpec(obj)];
}

/**
 * The registry keeps clusterIP and clusterIPs in step before validating an update: when a client
 * changes only the singular field (as `kubectl apply` or `edit` of `clusterIP` does), the plural one
 * follows it, so the user sees "may not change once set" rather than a mismatch between the two.
 */
function syncedClusterIPs(n: Obj, o: Obj): Obj {
  const same = (a?: string[], b?: string[]): boolean => (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === b?.[i]);
  if (!n.clusterIP || n.clusterIP === o.clusterIP || !same(n.clusterIPs, o.clusterIPs)) return n;
  return { ...n, clusterIPs: [n.clusterIP] };
}

export function validateServiceUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const o = ((old as Obj).spec ?? {}) as Obj;
  const n = syncedClusterIPs(((obj as Obj).spec ?? {}) as Obj, o);
  if (n !== (obj as Obj).spec) obj = { ...obj, spec: n } as KObject;
  // The primary cluster IP is fixed once allocated, unless the type moves to or from ExternalName.
  if (n.type !== 'ExternalName' && o.type !== 'ExternalName') {
    const nIPs: string[] = n.clusterIPs ?? (n.clusterIP ? [n.clusterIP] : []);
    const oIPs: string[] = o.clusterIPs ?? (o.clusterIP ? [o.clusterIP] : []);
    if (oIPs.length > 0 && nIPs.length > 0 && nIPs[0] !== oIPs[0]) errs.push(invalid('spec.clusterIPs[0]', nIPs, 'may not change once set'));
    const nf: string[] = n.ipFamilies ?? [];
    const of: string[] = o.ipFamilies ?? [];
    if (of.length > 0 && nf.length > 0 && nf[0] !== of[0]) errs.push(invalid('spec.ipFamilies[0]', nf[0], 'may not change once set'));
  }
  errs.push(...validateServiceSpec(obj));
  return errs;
}

export function validateServiceStatusUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const ing = ((obj as Obj).status?.loadBalancer?.ingress ?? []) as Obj[];
  ing.forEach((x, i) => {
    if (x.ip && !isIP(x.ip)) errs.push(invalid(`status.loadBalancer.ingress[${i}].ip`, x.ip, 'must be a valid IP address'));
  });
  return errs;
}
