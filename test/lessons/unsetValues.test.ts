/**
 * What a comparison makes of a field that is not set (docs/lessons.md, Checks): 0 where a number is
 * wanted (`equals` with a number, `atLeast`, `atMost`), since Kubernetes leaves zero counts out of an
 * object; empty text for `equals` with a string or a boolean and for `matches`. The words a teacher
 * reads come from the object check.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compares, readJsonPath, shownValue, wanted } from '../../src/lesson/checks/compare';
import { parseCheck } from '../../src/lesson/parseCheck';
import type { Compare } from '../../src/lesson/types';

// A Deployment scaled to 0: its status has no readyReplicas, and spec.paused is left out as false is.
const web = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 0, strategy: { type: 'RollingUpdate' } }, status: { observedGeneration: 2, replicas: 0 } };

/** The comparison a check's YAML gives (`equals: "0"` stays a string, `equals: 0` a number), as the lesson reader reads it. */
function comparison(yaml: string): Compare {
  const c = parseCheck(parse(`object: {resource: deployment, name: web, ${yaml}}`), 'check') as { object: Compare & { jsonPath: string } };
  return c.object;
}

/** The check's verdict and its words, as the object check says them. */
function judge(yaml: string): string {
  const c = comparison(yaml) as Compare & { jsonPath: string };
  const v = readJsonPath(web, c.jsonPath);
  const ok = compares(v, c);
  return `${ok ? 'holds' : 'fails'}: ${c.jsonPath} is ${shownValue(v)}${ok ? '' : `, want ${wanted(c)}`}`;
}

describe('a field that is not set', () => {
  it('is 0 where a number is wanted: equals with a number, atLeast, atMost', () => {
    expect(judge("jsonPath: '{.status.readyReplicas}', equals: 0")).toBe('holds: {.status.readyReplicas} is not set');
    expect(judge("jsonPath: '{.status.readyReplicas}', atMost: 0")).toBe('holds: {.status.readyReplicas} is not set');
    expect(judge("jsonPath: '{.status.readyReplicas}', atLeast: 1")).toBe('fails: {.status.readyReplicas} is not set, want at least 1');
    expect(judge("jsonPath: '{.status.readyReplicas}', equals: 2")).toBe('fails: {.status.readyReplicas} is not set, want 2');
  });

  it('is empty text to equals with a string: "0" is not met by it, "" is', () => {
    expect(judge("jsonPath: '{.status.readyReplicas}', equals: '0'")).toBe('fails: {.status.readyReplicas} is not set, want 0');
    expect(judge("jsonPath: '{.status.readyReplicas}', equals: ''")).toBe('holds: {.status.readyReplicas} is not set');
    expect(judge("jsonPath: '{.spec.paused}', equals: false")).toBe('fails: {.spec.paused} is not set, want false');
    // A field that is set compares as the text kubectl prints: a number and its text are the same.
    expect(judge("jsonPath: '{.spec.replicas}', equals: '0'")).toBe('holds: {.spec.replicas} is 0');
    expect(judge("jsonPath: '{.spec.strategy.type}', equals: RollingUpdate")).toBe('holds: {.spec.strategy.type} is "RollingUpdate"');
  });

  it('is empty text to matches: /^$/ matches it, /./ does not', () => {
    expect(judge("jsonPath: '{.status.conditions[0].type}', matches: '^$'")).toBe('holds: {.status.conditions[0].type} is not set');
    expect(judge("jsonPath: '{.status.conditions[0].type}', matches: '.'")).toBe('fails: {.status.conditions[0].type} is not set, want a match for /./');
    expect(judge("jsonPath: '{.status.readyReplicas}', matches: '^0$'")).toBe('fails: {.status.readyReplicas} is not set, want a match for /^0$/');
  });
});
