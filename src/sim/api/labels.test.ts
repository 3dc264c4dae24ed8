import { describe, expect, it } from 'vitest';
import { formatLabelSelector, labelsToString, parseSelector, selectorFromLabelSelector } from './labels';

describe('parseSelector', () => {
  it.each([
    ['an equality selector renders back unchanged', 'app=web', 'app=web'],
    ['a double-equals selector keeps its operator', 'app==web', 'app==web'],
    ['an inequality selector keeps its operator', 'tier!=db', 'tier!=db'],
    ['requirements are sorted by key', 'b=1,a=2', 'a=2,b=1'],
    ['set values are sorted and spaced like the real String()', 'env in (prod,dev)', 'env in (dev,prod)'],
    ['empty set entries stand for the empty string', 'x in (foo,,baz)', 'x in (,baz,foo)'],
    ['an empty notin set holds the empty string', 'z notin ()', 'z notin ()'],
    ['bare keys and negated keys are exists and does-not-exist', 'a, !b', 'a,!b'],
    ['the keyword in can be a key', 'in=x', 'in=x'],
    ['an empty string selects everything', '', ''],
  ])('%s', (_name, input, want) => {
    expect(parseSelector(input).toString()).toBe(want);
  });

  it.each([
    ['a second operator after a value is rejected', 'a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['an unclosed set is rejected', 'x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a missing operator lists the binary operators', 'a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    [
      'a bad key is reported at the <nil> path',
      'k@y=v',
      "unable to parse requirement: <nil>: Invalid value: \"k@y\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    [
      'a bad value is reported at values[0][key]',
      'app=-bad',
      "unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    ['a negated key cannot take an operator', '!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a trailing comma needs an identifier', 'a=b,', "found '', expected: identifier after ','"],
  ])('%s', (_name, input, message) => {
    expect(() => parseSelector(input)).toThrow(message);
  });

  it.each([
    ['equality matches the same value', 'app=web', { app: 'web' }, true],
    ['equality fails on another value', 'app=web', { app: 'api' }, false],
    ['inequality matches a missing key', 'app!=web', {}, true],
    ['in matches a listed value', 'env in (a,b)', { env: 'b' }, true],
    ['notin matches a missing key', 'env notin (a)', {}, true],
    ['exists needs the key', 'env', { other: 'x' }, false],
    ['does-not-exist rejects the key', '!env', { env: '' }, false],
    ['every requirement must hold', 'a=1,b=2', { a: '1', b: '3' }, false],
    ['an empty selector matches undefined labels', '', undefined, true],
  ])('%s', (_name, sel, labels, want) => {
    expect(parseSelector(sel).matches(labels)).toBe(want);
  });
});

describe('selectorFromLabelSelector', () => {
  it.each([
    ['a nil selector matches nothing', undefined, { a: 'b' }, false, ''],
    ['an empty selector matches everything', {}, { a: 'b' }, true, ''],
    ['matchLabels become sorted equality requirements', { matchLabels: { z: '1', a: '2' } }, { a: '2', z: '1' }, true, 'a=2,z=1'],
    [
      'matchExpressions map onto in, notin, exists and !',
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'app', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      { env: 'dev', app: 'x' },
      true,
      'app,env in (dev,prod),!legacy,tier notin (db)',
    ],
  ])('%s', (_name, ls, labels, matches, str) => {
    const s = selectorFromLabelSelector(ls as never);
    expect(s.matches(labels)).toBe(matches);
    expect(s.toString()).toBe(str);
  });

  it('an unknown operator is an error with the real text', () => {
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' }] })).toThrow('"Gt" is not a valid label selector operator');
  });

  it('nil and empty selectors differ in empty()', () => {
    expect(selectorFromLabelSelector(null).empty()).toBe(false);
    expect(selectorFromLabelSelector({}).empty()).toBe(true);
  });
});

describe('formatting', () => {
  it.each([
    ['a nil selector prints <none>', undefined, '<none>'],
    ['an empty selector prints <none>', {}, '<none>'],
    ['matchLabels print as k=v', { matchLabels: { app: 'web' } }, 'app=web'],
    ['an In expression prints in parentheses', { matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'a'] }] }, 'app in (a,b)'],
    ['an invalid selector prints <error>', { matchLabels: { 'a b': 'c' } }, '<error>'],
  ])('%s', (_name, ls, want) => {
    expect(formatLabelSelector(ls as never)).toBe(want);
  });

  it.each([
    ['labels print sorted as k=v pairs', { b: '2', a: '1' }, 'a=1,b=2'],
    ['no labels print as the empty string', undefined, ''],
    ['sorting is on the joined pair, as labels.Set.String does', { a: 'x', 'a.b': 'y' }, 'a.b=y,a=x'],
  ])('%s', (_name, m, want) => {
    expect(labelsToString(m)).toBe(want);
  });
});
