/**
 * A kubectl goal may not watch: its flags are read as kubectl reads them, so a watch hidden in a
 * group of shorthands is found, and a watch turned off (in any of Go's spellings of false) is none.
 */
import { describe, expect, it } from 'vitest';
import { notReadOnly } from '../../src/lesson/readOnly';

const watching = (flag: string): string => `${flag} keeps watching the cluster; a goal reads it once`;

describe('a kubectl goal that would keep watching', () => {
  it.each<[string, string]>([
    ['get pods -wA', '-w'],
    ['get pods -Aw', '-w'],
    ['get pods -wlapp=web', '-w'],
    ['-n shop get pods -Aw=T', '-w'],
    ['get pods --watch-only', '--watch-only'],
    ['get pods --watch=false -w', '-w'],
    ['get pods -w=false --watch', '--watch'],
    ['logs web-0 -pf', '-f'],
    ['logs web-0 --follow=1', '--follow'],
    ['events -Aw', '-w'],
  ])('refuses %s, naming %s', (command, flag) => {
    expect(notReadOnly(command)).toBe(watching(flag));
  });

  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('reads --watch=%s as a watch, as strconv.ParseBool does', (value) => {
    expect(notReadOnly(`get pods --watch=${value}`)).toBe(watching('--watch'));
    expect(notReadOnly(`get pods -Aw=${value}`)).toBe(watching('-w'));
  });

  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('reads --watch=%s as no watch, as strconv.ParseBool does', (value) => {
    expect(notReadOnly(`get pods --watch=${value}`)).toBeUndefined();
    expect(notReadOnly(`get pods -Aw=${value}`)).toBeUndefined();
    expect(notReadOnly(`logs web-0 -pf=${value}`)).toBeUndefined();
  });

  it('takes a shorthand that wants a value as eating the rest of its group, and the last of a flag given twice', () => {
    // -l's value is "w", -o's "wide", -f names a file for get: none of them watches.
    for (const command of ['get pods -lw', 'get pods -Aowide', 'get -fw', 'get pods -w --watch=False', 'rollout status deploy/web -w']) {
      expect(notReadOnly(command)).toBeUndefined();
    }
  });

  it('leaves a command kubectl refuses to kubectl: it does not run, so it does not watch', () => {
    // kubectl: invalid argument "yes" for "-w, --watch" flag: strconv.ParseBool: parsing "yes": invalid syntax
    expect(notReadOnly('get pods --watch=yes')).toBeUndefined();
    expect(notReadOnly('get pods -Zw')).toBeUndefined();
  });
});
