/** `kubectl create deployment NAME --image=… [--port] [--replicas]` and `kubectl create namespace NAME`. */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../sim/types';
import { flagInt, flagList, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, oneName, requireFlags } from './common';

export const DEPLOYMENT_FLAGS: FlagSpec[] = [...CREATE_COMMON, { long: 'image', kind: 'strings' }, { long: 'port', kind: 'int', bits: 32, default: -1 }, { long: 'replicas', short: 'r', kind: 'int', bits: 32, default: 1 }];
export const NAMESPACE_FLAGS: FlagSpec[] = CREATE_COMMON;

/** A deterministic stand-in for the random 5-character suffix kubectl adds to sanitized container names. */
function suffixFor(name: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) + 7919 * (i + 1);
  }
  return s;
}

/** The container name kubectl derives from an image: basename, tag and digest dropped, `.`/`_` sanitized. */
export function containerNameFromImage(image: string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${suffixFor(name)}`;
  return name;
}

export function buildDeployment(name: string, images: string[], replicas: number, port: number, namespace?: string): Deployment {
  const labels = { app: name };
  const containers: Container[] = images.map((image) => ({ name: containerNameFromImage(image), image, resources: {} }));
  if (port >= 0 && containers.length > 0) containers[0]!.ports = [{ containerPort: port }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: genMeta(name, namespace, { labels: { ...labels } }) as Deployment['metadata'],
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      strategy: {},
      template: { metadata: { labels: { ...labels }, creationTimestamp: null as unknown as string }, spec: { containers } },
    },
    status: {},
  };
}

export function runCreateDeployment(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  // cobra checks required flags before the command runs.
  requireFlags(f, 'image');
  const name = oneName(f, 'deployment');
  const d = buildDeployment(name, flagList(f, 'image'), flagInt(f, 'replicas', 1), flagInt(f, 'port', -1), enforcedNamespace(f));
  finishCreate(io, f, scope, 'deployments', d as KObject, 'failed to create deployment: ');
}

export function runCreateNamespace(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'namespace');
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: genMeta(name, undefined), spec: {}, status: {} } as unknown as KObject;
  finishCreate(io, f, scope, 'namespaces', ns);
}
