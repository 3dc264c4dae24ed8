/** `kubectl create serviceaccount|priorityclass|quota|poddisruptionbudget NAME …` */
import type { KObject } from '../../../sim/types';
import { parseSelector } from '../../../sim/api/labels';
import { formatQuantity, parseQuantity } from '../../../sim/api/quantity';
import { plainError } from '../../errors';
import { flagBool, flagInt, flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, oneName } from './common';

export const SERVICEACCOUNT_FLAGS: FlagSpec[] = CREATE_COMMON;

export function runCreateServiceAccount(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'serviceaccount');
  const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: genMeta(name, enforcedNamespace(f)) } as unknown as KObject;
  finishCreate(io, f, scope, 'serviceaccounts', sa, 'failed to create serviceaccount: ');
}

export const PRIORITYCLASS_FLAGS: FlagSpec[] = [
  ...CREATE_COMMON,
  { long: 'description', kind: 'string' },
  { long: 'global-default', kind: 'bool' },
  { long: 'preemption-policy', kind: 'string', default: 'PreemptLowerPriority' },
  { long: 'value', kind: 'int', bits: 32, default: 0 },
];

export function runCreatePriorityClass(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'priorityclass');
  const description = flagString(f, 'description');
  const pc = {
    apiVersion: 'scheduling.k8s.io/v1',
    ...(description ? { description } : {}),
    ...(flagBool(f, 'global-default') ? { globalDefault: true } : {}),
    kind: 'PriorityClass',
    metadata: genMeta(name, undefined),
    preemptionPolicy: flagString(f, 'preemption-policy'),
    value: flagInt(f, 'value', 0),
  } as unknown as KObject;
  finishCreate(io, f, scope, 'priorityclasses', pc, 'failed to create priorityclass: ');
}

export const QUOTA_FLAGS: FlagSpec[] = [...CREATE_COMMON, { long: 'hard', kind: 'string' }, { long: 'scopes', kind: 'string' }];

export function runCreateQuota(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'quota');
  const hard: Record<string, string> = {};
  const hardText = flagString(f, 'hard');
  if (hardText !== '') {
    for (const pair of hardText.split(',')) {
      const parts = pair.split('=');
      if (parts.length !== 2) throw plainError(`Invalid argument syntax ${pair}, expected <resource>=<value>`);
      let q;
      try {
        q = parseQuantity(parts[1]!);
      } catch (e) {
        throw plainError((e as Error).message);
      }
      hard[parts[0]!] = formatQuantity(q);
    }
  }
  const scopesText = flagString(f, 'scopes');
  const scopes = scopesText === '' ? [] : scopesText.split(',');
  const quota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: genMeta(name, enforcedNamespace(f)),
    spec: { ...(Object.keys(hard).length > 0 ? { hard } : {}), ...(scopes.length > 0 ? { scopes } : {}) },
    status: {},
  } as unknown as KObject;
  finishCreate(io, f, scope, 'resourcequotas', quota, 'failed to create quota: ');
}

export const PDB_FLAGS: FlagSpec[] = [...CREATE_COMMON, { long: 'max-unavailable', kind: 'string' }, { long: 'min-available', kind: 'string' }, { long: 'selector', kind: 'string' }];

/** intstr.Parse */
function intOrString(s: string): number | string {
  return /^[+-]?[0-9]+$/.test(s) && Math.abs(Number(s)) < 2 ** 31 ? Number(s) : s;
}

const META_OPERATOR: Record<string, string> = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' };

/** metav1.ParseToLabelSelector: equality terms as matchLabels, set terms as matchExpressions. */
function labelSelectorOf(text: string): Record<string, unknown> {
  let reqs;
  try {
    reqs = parseSelector(text).requirements();
  } catch (e) {
    throw plainError((e as Error).message);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  for (const r of reqs) {
    if (r.operator === '=' || r.operator === '==') matchLabels[r.key] = r.values[0] ?? '';
    else if (META_OPERATOR[r.operator]) matchExpressions.push({ key: r.key, operator: META_OPERATOR[r.operator], ...(r.values.length > 0 ? { values: [...r.values] } : {}) });
    else throw plainError(`${JSON.stringify(r.operator)} is not a valid label selector operator`);
  }
  return { ...(matchExpressions.length > 0 ? { matchExpressions } : {}), ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}) };
}

export function runCreatePdb(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const name = oneName(f, 'poddisruptionbudget');
  const selector = flagString(f, 'selector');
  const min = flagString(f, 'min-available');
  const max = flagString(f, 'max-unavailable');
  if (selector === '') throw plainError('a selector must be specified');
  if (min === '' && max === '') throw plainError('one of min-available or max-unavailable must be specified');
  if (min !== '' && max !== '') throw plainError('min-available and max-unavailable cannot be both specified');
  for (const v of [min, max]) if (v !== '' && !/^([0-9]+|[0-9]+%)$/.test(v)) throw plainError(`invalid format specified for ${v === min ? 'min-available' : 'max-unavailable'}`);
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: genMeta(name, enforcedNamespace(f)),
    spec: { ...(max !== '' ? { maxUnavailable: intOrString(max) } : {}), ...(min !== '' ? { minAvailable: intOrString(min) } : {}), selector: labelSelectorOf(selector) },
    status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
  } as unknown as KObject;
  finishCreate(io, f, scope, 'poddisruptionbudgets', pdb, 'failed to create poddisruptionbudgets: ');
}
