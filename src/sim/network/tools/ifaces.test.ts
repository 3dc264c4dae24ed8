import { describe, expect, it } from 'vitest';
import { netstat } from './netstat';
import { route } from './route';
import { ifconfig } from './ifconfig';
import { busyboxIp } from './bbip';
import { hostname } from './hostname';
import { BUSYBOX_IMAGE_BUILD } from './busybox';
import { fakeHost } from './fakehost';

const host = fakeHost({
  listeners: [
    { proto: 'tcp', port: 80, addr: '0.0.0.0', app: { kind: 'tcp' }, pid: 1, program: 'nginx: master process nginx -g daemon off;' },
    { proto: 'tcp', port: 80, addr: '::', app: { kind: 'tcp' }, pid: 1, program: 'nginx: master process nginx -g daemon off;' },
    { proto: 'udp', port: 53, addr: '0.0.0.0', app: { kind: 'tcp' }, pid: 1, program: 'coredns' },
  ],
});
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0, durationMs: 0 });

describe('busybox netstat', () => {
  it('-tln lists TCP listeners numerically', () => {
    expect(netstat(['-tln'], host, BUSYBOX_IMAGE_BUILD)).toEqual(
      ok(
        'Active Internet connections (only servers)\n' +
          'Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n' +
          'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      \n' +
          'tcp6       0      0 :::80                   :::*                    LISTEN      \n',
      ),
    );
  });

  it('-tulpn adds UDP and the owning process', () => {
    expect(netstat(['-tulpn'], host, BUSYBOX_IMAGE_BUILD).stdout).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1/nginx: master pro \n' +
        'tcp6       0      0 :::80                   :::*                    LISTEN      1/nginx: master pro \n' +
        'udp        0      0 0.0.0.0:53              0.0.0.0:*                           1/coredns           \n',
    );
  });

  it('-an shows every section, and names ports without -n', () => {
    const r = netstat(['-an'], host, BUSYBOX_IMAGE_BUILD).stdout;
    expect(r.split('\n')[0]).toBe('Active Internet connections (servers and established)');
    expect(r).toContain('Active UNIX domain sockets (servers and established)\nProto RefCnt Flags       Type       State         I-Node Path\n');
    expect(netstat(['-tl'], host, BUSYBOX_IMAGE_BUILD).stdout).toContain('tcp        0      0 0.0.0.0:www             0.0.0.0:*               LISTEN      \n');
    expect(netstat(['-tn'], host, BUSYBOX_IMAGE_BUILD).stdout).toBe('Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       \n');
  });
});

describe('busybox route', () => {
  it('-n prints the table in net-tools layout', () => {
    expect(route(['-n'], host, BUSYBOX_IMAGE_BUILD)).toEqual(
      ok(
        'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
          '0.0.0.0         10.244.1.1      0.0.0.0         UG    0      0        0 eth0\n' +
          '10.244.0.0      10.244.1.1      255.255.0.0     UG    0      0        0 eth0\n' +
          '10.244.1.0      0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
      ),
    );
    expect(route([], host, BUSYBOX_IMAGE_BUILD).stdout.split('\n')[2]).toBe('default         10.244.1.1      0.0.0.0         UG    0      0        0 eth0');
  });
});

describe('busybox ifconfig', () => {
  it('lists interfaces by name with the old layout', () => {
    expect(ifconfig([], host).stdout).toBe(
      'eth0      Link encap:Ethernet  HWaddr AA:1B:2C:3D:4E:5F  \n' +
        '          inet addr:10.244.1.2  Bcast:10.244.1.255  Mask:255.255.255.0\n' +
        '          inet6 addr: fe80::a81b:2cff:fe3d:4e5f/64 Scope:Link\n' +
        '          UP BROADCAST RUNNING MULTICAST  MTU:1450  Metric:1\n' +
        '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
        '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
        '          collisions:0 txqueuelen:0 \n' +
        '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n' +
        'lo        Link encap:Local Loopback  \n' +
        '          inet addr:127.0.0.1  Mask:255.0.0.0\n' +
        '          inet6 addr: ::1/128 Scope:Host\n' +
        '          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n' +
        '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
        '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
        '          collisions:0 txqueuelen:1000 \n' +
        '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n',
    );
    expect(ifconfig(['eth1'], host)).toMatchObject({ stderr: 'ifconfig: eth1: error fetching interface information: Device not found\n', exitCode: 1 });
  });
});

describe('busybox ip', () => {
  it('ip addr: M-DOWN on the pod end of the veth, state and qlen after qdisc', () => {
    expect(busyboxIp(['addr'], host, BUSYBOX_IMAGE_BUILD).stdout).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
        '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n' +
        '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue state UP \n' +
        '    link/ether aa:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.244.1.2/24 brd 10.244.1.255 scope global eth0\n       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::a81b:2cff:fe3d:4e5f/64 scope link \n       valid_lft forever preferred_lft forever\n',
    );
  });

  it('ip route and ip link', () => {
    expect(busyboxIp(['route'], host, BUSYBOX_IMAGE_BUILD).stdout).toBe('default via 10.244.1.1 dev eth0 \n10.244.0.0/16 via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 scope link  src 10.244.1.2 \n');
    expect(busyboxIp(['link', 'show', 'eth0'], host, BUSYBOX_IMAGE_BUILD).stdout).toBe('2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue state UP \n    link/ether aa:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff\n');
    expect(busyboxIp(['addr', 'show', 'dev', 'eth9'], host, BUSYBOX_IMAGE_BUILD)).toMatchObject({ stderr: "ip: can't find device 'eth9'\n", exitCode: 1 });
    expect(busyboxIp([], host, BUSYBOX_IMAGE_BUILD).stderr).toContain('Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n');
  });
});

describe('busybox hostname', () => {
  it('prints the name, and -i the addresses each followed by a space', () => {
    expect(hostname([], host)).toEqual(ok('client\n'));
    expect(hostname(['-i'], host)).toEqual(ok('10.244.1.2 \n'));
  });
});
