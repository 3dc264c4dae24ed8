/** `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME [--tcp=port:targetPort]` */
import type { KObject } from '../../../sim/types';
import { KubectlError, plainError, usageError } from '../../errors';
import { flagInt, flagList, flagString, type FlagSpec, type ParsedFlags, type Subcommand } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, requireFlags } from './common';

const TCP: FlagSpec = { long: 'tcp', kind: 'strings' };

export const SERVICE_SUBCOMMANDS: Subcommand[] = [
  { name: 'clusterip', flags: [...CREATE_COMMON, TCP, { long: 'clusterip', kind: 'string' }] },
  { name: 'nodeport', flags: [...CREATE_COMMON, TCP, { long: 'node-port', kind: 'int', default: 0 }] },
  { name: 'loadbalancer', flags: [...CREATE_COMMON, TCP] },
  { name: 'externalname', flags: [...CREATE_COMMON, TCP, { long: 'external-name', kind: 'string' }] },
];

export const SERVICE_FLAGS: FlagSpec[] = [...new Map(SERVICE_SUBCOMMANDS.flatMap((s) => s.flags).map((x) => [x.long, x])).values()];

const SERVICE_HELP = `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const TYPES: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' };

/** strconv.ParseUint(s, 10, 16), failing in its words. */
function parsePort(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw plainError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw plainError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function runCreateService(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const sub = f.args[1];
  if (sub === undefined) {
    io.err(SERVICE_HELP);
    io.exitCode = 1;
    return;
  }
  const type = TYPES[sub];
  if (!type) throw usageError('kubectl create service', `unknown command ${JSON.stringify(f.args.slice(1).join(' '))}`);
  const own = new Set(SERVICE_SUBCOMMANDS.find((s) => s.name === sub)!.flags.map((x) => x.long));
  for (const name of f.changed) if (!own.has(name) && SERVICE_FLAGS.some((x) => x.long === name)) throw new KubectlError(`error: unknown flag: --${name}\nSee 'kubectl create service ${sub} --help' for usage.`);
  if (sub === 'externalname') requireFlags(f, 'external-name');
  const names = f.args.slice(2);
  if (names.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${names.length}\nSee 'kubectl create service ${sub} -h' for help and examples`);
  const name = names[0]!;
  const tcp = flagList(f, 'tcp');
  const clusterIP = flagString(f, 'clusterip');
  const externalName = flagString(f, 'external-name');
  if (sub !== 'externalname' && tcp.length === 0 && clusterIP !== 'None') throw plainError('at least one tcp port specifier must be provided');
  if (sub === 'externalname' && !(externalName.length <= 253 && DNS1123_SUBDOMAIN.test(externalName))) throw plainError(`invalid service external name ${externalName}`);
  const nodePort = flagInt(f, 'node-port', 0);
  const ports = tcp.map((spec) => {
    const [portText, targetText] = spec.split(':', 2) as [string, string | undefined];
    const port = parsePort(portText);
    const target: number | string = targetText === undefined ? port : /^[0-9]+$/.test(targetText) ? Number(targetText) : targetText;
    return { name: spec.replace(/:/g, '-'), ...(nodePort > 0 ? { nodePort } : {}), port, protocol: 'TCP', targetPort: target };
  });
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: genMeta(name, enforcedNamespace(f), { labels: { app: name } }),
    spec: {
      ...(clusterIP ? { clusterIP } : {}),
      ...(externalName ? { externalName } : {}),
      ...(ports.length > 0 ? { ports } : {}),
      selector: { app: name },
      type,
    },
    status: { loadBalancer: {} },
  } as unknown as KObject;
  finishCreate(io, f, scope, 'services', svc, `failed to create ${type} service: `);
}
