/**
 * Validation of the smaller kinds: Namespace, Node, ConfigMap, Secret, ServiceAccount, Endpoints,
 * EndpointSlice, Event, Lease. Texts from pkg/apis/core/validation and its siblings.
 */
import type { FieldError } from '../types';
import type { KObject, StoredObject } from '../../types';
import { duplicate, forbidden, goQuote, goText, invalid, notSupported, required, tooLongBytes } from './fieldErrors';
import type { GoText } from './fieldErrors';
import { FIELD_IMMUTABLE, jsonEqual, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isConfigMapKey, isDNS1123Label, isIP, isIPv4, isQualifiedName, isValidLabelValue, isValidPortNum, nameIsDNSLabel, nameIsDNSSubdomain } from './primitives';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MAX_DATA_SIZE = 1024 * 1024;

// ---- Namespace ----

export function validateNamespaceCreate(obj: KObject): FieldError[] {
  const errs = validateObjectMeta(obj, { namespaced: false, nameFn: nameIsDNSLabel });
  for (const f of ((obj as Obj).spec?.finalizers ?? []) as string[]) errs.push(...validateFinalizerName(f, 'spec.finalizers'));
  return errs;
}

function validateFinalizerName(f: string, path: string): FieldError[] {
  const errs = isQualifiedName(f).map((m) => invalid(path, f, m));
  if (errs.length === 0 && !f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f))
    errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  return errs;
}

export function validateNamespaceUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  // spec.finalizers may only change through the finalize subresource; the strategy keeps the old ones.
  return errs;
}

export function validateNamespaceStatusUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const phase = (obj as Obj).status?.phase;
  const deleting = !!obj.metadata?.deletionTimestamp;
  if (!deleting && phase && phase !== 'Active') errs.push(invalid('status.Phase', phase, 'may only be \'Active\' if `deletionTimestamp` is empty'));
  if (deleting && phase && phase !== 'Terminating') errs.push(invalid('status.Phase', phase, 'may only be in terminating phase if `deletionTimestamp` is not empty'));
  return errs;
}

// ---- Node ----

/** In validateTaintEffect's order, which its "supported values" list keeps. */
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateNodeSpec(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = ((obj as Obj).spec ?? {}) as Obj;
  const seen = new Set<string>();
  ((s.taints ?? []) as Obj[]).forEach((t, i) => {
    const ip = `spec.taints[${i}]`;
    for (const m of isQualifiedName(t.key ?? '')) errs.push(invalid(`${ip}.key`, t.key ?? '', m));
    const valueErrs = isValidLabelValue(t.value ?? '');
    if (valueErrs.length) errs.push(invalid(`${ip}.value`, t.value ?? '', valueErrs.join(';')));
    if (!t.effect) errs.push(required(`${ip}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${ip}.effect`, t.effect, TAINT_EFFECTS));
    const k = `${t.key}:${t.effect}`;
    if (seen.has(k)) errs.push({ ...duplicate(ip, goTextTaint(t)), detail: 'taints must be unique by key and effect pair' });
    seen.add(k);
  });
  return errs;
}

/** core.Taint as %#v prints it. */
function goTextTaint(t: Obj): GoText {
  return goText(`core.Taint{Key:${goQuote(t.key ?? '')}, Value:${goQuote(t.value ?? '')}, Effect:${goQuote(t.effect ?? '')}, TimeAdded:<nil>}`);
}

export function validateNodeCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: false, nameFn: nameIsDNSSubdomain }), ...validateNodeSpec(obj)];
}

export function validateNodeUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  errs.push(...validateNodeSpec(obj));
  const n = ((obj as Obj).spec ?? {}) as Obj;
  const o = ((old as Obj).spec ?? {}) as Obj;
  // podCIDR(s) and providerID may be set once, then never changed.
  if (o.podCIDR && n.podCIDR !== o.podCIDR) errs.push(forbidden('spec.podCIDR', 'node updates may not change podCIDR except from "" to valid'));
  if (o.providerID && n.providerID !== o.providerID) errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  return errs;
}

// ---- ConfigMap / Secret ----

function validateDataKeys(data: Obj | undefined, path: string, size: { n: number }): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(data ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`${path}[${k}]`, k, m));
    size.n += String(v).length;
  }
  return errs;
}

function validateConfigMap(obj: KObject): FieldError[] {
  const o = obj as Obj;
  const size = { n: 0 };
  const errs = validateDataKeys(o.data, 'data', size);
  errs.push(...validateDataKeys(o.binaryData, 'binaryData', size));
  for (const k of Object.keys(o.binaryData ?? {})) if (k in (o.data ?? {})) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  if (size.n > MAX_DATA_SIZE) errs.push(tooLongBytes('', MAX_DATA_SIZE));
  return errs;
}

export function validateConfigMapCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain }), ...validateConfigMap(obj)];
}

function immutableData(obj: KObject, old: StoredObject): FieldError[] {
  const n = obj as Obj;
  const o = old as Obj;
  const errs: FieldError[] = [];
  if (o.immutable === true) {
    if (n.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!jsonEqual(n.data, o.data)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if (!jsonEqual(n.binaryData, o.binaryData)) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  return errs;
}

export function validateConfigMapUpdate(obj: KObject, old: StoredObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...immutableData(obj, old), ...validateConfigMap(obj)];
}

/** Keys a typed Secret must carry. */
const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(obj: KObject): FieldError[] {
  const o = obj as Obj;
  const size = { n: 0 };
  const errs = validateDataKeys(o.data, 'data', size);
  if (size.n > MAX_DATA_SIZE) errs.push(tooLongBytes('data', MAX_DATA_SIZE));
  const type = o.type ?? 'Opaque';
  for (const k of SECRET_REQUIRED_KEYS[type] ?? []) if (!(k in (o.data ?? {}))) errs.push(required(`data[${k}]`));
  if (type === 'kubernetes.io/service-account-token' && !o.metadata?.annotations?.['kubernetes.io/service-account.name'])
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  if (type === 'kubernetes.io/basic-auth' && !('username' in (o.data ?? {})) && !('password' in (o.data ?? {})))
    errs.push(required('data[username]', ''));
  return errs;
}

export function validateSecretCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain }), ...validateSecret(obj)];
}

