/**
 * etcdctl 3.5 (as in registry.k8s.io/etcd:3.5.15-0) against the cluster's etcd: get, watch,
 * endpoint status / health, member list, compaction and version, with the real flags and output
 * formats (simple, json, fields, table where the command has one). As on a kubeadm node, etcd
 * serves TLS only and asks for a client certificate: without --cacert/--cert/--key the client waits
 * out its 5 s command timeout and fails as the real one does.
 *
 * Values: the API server writes most kinds to etcd as protobuf ("k8s\0" + type + object), which
 * etcdctl would print as bytes. Here they are printed decoded, as JSON, and etcdctl says so once on
 * stderr.
 */
import type { EtcdCluster, EtcdMember } from '../../store/etcd';
import { ETCD_VERSION } from '../../store/etcd';
import type { ShellResult } from './result';
import { ok } from './result';
import { ENV_FLAGS, errorExit, EXIT_BAD_ARGS, parse } from './etcdctlArgs';
import { Session } from './etcdctlSession';
import { compaction, get, watch } from './etcdctlKv';
import { endpoint, memberList } from './etcdctlCluster';

export { ENV_FLAGS } from './etcdctlArgs';
export { PROTOBUF_NOTE } from './etcdctlKv';

export interface EtcdctlContext {
  etcd: EtcdCluster;
  /** the member on this machine: what 127.0.0.1:2379 reaches */
  local: EtcdMember;
  /** the certificate and key files present where etcdctl runs */
  files: ReadonlySet<string>;
  env?: Readonly<Record<string, string>>;
  nowMs: number;
}

/** The certificate files kubeadm writes under /etc/kubernetes/pki/etcd (mounted into the etcd pod). */
export const ETCD_PKI_FILES = ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'peer.crt', 'peer.key', 'healthcheck-client.crt', 'healthcheck-client.key'].map((f) => `/etc/kubernetes/pki/etcd/${f}`);
/** …and the API server's client pair, on the node only. */
export const APISERVER_ETCD_CLIENT_FILES = ['/etc/kubernetes/pki/apiserver-etcd-client.crt', '/etc/kubernetes/pki/apiserver-etcd-client.key'];

export function etcdctl(ctx: EtcdctlContext, args: string[]): ShellResult {
  const p = parse(args);
  if ('error' in p) return errorExit(p.error);
  const { words, flags } = p;
  for (const name of ENV_FLAGS) {
    const v = ctx.env?.[`ETCDCTL_${name.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && !flags.has(name)) flags.set(name, v);
  }
  const [cmd, ...rest] = words;
  if (cmd === undefined) return ok(USAGE);
  if (cmd === 'version') return ok(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
  const known = ['get', 'watch', 'endpoint', 'member', 'compaction'];
  if (!known.includes(cmd)) {
    if (['put', 'del', 'txn', 'lease', 'defrag', 'snapshot', 'alarm', 'auth', 'user', 'role', 'lock', 'elect', 'move-leader', 'make-mirror', 'check', 'downgrade'].includes(cmd)) {
      return errorExit(`kubetab's etcdctl answers get, watch, endpoint, member list, compaction and version; "${cmd}" is not modelled`);
    }
    return errorExit(`unknown command "${cmd}" for "etcdctl"\nRun 'etcdctl --help' for usage.`);
  }
  const out = flags.get('write-out') ?? 'simple';
  if (!['simple', 'json', 'fields', 'table', 'protobuf'].includes(out)) return errorExit(`unsupported output format ${out}`, EXIT_BAD_ARGS);

  const tls = checkTls(ctx, flags);
  if (tls) return tls;
  const session = new Session(ctx, flags);

  switch (cmd) {
    case 'get':
      return get(session, rest, flags, out);
    case 'watch':
      return watch(session, rest, flags);
    case 'endpoint':
      return endpoint(session, rest, flags, out);
    case 'member':
      if (rest[0] !== 'list') return errorExit(`kubetab's etcdctl answers member list; "member ${rest[0] ?? ''}" is not modelled`.trimEnd());
      return memberList(session, out);
    default:
      return compaction(session, rest);
  }
}

const USAGE = `NAME:
\tetcdctl - A simple command line client for etcd3.

USAGE:
\tetcdctl [flags]

VERSION:
\t${ETCD_VERSION}

API VERSION:
\t3.5
`;

/** A missing certificate file stops etcdctl before it dials; 2 of 3 given is treated as none (no TLS). */
function checkTls(ctx: EtcdctlContext, flags: Map<string, string>): ShellResult | undefined {
  for (const f of ['cacert', 'cert', 'key']) {
    const path = flags.get(f);
    if (path !== undefined && !ctx.files.has(path)) return errorExit(`open ${path}: no such file or directory`, EXIT_BAD_ARGS);
  }
  return undefined;
}
