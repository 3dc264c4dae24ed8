import { describe, expect, it } from 'vitest';
import { Stream } from '../rng';
import { NAME_ALPHABET, canonicalJson, computePodTemplateHash, eventName, generateName, generateNameSuffix, safeEncodeString } from './names';

describe('names', () => {
  it('a generateName suffix is five characters from the safe alphabet', () => {
    const s = generateNameSuffix(new Stream(1, 'names'));
    expect(s).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('the same seed and stream give the same suffix', () => {
    expect(generateNameSuffix(new Stream(7, 'x'))).toBe(generateNameSuffix(new Stream(7, 'x')));
  });

  it('a long generateName prefix is cut to 58 characters', () => {
    expect(generateName('a'.repeat(70), new Stream(1, 'n'))).toHaveLength(63);
  });

  it.each([
    ['each digit maps by its code point modulo 27', '0123456789', '456789bcdf'],
    ['letters map the same way', 'abc', [...'abc'].map((c) => NAME_ALPHABET[c.charCodeAt(0) % 27]).join('')],
  ])('%s', (_name, input, want) => {
    expect(safeEncodeString(input)).toBe(want);
  });

  it('the pod-template hash has the real 9-10 character shape', () => {
    const h = computePodTemplateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    // Decimal digits only ever map onto 4-9 and b, c, d, f: hence shapes like `7854ff8877`.
    expect(h).toMatch(/^[456789bcdf]{9,10}$/);
  });

  it('key order does not change the hash but a collision count does', () => {
    const a = computePodTemplateHash({ a: 1, b: { c: 2, d: 3 } });
    const b = computePodTemplateHash({ b: { d: 3, c: 2 }, a: 1 });
    expect(a).toBe(b);
    expect(computePodTemplateHash({ a: 1, b: { c: 2, d: 3 } }, 1)).not.toBe(a);
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [1, { z: 1, y: 2 }] })).toBe('{"b":1,"c":[1,{"y":2,"z":1}]}');
  });

  it.each([
    ['an epoch-based time gives 16 hex digits of nanoseconds', 1700000000000, 0, 'web.17979cfe362a0000'],
    ['time zero is zero padded', 0, 0, 'web.0000000000000000'],
    ['extra nanoseconds separate events in one millisecond', 1, 5, 'web.00000000000f4245'],
  ])('%s', (_name, ms, extra, want) => {
    expect(eventName('web', ms, extra)).toBe(want);
  });
});
