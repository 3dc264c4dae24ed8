import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import { FollowStream } from './follow';
import { followThrough, runCommandLine, splitPipeline } from './pipeline';
import { writeAreaFile } from '../scenario/files';

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

describe('lists and redirections', () => {
  let area: Map<string, string>;
  const sh = (line: string) => runCommandLine(line, { client, nowMs: () => now, files: area, writeFile: (p, c, a) => writeAreaFile(area, p, c, a) });
  beforeEach(() => {
    area = new Map([['pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec: {containers: [{name: c, image: nginx:1.27}]}\n']]);
  });

  it('> FILE writes stdout into the file area, >> appends, 2> takes stderr, /dev/null swallows', () => {
    expect(sh('get pod db-0 -o name > out.txt')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(area.get('out.txt')).toBe('pod/db-0\n');
    expect(sh('kubectl get pod web-1 -o name >> ./out.txt')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(area.get('out.txt')).toBe('pod/db-0\npod/web-1\n');
    expect(sh('get pod nosuch 2> err.txt')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(area.get('err.txt')).toBe('Error from server (NotFound): pods "nosuch" not found\n');
    expect(sh('get pod nosuch 2>/dev/null')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(sh('get pod nosuch >all.txt 2>&1')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(area.get('all.txt')).toBe('Error from server (NotFound): pods "nosuch" not found\n');
    expect(sh('get pods -o name | grep web > web.txt')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(area.get('web.txt')).toBe('pod/web-1\npod/web-2\n');
  });

  it('< FILE is what -f - reads; a missing file or an area that cannot be written answers as bash', () => {
    expect(sh('apply -f - < pod.yaml')).toEqual({ stdout: 'pod/api created\n', stderr: '', exitCode: 0 });
    expect(sh('apply -f - < nope.yaml')).toEqual({ stdout: '', stderr: 'bash: nope.yaml: No such file or directory\n', exitCode: 1 });
    expect(k('get pods > out.txt')).toEqual({ stdout: '', stderr: 'bash: out.txt: Read-only file system\n', exitCode: 1 });
    expect(sh('get pods > pod.yaml/x')).toEqual({ stdout: '', stderr: 'bash: pod.yaml/x: Not a directory\n', exitCode: 1 });
    expect(sh('get pods >')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `newline'\n", exitCode: 2 });
    expect(sh("get pods -l 'app>1' -o name")).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect([...area.keys()]).toEqual(['pod.yaml']);
  });

  it('&&, || and ; run the next command as bash does', () => {
    expect(sh('get pod db-0 -o name && get pod web-1 -o name')).toEqual({ stdout: 'pod/db-0\npod/web-1\n', stderr: '', exitCode: 0 });
    expect(sh('get pod nosuch -o name && get pod web-1 -o name')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', exitCode: 1 });
    expect(sh('get pod nosuch -o name || get pod web-1 -o name')).toEqual({ stdout: 'pod/web-1\n', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', exitCode: 0 });
    expect(sh('get pod db-0 -o name; get pod nosuch;')).toEqual({ stdout: 'pod/db-0\n', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', exitCode: 1 });
    expect(sh('get pod db-0 -o yaml > db.yaml && apply -f db.yaml')).toMatchObject({ stdout: 'pod/db-0 configured\n', exitCode: 0 });
    expect(sh('&& get pods')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `&&'\n", exitCode: 2 });
    expect(sh('get pods &&')).toEqual({ stdout: '', stderr: 'bash: syntax error: unexpected end of file\n', exitCode: 2 });
  });
});

describe('a following command through head', () => {
  it('head -N ends the command at its next write once it has printed its lines; the status is the last filter\'s', () => {
    const inner = new FollowStream();
    const r = followThrough({ stdout: 'NAME\nweb-1\nweb-2\n', stderr: '', exitCode: 0 }, inner, [{ name: 'head', args: ['-2'] }]);
    expect(r.stdout).toBe('NAME\nweb-1\n');
    expect(r.follow!.poll()).toEqual({ stdout: '', stderr: '', done: false, exitCode: 0 });
    inner.write('web-3\n');
    expect(r.follow!.poll()).toEqual({ stdout: '', stderr: '', done: true, exitCode: 0 });
    expect(inner.running).toBe(false);
  });

  it('a filter after head reads its end when head exits', () => {
    const inner = new FollowStream();
    const r = followThrough({ stdout: 'a\n', stderr: '', exitCode: 0 }, inner, [{ name: 'head', args: ['-n', '3'] }, { name: 'wc', args: ['-l'] }]);
    expect(r.stdout).toBe('');
    inner.write('b\nc\nd\n');
    expect(r.follow!.poll()).toEqual({ stdout: '3\n', stderr: '', done: false, exitCode: 0 });
    inner.write('e\n');
    expect(r.follow!.poll()).toEqual({ stdout: '', stderr: '', done: true, exitCode: 0 });
  });

  it('a line is filtered once it is whole', () => {
    const inner = new FollowStream();
    const r = followThrough({ stdout: '', stderr: '', exitCode: 0 }, inner, [{ name: 'grep', args: ['web'] }]);
    inner.write('web-3');
    expect(r.follow!.poll().stdout).toBe('');
    inner.write(' Running\ndb-1\n');
    expect(r.follow!.poll().stdout).toBe('web-3 Running\n');
    inner.write('web-4');
    inner.end(0);
    expect(r.follow!.poll()).toEqual({ stdout: 'web-4\n', stderr: '', done: true, exitCode: 0 });
  });
});
