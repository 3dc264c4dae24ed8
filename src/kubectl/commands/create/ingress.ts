/** `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class] [--default-backend] [--annotation]` */
import type { KObject } from '../../../sim/types';
import { plainError } from '../../errors';
import { flagList, flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, oneName } from './common';

export const INGRESS_FLAGS: FlagSpec[] = [
  ...CREATE_COMMON,
  { long: 'annotation', kind: 'stringArray' },
  { long: 'class', kind: 'string' },
  { long: 'default-backend', kind: 'string' },
  { long: 'rule', kind: 'stringArray' },
];

/** kubectl's rule pattern: host, a path starting with `/`, `=svc:port`, then an optional `,tls[=secret]`. */
const RULE = /^[\w*\-.]*\/[^,=\n]*=[\w-]+:[\w-]+(,tls=?[\w-]*)?$/;

/** intstr.Parse: a number when it reads as one, else a port name. */
function backend(service: string): Record<string, unknown> {
  const [name, port = ''] = service.split(':');
  return { service: { name, port: /^-?[0-9]+$/.test(port) && Math.abs(Number(port)) < 2 ** 31 ? { number: Number(port) } : { name: port } } };
}

function httpPath(pathsvc: string): Record<string, unknown> {
  const [p, service = ''] = pathsvc.split('=');
  let path = `/${p}`;
  let pathType = 'Exact';
  // A path ending in `*` is a prefix.
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { backend: backend(service), path, pathType };
}

function tlsOf(rules: string[]): Record<string, unknown>[] {
  const tls: { hosts?: string[]; secretName?: string }[] = [];
  const seenHosts = new Set<string>();
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0]!;
    const secret = parts[1]!.split('=')[1] ?? '';
    // A host gets into the TLS list once, joining an entry with the same secret.
    if (seenHosts.has(host)) continue;
    seenHosts.add(host);
    const same = tls.find((t) => (t.secretName ?? '') === secret);
    if (same) {
      same.hosts = [...(same.hosts ?? []), host];
      continue;
    }
    const entry: { hosts?: string[]; secretName?: string } = {};
    if (host !== '') entry.hosts = [host];
    if (secret !== '') entry.secretName = secret;
    if (entry.hosts || entry.secretName) tls.push(entry);
  }
  return tls;
}

function rulesOf(rules: string[]): Record<string, unknown>[] {
  const out: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
  for (const rule of rules) {
    const noTls = rule.split(',')[0]!;
    const slash = noTls.indexOf('/');
    const host = noTls.slice(0, slash);
    const path = httpPath(noTls.slice(slash + 1));
    const same = out.find((r) => (r.host ?? '') === host);
    if (same) same.http.paths.push(path);
    else out.push({ ...(host ? { host } : {}), http: { paths: [path] } });
  }
  return out;
}

export function runCreateIngress(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'ingress');
  const rules = flagList(f, 'rule');
  const annotations = flagList(f, 'annotation');
  const defaultBackend = flagString(f, 'default-backend');
  const cls = flagString(f, 'class');
  if (defaultBackend === '' && rules.length === 0) throw plainError('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
  for (const r of rules) if (!RULE.test(r)) throw plainError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
  for (const a of annotations) if (!a.includes('=')) throw plainError(`annotation ${a} is invalid and should be in format key=[value]`);
  if (defaultBackend !== '' && defaultBackend.split(':').length !== 2) throw plainError('default-backend should be in format servicename:serviceport');
  const ann: Record<string, string> = {};
  for (const a of annotations) {
    const eq = a.indexOf('=');
    ann[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const tls = tlsOf(rules);
  const ruleList = rulesOf(rules);
  const ing = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: genMeta(name, enforcedNamespace(f), Object.keys(ann).length > 0 ? { annotations: ann } : {}),
    spec: {
      ...(defaultBackend ? { defaultBackend: backend(defaultBackend) } : {}),
      ...(cls ? { ingressClassName: cls } : {}),
      ...(ruleList.length > 0 ? { rules: ruleList } : {}),
      ...(tls.length > 0 ? { tls } : {}),
    },
    status: { loadBalancer: {} },
  } as unknown as KObject;
  finishCreate(io, f, scope, 'ingresses', ing, 'failed to create ingress: ');
}
