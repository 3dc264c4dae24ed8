/**
 * NetworkPolicy as a learner meets it, through `kubetab run`: under `cni: canal` felix (calico-node)
 * enforces every networking.k8s.io/v1 semantic on the packet path — what busybox's wget and nslookup
 * and curl print, what the packet trace says decided, what iptables-save shows on the node — and under
 * the default flannel the same policies are stored and change nothing, without a word of warning.
 *
 * The layout: web (nginx, app=web, container port 80 named `http`) on worker-2 behind the Service
 * `web`; the busybox pods client (app=client) and other on worker-1; more pods as each case needs.
 * Policies are applied at 20s, once every pod runs; the commands run at 40s.
 */
import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';

interface Step {
  head: string;
  out: string;
}

export function run(file: string, flags: string[]): { steps: Step[]; stderr: string } {
  const r = kubetab(['run', 's.yaml', '--until', '40s', ...flags], { 's.yaml': file });
  const steps: Step[] = [];
  for (const line of r.stdout.split(/(?<=\n)/)) {
    if (line.startsWith('==> ')) steps.push({ head: line.slice(4).trimEnd(), out: '' });
    else steps[steps.length - 1]!.out += line;
  }
  return { steps, stderr: r.stderr };
}

const indent = (yaml: string) => yaml.trim().split('\n').map((l) => `      ${l}`).join('\n');

/** Namespaces (their default ServiceAccounts) first, then the pods, then at 20s the policies. */
export function scenario(cni: 'canal' | 'flannel', extraPods: string, policies: string, namespaces = ''): string {
  const pods = `${WORKLOADS}\n${extraPods}`;
  const ns = namespaces ? `  - at: 0s\n    apply: |\n${indent(namespaces)}\n` : '';
  return `apiVersion: kubetab/v1\nkind: Scenario\nseed: 1\n${cni === 'canal' ? 'cluster:\n  network: {cni: canal}\n' : ''}actions:\n${ns}  - at: 1s\n    apply: |\n${indent(pods)}\n  - at: 20s\n    apply: |\n${indent(policies)}\n`;
}

export const busybox = (name: string, node: string, labels = '', ns = 'default') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}${labels ? `, labels: {${labels}}` : ''}}
spec:
  nodeName: ${node}
  containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]`;

export const namespace = (name: string, labels: string) => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {${labels}}}`;

const WORKLOADS = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: worker-2
  containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80, name: http}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}
${busybox('client', 'worker-1', 'app: client')}
${busybox('other', 'worker-1')}`;

export const policy = (name: string, spec: string, ns = 'default') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec.trim().split('\n').map((l) => `  ${l}`).join('\n')}`;

export const DENY_ALL_INGRESS = policy('deny-all', 'podSelector: {}\npolicyTypes: [Ingress]');

/** The Service's address and the web pod's, as the run gave them. */
const SVC_IP = '10.99.190.75';
const WEB_IP = '10.244.2.2';

const WGET_OK = `Connecting to web (${SVC_IP}:80)\nwriting to stdout\n-                    100% |*******************************|   615  0:00:00 ETA\nwritten to stdout\n`;
const WGET_TIMEOUT = `Connecting to web (${SVC_IP}:80)\nwget: download timed out\ncommand terminated with exit code 1\n`;
const wget = (pod: string) => `exec ${pod} -- wget -q -T 2 -O /dev/null web`;
const verdict = (s: Step) => s.out.split('\n').filter((l) => l.startsWith('verdict: ') || /^\[\S+ \S+\] (allowed by|dropped: )/.test(l)).join('\n');

const TIMEOUT = 'wget: download timed out\ncommand terminated with exit code 1\n';

