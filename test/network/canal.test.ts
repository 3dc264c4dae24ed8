/**
 * canal through `kubetab run`: the canal DaemonSet in kube-system, the calico CNI plugin's routed
 * veths on the nodes and in the pods, and traffic between pods on two nodes (over flannel's VXLAN).
 */
import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';
import { calicoVethName } from '../../src/sim/node/cni/calico';

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
seed: 3
cluster:
  network: {cni: canal}
  # canal's own pods and addresses are the subject: no add-ons beside them
  addons: []
actions:
  - at: 0s
    apply: |
      apiVersion: v1
      kind: Pod
      metadata: {name: client}
      spec:
        nodeName: worker-1
        containers: [{name: c, image: busybox:1.36, command: [sleep, "3600"]}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, labels: {app: web}}
      spec:
        nodeName: worker-2
        containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: {app: web}, ports: [{port: 80}]}
`;

/** The sections of a run's output, by their `==> …` heading. */
function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of stdout.split(/^==> /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl), part.slice(nl + 1));
  }
  return out;
}

describe('a canal cluster', () => {
  const run = kubetab(
    [
      'run', 'canal.yaml', '--until', '30s',
      '--exec', 'get ds -n kube-system',
      '--exec', 'get pods -n kube-system -o wide',
      '--exec', 'get pods -o wide',
      '--ssh', 'worker-1 ip route',
      '--ssh', 'worker-1 ip link',
      '--ssh', 'worker-1 cat /etc/cni/net.d/10-canal.conflist',
      '--exec', 'exec client -- ip addr',
      '--exec', 'exec client -- ip route',
      '--exec', 'exec client -- ping -c 1 10.244.2.2',
      '--exec', 'exec client -- wget -qO- -T 2 web',
      '--ssh', 'worker-2 curl -s -o /dev/null -w %{http_code} http://10.244.2.2/',
      '--trace-packet', 'client 10.244.2.2:80',
    ],
    { 'canal.yaml': SCENARIO },
  );
  const out = sections(run.stdout);
  const client = calicoVethName('default', 'client');
  const web = calicoVethName('default', 'web');

  it('runs the canal DaemonSet (calico-node and kube-flannel) in kube-system and no kube-flannel namespace', () => {
    expect(run.code).toBe(0);
    expect(out.get('kubectl get ds -n kube-system')).toBe(
      'NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n' +
        'canal        4         4         4       4            4           kubernetes.io/os=linux   60s\n' +
        'kube-proxy   4         4         4       4            4           kubernetes.io/os=linux   60s\n',
    );
    const lines = out.get('kubectl get pods -n kube-system -o wide')!.split('\n');
    const canal = lines.filter((l) => l.startsWith('canal-')).map((l) => l.replace(/^canal-[a-z0-9]{5}/, 'canal-*'));
    expect(canal).toEqual([
      'canal-*                                2/2     Running   0          60s   192.168.1.13   worker-3        <none>           <none>',
      'canal-*                                2/2     Running   0          60s   192.168.1.12   worker-2        <none>           <none>',
      'canal-*                                2/2     Running   0          60s   192.168.1.11   worker-1        <none>           <none>',
      'canal-*                                2/2     Running   0          60s   192.168.1.10   control-plane   <none>           <none>',
    ]);
    expect(lines.filter((l) => l.startsWith('calico-kube-controllers-')).map((l) => l.replace(/^\S+/, 'calico-kube-controllers-*'))).toEqual([
      'calico-kube-controllers-*   1/1     Running   0          60s   10.244.1.2     worker-1        <none>           <none>',
    ]);
    expect(out.get('kubectl get pods -o wide')).toBe(
      'NAME     READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n' +
        'client   1/1     Running   0          30s   10.244.1.5   worker-1   <none>           <none>\n' +
        'web      1/1     Running   0          30s   10.244.2.2   worker-2   <none>           <none>\n',
    );
  });

  it("routes each pod on the node through its own cali veth, with no cni0 bridge", () => {
    expect(out.get('ssh worker-1 ip route')).toBe(
      [
        'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.11 metric 100 ',
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ',
        `10.244.1.2 dev ${calicoVethName('kube-system', lines('calico-kube-controllers'))} scope link `,
        `10.244.1.3 dev ${calicoVethName('kube-system', lines('coredns', 0))} scope link `,
        `10.244.1.4 dev ${calicoVethName('kube-system', lines('coredns', 1))} scope link `,
        `10.244.1.5 dev ${client} scope link `,
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ',
        '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink ',
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11 ',
        '',
      ].join('\n'),
    );
    const link = out.get('ssh worker-1 ip link')!;
    expect(link).not.toContain('cni0');
    expect(link).toMatch(new RegExp(`^\\d+: ${client}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \\n    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netns cni-[0-9a-f-]{36}$`, 'm'));
    expect(JSON.parse(out.get('ssh worker-1 cat /etc/cni/net.d/10-canal.conflist')!).plugins[0]).toEqual({
      type: 'calico', log_level: 'info', log_file_path: '/var/log/calico/cni/cni.log', datastore_type: 'kubernetes', nodename: 'worker-1', mtu: 0,
      ipam: { type: 'host-local', subnet: 'usePodCidr' }, policy: { type: 'k8s' }, kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' },
    });
  });

  it('gives the pod a /32 and a default route through 169.254.1.1', () => {
    expect(out.get('kubectl exec client -- ip addr')).toMatch(/^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP \n {4}link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff\n {4}inet 10\.244\.1\.5\/32 scope global eth0\n/m);
    expect(out.get('kubectl exec client -- ip route')).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
  });

  it('carries traffic between pods on two nodes: ping, HTTP through the Service, and the trace hop by hop', () => {
    expect(out.get('kubectl exec client -- ping -c 1 10.244.2.2')).toContain('64 bytes from 10.244.2.2: seq=0 ttl=62 time=');
    expect(out.get('kubectl exec client -- wget -qO- -T 2 web')).toContain('<h1>Welcome to nginx!</h1>');
    // The node reaches its own pod from eth0's address: the cali veth has none to send from.
    expect(out.get('ssh worker-2 curl -s -o /dev/null -w %{http_code} http://10.244.2.2/')).toBe('200\n');
    const trace = out.get('trace client 10.244.2.2:80')!.split('\n');
    const hops = trace.filter((l) => / route: | → .*\(veth pair|flannel\.1: VXLAN|^verdict/.test(l));
    expect(hops).toEqual([
      '[worker-1 default/client] route: 10.244.2.2 → default via 169.254.1.1 dev eth0',
      `[worker-1 default/client eth0] eth0 → ${client} in the host (veth pair; proxy ARP: ${client} answers for 169.254.1.1 with ee:ee:ee:ee:ee:ee)`,
      '[worker-1 host] route: 10.244.2.2 → 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
      expect.stringMatching(/^\[worker-1 host flannel\.1\] flannel\.1: VXLAN VNI 1: 10\.244\.2\.0 is [0-9a-f:]{17} at 192\.168\.1\.12: outer UDP 192\.168\.1\.11:\d+ → 192\.168\.1\.12:8472$/),
      '[worker-1 host] route: 192.168.1.12 → 192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11',
      '[worker-2 host eth0] route: 192.168.1.12 is local',
      expect.stringMatching(/^\[worker-2 host flannel\.1\] flannel\.1: VXLAN from 192\.168\.1\.11: inner 10\.244\.1\.5:\d+ → 10\.244\.2\.2:80$/),
      `[worker-2 host] route: 10.244.2.2 → 10.244.2.2 dev ${web} scope link`,
      `[worker-2 host ${web}] ${web} → eth0 in default/web (veth pair)`,
      '[worker-2 default/web eth0] route: 10.244.2.2 is local',
      '[worker-2 default/web] route: 10.244.1.5 → default via 169.254.1.1 dev eth0',
      `[worker-2 default/web eth0] eth0 → ${web} in the host (veth pair; proxy ARP: ${web} answers for 169.254.1.1 with ee:ee:ee:ee:ee:ee)`,
      '[worker-2 host] route: 10.244.1.5 → 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
      expect.stringMatching(/^\[worker-2 host flannel\.1\] flannel\.1: VXLAN VNI 1: /),
      '[worker-2 host] route: 192.168.1.11 → 192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.12',
      '[worker-1 host eth0] route: 192.168.1.11 is local',
      expect.stringMatching(/^\[worker-1 host flannel\.1\] flannel\.1: VXLAN from 192\.168\.1\.12: inner 10\.244\.2\.2:80 → 10\.244\.1\.5:\d+$/),
      `[worker-1 host] route: 10.244.1.5 → 10.244.1.5 dev ${client} scope link`,
      `[worker-1 host ${client}] ${client} → eth0 in default/client (veth pair)`,
      '[worker-1 default/client eth0] route: 10.244.1.5 is local',
      'verdict: delivered to default/web: connection established with nginx (HTTP)',
    ]);
  });

  it("leaves no flannel subnet.env on the node: canal's kube-flannel container keeps it to itself", () => {
    const r = kubetab(['run', 'canal.yaml', '--until', '5s', '--ssh', 'worker-1 cat /run/flannel/subnet.env'], { 'canal.yaml': SCENARIO });
    expect(r.stderr).toContain('cat: /run/flannel/subnet.env: No such file or directory\n');
  });

  /** The name of the `i`th kube-system pod whose name starts with `prefix`, from the -o wide list. */
  function lines(prefix: string, i = 0): string {
    return out.get('kubectl get pods -n kube-system -o wide')!.split('\n').filter((l) => l.startsWith(`${prefix}-`))[i]!.split(/\s+/)[0]!;
  }
});
