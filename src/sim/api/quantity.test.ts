import { describe, expect, it } from 'vitest';
import { QUANTITY_FORMAT_ERROR, canonicalQuantity, compareQuantity, formatQuantity, milliValue, parseQuantity, value, valueString } from './quantity';

describe('canonical form', () => {
  it.each([
    ['whole milli-units fold into units', '1000m', '1'],
    ['a half becomes 500m', '0.5', '500m'],
    ['a tenth becomes 100m', '0.1', '100m'],
    ['a canonical milli value is kept', '100m', '100m'],
    ['1024Mi folds into 1Gi', '1024Mi', '1Gi'],
    ['1.5Gi is shown as 1536Mi', '1.5Gi', '1536Mi'],
    ['0.5Gi is shown as 512Mi', '0.5Gi', '512Mi'],
    ['binary values below 1024 are shown in decimal', '0.5Ki', '512'],
    ['2048Ki folds into 2Mi', '2048Ki', '2Mi'],
    ['a plain 1000 becomes 1k', '1000', '1k'],
    ['1.5k becomes 1500', '1.5k', '1500'],
    ['an exponent already canonical is kept as written', '1e3', '1e3'],
    ['an exponent with a factor of ten is rewritten', '12e2', '1200'],
    ['a trailing decimal zero is dropped', '1.0', '1'],
    ['values finer than a nano round up to 1n', '0.0000000001', '1n'],
    ['a plain zero stays 0', '0', '0'],
    ['negative values keep their sign', '-500m', '-500m'],
    ['a number input is read as its text', 2, '2'],
    ['a fractional number input works too', 0.25, '250m'],
  ])('%s', (_name, input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });
});

describe('values', () => {
  it.each([
    ['cpu in millis', '250m', 250, 1],
    ['memory in bytes', '128Mi', 134217728000, 134217728],
    ['value rounds up', '1500m', 1500, 2],
    ['decimal suffixes', '2G', 2e12, 2e9],
    ['nano values round up to one milli', '1n', 1, 1],
  ])('%s', (_name, input, milli, v) => {
    const q = parseQuantity(input);
    expect(milliValue(q)).toBe(milli);
    expect(value(q)).toBe(v);
  });

  it('exabytes stay exact as a digit string', () => {
    expect(valueString(parseQuantity('8Ei'))).toBe('9223372036854775807');
    expect(valueString(parseQuantity('1Ei'))).toBe('1152921504606846976');
    expect(formatQuantity(parseQuantity('1Ei'))).toBe('1Ei');
  });

  it.each([
    ['equal values compare equal across suffixes', '1Gi', '1024Mi', 0],
    ['milli below unit', '999m', '1', -1],
    ['negative below zero', '-1', '0', -1],
  ])('%s', (_name, a, b, want) => {
    expect(compareQuantity(parseQuantity(a), parseQuantity(b))).toBe(want);
  });
});

describe('errors', () => {
  it.each([
    ['letters only', 'abc', QUANTITY_FORMAT_ERROR],
    ['an unknown suffix letter', '1Gb', QUANTITY_FORMAT_ERROR],
    ['an empty string', '', QUANTITY_FORMAT_ERROR],
    ['two dots', '1.2.3', QUANTITY_FORMAT_ERROR],
    ['a line break after the number', '1\n', QUANTITY_FORMAT_ERROR],
    ['text over two lines', 'line\nbreak', QUANTITY_FORMAT_ERROR],
    ['a doubled suffix', '1kk', "unable to parse quantity's suffix"],
  ])('%s is rejected with the real message', (_name, input, message) => {
    expect(() => parseQuantity(input)).toThrow(message);
  });

  it('the format error quotes the real regular expression', () => {
    expect(QUANTITY_FORMAT_ERROR).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});
