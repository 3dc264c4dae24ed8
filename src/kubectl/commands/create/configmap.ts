/** `kubectl create configmap NAME [--from-file] [--from-literal] [--from-env-file]` */
import type { KObject } from '../../../sim/types';
import { plainError } from '../../errors';
import { flagBool, flagList, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { contentHash } from './hash';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, oneName } from './common';
import { configMapKeyErrors, parseLiteral, readEnvFile, readFileSource } from './sources';

export const CONFIGMAP_FLAGS: FlagSpec[] = [
  ...CREATE_COMMON,
  { long: 'append-hash', kind: 'bool' },
  { long: 'from-env-file', kind: 'strings' },
  { long: 'from-file', kind: 'strings' },
  { long: 'from-literal', kind: 'stringArray' },
];

export function runCreateConfigMap(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'configmap');
  const files = flagList(f, 'from-file');
  const literals = flagList(f, 'from-literal');
  const envFiles = flagList(f, 'from-env-file');
  if (envFiles.length > 0 && (files.length > 0 || literals.length > 0)) throw plainError('from-env-file cannot be combined with from-file or from-literal');
  const data: Record<string, string> = {};
  const add = (key: string, value: string): void => {
    const errs = configMapKeyErrors(key);
    if (errs.length > 0) throw plainError(`${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
    if (Object.hasOwn(data, key)) throw plainError(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`);
    data[key] = value;
  };
  // kubectl reads the files first, then the literals, then the env files.
  for (const src of files) for (const [k, v] of readFileSource(io, src)) add(k, v);
  for (const src of literals) add(...parseLiteral(src));
  for (const src of envFiles) for (const [k, v] of readEnvFile(io, src, 'env config file cannot be a directory')) add(k, v);
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: genMeta(name, enforcedNamespace(f)) as KObject['metadata'], ...(Object.keys(data).length > 0 ? { data } : {}) } as KObject;
  if (flagBool(f, 'append-hash')) (cm.metadata as { name: string }).name = `${name}-${contentHash(cm)}`;
  finishCreate(io, f, scope, 'configmaps', cm, 'failed to create configmap: ');
}
