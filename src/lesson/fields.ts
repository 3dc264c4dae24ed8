/**
 * The small readers parse.ts and course.ts share: strict mappings (an unknown key is named with its
 * path), texts in the lesson's languages, DNS labels and durations, each failing with a LessonError.
 */
import { parseDuration } from '../scenario/duration';
import { isObj, kindOf } from '../scenario/errors';
import type { Obj } from '../scenario/errors';
import { MAX_SCENARIO_MS } from '../scenario/format';
import { LessonError } from './errors';
import type { LessonText } from './types';

export { isObj, kindOf };
export type { Obj };

export const LANGS = ['en', 'zh-CN'] as const;

/** Refuses keys other than `allowed`, naming the key's own path (`goals[1].check.object.jsonpath`). */
export function only(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new LessonError(`${where ? `${where}.` : ''}${k}: unknown field (allowed: ${allowed.join(', ')})`);
  }
}

export function mapping(raw: unknown, where: string): Obj {
  if (!isObj(raw)) throw new LessonError(`${where}: expected a mapping, got ${kindOf(raw)}`);
  return raw;
}

export function list(raw: unknown, where: string): unknown[] {
  if (!Array.isArray(raw)) throw new LessonError(`${where}: expected a list, got ${kindOf(raw)}`);
  return raw;
}

export function required(o: Obj, key: string, where: string): unknown {
  const v = o[key];
  if (v === undefined || v === null) throw new LessonError(`${where ? `${where}.` : ''}${key}: Required value`);
  return v;
}

export function str(raw: unknown, where: string): string {
  if (typeof raw !== 'string') throw new LessonError(`${where}: expected a string, got ${kindOf(raw)}`);
  return raw;
}

export function nonEmpty(raw: unknown, where: string): string {
  const s = str(raw, where);
  if (s.trim() === '') throw new LessonError(`${where}: must not be empty`);
  return s;
}

export function bool(raw: unknown, where: string): boolean {
  if (typeof raw !== 'boolean') throw new LessonError(`${where}: expected true or false, got ${kindOf(raw)}`);
  return raw;
}

export function num(raw: unknown, where: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new LessonError(`${where}: expected a number, got ${kindOf(raw)}`);
  return raw;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label, as Kubernetes names a namespace: lower case letters, digits and '-', at most 63. */
export function dnsLabel(raw: unknown, where: string): string {
  const s = str(raw, where);
  if (s.length > 63 || !DNS_LABEL.test(s)) {
    throw new LessonError(`${where}: ${JSON.stringify(s)} is not a DNS label: lower case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`);
  }
  return s;
}

/** `{ en: …, zh-CN: … }`: English required, Chinese optional. */
export function text(raw: unknown, where: string): LessonText {
  const o = mapping(raw, where);
  only(o, LANGS, where);
  const out: LessonText = { en: nonEmpty(required(o, 'en', where), `${where}.en`) };
  if (o['zh-CN'] !== undefined && o['zh-CN'] !== null) out['zh-CN'] = nonEmpty(o['zh-CN'], `${where}.zh-CN`);
  return out;
}

/** A duration in Go's syntax (`30s`, `1m30s`) or a number of seconds, from 0 to 24h. */
export function duration(raw: unknown, where: string): number {
  let ms: number;
  if (typeof raw === 'number' && Number.isFinite(raw)) ms = Math.round(raw * 1000);
  else if (typeof raw === 'string') {
    if (/^\s*-/.test(raw)) throw new LessonError(`${where}: must not be negative, got ${JSON.stringify(raw)}`);
    try {
      ms = parseDuration(raw);
    } catch (e) {
      throw new LessonError(`${where}: ${(e as Error).message}`);
    }
  } else throw new LessonError(`${where}: must be a duration such as 30s or 1m30s, got ${kindOf(raw)}`);
  if (ms < 0) throw new LessonError(`${where}: must not be negative, got ${String(raw)}`);
  if (!(ms <= MAX_SCENARIO_MS)) throw new LessonError(`${where}: must be at most 24h (a lesson covers one virtual day), got ${typeof raw === 'string' ? raw : `${raw}s`}`);
  return ms;
}
