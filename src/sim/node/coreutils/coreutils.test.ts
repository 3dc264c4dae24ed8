/** Outputs and messages checked against GNU grep 3.8 and coreutils 9.1 (LC_ALL=C.UTF-8) on the same input. */
import { describe, expect, it } from 'vitest';
import { runFilter } from '.';

const INPUT = `NAME                     READY   STATUS    RESTARTS   AGE
web-7d4b9c8f5-abcde      1/1     Running   0          5m
web-7d4b9c8f5-fghij      1/1     Running   2          5m
db-0                     0/1     Pending   0          10s
cache-5f6d7-xyz12        1/1     Running   10         1h
中文-pod   1/1   Running   0   3m
`;
const run = (cmd: string, ...args: string[]) => runFilter(cmd, args, INPUT);
const ok = (stdout: string) => ({ stdout, stderr: '', status: 0 });

describe('grep', () => {
  it('selects, inverts, counts, numbers and prints only the match', () => {
    expect(run('grep', '-i', 'WEB.*2')).toEqual(ok('web-7d4b9c8f5-fghij      1/1     Running   2          5m\n'));
    expect(run('grep', '-c', '-v', 'Running')).toEqual(ok('2\n'));
    expect(run('grep', '-on', 'web-[a-z0-9]*')).toEqual(ok('2:web-7d4b9c8f5\n3:web-7d4b9c8f5\n'));
    expect(run('grep', '-E', '^(db|cache)', '-o')).toEqual(ok('db\ncache\n'));
    expect(run('grep', 'db\\|中文', '-c')).toEqual(ok('2\n'));
    expect(run('grep', '-w', '0')).toEqual(ok('web-7d4b9c8f5-abcde      1/1     Running   0          5m\ndb-0                     0/1     Pending   0          10s\n中文-pod   1/1   Running   0   3m\n'));
    expect(run('grep', '-n', '-A1', 'db')).toEqual(ok('4:db-0                     0/1     Pending   0          10s\n5-cache-5f6d7-xyz12        1/1     Running   10         1h\n'));
  });
  it('exits 1 when nothing is selected and 2 on errors, with its messages', () => {
    expect(run('grep', 'nothing')).toEqual({ stdout: '', stderr: '', status: 1 });
    expect(run('grep')).toEqual({ stdout: '', stderr: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", status: 2 });
    expect(run('grep', '-E', '(')).toEqual({ stdout: '', stderr: 'grep: Unmatched ( or \\(\n', status: 2 });
    expect(run('grep', 'a[b')).toEqual({ stdout: '', stderr: 'grep: Unmatched [, [^, [:, [., or [=\n', status: 2 });
    expect(run('grep', '[:alpha:]')).toEqual({ stdout: '', stderr: 'grep: character class syntax is [[:space:]], not [:space:]\n', status: 2 });
    expect(run('grep', '--co', 'x')).toEqual({
      stdout: '',
      stderr: "grep: option '--co' is ambiguous; possibilities: '--context' '--color' '--colour' '--count'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      status: 2,
    });
    expect(run('grep', 'x', 'pods.txt')).toEqual({ stdout: '', stderr: 'grep: pods.txt: No such file or directory\n', status: 2 });
  });
});

describe('head and tail', () => {
  it('count lines from either end', () => {
    expect(run('head', '-2')).toEqual(ok(INPUT.split('\n').slice(0, 2).join('\n') + '\n'));
    expect(run('head', '-n', '-5')).toEqual(ok('NAME                     READY   STATUS    RESTARTS   AGE\n'));
    expect(run('tail', '-n', '+6')).toEqual(ok('中文-pod   1/1   Running   0   3m\n'));
    expect(run('tail', '-1')).toEqual(ok('中文-pod   1/1   Running   0   3m\n'));
  });
  it('reject a bad count or option in their words', () => {
    expect(run('head', '-n', 'x')).toEqual({ stdout: '', stderr: 'head: invalid number of lines: ‘x’\n', status: 1 });
    expect(run('tail', '-j')).toEqual({ stdout: '', stderr: "tail: invalid option -- 'j'\nTry 'tail --help' for more information.\n", status: 1 });
    expect(run('head', '-n')).toEqual({ stdout: '', stderr: "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n", status: 1 });
    expect(run('head', 'x.txt')).toEqual({ stdout: '', stderr: "head: cannot open 'x.txt' for reading: No such file or directory\n", status: 1 });
  });
});

describe('wc', () => {
  it('prints one count bare and several in columns of 7; bytes are UTF-8 bytes', () => {
    expect(run('wc', '-l')).toEqual(ok('6\n'));
    expect(run('wc')).toEqual(ok('      6      30     323\n'));
    expect(run('wc', '-m', '-L')).toEqual(ok('    319      57\n'));
    expect(run('wc', '-l', '-')).toEqual(ok('6 -\n'));
    expect(run('wc', '--foo')).toEqual({ stdout: '', stderr: "wc: unrecognized option '--foo'\nTry 'wc --help' for more information.\n", status: 1 });
  });
});

describe('sort', () => {
  it('sorts bytewise, numerically, by key, reversed and unique', () => {
    expect(run('sort', '-k4', '-n', '-r')?.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['cache-5f6d7-xyz12', 'web-7d4b9c8f5-fghij', '中文-pod', 'web-7d4b9c8f5-abcde', 'db-0', 'NAME', '']);
    expect(run('sort')?.stdout.split('\n')[0]).toBe('NAME                     READY   STATUS    RESTARTS   AGE');
    expect(run('sort', '-k3,3', '-u')?.stdout.split('\n').length).toBe(5);
  });
  it('rejects bad keys in its words', () => {
    expect(run('sort', '-k', '0')).toEqual({ stdout: '', stderr: 'sort: field number is zero: invalid field specification ‘0’\n', status: 2 });
    expect(run('sort', '-t', 'ab')).toEqual({ stdout: '', stderr: 'sort: multi-character tab ‘ab’\n', status: 2 });
    expect(run('sort', '-Q')).toEqual({ stdout: '', stderr: "sort: invalid option -- 'Q'\nTry 'sort --help' for more information.\n", status: 2 });
  });
});
