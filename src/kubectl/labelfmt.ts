/**
 * Label and selector rendering as kubectl prints them: `labels.FormatLabels` (sorted `k=v`, `<none>`),
 * a selector's `String()` (requirements sorted by key) and `metav1.FormatLabelSelector`.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function formatLabels(labels: Record<string, string> | undefined | null): string {
  if (!labels) return '<none>';
  const keys = Object.keys(labels).sort(cmp);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels[k]}`).join(',');
}

/** A selector's String(): empty for a selector that selects everything. */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort(cmp).join(',');
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, text: `${e.key} in (${vals})` });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, text: `${e.key} notin (${vals})` });
        break;
      case 'Exists':
        reqs.push({ key: e.key, text: e.key });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
    }
  }
  // stable sort by key, as the selector keeps requirements ordered by key
  reqs.sort((a, b) => cmp(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: `<none>` when empty. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

export interface SelectorRequirement {
  key: string;
  op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

/**
 * Parses a label selector string (`a=b,c!=d,e in (x,y),!f,g`). Returns undefined on a syntax error.
 */
export function parseLabelSelector(s: string): SelectorRequirement[] | undefined {
  const out: SelectorRequirement[] = [];
  const str = s.trim();
  if (str === '') return out;
  let i = 0;
  const skipWs = (): void => {
    while (i < str.length && str[i] === ' ') i++;
  };
  const readIdent = (): string => {
    const start = i;
    while (i < str.length && !' ,=!()'.includes(str[i]!)) i++;
    return str.slice(start, i);
  };
  while (i <= str.length) {
    skipWs();
    let neg = false;
    if (str[i] === '!') {
      neg = true;
      i++;
      skipWs();
    }
    const key = readIdent();
    if (!key) return undefined;
    skipWs();
    if (neg) {
      out.push({ key, op: '!', values: [] });
    } else if (str.startsWith('!=', i)) {
      i += 2;
      skipWs();
      out.push({ key, op: '!=', values: [readIdent()] });
    } else if (str.startsWith('==', i)) {
      i += 2;
      skipWs();
      out.push({ key, op: '=', values: [readIdent()] });
    } else if (str[i] === '=') {
      i++;
      skipWs();
      out.push({ key, op: '=', values: [readIdent()] });
    } else if (/^(in|notin)\s*\(/.test(str.slice(i))) {
      const op = str.startsWith('notin', i) ? 'notin' : 'in';
      i += op.length;
      skipWs();
      i++; // (
      const close = str.indexOf(')', i);
      if (close < 0) return undefined;
      const vals = str
        .slice(i, close)
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      i = close + 1;
      out.push({ key, op, values: vals });
    } else {
      out.push({ key, op: 'exists', values: [] });
    }
    skipWs();
    if (i >= str.length) break;
    if (str[i] !== ',') return undefined;
    i++;
  }
  return out;
}

export function matchesSelector(reqs: SelectorRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        if (!has || v !== r.values[0]) return false;
        break;
      case '!=':
        if (has && v === r.values[0]) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
    }
  }
  return true;
}
