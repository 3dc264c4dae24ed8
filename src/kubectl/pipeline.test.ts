import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import { FollowStream } from './follow';
import { followThrough, runCommandLine, splitPipeline } from './pipeline';

let client: Client;
let now = 0;
const k = (line: string) => runCommandLine(line, { client, nowMs: () => now });

function pod(name: string, namespace = 'default'): void {
  client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
}

beforeEach(() => {
  const cluster = createCluster({ bare: true });
  client = cluster.client();
  now = cluster.clock.now();
  for (const ns of ['default', 'kube-system']) client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
  for (const n of ['web-1', 'web-2', 'db-0', 'cache-0']) pod(n);
});

describe('splitPipeline', () => {
  it('cuts at unquoted bars only', () => {
    expect(splitPipeline(`get pods -o jsonpath='{.a|b}' | grep "x|y" | wc -l`)).toEqual([`get pods -o jsonpath='{.a|b}' `, ` grep "x|y" `, ' wc -l']);
    expect(splitPipeline('get pods \\| x')).toEqual(['get pods \\| x']);
  });
});

describe('runCommandLine', () => {
  it('a line without a bar is kubectl as before', () => {
    expect(k('get pods db-0 -o name')).toEqual({ stdout: 'pod/db-0\n', stderr: '', exitCode: 0 });
  });

  it('get pods | grep web | wc -l counts the web pods', () => {
    expect(k('get pods | grep web | wc -l')).toEqual({ stdout: '2\n', stderr: '', exitCode: 0 });
  });

  it('head, tail, sort and grep -c read kubectl output as GNU tools do', () => {
    expect(k('get pods -o name | sort -r | head -2')).toEqual({ stdout: 'pod/web-2\npod/web-1\n', stderr: '', exitCode: 0 });
    expect(k('get pods -o name | tail -n 1')).toEqual({ stdout: 'pod/web-2\n', stderr: '', exitCode: 0 });
    expect(k('get pods --no-headers | grep -c -v web')).toEqual({ stdout: '2\n', stderr: '', exitCode: 0 });
    expect(k('get pods -o name | wc')).toEqual({ stdout: '      4       4      41\n', stderr: '', exitCode: 0 });
  });

  it("the status is the last stage's: grep that selects nothing exits 1", () => {
    expect(k('get pods | grep nothing')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it("kubectl's stderr goes to the screen, not into the pipe", () => {
    expect(k('get pods nope | wc -l')).toEqual({ stdout: '0\n', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 0 });
  });

  it('bad options and unknown commands answer in GNU and bash words', () => {
    expect(k('get pods | grep -j web')).toEqual({
      stdout: '',
      stderr: "grep: invalid option -- 'j'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      exitCode: 2,
    });
    expect(k('get pods | head -n x')).toEqual({ stdout: '', stderr: 'head: invalid number of lines: ‘x’\n', exitCode: 1 });
    expect(k('get pods | sort -k 0')).toEqual({ stdout: '', stderr: 'sort: field number is zero: invalid field specification ‘0’\n', exitCode: 2 });
    expect(k('get pods | wc -z')).toEqual({ stdout: '', stderr: "wc: invalid option -- 'z'\nTry 'wc --help' for more information.\n", exitCode: 1 });
    expect(k('get pods | awk 1')).toEqual({ stdout: '', stderr: 'bash: awk: command not found\n', exitCode: 127 });
    expect(k('get pods |')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `|'\n", exitCode: 2 });
  });
});

describe('a following command through filters', () => {
  it('grep passes matching lines on as they come; Ctrl+C ends it with 130', () => {
    const inner = new FollowStream();
    const r = followThrough({ stdout: 'NAME\nweb-1\n', stderr: '', exitCode: 0 }, inner, [{ name: 'grep', args: ['web'] }]);
    expect(r.stdout).toBe('web-1\n');
    inner.write('db-0\nweb-2\n');
    expect(r.follow!.poll()).toEqual({ stdout: 'web-2\n', stderr: '', done: false, exitCode: 0 });
    expect(r.follow!.poll()).toEqual({ stdout: '', stderr: '', done: false, exitCode: 0 });
    r.follow!.stop();
    expect(r.follow!.poll()).toEqual({ stdout: '', stderr: '', done: true, exitCode: 130 });
  });

  it('wc prints only when the command ends by itself, nothing when it is stopped', () => {
    const inner = new FollowStream();
    const r = followThrough({ stdout: 'a\n', stderr: '', exitCode: 0 }, inner, [{ name: 'wc', args: ['-l'] }]);
    expect(r.stdout).toBe('');
    inner.write('b\n');
    expect(r.follow!.poll().stdout).toBe('');
    inner.end(0);
    expect(r.follow!.poll()).toEqual({ stdout: '2\n', stderr: '', done: true, exitCode: 0 });
    const other = new FollowStream();
    const s = followThrough({ stdout: 'a\n', stderr: '', exitCode: 0 }, other, [{ name: 'sort', args: [] }]);
    s.follow!.stop();
    expect(s.follow!.poll()).toEqual({ stdout: '', stderr: '', done: true, exitCode: 130 });
  });
});
