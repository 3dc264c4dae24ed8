/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger) for pods: fills container
 * requests and limits from the namespace's LimitRanges (`default` → limits, `defaultRequest` →
 * requests), records what it set in the `kubernetes.io/limit-ranger` annotation
 * (`LimitRanger plugin set: cpu, memory request for container app; cpu limit for container app`), then
 * enforces min, max and maxLimitRequestRatio per Container and per Pod with the real messages, e.g.
 * `maximum cpu usage per Container is 1, but limit is 2` or
 * `minimum memory usage per Container is 64Mi.  No request is specified`.
 */
import type { Container, KObject, Pod, StoredObject } from '../../types';
import type { Quantity } from '../quantity';
import { addQuantities, formatQuantity, milliValue, parseQuantity } from '../quantity';

export const LimitRangerAnnotation = 'kubernetes.io/limit-ranger';

interface LimitRangeItem {
  type: string;
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

interface LimitRangeObj extends StoredObject {
  spec?: { limits?: LimitRangeItem[] };
}

const q = (v: string | number) => parseQuantity(typeof v === 'number' ? String(v) : v);

/** SetDefaults_LimitRangeItem: a Container item's default comes from max, its defaultRequest from default, then min. */
export function defaultLimitRange(obj: KObject): void {
  const items = (obj as LimitRangeObj).spec?.limits ?? [];
  for (const it of items) {
    if (it.type !== 'Container') continue;
    if (it.max) {
      it.default ??= {};
      for (const [k, v] of Object.entries(it.max)) it.default[k] ??= v;
    }
    if (it.default) {
      it.defaultRequest ??= {};
      for (const [k, v] of Object.entries(it.default)) it.defaultRequest[k] ??= v;
    }
    if (it.min) {
      it.defaultRequest ??= {};
      for (const [k, v] of Object.entries(it.min)) it.defaultRequest[k] ??= v;
    }
  }
}

function mergeDefaults(c: Container, item: LimitRangeItem, prefix: string, notes: string[]): void {
  const res = (c.resources ??= {});
  const setReq: string[] = [];
  const setLim: string[] = [];
  for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
    if (res.requests?.[k] !== undefined) continue;
    // A request defaults to the container's own limit first, as the API's defaulting would.
    if (res.limits?.[k] !== undefined) continue;
    (res.requests ??= {})[k] = v;
    setReq.push(k);
  }
  for (const [k, v] of Object.entries(item.default ?? {})) {
    if (res.limits?.[k] !== undefined) continue;
    (res.limits ??= {})[k] = v;
    setLim.push(k);
  }
  if (setReq.length) notes.push(`${setReq.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setLim.length) notes.push(`${setLim.sort().join(', ')} limit for ${prefix} ${c.name}`);
}

function checkItem(limitType: string, item: LimitRangeItem, requests: Record<string, Quantity | undefined>, limits: Record<string, Quantity | undefined>, errs: string[]): void {
  for (const [r, v] of Object.entries(item.min ?? {})) {
    const enf = q(v);
    const req = requests[r];
    const lim = limits[r];
    if (!req) errs.push(`minimum ${r} usage per ${limitType} is ${formatQuantity(enf)}.  No request is specified`);
    else if (milliValue(req) < milliValue(enf)) errs.push(`minimum ${r} usage per ${limitType} is ${formatQuantity(enf)}, but request is ${formatQuantity(req)}`);
    else if (lim && milliValue(lim) < milliValue(enf)) errs.push(`minimum ${r} usage per ${limitType} is ${formatQuantity(enf)}, but limit is ${formatQuantity(lim)}`);
  }
  for (const [r, v] of Object.entries(item.max ?? {})) {
    const enf = q(v);
    const req = requests[r];
    const lim = limits[r];
    if (!lim) errs.push(`maximum ${r} usage per ${limitType} is ${formatQuantity(enf)}.  No limit is specified`);
    else if (milliValue(lim) > milliValue(enf)) errs.push(`maximum ${r} usage per ${limitType} is ${formatQuantity(enf)}, but limit is ${formatQuantity(lim)}`);
    else if (req && milliValue(req) > milliValue(enf)) errs.push(`maximum ${r} usage per ${limitType} is ${formatQuantity(enf)}, but request is ${formatQuantity(req)}`);
  }
  for (const [r, v] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const enf = q(v);
    const req = requests[r];
    const lim = limits[r];
    if (!req || milliValue(req) === 0) errs.push(`${r} max limit to request ratio per ${limitType} is ${formatQuantity(enf)}, but no request is specified or request is 0`);
    else if (!lim || milliValue(lim) === 0) errs.push(`${r} max limit to request ratio per ${limitType} is ${formatQuantity(enf)}, but no limit is specified or limit is 0`);
    else {
      const ratio = milliValue(lim) / milliValue(req);
      if (ratio > milliValue(enf) / 1000) errs.push(`${r} max limit to request ratio per ${limitType} is ${formatQuantity(enf)}, but provided ratio is ${ratio.toFixed(6)}`);
    }
  }
}

function resList(m: Record<string, unknown> | undefined): Record<string, Quantity | undefined> {
  const out: Record<string, Quantity | undefined> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = q(v as string);
  return out;
}

/**
 * Mutates the pod with the defaults of `ranges` and returns the refusal text (one error, or several as
 * `[a, b]`), or undefined to admit.
 */
export function limitRangerAdmitPod(pod: Pod, ranges: StoredObject[]): string | undefined {
  if (ranges.length === 0 || !pod.spec) return undefined;
  const sorted = [...(ranges as LimitRangeObj[])].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const notes: string[] = [];
  for (const lr of sorted) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      for (const c of pod.spec.initContainers ?? []) mergeDefaults(c, item, 'init container', notes);
      for (const c of pod.spec.containers ?? []) mergeDefaults(c, item, 'container', notes);
    }
  }
  if (notes.length) pod.metadata = { ...(pod.metadata ?? {}), annotations: { ...(pod.metadata?.annotations ?? {}), [LimitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}` } };
  const errs: string[] = [];
  for (const lr of sorted) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type === 'Container') {
        for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) checkItem('Container', item, resList(c.resources?.requests), resList(c.resources?.limits), errs);
      } else if (item.type === 'Pod') {
        const sum = (kind: 'requests' | 'limits') => {
          const out: Record<string, Quantity | undefined> = {};
          for (const c of pod.spec!.containers ?? []) for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) out[k] = out[k] ? addQuantities(out[k]!, q(v as string)) : q(v as string);
          return out;
        };
        checkItem('Pod', item, sum('requests'), sum('limits'), errs);
      }
    }
  }
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}
