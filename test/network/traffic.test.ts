/**
 * Traffic through the dataplane, driven as a learner drives it: `kubetab run` with --trace-packet,
 * --exec and --ssh, asserting what each prints. Addresses and pod names come from the run itself
 * (`get pods -o wide`, iptables-save, events) so the expectations say where they come from.
 */
import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';
import { NGINX_INDEX } from '../../src/sim/node/podenv';

interface Step {
  head: string;
  out: string;
}

/** Runs a scenario file with the given flags; returns stdout cut at each `==> ` separator, and stderr. */
function run(file: string, until: string, flags: string[]): { steps: Step[]; stderr: string; code: number } {
  const r = kubetab(['run', 's.yaml', '--until', until, ...flags], { 's.yaml': file });
  const steps: Step[] = [];
  for (const line of r.stdout.split(/(?<=\n)/)) {
    if (line.startsWith('==> ')) steps.push({ head: line.slice(4).trimEnd(), out: '' });
    else steps[steps.length - 1]!.out += line;
  }
  return { steps, stderr: r.stderr, code: r.code };
}

function scenario(manifest: string, cluster = '', later = ''): string {
  const indented = manifest.trim().split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: kubetab/v1\nkind: Scenario\nseed: 1\n${cluster ? `cluster:\n${cluster}\n` : ''}actions:\n  - at: 0s\n    apply: |\n${indented}\n${later}`;
}

const web = (replicas: number, pin = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${pin ? `      nodeSelector: {kubernetes.io/hostname: ${pin}}\n` : ''}      containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]`;

const service = (name: string, spec: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {${spec}}`;

const pod = (name: string, image: string, node = 'worker-1') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  containers: [{name: c, image: "${image}", command: [sleep, "3600"]}]`;

/** The client on worker-1, the only web pod on worker-2. */
const CROSS_NODE = `${web(1, 'worker-2')}\n${service('web', 'selector: {app: web}, ports: [{port: 80, targetPort: 80}]')}\n${pod('client', 'busybox:1.36')}`;

const PODS = '-o custom-columns=NAME:.metadata.name,IP:.status.podIP,NODE:.spec.nodeName --no-headers';

/** `get pods` with PODS' columns → name → {ip, node}. */
function podTable(out: string): Map<string, { ip: string; node: string }> {
  return new Map(out.trim().split('\n').map((l) => l.split(/\s+/)).map(([name, ip, node]) => [name!, { ip: ip!, node: node! }]));
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const lines = (s: string) => s.split('\n');
/** The hops of the connection itself, without the name lookup's indented hops. */
const mainHops = (trace: string) => lines(trace).filter((l) => l.startsWith('['));

describe('traffic through kubetab run', () => {
  it('pod → Service by name across nodes: CoreDNS resolves it, the client\'s node DNATs, flannel.1 carries it over VXLAN, nginx answers and logs the client', () => {
    const r = run(scenario(CROSS_NODE), '30s', [
      '--exec', `get pods ${PODS}`,
      '--exec', 'get svc web -o jsonpath={.spec.clusterIP}',
      '--trace-packet', 'client web:80',
      '--exec', 'exec client -- wget -qO- web',
      '--exec', 'logs deploy/web --tail=1',
      '--ssh', 'worker-1 conntrack -L',
    ]);
    expect(r.code).toBe(0);
    const pods = podTable(r.steps[0]!.out);
    const vip = r.steps[1]!.out.trim();
    const client = pods.get('client')!;
    const [backend, be] = [...pods].find(([n]) => n.startsWith('web-'))!;
    expect(client.node).toBe('worker-1');
    expect(be.node).toBe('worker-2');
    // metrics-server and the second CoreDNS replica run on worker-2 and hold its first two addresses,
    // so web gets the next; the endpoint chain's name below is the hash of "default/web", "tcp" and this endpoint.
    expect(be.ip).toBe('10.244.2.4');

    const trace = r.steps[2]!;
    expect(trace.head).toBe('trace client web:80');
    const t = lines(trace.out);
    expect(t[0]).toBe(`resolve web: web.default.svc.cluster.local. → ${vip}`);
    expect(t[1]).toBe('  — DNS A? web.default.svc.cluster.local. to 10.96.0.10:53 —');
    expect(trace.out).toMatch(/\n {2}\[control-plane kube-system\/coredns-[a-z0-9]+-[a-z0-9]{5}\] 1\/coredns answers the query \(NOERROR\)\n/);
    const hops = mainHops(trace.out);
    expect(t).toContain(`tcp to ${vip}:80`);
    const expected = [
      `[worker-1 default/client] route: ${vip} → default via 10.244.1.1 dev eth0`,
      `[worker-1 host] nat KUBE-SERVICES: -A KUBE-SERVICES -d ${vip}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G`,
      `[worker-1 host] nat KUBE-SVC-LOLE4ISW44XBNF3G: -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> ${be.ip}:80" -j KUBE-SEP-FP5VK4PF62NWATQ4`,
      `[worker-1 host] DNAT ${vip}:80 → ${be.ip}:80`,
      `[worker-1 host] route: ${be.ip} → 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`,
      `[worker-1 host eth0] out eth0 → worker-2 (192.168.1.12) on the node network`,
      `[worker-2 host] route: ${be.ip} → 10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1`,
      `[worker-2 default/${backend}] accepted by 1/nginx listening on 0.0.0.0:80/tcp`,
      `[worker-1 host] conntrack: source ${be.ip}:80 → ${vip}:80 (un-NAT of the reply)`,
    ];
    // In this order, among the hops.
    expect(hops.filter((h) => expected.includes(h))).toEqual(expected);
    expect(hops).toContainEqual(expect.stringMatching(new RegExp(`^\\[worker-1 host flannel\\.1\\] flannel\\.1: VXLAN VNI 1: 10\\.244\\.2\\.0 is ([0-9a-f]{2}:){5}[0-9a-f]{2} at 192\\.168\\.1\\.12: outer UDP 192\\.168\\.1\\.11:\\d+ → 192\\.168\\.1\\.12:8472$`)));
    expect(hops).toContainEqual(expect.stringMatching(new RegExp(`^\\[worker-2 host flannel\\.1\\] flannel\\.1: VXLAN from 192\\.168\\.1\\.11: inner ${esc(client.ip)}:\\d+ → ${esc(be.ip)}:80$`)));
    expect(t.at(-2)).toBe(`verdict: delivered to default/${backend}: connection established with nginx (HTTP)`);

    expect(r.steps[3]!.out).toBe(NGINX_INDEX);
    expect(r.steps[4]!.out).toBe(`${client.ip} - - [02/Sep/2024:10:00:30 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"\n`);
    // The client's node keeps both connections (the trace's and wget's) NATed to the backend.
    const tcp = lines(r.steps[5]!.out).filter((l) => l.startsWith('tcp '));
    expect(tcp).toHaveLength(2);
    for (const l of tcp) expect(l).toMatch(new RegExp(`^tcp {6}6 120 TIME_WAIT src=${esc(client.ip)} dst=${esc(vip)} sport=(\\d+) dport=80 src=${esc(be.ip)} dst=${esc(client.ip)} sport=80 dport=\\1 \\[ASSURED\\] mark=0 use=1$`));
    expect(r.stderr).toMatch(/^conntrack v1\.4\.7 \(conntrack-tools\): \d+ flow entries have been shown\.\n$/);
  });

  it('NodePort from another node and from outside: DNAT on the node hit, MASQUERADE to its flannel.1 address for the remote backend; a Service with no endpoints is REJECTed', () => {
    const nodePort = CROSS_NODE.replace('selector: {app: web}, ports: [{port: 80, targetPort: 80}]', 'type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: 80, nodePort: 30080}]');
    const r = run(scenario(`${nodePort}\n${service('nothing', 'clusterIP: 10.96.100.100, selector: {app: nothing}, ports: [{port: 80, targetPort: 80}]')}`), '30s', [
      '--exec', `get pods ${PODS}`,
      '--exec', 'get svc nothing -o jsonpath={.spec.clusterIP}',
      '--trace-packet', 'node/worker-3 node/worker-1:30080',
      '--trace-packet', 'external 192.168.1.11:30080',
      '--trace-packet', 'client nothing:80',
      '--trace-packet', 'node/worker-1 10.96.100.100:80',
      '--exec', 'exec client -- wget -qO- nothing',
    ]);
    const pods = podTable(r.steps[0]!.out);
    const none = r.steps[1]!.out.trim();
    const [backend, be] = [...pods].find(([n]) => n.startsWith('web-'))!;
    const delivered = `verdict: delivered to default/${backend}: connection established with nginx (HTTP)`;

    const fromNode = r.steps[2]!;
    expect(fromNode.head).toBe('trace node/worker-3 node/worker-1:30080');
    const h1 = mainHops(fromNode.out);
    expect(lines(fromNode.out)[0]).toBe('tcp to 192.168.1.11:30080');
    expect(h1[0]).toBe('[worker-3 host] route: 192.168.1.11 → 192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.13');
    expect(h1).toContain('[worker-1 host] nat KUBE-NODEPORTS: -A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport 30080 -j KUBE-EXT-LOLE4ISW44XBNF3G');
    expect(h1).toContain('[worker-1 host] nat KUBE-EXT-LOLE4ISW44XBNF3G: -A KUBE-EXT-LOLE4ISW44XBNF3G -m comment --comment "masquerade traffic for default/web external destinations" -j KUBE-MARK-MASQ');
    expect(h1).toContain(`[worker-1 host] DNAT 192.168.1.11:30080 → ${be.ip}:80`);
    expect(h1).toContain('[worker-1 host] nat KUBE-POSTROUTING: -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(h1).toContainEqual(expect.stringMatching(/^\[worker-1 host\] MASQUERADE 192\.168\.1\.13:\d+ → 10\.244\.1\.0:\d+$/));
    expect(h1).toContainEqual(expect.stringMatching(new RegExp(`^\\[worker-2 host flannel\\.1\\] flannel\\.1: VXLAN from 192\\.168\\.1\\.11: inner 10\\.244\\.1\\.0:\\d+ → ${esc(be.ip)}:80$`)));
    expect(h1).toContain(`[worker-1 host] conntrack: source ${be.ip}:80 → 192.168.1.11:30080 (un-NAT of the reply)`);
    expect(lines(fromNode.out).at(-2)).toBe(delivered);

    const fromOutside = r.steps[3]!;
    const h2 = mainHops(fromOutside.out);
    expect(h2[0]).toBe("[outside client] 203.0.113.10 → 192.168.1.11 through the router 192.168.1.1 to worker-1's eth0");
    expect(h2).toContainEqual(expect.stringMatching(/^\[worker-1 host\] MASQUERADE 203\.0\.113\.10:\d+ → 10\.244\.1\.0:\d+$/));
    expect(h2.at(-1)).toBe('[worker-1 host eth0] out eth0 to the router 192.168.1.1: 203.0.113.10 is outside the cluster');
    expect(lines(fromOutside.out).at(-2)).toBe(delivered);

    // No endpoints: kube-proxy's filter rule answers with an ICMP port unreachable, before any NAT.
    const reject = `-A KUBE-SERVICES -d ${none}/32 -p tcp -m comment --comment "default/nothing has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`;
    const fromPod = mainHops(r.steps[4]!.out);
    expect(fromPod.slice(-3)).toEqual([
      '[worker-1 host] filter FORWARD: -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      `[worker-1 host] filter KUBE-SERVICES: ${reject}`,
      '[worker-1 host] rejected: icmp-port-unreachable',
    ]);
    expect(fromPod.some((h) => / DNAT /.test(h))).toBe(false);
    expect(lines(r.steps[4]!.out).at(-2)).toMatch(/^verdict: connection refused \(ICMP port unreachable from /);
    const fromItsNode = lines(r.steps[5]!.out);
    expect(fromItsNode.slice(-4)).toEqual([
      `[worker-1 host] filter KUBE-SERVICES: ${reject}`,
      '[worker-1 host] rejected: icmp-port-unreachable',
      'verdict: connection refused (ICMP port unreachable from 192.168.1.11)',
      '',
    ]);
    expect(r.steps[6]!.out).toBe('');
    expect(r.stderr).toBe(`wget: can't connect to remote host (${none}): Connection refused\ncommand terminated with exit code 1\n`);
    expect(r.code).toBe(1);
  });

  const SCALE = `${web(3)}\n${service('web', 'selector: {app: web}, ports: [{port: 80, targetPort: 80}]')}\n${pod('client', 'busybox:1.36')}`;
  const scaleDown = '  - at: 25s\n    kubectl: scale deploy web --replicas=1\n';
  const traces = ['client web:80', 'client web:80', 'client web:80', 'client web:80'].flatMap((t) => ['--trace-packet', t]);
  const svcRules = (save: string) => lines(save).filter((l) => l.startsWith('-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment'));
  const dnatTo = (trace: string) => /\[worker-1 host\] DNAT [\d.]+:80 → ([\d.]+):80\n/.exec(trace)![1]!;

  it('after a scale-down kube-proxy rewrites the rules and every connection lands on the pod that remains', () => {
    const r = run(scenario(SCALE, '', scaleDown), '60s', ['--exec', `get pods -l app=web ${PODS}`, ...traces, '--ssh', 'worker-1 iptables-save -t nat']);
    const [[remaining, rp]] = [...podTable(r.steps[0]!.out)];
    for (const t of r.steps.slice(1, 5)) expect(lines(t.out).at(-2)).toBe(`verdict: delivered to default/${remaining}: connection established with nginx (HTTP)`);
    const save = r.steps[5]!.out;
    const [rule] = svcRules(save);
    expect(svcRules(save)).toHaveLength(1);
    expect(rule).toMatch(new RegExp(`^-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> ${esc(rp!.ip)}:80" -j KUBE-SEP-[A-Z2-7]{16}$`));
    expect(save).toContain(`-A ${rule!.split(' -j ')[1]} -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination ${rp!.ip}:80\n`);
  });

  it('with kube-proxy stopped on the client\'s node before the scale-down, its stale rule still sends connections to a pod that is gone', () => {
    const r = run(scenario(SCALE, '', `  - at: 20s\n    fault: {type: kube-proxy-stop, node: worker-1}\n${scaleDown}`), '60s', [
      '--exec', `get pods -l app=web ${PODS}`, ...traces, '--ssh', 'worker-1 iptables-save -t nat', '--ssh', 'worker-2 iptables-save -t nat',
    ]);
    const [[remaining, rp]] = [...podTable(r.steps[0]!.out)];
    const stale = svcRules(r.steps[5]!.out);
    // worker-1 still holds three endpoints with iptables' probabilities; worker-2's kube-proxy kept up.
    expect(stale).toHaveLength(3);
    expect(stale.map((l) => / --probability [\d.]+|$/.exec(l)![0])).toEqual([' --probability 0.33333333349', ' --probability 0.50000000000', '']);
    expect(svcRules(r.steps[6]!.out)).toHaveLength(1);
    const staleIPs = stale.map((l) => /-> ([\d.]+):80/.exec(l)![1]!);
    expect(staleIPs).toContain(rp!.ip);
    const goneHere = staleIPs.find((ip) => ip !== rp!.ip && ip.startsWith('10.244.1.'))!;
    expect(goneHere).toBeDefined();
    const outcomes = r.steps.slice(1, 5).map((t) => ({ to: dnatTo(t.out), verdict: lines(t.out).at(-2)!, out: t.out }));
    for (const o of outcomes) expect(staleIPs).toContain(o.to);
    for (const o of outcomes.filter((x) => x.to === rp!.ip)) expect(o.verdict).toBe(`verdict: delivered to default/${remaining}: connection established with nginx (HTTP)`);
    // The gone pod on the client's own node: cni0 finds no one to answer ARP, the node says so.
    const local = outcomes.filter((x) => x.to === goneHere);
    expect(local.length).toBeGreaterThan(0);
    for (const o of local) {
      expect(o.out).toContain(`\n[worker-1 host cni0] cni0: no answer to ARP for ${goneHere}: host unreachable\n`);
      expect(o.verdict).toBe('verdict: no route to host (from 10.244.1.1)');
    }
  });

  it('IPVS mode: the trace shows IPVS choosing a real server with the configured scheduler; ICMP to a ClusterIP is rejected by KUBE-IPVS-FILTER, and lost in iptables mode', () => {
    const manifest = `${CROSS_NODE}\n${pod('shoot', 'nicolaka/netshoot')}`;
    const flags = ['--exec', `get pods ${PODS}`, '--trace-packet', 'client 10.96.0.10:53/udp', '--trace-packet', 'client web:80', '--exec', 'exec client -- ping -c 1 -W 1 10.96.0.10', '--exec', 'exec shoot -- ping -c 1 -W 1 10.96.0.10'];
    const ipvs = run(scenario(manifest, '  kubeProxy: {mode: ipvs, ipvs: {scheduler: lc}}'), '30s', flags);
    const ipt = run(scenario(manifest), '30s', flags);
    const be = [...podTable(ipvs.steps[0]!.out)].find(([n]) => n.startsWith('web-'))![1];
    const hops = mainHops(ipvs.steps[2]!.out);
    const vip = /^tcp to ([\d.]+):80$/m.exec(ipvs.steps[2]!.out)![1]!;
    expect(hops).toContain('[worker-1 host] nat KUBE-SERVICES: -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT');
    expect(hops).toContain(`[worker-1 host] IPVS: TCP ${vip}:80 lc → ${be.ip}:80 (new connection, Masq)`);
    expect(hops).toContain(`[worker-1 host] DNAT ${vip}:80 → ${be.ip}:80 (IPVS masquerading)`);
    expect(hops.some((h) => h.includes('KUBE-SVC-'))).toBe(false);
    expect(lines(ipvs.steps[2]!.out).at(-2)).toMatch(/^verdict: delivered to default\/web-/);
    // Both CoreDNS replicas are idle, so lc takes the first in the kernel's list: the one added last (new
    // destinations go to its head), the replica on worker-2, Ready a second after control-plane's.
    expect(mainHops(ipvs.steps[1]!.out)).toContain('[worker-1 host] IPVS: UDP 10.96.0.10:53 lc → 10.244.2.3:53 (new connection, Masq)');
    const iptHops = mainHops(ipt.steps[2]!.out);
    expect(iptHops.some((h) => h.includes('IPVS'))).toBe(false);
    expect(iptHops).toContain(`[worker-1 host] DNAT ${vip}:80 → ${be.ip}:80`);

    // busybox: nothing comes back in iptables mode.
    const bbLost = 'PING 10.96.0.10 (10.96.0.10): 56 data bytes\n\n--- 10.96.0.10 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n';
    expect(ipt.steps[3]!.out).toBe(bbLost);
    expect(ipvs.steps[3]!.out).toBe(bbLost);
    // iputils (netshoot) shows the REJECT kube-proxy's KUBE-IPVS-FILTER sends back in IPVS mode.
    expect(ipt.steps[4]!.out).toBe('PING 10.96.0.10 (10.96.0.10) 56(84) bytes of data.\n\n--- 10.96.0.10 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n');
    expect(ipvs.steps[4]!.out).toBe('PING 10.96.0.10 (10.96.0.10) 56(84) bytes of data.\nFrom 10.96.0.10 icmp_seq=1 Destination Port Unreachable\n\n--- 10.96.0.10 ping statistics ---\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n\n');
    expect(ipt.stderr).toBe('command terminated with exit code 1\ncommand terminated with exit code 1\n');
  });

  it('host-gw: the cross-node hop is a route via the other node\'s address on eth0, with no VXLAN', () => {
    const r = run(scenario(CROSS_NODE, '  network: {backend: host-gw}'), '30s', ['--exec', `get pods ${PODS}`, '--trace-packet', 'client web:80']);
    const pods = podTable(r.steps[0]!.out);
    const [backend, be] = [...pods].find(([n]) => n.startsWith('web-'))!;
    const out = r.steps[1]!.out;
    const hops = mainHops(out);
    expect(hops).toContain(`[worker-1 host] route: ${be.ip} → 10.244.2.0/24 via 192.168.1.12 dev eth0`);
    expect(hops).toContain('[worker-1 host eth0] out eth0 → worker-2 (192.168.1.12) on the node network');
    expect(hops).toContain(`[worker-2 host] route: ${pods.get('client')!.ip} → 10.244.1.0/24 via 192.168.1.11 dev eth0`);
    expect(out).not.toMatch(/flannel\.1|VXLAN/);
    expect(lines(out).at(-2)).toBe(`verdict: delivered to default/${backend}: connection established with nginx (HTTP)`);
  });

  it('headless Service: busybox nslookup lists an address for each pod', () => {
    const manifest = `${web(2)}\n${service('db', 'clusterIP: None, selector: {app: web}, ports: [{port: 80}]')}\n${pod('client', 'busybox:1.36')}`;
    const r = run(scenario(manifest), '30s', ['--exec', `get pods -l app=web ${PODS}`, '--exec', 'exec client -- nslookup db.default.svc.cluster.local']);
    const ips = [...podTable(r.steps[0]!.out).values()].map((p) => p.ip);
    expect(ips).toHaveLength(2);
    const out = r.steps[1]!.out;
    expect(out.startsWith('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n')).toBe(true);
    const answers = [...out.matchAll(/^Name:\tdb\.default\.svc\.cluster\.local\nAddress: ([\d.]+)$/gm)].map((m) => m[1]);
    expect(answers.sort()).toEqual(ips.sort());
  });

  it('is deterministic: the same scenario gives byte-identical --json traces', () => {
    const flags = ['--json', '--trace-packet', 'client web:80', '--trace-packet', 'external 192.168.1.12:80'];
    const a = kubetab(['run', 's.yaml', '--until', '30s', ...flags], { 's.yaml': scenario(CROSS_NODE) });
    const b = kubetab(['run', 's.yaml', '--until', '30s', ...flags], { 's.yaml': scenario(CROSS_NODE) });
    expect(a.stdout).toBe(b.stdout);
    const traces = (JSON.parse(a.stdout) as { traces: { verdict: { kind: string; answeredBy?: string }; hops: unknown[] }[] }).traces;
    // Nothing listens on a node's port 80: the node's kernel answers with a RST.
    expect(traces.map((t) => t.verdict.kind)).toEqual(['delivered', 'refused']);
    expect(traces[0]!.verdict.answeredBy).toMatch(/^default\/web-/);
    expect(traces[0]!.hops.length).toBeGreaterThan(10);
  });

  it('LoadBalancer from the pool: traffic from outside arrives at the announcing node and is delivered', () => {
    const manifest = CROSS_NODE.replace('selector: {app: web}, ports: [{port: 80, targetPort: 80}]', 'type: LoadBalancer, selector: {app: web}, ports: [{port: 80, targetPort: 80}]').replace("kubernetes.io/hostname: worker-2", 'kubernetes.io/hostname: worker-3');
    const r = run(scenario(manifest, '  network: {loadBalancerPool: 192.168.1.240/28}'), '30s', [
      '--exec', `get pods ${PODS}`,
      '--exec', 'get events --field-selector reason=nodeAssigned -o jsonpath={.items[0].message}',
      '--trace-packet', 'external 192.168.1.240:80',
    ]);
    const [backend] = [...podTable(r.steps[0]!.out)].find(([n]) => n.startsWith('web-'))!;
    const announcer = /announcing from node "([^"]+)"/.exec(r.steps[1]!.out)![1]!;
    const hops = mainHops(r.steps[2]!.out);
    expect(hops[0]).toBe(`[outside client] 203.0.113.10 → 192.168.1.240 through the router 192.168.1.1 to ${announcer}'s eth0`);
    expect(hops).toContainEqual(expect.stringMatching(new RegExp(`^\\[${announcer} host\\] nat KUBE-SERVICES: -A KUBE-SERVICES -d 192\\.168\\.1\\.240/32 -p tcp -m comment --comment "default/web loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-LOLE4ISW44XBNF3G$`)));
    if (announcer !== 'worker-3') expect(hops).toContainEqual(expect.stringMatching(new RegExp(`^\\[${announcer} host\\] MASQUERADE 203\\.0\\.113\\.10:\\d+ → 10\\.244\\.\\d+\\.0:\\d+$`)));
    expect(hops.at(-1)).toBe(`[${announcer} host eth0] out eth0 to the router 192.168.1.1: 203.0.113.10 is outside the cluster`);
    expect(lines(r.steps[2]!.out).at(-2)).toBe(`verdict: delivered to default/${backend}: connection established with nginx (HTTP)`);
  });
});
