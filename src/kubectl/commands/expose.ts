/**
 * `kubectl expose (pod|service|deployment|replicaset|replicationcontroller) NAME [--port] [--target-port]
 * [--type] [--name] [--protocol] [--selector] [--external-ip] [--labels]`: a Service whose selector
 * and ports are read from the object as kubectl's polymorphic helpers read them.
 */
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { KubectlError, plainError, PlainError, usageError } from '../errors';
import { dryRunStrategy, flagString, PRINT_FLAGS, VALIDATE_FLAG, type FlagSpec, type ParsedFlags } from '../flags';
import { parseResourceArgs, resolveOrFail } from './args';
import type { CommandIO } from './context';
import { refuseServerDryRun } from './dryRun';
import { getOne, withTypeMeta, type Scope } from './fetch';
import { nameRef, parseOutputFlag, renderStructured } from './output';

export const EXPOSE_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  VALIDATE_FLAG,
  { long: 'cluster-ip', kind: 'string' },
  { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' },
  { long: 'external-ip', kind: 'string' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-expose' },
  { long: 'filename', short: 'f', kind: 'strings' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'labels', short: 'l', kind: 'string' },
  { long: 'load-balancer-ip', kind: 'string' },
  { long: 'name', kind: 'string' },
  { long: 'override-type', kind: 'string', default: 'merge' },
  { long: 'overrides', kind: 'string' },
  { long: 'port', kind: 'string' },
  { long: 'protocol', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'save-config', kind: 'bool' },
  { long: 'selector', kind: 'string' },
  { long: 'session-affinity', kind: 'string' },
  { long: 'target-port', kind: 'string' },
  { long: 'type', kind: 'string' },
];

type Obj = Record<string, unknown>;
interface PortLike {
  containerPort?: number;
  port?: number;
  protocol?: string;
}

const EXPOSABLE = ['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'];

/** MapBasedSelectorForObject: the object's selector as `k=v,…`, or why it has none. */
function selectorOf(obj: KObject): Record<string, string> {
  const spec = (obj.spec ?? {}) as Obj;
  switch (obj.kind) {
    case 'Pod': {
      const labels = obj.metadata?.labels ?? {};
      if (Object.keys(labels).length === 0) throw plainError('the pod has no labels and cannot be exposed');
      return labels;
    }
    case 'Service': {
      const sel = spec.selector as Record<string, string> | undefined;
      if (!sel) throw plainError(`the service has no pod selector set`);
      return sel;
    }
    case 'ReplicationController':
      return (spec.selector as Record<string, string>) ?? {};
    default: {
      const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
      if (!sel) throw plainError(`invalid ${obj.kind!.toLowerCase()}: no selectors, therefore cannot be exposed`);
      if ((sel.matchExpressions ?? []).length > 0) throw plainError(`couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`);
      return sel.matchLabels ?? {};
    }
  }
}

/** PortsForObject and ProtocolsForObject: each container port (or service port) with its protocol. */
function portsOf(obj: KObject): PortLike[] {
  const spec = (obj.spec ?? {}) as Obj;
  if (obj.kind === 'Service') return ((spec.ports as PortLike[]) ?? []).map((p) => ({ port: p.port, protocol: p.protocol }));
  const podSpec = (obj.kind === 'Pod' ? spec : ((spec.template as Obj | undefined)?.spec as Obj | undefined)) ?? {};
  const out: PortLike[] = [];
  for (const c of (podSpec.containers as { ports?: PortLike[] }[]) ?? []) for (const p of c.ports ?? []) out.push({ port: p.containerPort, protocol: p.protocol });
  return out;
}

function parseLabelsFlag(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2 || kv[0] === '') throw plainError(`invalid label spec: ${pair}`);
    out[kv[0]!] = kv[1]!;
  }
  return out;
}

const intOrName = (s: string): number | string => (/^[0-9]+$/.test(s) ? Number(s) : s);

export function runExpose(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  if (f.args.length === 0) throw new KubectlError("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const dryRun = dryRunStrategy(f);
  refuseServerDryRun(dryRun);
  const out = flagString(f, 'output');
  if (out !== '' && out !== 'name') parseOutputFlag(out);
  const parsed = parseResourceArgs(f.args);
  const svcDef = resolveOrFail('services');
  for (const req of parsed.requests) {
    if (req.name === undefined) throw plainError('resource(s) were provided, but no name was specified');
    try {
      const obj = getOne(io.ctx.client, req.def, scope, req.name);
      if (!EXPOSABLE.includes(req.def.kind)) throw plainError(`cannot expose a ${req.def.group ? `${req.def.kind}.${req.def.group}` : req.def.kind}`);
      const selectorText = flagString(f, 'selector');
      let selector: Record<string, string>;
      try {
        selector = selectorText ? parseLabelsFlag(selectorText) : selectorOf(obj);
      } catch (e) {
        throw usageError('kubectl expose', `couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
      }
      const portText = flagString(f, 'port');
      const found = portsOf(obj);
      const ports: PortLike[] = portText ? portText.split(',').map((p) => ({ port: Number(p) })) : found;
      if (ports.length === 0 || ports.some((p) => p.port === undefined || !Number.isInteger(p.port))) throw usageError('kubectl expose', "couldn't find port via --port flag or introspection");
      const protocol = flagString(f, 'protocol');
      const target = flagString(f, 'target-port');
      const labelsText = flagString(f, 'labels');
      const labels = labelsText ? parseLabelsFlag(labelsText) : (obj.metadata?.labels ?? {});
      const name = flagString(f, 'name') || req.name;
      const servicePorts = ports.map((p, i) => {
        const proto = protocol || (portText ? found.find((x) => x.port === p.port)?.protocol : p.protocol) || 'TCP';
        return { ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}), port: p.port, protocol: proto, targetPort: target ? intOrName(target) : p.port };
      });
      const spec: Obj = { ports: servicePorts, selector };
      const clusterIP = flagString(f, 'cluster-ip');
      if (clusterIP) spec.clusterIP = clusterIP;
      const externalIP = flagString(f, 'external-ip');
      if (externalIP) spec.externalIPs = [externalIP];
      const lbIP = flagString(f, 'load-balancer-ip');
      if (lbIP) spec.loadBalancerIP = lbIP;
      const affinity = flagString(f, 'session-affinity');
      if (affinity) spec.sessionAffinity = affinity;
      const type = flagString(f, 'type');
      if (type) spec.type = type;
      const svc = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { creationTimestamp: null, ...(Object.keys(labels).length > 0 ? { labels } : {}), name },
        spec,
        status: { loadBalancer: {} },
      } as unknown as KObject;
      let shown = svc;
      if (dryRun === 'none') {
        const { status: _status, ...body } = svc as KObject & { status?: unknown };
        const meta = { ...(body.metadata as Obj) };
        delete meta.creationTimestamp;
        shown = withTypeMeta(svcDef, io.ctx.client.create(svcDef.plural, { ...body, metadata: meta } as KObject, { namespace: obj.metadata?.namespace ?? scope.namespace, fieldValidation: 'Strict' }));
      }
      if (out === '') io.out(`${nameRef(svcDef, shown)} exposed${dryRun === 'client' ? ' (dry run)' : ''}\n`);
      else if (out === 'name') io.out(`${nameRef(svcDef, shown)}\n`);
      else io.out(renderStructured(parseOutputFlag(out), shown));
    } catch (e) {
      if (e instanceof StatusError || e instanceof PlainError) io.fail(e);
      else throw e;
    }
  }
}
