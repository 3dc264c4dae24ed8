/** The generic describer kubectl falls back on: metadata, then every other field by name, then events. */
import type { Event } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { PrefixWriter } from './writer';

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** `apiVersion` → `API Version`, `creationTimestamp` → `Creation Timestamp`; names with other characters stay as they are. */
export function smartLabelFor(field: string): string {
  if (!/^[\p{L}-]*$/u.test(field)) return field;
  const parts = field.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|[^\p{L}]+/gu) ?? [];
  return parts
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const v = content[field];
    const expr = `${prefix}.${field}`;
    if (SKIP.has(expr) || v === undefined) continue;
    if (Array.isArray(v)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const c of v) {
        if (c !== null && typeof c === 'object' && !Array.isArray(c)) printContent(w, level + 1, c as Record<string, unknown>, expr);
        else w.write(level + 1, `${goValue(c)}\n`);
      }
    } else if (v !== null && typeof v === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, v as Record<string, unknown>, expr);
    } else w.write(level, `${smartLabelFor(field)}:\t${goValue(v)}\n`);
  }
}

function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

export function describeGeneric(obj: KObject, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
  printContent(w, 0, obj as Record<string, unknown>, '');
  describeEvents(w, events, nowMs);
  return w.toString();
}
