import { describe, expect, it } from 'vitest';
import { nc } from './nc';
import { ALPINE_BUILD, BUSYBOX_IMAGE_BUILD } from './busybox';
import { fakeHost } from './fakehost';

const host = fakeHost({
  names: { web: ['10.96.12.3'] },
  peers: { '10.96.12.3:80': { kind: 'tcp' }, '10.96.0.8:80': { kind: 'fail', error: 'ETIMEDOUT' } },
});

describe('busybox nc', () => {
  it('-zv reports an open port with the name as typed', () => {
    expect(nc(['-zv', 'web', '80'], host, BUSYBOX_IMAGE_BUILD)).toEqual({ stdout: '', stderr: 'web (10.96.12.3:80) open\n', exitCode: 0, durationMs: 3 });
    expect(nc(['-z', 'web', '80'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: '', exitCode: 0 });
  });

  it('keeps a refusal quiet at one -v and shows it at two', () => {
    expect(nc(['-zv', '10.96.0.5', '80'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: '', exitCode: 1 });
    expect(nc(['-zvv', '10.96.0.5', '80'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: 'nc: 10.96.0.5 (10.96.0.5:80): Connection refused\n sent 0, rcvd 0\n', exitCode: 1 });
  });

  it('-w bounds the connect, and a timeout is reported at one -v', () => {
    expect(nc(['-zv', '-w', '2', '10.96.0.8', '80'], host, ALPINE_BUILD)).toEqual({ stdout: '', stderr: 'nc: 10.96.0.8 (10.96.0.8:80): Operation timed out\n', exitCode: 1, durationMs: 2000 });
  });

  it('bad addresses, bad ports and usage', () => {
    expect(nc(['-zv', 'foo', '80'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: "nc: bad address 'foo'\n", exitCode: 1 });
    expect(nc(['-vv', 'web', 'nope'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: 'nc: web (10.96.12.3:0): Connection refused\n sent 0, rcvd 0\n', exitCode: 1 });
    expect(nc(['-zv', 'web', 'http'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: 'web (10.96.12.3:80) open\n', exitCode: 0 });
    const u = nc([], host, BUSYBOX_IMAGE_BUILD);
    expect(u.stderr.startsWith('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n')).toBe(true);
    expect(u.exitCode).toBe(1);
  });
});
