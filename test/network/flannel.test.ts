import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { netnsView } from '../../src/sim/node/machine';
import { FLANNEL_CNI_CONF } from '../../src/sim/node/cni/flannel';
import type { Node, Pod } from '../../src/sim/types';

const kubectl = (r: ScenarioRun, line: string) => {
  const x = r.kubectl(line);
  return x.stdout + x.stderr;
};

function node(r: ScenarioRun, name: string): Node {
  return r.cluster.api.peek('nodes', undefined, name) as Node;
}

const routes = (r: ScenarioRun, n: string) => netnsView(r.cluster.machines.get(n)!)!.routes.map((x) => `${x.dst}${x.via ? ` via ${x.via}` : ''} dev ${x.dev}${x.onlink ? ' onlink' : ''}`);

describe('flannel, as its manifest runs it', () => {
  it('runs kube-flannel-ds on every node from the cluster\'s boot: the CNI installed, the node annotated and its network up', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(0);
    expect(kubectl(r, 'get ds -n kube-flannel')).toBe('NAME              DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\nkube-flannel-ds   4         4         4       4            4           <none>          30s\n');
    const w1 = node(r, 'worker-1');
    const m = r.cluster.machines.get('worker-1')!;
    const vtep = netnsView(m)!.links.find((l) => l.name === 'flannel.1')!;
    expect(w1.metadata!.annotations).toMatchObject({
      'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${vtep.mac}"}`,
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
      'flannel.alpha.coreos.com/public-ip': '192.168.1.11',
    });
    expect(w1.status!.conditions![0]).toMatchObject({ type: 'NetworkUnavailable', status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node' });
    expect(m.readFile('/etc/cni/net.d/10-flannel.conflist')).toBe(FLANNEL_CNI_CONF);
    expect(m.exists('/opt/cni/bin/flannel')).toBe(true);
    const cidr = w1.spec!.podCIDR!;
    expect(m.readFile('/run/flannel/subnet.env')).toBe(`FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${cidr.replace('.0/24', '.1/24')}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`);
    expect(vtep).toMatchObject({ index: 3, type: 'vxlan', mtu: 1450, state: 'UNKNOWN', vxlan: { vni: 1, port: 8472, local: '192.168.1.11', dev: 'eth0', learning: false } });
    expect(netnsView(m)!.addresses.find((a) => a.dev === 'flannel.1')).toEqual({ dev: 'flannel.1', ip: cidr.replace('/24', ''), prefix: 32, scope: 'global' });
    // One route, neighbour and FDB entry per other node.
    const others = ['control-plane', 'worker-2', 'worker-3'].map((n) => ({ cidr: node(r, n).spec!.podCIDR!, ip: node(r, n).status!.addresses![0]!.address, mac: JSON.parse(node(r, n).metadata!.annotations!['flannel.alpha.coreos.com/backend-data']!).VtepMAC as string }));
    const view = netnsView(m)!;
    expect(view.routes.filter((x) => x.dev === 'flannel.1').map((x) => x.dst).sort()).toEqual(others.map((o) => o.cidr).sort());
    for (const o of others) {
      const gw = o.cidr.replace('/24', '');
      expect(view.routes).toContainEqual({ dst: o.cidr, via: gw, dev: 'flannel.1', onlink: true });
      expect(view.neighbours).toContainEqual({ ip: gw, dev: 'flannel.1', lladdr: o.mac, state: 'PERMANENT' });
      expect(view.fdb).toContainEqual({ mac: o.mac, dev: 'flannel.1', dst: o.ip, self: true, permanent: true });
    }
    const logs = r.kubectl(`logs -n kube-flannel ${podOn(r, 'worker-1')}`);
    expect(logs.stderr).toBe('Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)\n');
    expect(logs.stdout).toMatch(/^I0902 09:59:\d\d\.\d{6}       1 main\.go:410\] Wrote subnet file to \/run\/flannel\/subnet\.env\n/);
    expect(r.cluster.panics).toEqual([]);
  });

  it('gives pods their address from the CNI result and the resolver of the cluster DNS', () => {
    const r = new ScenarioRun({ seed: 2, cluster: { network: { serviceCIDR: '172.20.0.0/16' } }, actions: [] });
    r.act({ apply: 'apiVersion: v1\nkind: Pod\nmetadata: {name: bb, namespace: default}\nspec:\n  nodeName: worker-2\n  containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]\n' });
    r.runUntil(15_000);
    const p = r.cluster.api.peek('pods', 'default', 'bb') as Pod;
    const cidr = node(r, 'worker-2').spec!.podCIDR!;
    // host-local's next address in the node's block (CoreDNS may have taken the first ones).
    expect(p.status!.podIP).toMatch(new RegExp(`^${cidr.replace('.0/24', '').replace(/\./g, '\\.')}\\.\\d+$`));
    expect(kubectl(r, 'exec bb -- cat /etc/resolv.conf')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 172.20.0.10\noptions ndots:5\n');
    expect(kubectl(r, 'exec bb -- printenv KUBERNETES_SERVICE_HOST')).toBe('172.20.0.1\n');
    const m = r.cluster.machines.get('worker-2')!;
    const netns = m.netnsNames().find((n) => netnsView(m, n)!.addresses.some((a) => a.ip === p.status!.podIP))!;
    expect(netns).toBeDefined();
    expect(m.exists(`/var/lib/cni/networks/cbr0/${p.status!.podIP}`)).toBe(true);
    // Deleted, the pod's network goes with its sandbox.
    r.act({ kubectl: 'delete pod bb --grace-period=1' });
    r.runUntil(25_000);
    expect(m.netnsNames()).not.toContain(netns);
    expect(m.exists(`/var/lib/cni/networks/cbr0/${p.status!.podIP}`)).toBe(false);
  });

  it('keeps a stopped flanneld\'s routes as they were: they go stale while the others follow the nodes', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(0);
    const gone = node(r, 'worker-3').spec!.podCIDR!;
    const kind = r.cluster.agentKinds.find((k) => k.name === 'flanneld')!;
    r.cluster.agentProcess(r.cluster.machines.get('worker-1')!, kind).stop();
    r.act({ kubectl: 'delete node worker-3' });
    r.runUntil(5_000);
    expect(routes(r, 'worker-1')).toContain(`${gone} via ${gone.replace('/24', '')} dev flannel.1 onlink`);
    expect(routes(r, 'worker-2').filter((x) => x.startsWith(gone))).toEqual([]);
  });

  it('flannel-stop as a scenario fault: the stopped node keeps its route to a node that left until flannel-start', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 1_000, fault: { type: 'flannel-stop', node: 'worker-1' } }, { atMs: 2_000, kubectl: 'delete node worker-3' }, { atMs: 10_000, fault: { type: 'flannel-start', node: 'worker-1' } }] });
    r.runUntil(0);
    const gone = node(r, 'worker-3').spec!.podCIDR!;
    const line = `${gone} via ${gone.replace('/24', '')} dev flannel.1 onlink \n`;
    r.runUntil(9_000);
    expect(r.ssh('worker-1', 'ip route').stdout).toContain(line);
    expect(r.ssh('worker-2', 'ip route').stdout).not.toContain(line);
    r.runUntil(10_100);
    expect(r.ssh('worker-1', 'ip route').stdout).not.toContain(line);
    expect(r.cluster.panics).toEqual([]);
  });

  it('host-gw: no flannel.1, a route via each node\'s address, the full MTU', () => {
    const r = new ScenarioRun({ seed: 1, cluster: { network: { backend: 'host-gw' } }, actions: [] });
    r.runUntil(0);
    const m = r.cluster.machines.get('worker-1')!;
    expect(netnsView(m)!.links.map((l) => l.name)).not.toContain('flannel.1');
    expect(node(r, 'worker-1').metadata!.annotations!['flannel.alpha.coreos.com/backend-data']).toBe('null');
    expect(m.readFile('/run/flannel/subnet.env')).toMatch(/\nFLANNEL_MTU=1500\n/);
    const w2 = node(r, 'worker-2');
    expect(routes(r, 'worker-1')).toContain(`${w2.spec!.podCIDR} via 192.168.1.12 dev eth0`);
    expect(JSON.parse((r.cluster.api.peek('configmaps', 'kube-flannel', 'kube-flannel-cfg') as { data: Record<string, string> }).data['net-conf.json']!)).toEqual({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'host-gw' } });
  });

  it('crash-loops on a node without a pod CIDR, which is Ready but cannot start pods', () => {
    // Two /24s: the control plane and one worker get them, the other worker gets none.
    const r = new ScenarioRun({ seed: 4, cluster: { nodes: [{ name: 'cp', cpu: '4', memory: '8Gi', controlPlane: true }, { name: 'w1', cpu: '4', memory: '8Gi' }, { name: 'w2', cpu: '4', memory: '8Gi' }], network: { podCIDR: '10.244.0.0/23' } }, actions: [] });
    r.runUntil(60_000);
    const bare = ['w1', 'w2'].find((n) => !node(r, n).spec!.podCIDR)!;
    const flannelPod = podOn(r, bare);
    expect(kubectl(r, `get pod -n kube-flannel ${flannelPod} --no-headers`)).toMatch(/^kube-flannel-ds-\w+\s+0\/1\s+CrashLoopBackOff\s+\d+ \(\d+s ago\)\s/);
    expect(kubectl(r, `logs -n kube-flannel ${flannelPod} -c kube-flannel --previous`)).toMatch(new RegExp(`^E0902 \\d\\d:\\d\\d:\\d\\d\\.\\d{6}       1 main\\.go:280\\] Error registering network: failed to acquire lease: node "${bare}" pod cidr not assigned\\nI0902 [\\d:.]+       1 main\\.go:333\\] Stopping shutdownHandler\\.\\.\\.\\n$`));
    // install-cni ran, so the runtime's network is "ready" and so is the node.
    expect(kubectl(r, `get node ${bare} --no-headers`)).toMatch(new RegExp(`^${bare}\\s+Ready\\s`));
    r.act({ apply: `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  nodeName: ${bare}\n  containers: [{name: c, image: nginx}]\n` });
    r.runUntil(70_000);
    expect(kubectl(r, 'get pod p --no-headers')).toMatch(/^p\s+0\/1\s+ContainerCreating\s/);
    expect(kubectl(r, 'get events --field-selector involvedObject.name=p,reason=FailedCreatePodSandBox -o jsonpath={.items[0].message}')).toMatch(/plugin type="flannel" failed \(add\): loadFlannelSubnetEnv failed: open \/run\/flannel\/subnet\.env: no such file or directory$/);
    expect(r.cluster.panics).toEqual([]);
  });

  it('comes back after a reboot with the same VTEP MAC, from the node\'s annotation', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 1_000, fault: { type: 'node-down', node: 'worker-2' } }, { atMs: 20_000, fault: { type: 'node-up', node: 'worker-2' } }] });
    r.runUntil(0);
    const m = r.cluster.machines.get('worker-2')!;
    const mac = netnsView(m)!.links.find((l) => l.name === 'flannel.1')!.mac;
    r.runUntil(20_000);
    expect(m.exists('/run/flannel/subnet.env')).toBe(false);
    expect(netnsView(m)!.links.map((l) => l.name)).toEqual(['lo', 'eth0']);
    r.runUntil(40_000);
    expect(netnsView(m)!.links.find((l) => l.name === 'flannel.1')!.mac).toBe(mac);
    expect(m.exists('/run/flannel/subnet.env')).toBe(true);
  });
});

function podOn(r: ScenarioRun, nodeName: string): string {
  const list = r.kubectl(`get pods -n kube-flannel --field-selector spec.nodeName=${nodeName} -o name`).stdout.trim();
  return list.replace('pod/', '');
}
