import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads the micro sign as Go does, in any position of a compound duration', () => {
    expect(parseDuration('2000µs')).toBe(2);
    expect(parseDuration('1m500000µs')).toBe(60_500);
    expect(parseDuration('2000us')).toBe(2);
  });

  it('rejects a unit with no number, naming the text as Go does', () => {
    expect(() => parseDuration('µs')).toThrow('time: invalid duration "µs"');
    expect(() => parseDuration('5 µs')).toThrow('time: invalid duration "5 µs"');
  });

  it('round-trips the shortest form', () => {
    expect(formatDuration(parseDuration('1h0m30s'))).toBe('1h0m30s');
    expect(formatDuration(parseDuration('1.5s'))).toBe('1.5s');
  });
});
