/**
 * The store prefixes a check reads: a write elsewhere cannot change its answer, so the tracker
 * evaluates a goal only at the revisions that touch one of them.
 */
import { qualifiedResourceName } from '../kubectl/resources';
import type { ApiServer } from '../sim/api/server';
import { definition } from './checks/context';
import type { Check } from './types';

export function checkPrefixes(api: ApiServer, c: Check): string[] {
  const of = (resource: string): string[] => {
    const r = api.registry.resource(qualifiedResourceName(definition(resource)));
    return r ? [r.storagePrefix] : [];
  };
  if ('object' in c) return of(c.object.resource);
  if ('count' in c) return of(c.count.resource);
  if ('placement' in c) return [...of('pods'), ...of('nodes')];
  if ('event' in c) return of('events');
  if ('all' in c) return c.all.flatMap((x) => checkPrefixes(api, x));
  if ('any' in c) return c.any.flatMap((x) => checkPrefixes(api, x));
  if ('not' in c) return checkPrefixes(api, c.not);
  // kubectl and traffic checks are evaluated only when asked (now goals): they read anything.
  return [''];
}
