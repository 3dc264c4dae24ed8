import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';
import { ScenarioRun } from '../../src/scenario/runner';
import { electNode } from '../../src/sim/agents/metallb/election';

const svc = (name: string, extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80, targetPort: 80}]${extra}}`;

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]`;

function scenario(pool: string | undefined, manifest: string, later = ''): string {
  const indented = manifest.trim().split('\n').map((l) => `      ${l}`).join('\n');
  const network = pool ? `cluster:\n  network: {loadBalancerPool: "${pool}"}\n` : '';
  return `apiVersion: kubetab/v1\nkind: Scenario\nseed: 1\n${network}actions:\n  - at: 0s\n    apply: |\n${indented}\n${later}`;
}

const kubectl = (r: ScenarioRun, line: string) => {
  const x = r.kubectl(line);
  return x.stdout + x.stderr;
};

function run(pool: string | undefined, manifest: string): ScenarioRun {
  const r = new ScenarioRun({ seed: 1, cluster: pool ? { network: { loadBalancerPool: pool } } : {}, actions: [{ atMs: 0, apply: manifest }] });
  r.runUntil(30_000);
  return r;
}

const externalIPs = (r: ScenarioRun) => kubectl(r, 'get svc -o custom-columns=NAME:.metadata.name,EXTERNAL-IP:.status.loadBalancer.ingress[*].ip,MODE:.status.loadBalancer.ingress[*].ipMode');

