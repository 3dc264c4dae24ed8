/**
 * Container resource requirements (ValidateResourceRequirements): names, non-negative quantities,
 * whole numbers where required, and requests not above limits. Unparseable quantities never get
 * here: the request decoder refuses them first, as the real server does.
 */
import type { FieldError } from '../types';
import { compareQuantity, formatQuantity, milliValue, parseQuantity } from '../quantity';
import type { Quantity } from '../quantity';
import { invalid, required } from './fieldErrors';
import { isQualifiedName } from './primitives';
import { IS_NEGATIVE } from './meta';

type ResourceList = Record<string, string | number> | undefined;

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isHugePages(n: string): boolean {
  return n.startsWith('hugepages-');
}

/** Extended resources (domain-prefixed, not kubernetes.io) and hugepages cannot be overcommitted. */
function overcommitAllowed(n: string): boolean {
  if (isHugePages(n)) return false;
  const prefixed = n.includes('/');
  if (!prefixed) return true;
  const domain = n.split('/')[0]!;
  return domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io');
}

/** Hugepages, extended and prefixed native resources come in whole units. */
function integerOnly(n: string): boolean {
  return isHugePages(n) || n.includes('/');
}

function tryParse(v: string | number): Quantity | null {
  try {
    return parseQuantity(v);
  } catch {
    return null;
  }
}

function validateName(n: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of isQualifiedName(n)) errs.push(invalid(path, n, m));
  if (errs.length) return errs;
  if (!n.includes('/') && !STANDARD_CONTAINER.has(n) && !isHugePages(n)) errs.push(invalid(path, n, 'must be a standard resource for containers'));
  return errs;
}

function validateValue(n: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.negative) errs.push(invalid(path, formatQuantity(q), IS_NEGATIVE));
  if (integerOnly(n) && milliValue(q) % 1000 !== 0) errs.push(invalid(path, formatQuantity(q), 'must be an integer'));
  return errs;
}

export function validateResourceRequirements(res: { limits?: ResourceList; requests?: ResourceList } | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = res?.limits ?? {};
  const requests = res?.requests ?? {};
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  for (const [n, v] of Object.entries(limits)) {
    errs.push(...validateName(n, `${limPath}[${n}]`));
    const q = tryParse(v);
    if (q) errs.push(...validateValue(n, q, `${limPath}[${n}]`));
  }
  for (const [n, v] of Object.entries(requests)) {
    errs.push(...validateName(n, `${reqPath}[${n}]`));
    const q = tryParse(v);
    if (!q) continue;
    errs.push(...validateValue(n, q, `${reqPath}[${n}]`));
    const lv = limits[n];
    const lq = lv === undefined ? null : tryParse(lv);
    if (lq) {
      const c = compareQuantity(q, lq);
      if (c !== 0 && !overcommitAllowed(n))
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${n} limit of ${formatQuantity(lq)}`));
      else if (c > 0) errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${n} limit of ${formatQuantity(lq)}`));
    } else if (lv === undefined && !overcommitAllowed(n)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
