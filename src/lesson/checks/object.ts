/** `object`: one object exists (or, `absent: true`, does not), and optionally a JSONPath of it compares. */
import type { Check } from '../types';
import { compares, readJsonPath, shownValue, wanted } from './compare';
import type { CheckContext, CheckResult } from './context';
import { definition, objectRef, observeGet } from './context';

export type ObjectCheck = Extract<Check, { object: unknown }>['object'];

export function checkObject(ctx: CheckContext, c: ObjectCheck): CheckResult {
  const def = definition(c.resource);
  const ns = c.namespace ?? 'default';
  const ref = objectRef(def, c.name, ns);
  const obj = observeGet(ctx, def, ns, c.name);
  if (c.absent) return obj ? { ok: false, detail: `${ref} exists, want it absent` } : { ok: true, detail: `${ref} does not exist` };
  if (!obj) return { ok: false, detail: `${ref} not found` };
  if (!c.jsonPath) return { ok: true, detail: `${ref} exists` };
  const v = readJsonPath(obj, c.jsonPath);
  const ok = compares(v, c);
  return { ok, detail: `${ref}: ${c.jsonPath} is ${shownValue(v)}${ok ? '' : `, want ${wanted(c)}`}` };
}
