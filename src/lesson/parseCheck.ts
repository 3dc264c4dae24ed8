/**
 * A goal's `check`, read strictly: exactly one kind, exactly one comparison where one compares, and
 * every resource, selector, JSONPath and command checked the way kubectl would check it, so a typo in
 * a lesson is found when it is loaded rather than as a goal that can never be met.
 */
import { resolveResource } from '../kubectl/resources';
import { JsonPathError, parseJsonPath } from '../kubectl/printers/jsonpath';
import { parseSelector } from '../sim/api/labels';
import { parseFieldSelector } from '../sim/api/fields';
import { DEST_FORMS, parseDest, TraceError } from '../sim/network/traffic/dest';
import { LessonError } from './errors';
import { bool, dnsLabel, isObj, kindOf, mapping, nonEmpty, num, only, required, str } from './fields';
import type { Obj } from './fields';
import { notReadOnly } from './readOnly';
import type { Check, Compare } from './types';

export const CHECK_KINDS = ['object', 'count', 'placement', 'kubectl', 'event', 'traffic', 'all', 'any', 'not'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const COMPARISONS = ['equals', 'matches', 'atLeast', 'atMost'] as const;
/** The checks whose truth at each store revision can be followed (ever/always/never). */
export const MOMENT_CHECKS: readonly CheckKind[] = ['object', 'count', 'placement', 'event'];

export function checkKind(c: Check): CheckKind {
  return Object.keys(c)[0] as CheckKind;
}

export function parseCheck(raw: unknown, where: string): Check {
  const o = mapping(raw, where);
  const kinds = CHECK_KINDS.filter((k) => o[k] !== undefined);
  only(o, CHECK_KINDS, where);
  if (kinds.length !== 1) throw new LessonError(`${where}: exactly one of ${CHECK_KINDS.join(', ')} is required`);
  const kind = kinds[0]!;
  const w = `${where}.${kind}`;
  const body = o[kind];
  switch (kind) {
    case 'object':
      return { object: objectCheck(mapping(body, w), w) };
    case 'count':
      return { count: countCheck(mapping(body, w), w) };
    case 'placement':
      return { placement: placementCheck(mapping(body, w), w) };
    case 'kubectl':
      return { kubectl: kubectlCheck(mapping(body, w), w) };
    case 'event':
      return { event: eventCheck(mapping(body, w), w) };
    case 'traffic':
      return { traffic: trafficCheck(mapping(body, w), w) };
    case 'all':
    case 'any': {
      if (!Array.isArray(body) || body.length === 0) throw new LessonError(`${w}: expected a list of at least one check, got ${kindOf(body)}`);
      const checks = body.map((c, i) => parseCheck(c, `${w}[${i}]`));
      return kind === 'all' ? { all: checks } : { any: checks };
    }
    case 'not':
      return { not: parseCheck(body, w) };
  }
}

/** The comparison keys present, read; `need`: exactly one is required (else none is allowed). */
function comparison(o: Obj, where: string, need: boolean, why: string): Compare {
  const present = COMPARISONS.filter((k) => o[k] !== undefined);
  if (need && present.length !== 1) throw new LessonError(`${where}: exactly one of ${COMPARISONS.join(', ')} is required${why}`);
  if (!need && present.length > 0) throw new LessonError(`${where}.${present[0]}: ${why}`);
  const out: Compare = {};
  if (o.equals !== undefined) {
    if (!['string', 'number', 'boolean'].includes(typeof o.equals)) throw new LessonError(`${where}.equals: expected a string, number or boolean, got ${kindOf(o.equals)}`);
    out.equals = o.equals as string | number | boolean;
  }
  if (o.matches !== undefined) out.matches = regex(o.matches, `${where}.matches`);
  if (o.atLeast !== undefined) out.atLeast = num(o.atLeast, `${where}.atLeast`);
  if (o.atMost !== undefined) out.atMost = num(o.atMost, `${where}.atMost`);
  return out;
}

function regex(raw: unknown, where: string): string {
  const s = str(raw, where);
  try {
    new RegExp(s);
  } catch (e) {
    throw new LessonError(`${where}: ${(e as Error).message}`);
  }
  return s;
}

function resource(raw: unknown, where: string): string {
  const s = nonEmpty(raw, where);
  if (!resolveResource(s)) throw new LessonError(`${where}: the server doesn't have a resource type "${s}"`);
  return s;
}

function jsonPath(raw: unknown, where: string): string {
  const s = nonEmpty(raw, where);
  if (!s.includes('{')) throw new LessonError(`${where}: expected a JSONPath template such as {.status.readyReplicas}, got ${JSON.stringify(s)}`);
  try {
    parseJsonPath(s);
  } catch (e) {
    if (e instanceof JsonPathError || e instanceof Error) throw new LessonError(`${where}: error parsing jsonpath ${s}, ${e.message}`);
    throw e;
  }
  return s;
}

function labelSelector(raw: unknown, where: string): string {
  const s = str(raw, where);
  try {
    parseSelector(s);
  } catch (e) {
    throw new LessonError(`${where}: ${(e as Error).message}`);
  }
  return s;
}

function objectCheck(o: Obj, w: string): Extract<Check, { object: unknown }>['object'] {
  only(o, ['resource', 'name', 'namespace', 'jsonPath', 'absent', ...COMPARISONS], w);
  const out: Extract<Check, { object: unknown }>['object'] = { resource: resource(required(o, 'resource', w), `${w}.resource`), name: nonEmpty(required(o, 'name', w), `${w}.name`) };
  if (o.namespace !== undefined) out.namespace = dnsLabel(o.namespace, `${w}.namespace`);
  if (o.absent !== undefined) out.absent = bool(o.absent, `${w}.absent`);
  if (out.absent && o.jsonPath !== undefined) throw new LessonError(`${w}.jsonPath: an absent object has no fields to compare`);
  if (o.jsonPath !== undefined) out.jsonPath = jsonPath(o.jsonPath, `${w}.jsonPath`);
  const cmp = out.jsonPath ? comparison(o, w, true, ' with jsonPath') : comparison(o, w, false, out.absent ? 'an absent object has no fields to compare' : 'compares a jsonPath: add one, or leave it out to check only that the object exists');
  return { ...out, ...cmp };
}

function countCheck(o: Obj, w: string): Extract<Check, { count: unknown }>['count'] {
  only(o, ['resource', 'namespace', 'allNamespaces', 'selector', 'fieldSelector', 'where', ...COMPARISONS], w);
  const res = resource(required(o, 'resource', w), `${w}.resource`);
  const out: Extract<Check, { count: unknown }>['count'] = { resource: res };
  if (o.namespace !== undefined) out.namespace = dnsLabel(o.namespace, `${w}.namespace`);
  if (o.allNamespaces !== undefined) out.allNamespaces = bool(o.allNamespaces, `${w}.allNamespaces`);
  if (out.namespace && out.allNamespaces) throw new LessonError(`${w}: namespace and allNamespaces: true cannot both be given`);
  if (o.selector !== undefined) out.selector = labelSelector(o.selector, `${w}.selector`);
  if (o.fieldSelector !== undefined) {
    const s = str(o.fieldSelector, `${w}.fieldSelector`);
    try {
      parseFieldSelector(s, resolveResource(res)!.plural);
    } catch (e) {
      throw new LessonError(`${w}.fieldSelector: ${(e as Error).message}`);
    }
    out.fieldSelector = s;
  }
  if (o.where !== undefined) {
    const ww = `${w}.where`;
    const wo = mapping(o.where, ww);
    only(wo, ['jsonPath', ...COMPARISONS], ww);
    out.where = { jsonPath: jsonPath(required(wo, 'jsonPath', ww), `${ww}.jsonPath`), ...comparison(wo, ww, true, '') };
  }
  return { ...out, ...comparison(o, w, true, '') };
}

function placementCheck(o: Obj, w: string): Extract<Check, { placement: unknown }>['placement'] {
  only(o, ['pods', 'namespace', 'nodes', 'distinctNodes', 'allBound'], w);
  const out: Extract<Check, { placement: unknown }>['placement'] = { pods: labelSelector(required(o, 'pods', w), `${w}.pods`) };
  if (o.namespace !== undefined) out.namespace = dnsLabel(o.namespace, `${w}.namespace`);
  if (o.nodes !== undefined) out.nodes = labelSelector(o.nodes, `${w}.nodes`);
  if (o.distinctNodes !== undefined) {
    const dw = `${w}.distinctNodes`;
    const d = mapping(o.distinctNodes, dw);
    only(d, COMPARISONS, dw);
    out.distinctNodes = comparison(d, dw, true, '');
  }
  if (o.allBound !== undefined) out.allBound = bool(o.allBound, `${w}.allBound`);
  return out;
}

function kubectlCheck(o: Obj, w: string): Extract<Check, { kubectl: unknown }>['kubectl'] {
  only(o, ['command', 'contains', 'notContains', 'matches', 'exitCode'], w);
  const command = nonEmpty(required(o, 'command', w), `${w}.command`);
  const why = notReadOnly(command);
  if (why) throw new LessonError(`${w}.command: ${why}`);
  const out: Extract<Check, { kubectl: unknown }>['kubectl'] = { command };
  if (o.contains !== undefined) out.contains = nonEmpty(o.contains, `${w}.contains`);
  if (o.notContains !== undefined) out.notContains = nonEmpty(o.notContains, `${w}.notContains`);
  if (o.matches !== undefined) out.matches = regex(o.matches, `${w}.matches`);
  if (o.exitCode !== undefined) {
    const n = num(o.exitCode, `${w}.exitCode`);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new LessonError(`${w}.exitCode: expected a whole number from 0 to 255, got ${kindOf(n)}`);
    out.exitCode = n;
  }
  if (out.contains === undefined && out.notContains === undefined && out.matches === undefined && out.exitCode === undefined) {
    throw new LessonError(`${w}: at least one of contains, notContains, matches, exitCode is required`);
  }
  return out;
}

function eventCheck(o: Obj, w: string): Extract<Check, { event: unknown }>['event'] {
  only(o, ['reason', 'kind', 'name', 'namespace', 'type', 'messageContains'], w);
  const out: Extract<Check, { event: unknown }>['event'] = { reason: nonEmpty(required(o, 'reason', w), `${w}.reason`) };
  if (o.kind !== undefined) out.kind = nonEmpty(o.kind, `${w}.kind`);
  if (o.name !== undefined) out.name = nonEmpty(o.name, `${w}.name`);
  if (o.namespace !== undefined) out.namespace = dnsLabel(o.namespace, `${w}.namespace`);
  if (o.type !== undefined) {
    if (o.type !== 'Normal' && o.type !== 'Warning') throw new LessonError(`${w}.type: must be Normal or Warning, got ${kindOf(o.type)}`);
    out.type = o.type;
  }
  if (o.messageContains !== undefined) out.messageContains = nonEmpty(o.messageContains, `${w}.messageContains`);
  return out;
}

function trafficCheck(o: Obj, w: string): Extract<Check, { traffic: unknown }>['traffic'] {
  only(o, ['from', 'to', 'expect', 'answeredBy'], w);
  const from = str(required(o, 'from', w), `${w}.from`);
  const parts = from.split('/');
  if (from === '' || /\s/.test(from) || parts.length > 2 || parts.some((p) => p === '')) {
    throw new LessonError(`${w}.from: expected a pod (NAME or NAMESPACE/NAME), node/NAME or external, got ${kindOf(from)}`);
  }
  const to = str(required(o, 'to', w), `${w}.to`);
  try {
    parseDest(to);
  } catch (e) {
    if (e instanceof TraceError) throw new LessonError(`${w}.to: ${e.message}`);
    throw e;
  }
  if (/\s/.test(to)) throw new LessonError(`${w}.to: invalid destination ${JSON.stringify(to)}: ${DEST_FORMS}`);
  const out: Extract<Check, { traffic: unknown }>['traffic'] = { from, to };
  if (o.expect !== undefined) {
    if (o.expect !== 'delivered' && o.expect !== 'refused' && o.expect !== 'dropped') throw new LessonError(`${w}.expect: must be delivered, refused or dropped, got ${kindOf(o.expect)}`);
    out.expect = o.expect;
  }
  if (o.answeredBy !== undefined) {
    if (out.expect !== undefined && out.expect !== 'delivered') throw new LessonError(`${w}.answeredBy: only a delivered connection is answered; leave out expect or make it delivered`);
    out.answeredBy = labelSelector(o.answeredBy, `${w}.answeredBy`);
  }
  return out;
}

/** The first check kind in `c` (itself or nested) that `when` modes other than now cannot follow. */
export function unfollowable(c: Check): CheckKind | undefined {
  if ('all' in c) return c.all.map(unfollowable).find(Boolean);
  if ('any' in c) return c.any.map(unfollowable).find(Boolean);
  if ('not' in c) return unfollowable(c.not);
  const k = checkKind(c);
  return MOMENT_CHECKS.includes(k) ? undefined : k;
}

export { isObj };
