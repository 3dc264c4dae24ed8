import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse';
import { kubetab } from '../cli';
import { ScenarioRun } from '../../src/scenario/runner';
import { netnsView } from '../../src/sim/node/machine';
import { linkLocal } from '../../src/sim/node/nodeshell/ip';

const WEB = 'examples/web.yaml';

/** A booted default cluster with the README's web Deployment, at 60s. */
function web(): ScenarioRun {
  const r = new ScenarioRun(parseScenario(readFileSync(WEB, 'utf8')));
  r.runUntil(60_000);
  return r;
}

describe('the node shell', () => {
  const r = web();
  const m = r.cluster.machines.get('worker-1')!;
  const v = netnsView(m)!;
  const mac = (dev: string) => v.links.find((l) => l.name === dev)!.mac;
  const sh = (line: string) => {
    const x = r.ssh('worker-1', line);
    return x.stdout + x.stderr;
  };

  it('ip addr shows lo, eth0 with the node address, flannel.1, cni0 and one veth per pod', () => {
    const veths = v.links.filter((l) => l.type === 'veth');
    expect(veths.length).toBeGreaterThan(0);
    const vethBlocks = veths
      .map(
        (l) =>
          `${l.index}: ${l.name}@if${l.peer!.index}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default \n` +
          `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff link-netns ${l.peer!.netns}\n` +
          `    inet6 ${linkLocal(l.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`,
      )
      .join('');
    expect(sh('ip addr')).toBe(
      `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether ${mac('eth0')} brd ff:ff:ff:ff:ff:ff
    inet 192.168.1.11/24 brd 192.168.1.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 ${linkLocal(mac('eth0'))}/64 scope link 
       valid_lft forever preferred_lft forever
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default 
    link/ether ${mac('flannel.1')} brd ff:ff:ff:ff:ff:ff
    inet 10.244.1.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
    inet6 ${linkLocal(mac('flannel.1'))}/64 scope link 
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether ${mac('cni0')} brd ff:ff:ff:ff:ff:ff
    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0
       valid_lft forever preferred_lft forever
    inet6 ${linkLocal(mac('cni0'))}/64 scope link 
       valid_lft forever preferred_lft forever
` + vethBlocks,
    );
    expect(sh('ip a')).toBe(sh('ip addr show'));
    expect(sh('ip addr show dev eth0')).toBe(sh('ip addr').split('3: flannel.1')[0]!.split('2: eth0')[1]!.replace(/^/, '2: eth0'));
    expect(r.ssh('worker-1', 'ip addr show dev eth9')).toEqual({ stdout: '', stderr: 'Device "eth9" does not exist.\n', exitCode: 1 });
  });

  it('the EUI-64 link-local address flips the universal bit and puts ff:fe in the middle', () => {
    expect(linkLocal('52:54:00:12:34:56')).toBe('fe80::5054:ff:fe12:3456');
    expect(linkLocal('02:00:00:00:00:01')).toBe('fe80::ff:fe00:1');
  });

  it('ip route: the default route, one flannel.1 route per other node, the pod subnet on cni0 and the LAN', () => {
    expect(sh('ip route')).toBe(
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.11 metric 100 \n' +
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink \n' +
        '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n' +
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n' +
        '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink \n' +
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11 \n',
    );
    expect(sh('ip route show dev cni0')).toBe('10.244.1.0/24 proto kernel scope link src 10.244.1.1 \n');
  });

  it('bridge fdb show dev flannel.1: one entry per other node, the VTEP MAC to its node address', () => {
    const vtep = (n: string) => netnsView(r.cluster.machines.get(n)!)!.links.find((l) => l.name === 'flannel.1')!.mac;
    const lines = sh('bridge fdb show dev flannel.1').split('\n').filter(Boolean).sort();
    expect(lines).toEqual(
      [`${vtep('control-plane')} dst 192.168.1.10 self permanent`, `${vtep('worker-2')} dst 192.168.1.12 self permanent`, `${vtep('worker-3')} dst 192.168.1.13 self permanent`].sort(),
    );
    expect(sh('ip neigh show dev flannel.1').split('\n').filter(Boolean).sort()).toEqual(
      [`10.244.0.0 lladdr ${vtep('control-plane')} PERMANENT`, `10.244.2.0 lladdr ${vtep('worker-2')} PERMANENT`, `10.244.3.0 lladdr ${vtep('worker-3')} PERMANENT`].sort(),
    );
  });

  it('cat shows the files on the machine; a missing one fails as cat does', () => {
    expect(sh('cat /run/flannel/subnet.env')).toBe('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
    expect(r.ssh('worker-1', 'cat /nope')).toEqual({ stdout: '', stderr: 'cat: /nope: No such file or directory\n', exitCode: 1 });
    expect(sh('cat /var/lib/cni')).toBe('cat: /var/lib/cni: Is a directory\n');
  });

  it('crictl pods: the sandboxes newest first, in crictl\'s columns', () => {
    const rows = sh('crictl pods').split('\n');
    expect(rows[0]).toBe('POD ID              CREATED              STATE               NAME                       NAMESPACE           ATTEMPT             RUNTIME');
    expect(rows.slice(1).filter(Boolean).map((l) => l.replace(/^[0-9a-f]{13} {7}/, 'ID ')).sort()).toEqual(
      [
        'ID About a minute ago   Ready               coredns-6994cc7f65-sxr5l   kube-system         0                   (default)',
        'ID About a minute ago   Ready               kube-flannel-ds-cf75m      kube-flannel        0                   (default)',
        'ID About a minute ago   Ready               kube-proxy-5s5nq           kube-system         0                   (default)',
        'ID 59 seconds ago       Ready               web-64f5c8754f-jhdds       default             0                   (default)',
      ].sort(),
    );
    expect(rows[1]).toContain('web-64f5c8754f-jhdds');
  });

  it('ip netns lists the pod namespaces with their ids', () => {
    const names = m.netnsNames();
    expect(sh('ip netns')).toBe(names.map((n) => `${n} (id: ${m.netns(n)!.nsid})\n`).join(''));
    expect(names.map((n) => m.netns(n)!.nsid).sort()).toEqual(names.map((_, i) => i));
  });

  it('ip netns exec runs ip in a pod\'s namespace: its eth0 paired with the host veth, its own empty netfilter', () => {
    const hostEnd = v.links.find((l) => l.type === 'veth')!;
    const name = hostEnd.peer!.netns;
    const pod = netnsView(m, name)!;
    const eth0 = pod.links.find((l) => l.name === 'eth0')!;
    const ip = pod.addresses.find((a) => a.dev === 'eth0')!.ip;
    expect(sh(`ip netns exec ${name} ip addr show eth0`)).toBe(
      `${eth0.index}: eth0@if${hostEnd.index}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default \n` +
        `    link/ether ${eth0.mac} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n` +
        `    inet ${ip}/24 brd 10.244.1.255 scope global eth0\n       valid_lft forever preferred_lft forever\n` +
        `    inet6 ${linkLocal(eth0.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`,
    );
    expect(sh(`ip netns exec ${name} ip route`)).toBe(`default via 10.244.1.1 dev eth0 \n10.244.0.0/16 via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 proto kernel scope link src ${ip} \n`);
    expect(sh(`ip netns exec ${name} iptables-save`)).toBe('');
    expect(r.ssh('worker-1', 'ip netns exec cni-nope ip a')).toEqual({ stdout: '', stderr: 'Cannot open network namespace "cni-nope": No such file or directory\n', exitCode: 255 });
  });

  it('an unknown command is bash\'s; an empty filter table lists its built-in chains', () => {
    expect(r.ssh('worker-1', 'foo --bar')).toEqual({ stdout: '', stderr: 'bash: foo: command not found\n', exitCode: 127 });
    expect(sh('iptables -t filter -L -n')).toContain('Chain INPUT (policy ACCEPT)\n');
  });
});

describe('kubetab run --ssh', () => {
  it('prints each command after its separator in flag order, interleaved with --exec, each separator on its own line', () => {
    const out = kubetab(['run', WEB, '--exec', 'get deploy web -o jsonpath={.spec.replicas}', '--ssh', 'worker-1 cat /etc/hostname', '--ssh', 'worker-2 hostname', '--exec', 'get ns default -o name']);
    expect(out).toEqual({ code: 0, stdout: '==> kubectl get deploy web -o jsonpath={.spec.replicas}\n3\n==> ssh worker-1 cat /etc/hostname\nworker-1\n==> ssh worker-2 hostname\nworker-2\n==> kubectl get ns default -o name\nnamespace/default\n', stderr: '' });
  });

  it('fails as ssh does for an unknown node, and with 127 for a missing command', () => {
    const out = kubetab(['run', WEB, '--ssh', 'worker-9 ip a', '--ssh', 'worker-1 tcpdumpx']);
    expect(out).toEqual({
      code: 1,
      stdout: '==> ssh worker-9 ip a\n==> ssh worker-1 tcpdumpx\n',
      stderr: 'ssh: Could not resolve hostname worker-9: Name or service not known\nbash: tcpdumpx: command not found\n',
    });
  });

  it('--json lists the ssh commands with the node, apart from the kubectl ones', () => {
    const out = JSON.parse(kubetab(['run', WEB, '--ssh', 'worker-3 hostname', '--json']).stdout) as { exec: unknown[]; ssh: unknown[] };
    expect(out.exec).toEqual([]);
    expect(out.ssh).toEqual([{ node: 'worker-3', command: 'hostname', stdout: 'worker-3\n', stderr: '', exitCode: 0 }]);
  });

  it('a powered-off node does not answer', () => {
    const r = web();
    r.cluster.machines.get('worker-2')!.powerOff();
    expect(r.ssh('worker-2', 'ip a')).toEqual({ stdout: '', stderr: 'ssh: connect to host worker-2 port 22: No route to host\n', exitCode: 255 });
  });
});