describe('NetworkPolicy under canal (felix enforces it)', () => {
  it('default-deny ingress: wget times out, the trace names the isolation and the policy selecting the pod', () => {
    const { steps, stderr } = run(scenario('canal', '', DENY_ALL_INGRESS), ['--exec', 'exec client -- wget -T 2 -O- web', '--trace-packet', 'client web:80']);
    expect(steps[0]!.out).toBe('');
    expect(stderr).toBe(WGET_TIMEOUT);
    expect(verdict(steps[1]!)).toBe(
      '[worker-2 host] dropped: default/web is isolated for ingress and no NetworkPolicy allows this (selected by default/deny-all)\n' +
        'verdict: timed out: the packet was dropped on the way and nothing answers',
    );
  });

  it('an allow rule is additive to the deny: the client passes, named by policy and rule; replies of the allowed connection pass', () => {
    const allow = policy('allow-client', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{podSelector: {matchLabels: {app: client}}}]\n  ports: [{port: 80}]');
    const { steps, stderr } = run(scenario('canal', '', `${DENY_ALL_INGRESS}\n${allow}`), ['--exec', 'exec client -- wget -T 2 -O- web', '--exec', 'exec other -- wget -T 2 -O- web', '--trace-packet', 'client web:80']);
    expect(steps[0]!.out).toContain('<h1>Welcome to nginx!</h1>');
    expect(steps[1]!.out).toBe('');
    expect(stderr).toBe(WGET_OK + WGET_TIMEOUT);
    expect(verdict(steps[2]!)).toBe('[worker-2 host] allowed by NetworkPolicy default/allow-client (ingress rule 1)\nverdict: delivered to default/web: connection established with nginx (HTTP)');
    // the reply is let back in by the endpoint chain's conntrack rule, not by a policy
    expect(steps[2]!.out).toMatch(/\[worker-1 host\] filter cali-tw-cali\w+: -A cali-tw-cali\w+ -m comment --comment "cali:[\w-]+" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n/);
  });

  it('default-deny egress blocks DNS too (the classic mistake); the pod address on an allowed port still works', () => {
    const egress = policy('client-egress', `podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- to: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 80}]`);
    const { steps, stderr } = run(scenario('canal', '', egress), [
      '--exec', 'exec client -- nslookup web',
      '--exec', 'exec client -- wget -T 2 -O- web',
      '--exec', `exec client -- wget -q -T 2 -O /dev/null http://${WEB_IP}/`,
      '--exec', 'exec other -- wget -q -T 2 -O /dev/null web',
    ]);
    expect(steps.map((s) => s.out)).toEqual([';; connection timed out; no servers could be reached\n\n', '', '', '']);
    expect(stderr).toBe("command terminated with exit code 1\nwget: bad address 'web'\ncommand terminated with exit code 1\n");
  });

  it("allowing UDP 53 to kube-system's DNS pods on top of the egress policy makes names resolve again", () => {
    const egress = policy('client-egress', `podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- to: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 80}]`);
    const dns = policy('allow-dns', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n  ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]');
    const { steps, stderr } = run(scenario('canal', '', `${egress}\n${dns}`), ['--exec', wget('client'), '--trace-packet', 'client 10.96.0.10:53/udp']);
    expect(stderr).toBe('');
    expect(steps[0]!.out).toBe('');
    // kube-proxy picks one of the two CoreDNS replicas
    expect(verdict(steps[1]!)).toMatch(/^\[worker-1 host\] allowed by NetworkPolicy default\/allow-dns \(egress rule 1\)\nverdict: delivered to kube-system\/coredns-6994cc7f65-\w{5}: 1\/coredns reads it on udp port 53$/);
  });

  it('namespaceSelector admits every pod of the namespaces it selects; with a podSelector beside it, only those pods there', () => {
    const namespaces = `${namespace('team-a', 'team: a')}\n${namespace('team-b', 'team: b')}`;
    const pods = `${busybox('fe', 'worker-1', 'role: frontend', 'team-a')}\n${busybox('be', 'worker-1', 'role: backend', 'team-a')}\n${busybox('fe', 'worker-3', 'role: frontend', 'team-b')}\n${busybox('be', 'worker-3', 'role: backend', 'team-b')}`;
    const fromTeamA = policy('from-team-a', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: a}}}]');
    const frontends = policy('frontends', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [b]}]}\n    podSelector: {matchLabels: {role: frontend}}');
    const { steps, stderr } = run(scenario('canal', pods, `${fromTeamA}\n${frontends}`, namespaces), [
      '--exec', 'exec -n team-a fe -- wget -q -T 2 -O /dev/null web.default',
      '--exec', 'exec -n team-a be -- wget -q -T 2 -O /dev/null web.default',
      '--exec', 'exec -n team-b fe -- wget -q -T 2 -O /dev/null web.default',
      '--exec', 'exec -n team-b be -- wget -q -T 2 -O /dev/null web.default',
      '--exec', wget('client'),
      '--trace-packet', 'team-b/fe web.default:80',
    ]);
    expect(steps.slice(0, 5).map((s) => s.out)).toEqual(['', '', '', '', '']);
    // team-b's backend and the default namespace's client: both time out
    expect(stderr).toBe(TIMEOUT + TIMEOUT);
    expect(verdict(steps[5]!)).toBe('[worker-2 host] allowed by NetworkPolicy default/frontends (ingress rule 1)\nverdict: delivered to default/web: connection established with nginx (HTTP)');
  });

  it('ipBlock with except: the block is allowed, the excepted range inside it is not', () => {
    const block = policy('pods-but-worker-1', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{ipBlock: {cidr: 10.244.0.0/16, except: [10.244.1.0/24]}}]');
    const { steps, stderr } = run(scenario('canal', busybox('far', 'worker-3'), block), ['--exec', wget('far'), '--exec', wget('client'), '--ssh', 'worker-2 iptables-save -t filter']);
    expect(stderr).toBe(TIMEOUT);
    const chain = steps[2]!.out.split('\n').filter((l) => l.startsWith('-A cali-pi-')).map((l) => l.replace(/"cali:[\w-]+"/, '"cali:…"'));
    expect(chain).toEqual([
      '-A cali-pi-_rRnaUUIMTKMB0SZxeVC -m comment --comment "cali:…" -j MARK --set-xmark 0x0/0x40000',
      '-A cali-pi-_rRnaUUIMTKMB0SZxeVC -s 10.244.0.0/16 -m comment --comment "cali:…" -j MARK --set-xmark 0x40000/0x40000',
      '-A cali-pi-_rRnaUUIMTKMB0SZxeVC -s 10.244.1.0/24 -m comment --comment "cali:…" -j MARK --set-xmark 0x0/0x40000',
      '-A cali-pi-_rRnaUUIMTKMB0SZxeVC -m comment --comment "cali:…" -m mark --mark 0x40000/0x40000 -j MARK --set-xmark 0x10000/0x10000',
      '-A cali-pi-_rRnaUUIMTKMB0SZxeVC -m comment --comment "cali:…" -m mark --mark 0x10000/0x10000 -j RETURN',
    ]);
  });

  it('a named port is the port the selected pod gives that name; a name it does not have allows nothing', () => {
    const named = policy('web-http', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{podSelector: {matchLabels: {app: client}}}]\n  ports: [{port: http}]');
    // no pod names a port `admin`; CoreDNS's pods do name one `metrics` (9153), which would match
    const wrong = policy('web-admin', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: admin}]');
    const { steps, stderr } = run(scenario('canal', '', `${named}\n${wrong}`), ['--exec', wget('client'), '--exec', wget('other'), '--exec', 'get pod client -o jsonpath={.status.podIP}', '--ssh', 'worker-2 ipset list']);
    expect(stderr).toBe(TIMEOUT);
    const sets = steps[3]!.out.trim().split('\n\n').map((s) => s.split('\n').filter((l) => /^(Type|Number|10\.)/.test(l)).join(' | '));
    expect(sets.sort()).toEqual(['Type: hash:ip,port | Number of entries: 0', 'Type: hash:ip,port | Number of entries: 1 | 10.244.2.2,tcp:80', `Type: hash:net | Number of entries: 1 | ${steps[2]!.out.trim()}`]);
  });

  it('endPort: a port range allows the ports inside it only', () => {
    const inside = policy('range-inside', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{podSelector: {matchLabels: {app: client}}}]\n  ports: [{protocol: TCP, port: 79, endPort: 81}]');
    const outside = policy('range-outside', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: 8000, endPort: 8100}]');
    const { steps, stderr } = run(scenario('canal', '', `${inside}\n${outside}`), ['--exec', wget('client'), '--exec', wget('other'), '--trace-packet', 'client web:80']);
    expect(stderr).toBe(TIMEOUT);
    expect(steps[2]!.out).toMatch(/-A cali-pi-\S+ -p tcp -m comment --comment "cali:[\w-]+" -m set --match-set cali40s:\S+ src -m multiport --dports 79:81 -j MARK --set-xmark 0x10000\/0x10000\n\[worker-2 host\] allowed by NetworkPolicy default\/range-inside \(ingress rule 1\)\n/);
  });
});

describe('NetworkPolicy under flannel', () => {
  it('is stored and enforces nothing, with no warning anywhere', () => {
    const all = policy('deny-both', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
    const { steps, stderr } = run(scenario('flannel', '', `${DENY_ALL_INGRESS}\n${all}`), ['--exec', 'get networkpolicy -o name', '--exec', wget('client'), '--exec', 'exec client -- nslookup web.default.svc.cluster.local', '--ssh', 'worker-2 iptables-save -t filter', '--trace-packet', 'client web:80']);
    expect(stderr).toBe('');
    expect(steps[0]!.out).toBe('networkpolicy.networking.k8s.io/deny-all\nnetworkpolicy.networking.k8s.io/deny-both\n');
    expect(steps[1]!.out).toBe('');
    expect(steps[2]!.out).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${SVC_IP}\n\n\n`);
    expect(steps[3]!.out).not.toContain('cali');
    expect(verdict(steps[4]!)).toBe('verdict: delivered to default/web: connection established with nginx (HTTP)');
  });
});