export function validateSecretUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  const nt = (obj as Obj).type ?? 'Opaque';
  const ot = (old as Obj).type ?? 'Opaque';
  if (nt !== ot) errs.push(invalid('type', nt, FIELD_IMMUTABLE));
  errs.push(...immutableData(obj, old), ...validateSecret(obj));
  return errs;
}

// ---- ServiceAccount ----

export function validateServiceAccountCreate(obj: KObject): FieldError[] {
  return validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain });
}

// ---- Endpoints ----

function validateEndpointsSubsets(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  ((obj as Obj).subsets ?? []).forEach((ss: Obj, i: number) => {
    const p = `subsets[${i}]`;
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0)
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    for (const [k, list] of [['addresses', ss.addresses], ['notReadyAddresses', ss.notReadyAddresses]] as const)
      ((list ?? []) as Obj[]).forEach((a, j) => {
        if (!isIP(a.ip ?? '')) errs.push(invalid(`${p}.${k}[${j}].ip`, a.ip ?? '', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      });
    ((ss.ports ?? []) as Obj[]).forEach((pt, j) => {
      const pp = `${p}.ports[${j}]`;
      if ((ss.ports ?? []).length > 1 && !pt.name) errs.push(required(`${pp}.name`));
      else if (pt.name) for (const m of isDNS1123Label(pt.name)) errs.push(invalid(`${pp}.name`, pt.name, m));
      for (const m of isValidPortNum(pt.port)) errs.push(invalid(`${pp}.port`, pt.port ?? 0, m));
      if (!pt.protocol) errs.push(required(`${pp}.protocol`));
      else if (!['SCTP', 'TCP', 'UDP'].includes(pt.protocol)) errs.push(notSupported(`${pp}.protocol`, pt.protocol, ['SCTP', 'TCP', 'UDP']));
    });
  });
  return errs;
}

export function validateEndpointsCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain }), ...validateEndpointsSubsets(obj)];
}

// ---- EndpointSlice (discovery/v1) ----

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function validateEndpointSlice(obj: KObject): FieldError[] {
  const o = obj as Obj;
  const errs: FieldError[] = [];
  if (!o.addressType) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(o.addressType)) errs.push(notSupported('addressType', o.addressType, ADDRESS_TYPES));
  ((o.endpoints ?? []) as Obj[]).forEach((e, i) => {
    const p = `endpoints[${i}]`;
    const addrs = (e.addresses ?? []) as string[];
    if (addrs.length === 0) errs.push(required(`${p}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(invalid(`${p}.addresses`, addrs.length, 'must have at most 100 items'));
    addrs.forEach((a, j) => {
      if (o.addressType === 'IPv4' && !isIPv4(a)) errs.push(invalid(`${p}.addresses[${j}]`, a, 'must be a valid IPv4 address'));
    });
    if (e.nodeName) for (const m of nameIsDNSSubdomain(e.nodeName, false)) errs.push(invalid(`${p}.nodeName`, e.nodeName, m));
  });
  ((o.ports ?? []) as Obj[]).forEach((pt, i) => {
    const p = `ports[${i}]`;
    if (pt.name) for (const m of isDNS1123Label(pt.name)) errs.push(invalid(`${p}.name`, pt.name, m));
    if (pt.protocol && !['SCTP', 'TCP', 'UDP'].includes(pt.protocol)) errs.push(notSupported(`${p}.protocol`, pt.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

export function validateEndpointSliceCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain }), ...validateEndpointSlice(obj)];
}

export function validateEndpointSliceUpdate(obj: KObject, old: StoredObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateEndpointSlice(obj)];
  if ((obj as Obj).addressType !== (old as Obj).addressType) errs.push(invalid('addressType', (obj as Obj).addressType ?? '', FIELD_IMMUTABLE));
  return errs;
}

// ---- Event (core/v1) ----

export function validateEventCreate(obj: KObject): FieldError[] {
  const o = obj as Obj;
  const errs = validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain });
  const inv = (o.involvedObject ?? {}) as Obj;
  const ns = o.metadata?.namespace;
  if (inv.namespace && ns && inv.namespace !== ns) errs.push(invalid('involvedObject.namespace', inv.namespace, 'does not match event.namespace'));
  if (o.type && !['Normal', 'Warning'].includes(o.type)) errs.push(notSupported('type', o.type, ['Normal', 'Warning']));
  if (o.reason && o.reason.length > 128) errs.push(invalid('reason', o.reason, 'can have at most 128 characters'));
  if (o.message && o.message.length > 1024) errs.push(invalid('message', o.message, 'can have at most 1024 characters'));
  return errs;
}

// ---- Lease (coordination/v1) ----

function validateLeaseSpec(obj: KObject): FieldError[] {
  const s = ((obj as Obj).spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  if (s.leaseDurationSeconds !== undefined && s.leaseDurationSeconds <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  errs.push(...validateNonnegative(s.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

export function validateLeaseCreate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, { namespaced: true, nameFn: nameIsDNSSubdomain }), ...validateLeaseSpec(obj)];
}

export function validateLeaseUpdate(obj: KObject, old: StoredObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateLeaseSpec(obj)];
}
