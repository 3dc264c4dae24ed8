/** `kubectl create secret generic|tls|docker-registry NAME …` */
import type { KObject } from '../../../sim/types';
import { KubectlError, plainError, usageError } from '../../errors';
import { flagBool, flagList, flagString, type FlagSpec, type ParsedFlags, type Subcommand } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, requireFlags } from './common';
import { contentHash } from './hash';
import { base64, configMapKeyErrors, parseLiteral, readEnvFile, readFileSource, scenarioFiles } from './sources';

export const SECRET_SUBCOMMANDS: Subcommand[] = [
  {
    name: 'generic',
    flags: [...CREATE_COMMON, { long: 'append-hash', kind: 'bool' }, { long: 'from-env-file', kind: 'strings' }, { long: 'from-file', kind: 'strings' }, { long: 'from-literal', kind: 'stringArray' }, { long: 'type', kind: 'string' }],
  },
  { name: 'tls', flags: [...CREATE_COMMON, { long: 'append-hash', kind: 'bool' }, { long: 'cert', kind: 'string' }, { long: 'key', kind: 'string' }] },
  {
    name: 'docker-registry',
    flags: [
      ...CREATE_COMMON,
      { long: 'append-hash', kind: 'bool' },
      { long: 'docker-email', kind: 'string' },
      { long: 'docker-password', kind: 'string' },
      { long: 'docker-server', kind: 'string', default: 'https://index.docker.io/v1/' },
      { long: 'docker-username', kind: 'string' },
      { long: 'from-file', kind: 'strings' },
    ],
  },
];

/** What `kubectl create secret` alone prints (its help), exiting 1. */
const SECRET_HELP = `Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** `f.args` is [secret, kind, NAME]. */
function secretName(f: ParsedFlags, kind: string): string {
  const names = f.args.slice(2);
  if (names.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${names.length}\nSee 'kubectl create secret ${kind} -h' for help and examples`);
  return names[0]!;
}

function addKey(data: Record<string, string>, key: string, value: string): void {
  const errs = configMapKeyErrors(key);
  if (errs.length > 0) throw plainError(`${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(';')}`);
  if (Object.hasOwn(data, key)) throw plainError(`cannot add key ${key}, another key by that name already exists`);
  data[key] = base64(value);
}

function build(f: ParsedFlags, name: string, type: string, data: Record<string, string>): KObject {
  const s = { apiVersion: 'v1', kind: 'Secret', metadata: genMeta(name, enforcedNamespace(f)), ...(Object.keys(data).length > 0 ? { data } : {}), ...(type ? { type } : {}) } as unknown as KObject;
  if (flagBool(f, 'append-hash')) (s.metadata as { name: string }).name = `${name}-${contentHash(s)}`;
  return s;
}

function readFile(io: CommandIO, path: string): string {
  const content = scenarioFiles(io).get(path.replace(/^\.\//, ''));
  if (content === undefined) throw plainError(`Cannot read file ${path}, open ${path}: no such file or directory`);
  return content;
}

/** `create secret` is parsed with every kind's flags; a flag the named kind lacks is refused as cobra would. */
export const SECRET_FLAGS: FlagSpec[] = [...new Map(SECRET_SUBCOMMANDS.flatMap((s) => s.flags).map((x) => [x.long, x])).values()];

function checkOwnFlags(f: ParsedFlags, kind: string): void {
  const own = new Set(SECRET_SUBCOMMANDS.find((s) => s.name === kind)?.flags.map((x) => x.long));
  for (const name of f.changed) {
    if (!own.has(name) && SECRET_FLAGS.some((x) => x.long === name)) throw new KubectlError(`error: unknown flag: --${name}\nSee 'kubectl create secret ${kind} --help' for usage.`);
  }
}

export function runCreateSecret(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const kind = f.args[1];
  if (kind !== undefined) checkOwnFlags(f, kind);
  const data: Record<string, string> = {};
  switch (kind) {
    case 'generic': {
      const name = secretName(f, kind);
      const files = flagList(f, 'from-file');
      const literals = flagList(f, 'from-literal');
      const envFiles = flagList(f, 'from-env-file');
      if (envFiles.length > 0 && (files.length > 0 || literals.length > 0)) throw plainError('from-env-file cannot be combined with from-file or from-literal');
      // Secrets read the literals first, then the files, then the env files.
      for (const src of literals) addKey(data, ...parseLiteral(src));
      for (const src of files) for (const [k, v] of readFileSource(io, src)) addKey(data, k, v);
      for (const src of envFiles) for (const [k, v] of readEnvFile(io, src, 'env secret file cannot be a directory')) addKey(data, k, v);
      return finishCreate(io, f, scope, 'secrets', build(f, name, flagString(f, 'type'), data), 'failed to create secret ');
    }
    case 'tls': {
      const name = secretName(f, kind);
      const cert = flagString(f, 'cert');
      const key = flagString(f, 'key');
      if (cert === '' || key === '') throw plainError('key and cert must be specified');
      const certPem = readFile(io, cert);
      const keyPem = readFile(io, key);
      // tls.X509KeyPair looks for PEM blocks first; the sim does not parse the DER inside them.
      if (!certPem.includes('-----BEGIN ')) throw plainError('failed to load key pair tls: failed to find any PEM data in certificate input');
      if (!keyPem.includes('-----BEGIN ')) throw plainError('failed to load key pair tls: failed to find any PEM data in key input');
      data['tls.crt'] = base64(certPem);
      data['tls.key'] = base64(keyPem);
      return finishCreate(io, f, scope, 'secrets', build(f, name, 'kubernetes.io/tls', data), 'failed to create secret ');
    }
    case 'docker-registry': {
      const name = secretName(f, kind);
      const files = flagList(f, 'from-file');
      if (files.length === 0) {
        const user = flagString(f, 'docker-username');
        const password = flagString(f, 'docker-password');
        const server = flagString(f, 'docker-server');
        if (user === '' || password === '' || server === '') throw plainError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
        const email = flagString(f, 'docker-email');
        // The field order of kubectl's DockerConfigEntry: username, password, email (omitted when empty), auth.
        const entry: Record<string, string> = { username: user, password };
        if (email) entry.email = email;
        entry.auth = base64(`${user}:${password}`);
        const json = JSON.stringify({ auths: { [server]: entry } }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
        data['.dockerconfigjson'] = base64(json);
      } else {
        for (const src of files) for (const [k, v] of readFileSource(io, src)) addKey(data, k, v);
      }
      return finishCreate(io, f, scope, 'secrets', build(f, name, 'kubernetes.io/dockerconfigjson', data), 'failed to create secret ');
    }
    case undefined:
      io.err(SECRET_HELP);
      io.exitCode = 1;
      return;
    default:
      throw usageError('kubectl create secret', `unknown command ${JSON.stringify(f.args.slice(1).join(' '))}`);
  }
}
