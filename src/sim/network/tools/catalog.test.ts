import { describe, expect, it } from 'vitest';
import { execNotFound, networkToolsOf, runNetTool, resolverFor } from './index';
import { fakeHost, nginxPeer } from './fakehost';

const host = fakeHost({ names: { web: ['10.96.12.3'] }, peers: { '10.96.12.3:80': nginxPeer('hi\n') } });

describe('network tools per image', () => {
  it('busybox and alpine run busybox applets; nginx has curl 7.88 and no ping', () => {
    expect(runNetTool('wget', ['-qO-', 'web'], host, networkToolsOf('busybox:1.36'))).toMatchObject({ stdout: 'hi\n', exitCode: 0 });
    expect(runNetTool('hostname', ['-i'], host, networkToolsOf('alpine:3.20'))).toMatchObject({ stdout: '10.244.1.2 \n' });
    expect(runNetTool('curl', ['-s', 'web'], host, networkToolsOf('busybox'))).toBeUndefined();
    expect(runNetTool('curl', ['-sv', 'web'], host, networkToolsOf('nginx:1.27.1'))?.stderr).toContain('> User-Agent: curl/7.88.1\r\n');
    expect(runNetTool('ping', ['-c', '1', 'web'], host, networkToolsOf('nginx:1.27.1'))).toBeUndefined();
    expect(networkToolsOf('nginx').tools.nslookup).toBeUndefined();
  });

  it('curlimages/curl and netshoot carry curl 8.11; netshoot pings with iputils', () => {
    expect(runNetTool('curl', ['-sv', 'web'], host, networkToolsOf('curlimages/curl:8.11.1'))?.stderr).toContain('> User-Agent: curl/8.11.1\r\n');
    expect(runNetTool('ping', ['-c', '1', '10.244.2.3'], host, networkToolsOf('nicolaka/netshoot'))?.stdout.split('\n')[0]).toBe('PING 10.244.2.3 (10.244.2.3) 56(84) bytes of data.');
    expect(networkToolsOf('nicolaka/netshoot').tools.nc).toBe('unmodelled');
    // iproute2's layout, not busybox's: group default, link-netnsid, proto kernel.
    expect(runNetTool('ip', ['addr', 'show', 'eth0'], host, networkToolsOf('nicolaka/netshoot'))?.stdout.split('\n').slice(0, 2)).toEqual(['2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default ', '    link/ether aa:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff link-netnsid 0']);
    expect(runNetTool('ip', ['route'], host, networkToolsOf('nicolaka/netshoot'))?.stdout).toBe('default via 10.244.1.1 dev eth0 \n10.244.0.0/16 via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2 \n');
  });

  it('ubuntu, debian, httpd and unknown images have no network tools but hostname', () => {
    for (const image of ['ubuntu:24.04', 'debian:12', 'httpd:2.4']) {
      expect(runNetTool('curl', ['web'], host, networkToolsOf(image))).toBeUndefined();
      expect(runNetTool('hostname', [], host, networkToolsOf(image))).toMatchObject({ stdout: 'client\n' });
    }
    expect(networkToolsOf('example.com/app:1').tools).toEqual({});
    expect(execNotFound('ping')).toEqual({ stdout: '', stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "ping": executable file not found in $PATH: unknown\n', exitCode: 126 });
  });

  it('busybox nslookup runs through the host exchange', () => {
    const r = runNetTool('nslookup', ['web'], host, networkToolsOf('busybox'));
    expect(r).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1, durationMs: 0 });
  });
});

describe('resolverFor', () => {
  const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
  it('walks the search list and returns the canonical name', () => {
    const asked: string[] = [];
    const resolve = resolverFor(RESOLV, 'musl', (name, type) => {
      asked.push(`${type} ${name}`);
      if (name === 'web.default.svc.cluster.local.') return { rcode: 'NOERROR', addresses: type === 'A' ? ['10.96.12.3'] : [] };
      return { rcode: 'NXDOMAIN', addresses: [] };
    });
    expect(resolve('web', 'A')).toEqual({ addresses: ['10.96.12.3'], name: 'web.default.svc.cluster.local', elapsedMs: 0 });
    expect(asked).toEqual(['A web.default.svc.cluster.local.']);
  });

  it('charges a timeout per silent candidate', () => {
    const resolve = resolverFor(RESOLV, 'musl', () => undefined);
    expect(resolve('web', 'both')).toEqual({ addresses: [], error: 'EAI_AGAIN', elapsedMs: 5000 });
    const glibc = resolverFor(RESOLV, 'glibc', () => undefined);
    expect(glibc('web', 'both').elapsedMs).toBe(20000);
  });
});
