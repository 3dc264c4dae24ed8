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
      `[worker-1 host] nat KUBE-SVC-LOLE4ISW44XBNF3G: -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> ${be.ip}:80" -j KUBE-SEP-QHWUG6SOC7OJ2BZK`,
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
    expect(t.at(-2)).toBe(`verdict: delivered to default/${backend}: connection established (an HTTP server)`);

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
    const delivered = `verdict: delivered to default/${backend}: connection established (an HTTP server)`;

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
});
