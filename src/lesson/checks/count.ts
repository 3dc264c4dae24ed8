/** `count`: how many objects match selectors (and, with `where`, a JSONPath comparison each). */
import type { Check } from '../types';
import { compares, comparesNumber, readJsonPath, wanted } from './compare';
import type { CheckContext, CheckResult } from './context';
import { definition, observeList } from './context';

export type CountCheck = Extract<Check, { count: unknown }>['count'];

export function checkCount(ctx: CheckContext, c: CountCheck): CheckResult {
  const def = definition(c.resource);
  const ns = c.allNamespaces ? undefined : (c.namespace ?? 'default');
  const items = observeList(ctx, def, ns, { ...(c.selector ? { labelSelector: c.selector } : {}), ...(c.fieldSelector ? { fieldSelector: c.fieldSelector } : {}) });
  const where = c.where;
  const n = where ? items.filter((o) => compares(readJsonPath(o, where.jsonPath), where)).length : items.length;
  const ok = comparesNumber(n, c);
  return { ok, detail: `${describeSet(def.plural, c)}: ${n}${ok ? '' : `, want ${wanted(c)}`}` };
}

/** `pods with app=web, status.phase=Running, where {.spec.nodeName} is "worker-1" (all namespaces)`. */
function describeSet(plural: string, c: CountCheck): string {
  const filters = [c.selector, c.fieldSelector].filter(Boolean).join(', ');
  const where = c.where ? ` where ${c.where.jsonPath} is ${wanted(c.where)}` : '';
  const ns = c.allNamespaces ? ' in all namespaces' : c.namespace && c.namespace !== 'default' ? ` in namespace ${c.namespace}` : '';
  return `${plural}${filters ? ` with ${filters}` : ''}${where}${ns}`;
}
