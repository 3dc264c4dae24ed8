import { describe, expect, it } from 'vitest';
import { jsonSame } from './jsonSame';

/** jsonSame must agree with comparing the JSON texts, for every pair. */
const values: unknown[] = [
  null,
  undefined,
  0,
  -0,
  1,
  NaN,
  Infinity,
  '',
  '0',
  'null',
  true,
  false,
  [],
  [null],
  [undefined],
  [1, 2],
  [2, 1],
  {},
  { a: undefined },
  { a: 1 },
  { a: 1, b: 2 },
  { b: 2, a: 1 },
  { a: 1, b: undefined, c: 3 },
  { a: 1, c: 3 },
  { a: { x: [1, { y: null }] } },
  { a: { x: [1, { y: NaN }] } },
  { a: { x: [1, { y: 0 }] } },
  { a: [] },
  { 2: 'x', 1: 'y' },
  { 1: 'y', 2: 'x' },
  { b: 1, 1: 'y' },
  { 1: 'y', b: 1, c: undefined },
  { a: {} },
  { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }] },
  { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null }] },
  { phase: 'Running', conditions: [{ status: 'True', type: 'Ready', lastProbeTime: null }] },
];

describe('jsonSame', () => {
  it('agrees with comparing JSON.stringify of both, for every pair', () => {
    const disagreements: string[] = [];
    for (const a of values) {
      for (const b of values) {
        const want = JSON.stringify(a) === JSON.stringify(b);
        if (jsonSame(a, b) !== want) disagreements.push(`${String(JSON.stringify(a))} vs ${String(JSON.stringify(b))}: want ${want}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