describe('LoadBalancer Services and the scenario\'s pool (MetalLB, layer 2)', () => {
  it('stay <pending> with no pool, and MetalLB is not installed', () => {
    const r = run(undefined, `${WEB}\n${svc('web')}`);
    expect(kubectl(r, 'get svc web')).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nweb +LoadBalancer +[\d.]+ +<pending> +80:\d+\/TCP +30s\n$/);
    expect(kubectl(r, 'get ns metallb-system')).toBe('Error from server (NotFound): namespaces "metallb-system" not found\n');
  });

  it('installs the controller Deployment and a speaker on every node, and assigns the lowest free addresses in order', () => {
    const r = run('192.168.1.240/30', `${WEB}\n${svc('a')}\n${svc('b')}\n${svc('c')}`);
    expect(kubectl(r, 'get deploy,ds -n metallb-system')).toBe(
      'NAME                         READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/controller   1/1     1            1           60s\n\n' +
        'NAME                     DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\ndaemonset.apps/speaker   4         4         4       4            4           kubernetes.io/os=linux   60s\n',
    );
    expect(externalIPs(r)).toBe(
      'NAME         EXTERNAL-IP     MODE\na            192.168.1.240   VIP\nb            192.168.1.241   VIP\nc            192.168.1.242   VIP\nkubernetes   <none>          <none>\n',
    );
    expect(r.cluster.api.peek('services', 'default', 'a')!.metadata!.annotations!['metallb.universe.tf/ip-allocated-from-pool']).toBe('default');
  });

  it('records IPAllocated and the speaker\'s nodeAssigned, and when the pool is exhausted AllocationFailed, leaving the Service <pending>', () => {
    const r = run('192.168.1.240-192.168.1.240', `${WEB}\n${svc('web')}\n${svc('late')}`);
    const events = kubectl(r, 'get events --field-selector involvedObject.kind=Service -o custom-columns=TYPE:.type,REASON:.reason,OBJECT:.involvedObject.name,SOURCE:.source.component,MESSAGE:.message');
    const lines = events.split('\n').filter((l) => l !== '');
    expect(lines).toContain('Normal    IPAllocated        web      metallb-controller   Assigned IP ["192.168.1.240"]');
    expect(lines).toContain('Warning   AllocationFailed   late     metallb-controller   Failed to allocate IP for "default/late": no available IPs');
    // worker-2 wins the layer-2 election for 192.168.1.240 (the least SHA-256 of "node#ip");
    // the control plane is excluded from external load balancers.
    expect(lines).toContain('Normal    nodeAssigned       web      metallb-speaker      announcing from node "worker-2" with protocol "layer2"');
    expect(lines.filter((l) => l.includes('nodeAssigned') && !l.includes('worker-2'))).toEqual([]);
    expect(kubectl(r, 'get svc late')).toMatch(/ LoadBalancer +[\d.]+ +<pending> /);
    const describe = kubectl(r, 'describe svc web');
    expect(describe).toContain('\nLoadBalancer Ingress:     192.168.1.240 (VIP)\n');
    expect(describe).toContain('\n  Normal  IPAllocated   30s                metallb-controller  Assigned IP ["192.168.1.240"]\n');
  });

  it('frees the address when a Service is deleted or stops being a LoadBalancer, and gives it to the one waiting', () => {
    const r = run('192.168.1.240-192.168.1.240', `${WEB}\n${svc('web')}\n${svc('late')}`);
    r.act({ kubectl: 'delete svc web' });
    r.runUntil(31_000);
    expect(externalIPs(r)).toBe('NAME         EXTERNAL-IP     MODE\nkubernetes   <none>          <none>\nlate         192.168.1.240   VIP\n');
    // kubectl apply with only the type changed: the API server drops the node port and traffic policy.
    const toClusterIP = r.act({ apply: 'apiVersion: v1\nkind: Service\nmetadata: {name: late}\nspec: {type: ClusterIP, selector: {app: web}, ports: [{port: 80, targetPort: 80}]}' });
    expect(toClusterIP.stdout + toClusterIP.stderr).toBe('service/late configured\n');
    r.act({ apply: svc('next') });
    r.runUntil(32_000);
    expect(externalIPs(r)).toBe('NAME         EXTERNAL-IP     MODE\nkubernetes   <none>          <none>\nlate         <none>          <none>\nnext         192.168.1.240   VIP\n');
    expect(r.cluster.api.peek('services', 'default', 'late')!.metadata!.annotations?.['metallb.universe.tf/ip-allocated-from-pool']).toBeUndefined();
    expect(kubectl(r, 'get svc late')).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nlate +ClusterIP +[\d.]+ +<none> +80\/TCP +32s\n$/);
  });

  it('honours a requested address, and refuses one outside the pool or already taken with MetalLB\'s message', () => {
    const r = run('192.168.1.240/28', `${WEB}
${svc('pinned', ', loadBalancerIP: 192.168.1.250')}
---
apiVersion: v1
kind: Service
metadata: {name: annotated, annotations: {metallb.universe.tf/loadBalancerIPs: 192.168.1.251}}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}
${svc('outside', ', loadBalancerIP: 10.0.0.7')}
${svc('taken', ', loadBalancerIP: 192.168.1.250')}
---
apiVersion: v1
kind: Service
metadata: {name: classy}
spec: {type: LoadBalancer, loadBalancerClass: example.com/other, selector: {app: web}, ports: [{port: 80}]}`);
    expect(externalIPs(r)).toBe(
      'NAME         EXTERNAL-IP     MODE\nannotated    192.168.1.251   VIP\nclassy       <none>          <none>\nkubernetes   <none>          <none>\noutside      <none>          <none>\npinned       192.168.1.250   VIP\ntaken        <none>          <none>\n',
    );
    const warnings = kubectl(r, 'get events --field-selector type=Warning -o custom-columns=OBJECT:.involvedObject.name,MESSAGE:.message');
    expect(warnings).toContain('outside   Failed to allocate IP for "default/outside": ["10.0.0.7"] is not allowed in config\n');
    expect(warnings).toContain('taken     Failed to allocate IP for "default/taken": can\'t change sharing key for "default/taken", address also in use by default/pinned\n');
    expect(kubectl(r, 'get events --field-selector involvedObject.name=classy')).toBe('No resources found in default namespace.\n');
  });

  it('kube-proxy programs the assigned address on every node', () => {
    const r = run('192.168.1.240/28', `${WEB}\n${svc('web')}`);
    const nat = r.ssh('worker-3', 'iptables-save -t nat').stdout.split('\n');
    const ext = nat.find((l) => l.startsWith('-A KUBE-SERVICES -d 192.168.1.240/32'))!;
    expect(ext).toMatch(/^-A KUBE-SERVICES -d 192\.168\.1\.240\/32 -p tcp -m comment --comment "default\/web loadbalancer IP" -m tcp --dport 80 -j (KUBE-EXT-[A-Z2-7]{16})$/);
    const chain = ext.split(' -j ')[1]!;
    const svcChain = chain.replace('KUBE-EXT-', 'KUBE-SVC-');
    expect(nat.filter((l) => l.startsWith(`-A ${chain} `))).toEqual([
      `-A ${chain} -m comment --comment "masquerade traffic for default/web external destinations" -j KUBE-MARK-MASQ`,
      `-A ${chain} -j ${svcChain}`,
    ]);
  });

  it('a controller started again elsewhere first takes back the addresses Services hold', () => {
    const r = new ScenarioRun({
      seed: 1,
      cluster: { network: { loadBalancerPool: '192.168.1.240/28' } },
      actions: [
        { atMs: 0, apply: `${WEB}\n${svc('z')}` },
        // The controller runs on worker-2; its pod is evicted 5 minutes after the node goes NotReady.
        { atMs: 30_000, fault: { type: 'node-down', node: 'worker-2' } },
        { atMs: 60_000, apply: svc('c') },
      ],
    });
    r.runUntil(10_000);
    expect(kubectl(r, 'get pods -n metallb-system -l component=controller -o custom-columns=NODE:.spec.nodeName --no-headers')).toBe('worker-2\n');
    r.runUntil(300_000);
    // No controller runs: c waits, with no event.
    expect(externalIPs(r)).toBe('NAME         EXTERNAL-IP     MODE\nc            <none>          <none>\nkubernetes   <none>          <none>\nz            192.168.1.240   VIP\n');
    r.runUntil(430_000);
    expect(kubectl(r, 'get pods -n metallb-system -l component=controller -o custom-columns=NODE:.spec.nodeName --no-headers --field-selector status.phase=Running')).toMatch(/^worker-[13]\n$/);
    // The new controller meets c before z, yet knows z holds the first address.
    expect(externalIPs(r)).toBe('NAME         EXTERNAL-IP     MODE\nc            192.168.1.241   VIP\nkubernetes   <none>          <none>\nz            192.168.1.240   VIP\n');
  });

  it('in IPVS mode, kube-proxy binds the address on kube-ipvs0 and makes it a virtual server', () => {
    const r = new ScenarioRun({ seed: 1, cluster: { kubeProxy: { mode: 'ipvs' }, network: { loadBalancerPool: '192.168.1.240/28' } }, actions: [{ atMs: 0, apply: `${WEB}\n${svc('web')}` }] });
    r.runUntil(30_000);
    expect(r.ssh('worker-1', 'ip addr show dev kube-ipvs0').stdout).toContain('    inet 192.168.1.240/32 scope global kube-ipvs0\n       valid_lft forever preferred_lft forever\n');
    expect(r.ssh('worker-1', 'ipvsadm -Ln').stdout).toMatch(/\nTCP  192\.168\.1\.240:80 rr\n  -> 10\.244\.\d+\.\d+:80 +Masq +1 +0 +0 +\n  -> 10\.244\.\d+\.\d+:80 +Masq +1 +0 +0 +\n/);
  });

  it('runs from the command line: EXTERNAL-IP, LoadBalancer Ingress and the events', () => {
    const file = scenario('192.168.1.240-192.168.1.250', `${WEB}\n${svc('web')}`);
    const out = kubetab(['run', 's.yaml', '--until', '30s', '--exec', 'get svc web', '--exec', 'describe svc web', '--ssh', 'worker-1 iptables -t nat -L KUBE-SERVICES -n'], { 's.yaml': file });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const [, get, describe, ssh] = out.stdout.split(/^==> .*\n/m);
    expect(get).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nweb +LoadBalancer +[\d.]+ +192\.168\.1\.240 +80:\d+\/TCP +30s\n$/);
    expect(describe).toContain('Annotations:              metallb.universe.tf/ip-allocated-from-pool: default\n');
    expect(describe).toContain('\nLoadBalancer Ingress:     192.168.1.240 (VIP)\n');
    expect(describe).toMatch(/\nEvents:\n  Type    Reason        Age +From                Message\n  ----    ------        ---- +----                -------\n  Normal  IPAllocated   30s +metallb-controller  Assigned IP \["192\.168\.1\.240"\]\n  Normal  nodeAssigned  .* +metallb-speaker     announcing from node "worker-2" with protocol "layer2"\n$/);
    expect(ssh).toMatch(/\nKUBE-EXT-[A-Z2-7]{16}  6    --  0\.0\.0\.0\/0            192\.168\.1\.240        \/\* default\/web loadbalancer IP \*\/ tcp dpt:80\n/);
  });

  it('moves the announcement when the announcing node goes down, and keeps externalTrafficPolicy Local on nodes with an endpoint', () => {
    const r = new ScenarioRun({
      seed: 1,
      cluster: { network: { loadBalancerPool: '192.168.1.240/28' } },
      actions: [
        { atMs: 0, apply: `${WEB.replace('replicas: 2', 'replicas: 3')}\n${svc('web')}\n${svc('local', ', externalTrafficPolicy: Local')}` },
        { atMs: 30_000, fault: { type: 'node-down', node: 'worker-2' } },
      ],
    });
    const announcers = (name: string) => {
      const out = kubectl(r, `get events --field-selector involvedObject.name=${name},reason=nodeAssigned -o custom-columns=MESSAGE:.message --no-headers`);
      return out.split('\n').filter((l) => l !== '').map((l) => /"([^"]+)" with/.exec(l)![1]);
    };
    r.runUntil(29_000);
    expect(announcers('web')).toEqual(['worker-2']);
    r.runUntil(120_000);
    // worker-2's speaker leaves the memberlist once its pod is no longer Ready; worker-1 wins next.
    expect(announcers('web')).toEqual(['worker-2', 'worker-1']);
    expect(announcers('local').at(-1)).toBe('worker-1');
    expect(electNode(['worker-1', 'worker-3'], '192.168.1.240')).toBe('worker-1');
  });

  it('elects the announcing node by the SHA-256 of "node#ip", as every speaker computes it', () => {
    expect(electNode(['worker-1', 'worker-2', 'worker-3'], '192.168.1.240')).toBe('worker-2');
    expect(electNode(['worker-1', 'worker-2', 'worker-3'], '192.168.1.241')).toBe('worker-1');
    expect(electNode(['worker-3'], '192.168.1.241')).toBe('worker-3');
    expect(electNode([], '192.168.1.241')).toBeUndefined();
  });
});
