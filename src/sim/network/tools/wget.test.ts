import { describe, expect, it } from 'vitest';
import { wget } from './wget';
import { ALPINE_BUILD, BUSYBOX_IMAGE_BUILD } from './busybox';
import { fakeHost, nginxPeer } from './fakehost';

const BODY = 'hello\n';
const host = fakeHost({
  names: { web: ['10.96.12.3'] },
  peers: {
    '10.96.12.3:80': nginxPeer(BODY),
    '10.96.0.7:80': { kind: 'http', response: { status: 404, reason: 'Not Found', headers: [['Content-Length', '0']], body: '' } },
    '10.96.0.8:80': { kind: 'fail', error: 'ETIMEDOUT' },
    '10.96.0.9:80': { kind: 'fail', error: 'EHOSTUNREACH', afterMs: 3000, icmpFrom: '10.244.1.1' },
  },
});
const BAR = '*'.repeat(31);

describe('busybox wget', () => {
  it('-O - writes the body to stdout with its messages and progress line on stderr', () => {
    expect(wget(['-O', '-', 'http://web'], host, BUSYBOX_IMAGE_BUILD)).toEqual({
      stdout: BODY,
      stderr: `Connecting to web (10.96.12.3:80)\nwriting to stdout\n-                    100% |${BAR}|     6  0:00:00 ETA\nwritten to stdout\n`,
      exitCode: 0,
      durationMs: 4,
    });
  });

  it('-qO- prints only the body; without -O it saves index.html', () => {
    expect(wget(['-qO-', 'web'], host, BUSYBOX_IMAGE_BUILD).stdout).toBe(BODY);
    const r = wget(['http://web/'], host, BUSYBOX_IMAGE_BUILD);
    expect(r.stderr).toBe(`Connecting to web (10.96.12.3:80)\nsaving to 'index.html'\nindex.html           100% |${BAR}|     6  0:00:00 ETA\n'index.html' saved\n`);
    expect(r.writes).toEqual([{ path: 'index.html', content: BODY }]);
  });

  it('-S shows the status line and headers indented', () => {
    const r = wget(['-q', '-S', '-O', '-', 'web'], host, BUSYBOX_IMAGE_BUILD);
    expect(r.stderr).toBe('  HTTP/1.1 200 OK\n  Server: nginx/1.27.1\n  Date: Mon, 02 Sep 2024 10:00:01 GMT\n  Content-Type: text/html\n  Content-Length: 6\n  Last-Modified: Mon, 12 Aug 2024 14:21:01 GMT\n  Connection: close\n  ETag: "66ba1a4d-267"\n  Accept-Ranges: bytes\n');
  });

  it('--spider reports the file and writes nothing', () => {
    expect(wget(['--spider', 'web'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stdout: '', stderr: 'Connecting to web (10.96.12.3:80)\nremote file exists\n', exitCode: 0 });
  });

  it('fails as busybox does: refused, bad address, HTTP error, timeouts', () => {
    expect(wget(['-qO-', 'http://10.96.0.5'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: "wget: can't connect to remote host (10.96.0.5): Connection refused\n", exitCode: 1 });
    expect(wget(['foo'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: "wget: bad address 'foo'\n", exitCode: 1 });
    expect(wget(['10.96.0.7'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: 'Connecting to 10.96.0.7 (10.96.0.7:80)\nwget: server returned error: HTTP/1.1 404 Not Found\n', exitCode: 1 });
    expect(wget(['-T', '5', '-q', '10.96.0.8'], host, BUSYBOX_IMAGE_BUILD)).toEqual({ stdout: '', stderr: 'wget: download timed out\n', exitCode: 1, durationMs: 5000 });
    expect(wget(['-q', '10.96.0.8'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: "wget: can't connect to remote host (10.96.0.8): Connection timed out\n", durationMs: 127000 });
    expect(wget(['-q', '10.96.0.9'], host, ALPINE_BUILD)).toMatchObject({ stderr: "wget: can't connect to remote host (10.96.0.9): Host is unreachable\n" });
  });

  it('prints its usage with no URL, with the image build banner', () => {
    const r = wget([], host, ALPINE_BUILD);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n').slice(0, 5)).toEqual(['BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.', '', 'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]', '\t[--post-data STR | --post-file FILE] [-Y on/off]', '\t[-P DIR] [-U AGENT] [-T SEC] URL...']);
  });
});
