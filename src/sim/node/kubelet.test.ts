import { describe, expect, it } from 'vitest';
import type { Lease, Node, Pod } from '../types';
import { createBound, eventLines, eventsFor, getPod, nodeRig, podSpec } from './testutil';
import type { Kubelet } from './kubelet';

const cond = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);

/** The addresses host-local holds on the node: one file each in /var/lib/cni/networks/cbr0. */
const reservedIPs = (k: Kubelet) => k.machine.list('/var/lib/cni/networks/cbr0').filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f));

describe('Kubelet: node registration and heartbeats', () => {
  it('registers its Node with the labels, annotations, conditions and node info of a kubeadm node', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const n = admin.get<Node>('nodes', undefined, 'worker-1');
    expect(n.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'worker-1',
      'kubernetes.io/os': 'linux',
    });
    expect(n.metadata.annotations).toMatchObject({
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    });
    const conds = n.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message]);
    expect(conds).toEqual([
      // flanneld's, first, as `kubectl describe node` shows it on a flannel cluster.
      ['NetworkUnavailable', 'False', 'FlannelIsUp', 'Flannel is running on this node'],
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(n.status!.addresses).toEqual([
      { type: 'InternalIP', address: '192.168.1.10' },
      { type: 'Hostname', address: 'worker-1' },
    ]);
    expect(n.status!.capacity).toEqual({ cpu: '4', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' });
    // Allocatable keeps back the hard eviction thresholds: memory.available 100Mi, nodefs.available 10%.
    expect(n.status!.allocatable).toEqual({ cpu: '4', 'ephemeral-storage': '94580335255', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8092Mi', pods: '110' });
    expect(n.status!.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(n.status!.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.31.0',
      containerRuntimeVersion: 'containerd://1.7.18',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    expect(n.status!.nodeInfo!.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(n.status!.images!.some((i) => i.names?.includes('registry.k8s.io/pause:3.10'))).toBe(true);
    expect(eventLines(admin, 'worker-1')).toEqual([
      'Normal Starting Starting kubelet.',
      'Normal NodeHasSufficientMemory Node worker-1 status is now: NodeHasSufficientMemory',
      'Normal NodeHasNoDiskPressure Node worker-1 status is now: NodeHasNoDiskPressure',
      'Normal NodeHasSufficientPID Node worker-1 status is now: NodeHasSufficientPID',
      'Normal NodeAllocatableEnforced Updated Node Allocatable limit across pods',
      'Normal NodeReady Node worker-1 status is now: NodeReady',
    ]);
  });

  it('starts NotReady with the runtime-check message, and a control-plane node gets its role labels and taint', () => {
    const { cluster, admin } = nodeRig(['control-plane'], { controlPlane: true });
    cluster.runUntil(500);
    let n = admin.get<Node>('nodes', undefined, 'control-plane');
    expect(n.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });
    expect(n.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' });
    // The API server adds not-ready:NoSchedule at registration (TaintNodesByCondition); no node
    // controller runs in this rig to take it off again.
    expect(n.spec!.taints).toContainEqual({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
    cluster.runUntil(1_500);
    n = admin.get<Node>('nodes', undefined, 'control-plane');
    expect(n.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2024-09-02T10:00:01Z' });
  });

  it('holds a Lease in kube-node-lease renewed every 10s, owned by its Node', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(100);
    const node = admin.get<Node>('nodes', undefined, 'worker-1');
    let lease = admin.get<Lease>('leases', 'kube-node-lease', 'worker-1');
    expect(lease.spec).toMatchObject({ holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2024-09-02T10:00:00.000000Z' });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: node.metadata.uid }]);
    cluster.runUntil(10_000);
    lease = admin.get<Lease>('leases', 'kube-node-lease', 'worker-1');
    expect(lease.spec!.renewTime).toBe('2024-09-02T10:00:10.000000Z');
    cluster.runUntil(35_000);
    lease = admin.get<Lease>('leases', 'kube-node-lease', 'worker-1');
    expect(lease.spec!.renewTime).toBe('2024-09-02T10:00:30.000000Z');
  });

  it('writes node status only when it changed, until the 5m report interval', () => {
    const { cluster, kubelets } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const after = kubelets[0]!.stats.nodeStatusWrites;
    cluster.runUntil(60_000);
    expect(kubelets[0]!.stats.nodeStatusWrites).toBe(after);
    cluster.runUntil(5 * 60_000 + 20_000);
    expect(kubelets[0]!.stats.nodeStatusWrites).toBe(after + 1);
  });

  it('stops heartbeating when stopped and comes back with Starting on start', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    cluster.runUntil(5_000);
    kubelets[0]!.stop();
    cluster.runUntil(60_000);
    expect(admin.get<Lease>('leases', 'kube-node-lease', 'worker-1').spec!.renewTime).toBe('2024-09-02T10:00:00.000000Z');
    kubelets[0]!.start();
    cluster.runUntil(61_000);
    expect(admin.get<Lease>('leases', 'kube-node-lease', 'worker-1').spec!.renewTime).toBe('2024-09-02T10:01:00.000000Z');
    // The recorder folds the repeat into the first Event, as client-go does: "(x2 over 61s)".
    const starting = eventsFor(admin, 'worker-1').filter((e) => e.reason === 'Starting');
    expect(starting).toHaveLength(1);
    expect(starting[0]!.count).toBe(2);
  });
});

describe('Kubelet: pods', () => {
  it('takes a bound pod from ContainerCreating to Running with the first IP of the pod CIDR and the real events', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('web'), 'worker-1');
    cluster.runUntil(2_100);
    let p = getPod(admin, 'web');
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.hostIP).toBe('192.168.1.10');
    expect(p.status!.podIP).toBeUndefined();
    expect(p.status!.containerStatuses).toEqual([
      { name: 'nginx', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'nginx', imageID: '', started: false },
    ]);
    expect(p.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=False', 'Initialized=True', 'Ready=False', 'ContainersReady=False', 'PodScheduled=True']);
    expect(cond(p, 'Ready')).toMatchObject({ reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
    cluster.runUntil(20_000);
    p = getPod(admin, 'web');
    expect(p.status!.phase).toBe('Running');
    expect(p.status!.podIP).toBe('10.244.1.2');
    expect(p.status!.podIPs).toEqual([{ ip: '10.244.1.2' }]);
    expect(p.status!.hostIPs).toEqual([{ ip: '192.168.1.10' }]);
    expect(p.status!.qosClass).toBe('BestEffort');
    expect(p.status!.startTime).toBe('2024-09-02T10:00:02Z');
    expect(p.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    const cs = p.status!.containerStatuses![0]!;
    expect(cs).toMatchObject({ name: 'nginx', image: 'docker.io/library/nginx:latest', ready: true, started: true, restartCount: 0, lastState: {} });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.state!.running!.startedAt).toMatch(/^2024-09-02T10:00:0\dZ$/);
    expect(cs.volumeMounts).toEqual([{ name: expect.stringMatching(/^kube-api-access-/), mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }]);
    const lines = eventLines(admin, 'web');
    expect(lines[0]).toBe('Normal Pulling Pulling image "nginx"');
    expect(lines[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx" in (\d+\.?\d*m?s) \(\1 including waiting\)\. Image size: 72188133 bytes\.$/);
    expect(lines.slice(2)).toEqual(['Normal Created Created container nginx', 'Normal Started Started container nginx']);
    // A simple pod costs the kubelet two status writes: Pending, then Running.
    expect(kubelets[0]!.stats.statusWrites).toBe(2);
  });

  it('says "already present on machine" for a second pod with IfNotPresent and gives it the next IP', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('a', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(20_000);
    createBound(admin, podSpec('b', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(25_000);
    expect(getPod(admin, 'a').status!.podIP).toBe('10.244.1.2');
    expect(getPod(admin, 'b').status!.podIP).toBe('10.244.1.3');
    expect(getPod(admin, 'b').status!.phase).toBe('Running');
    expect(eventLines(admin, 'a')[0]).toBe('Normal Pulling Pulling image "nginx:1.27"');
    expect(eventLines(admin, 'b')).toEqual([
      'Normal Pulled Container image "nginx:1.27" already present on machine',
      'Normal Created Created container nginx',
      'Normal Started Started container nginx',
    ]);
    // The node lists the pulled image at its next status update.
    const n = admin.get<Node>('nodes', undefined, 'worker-1');
    expect(n.status!.images!.some((i) => i.names?.includes('docker.io/library/nginx:1.27'))).toBe(true);
  });

  it('pulls again with Always, and refuses with ErrImageNeverPull under Never', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('never', 'redis:7', {}, { imagePullPolicy: 'Never' }), 'worker-1');
    cluster.runUntil(10_000);
    const p = getPod(admin, 'never');
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ErrImageNeverPull', message: 'Container image "redis:7" is not present with pull policy of Never' } });
    expect(eventLines(admin, 'never')).toEqual(['Warning ErrImageNeverPull Container image "redis:7" is not present with pull policy of Never']);
    createBound(admin, podSpec('always', 'registry.k8s.io/pause:3.10', {}, { imagePullPolicy: 'Always' }), 'worker-1');
    cluster.runUntil(20_000);
    expect(eventLines(admin, 'always')[0]).toBe('Normal Pulling Pulling image "registry.k8s.io/pause:3.10"');
  });

  it('waits for a serial pull queue and reports the wait in "including waiting"', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('p1', 'postgres:16'), 'worker-1');
    createBound(admin, podSpec('p2', 'redis:7'), 'worker-1');
    cluster.runUntil(60_000);
    const pulled = ['p1', 'p2'].map((n) => eventsFor(admin, n).find((e) => e.reason === 'Pulled')!);
    pulled.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    const [first, second] = pulled.map((e) => /in (\S+) \((\S+) including waiting\)/.exec(e.message!)!);
    expect(first![1]).toBe(first![2]);
    expect(second![1]).not.toBe(second![2]);
    expect(getPod(admin, 'p2').status!.phase).toBe('Running');
  });

  it('runs init containers in order before the app containers', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const pod = podSpec('init', 'nginx:1.27', {
      initContainers: [
        { name: 'first', image: 'busybox:1.36', command: ['sh', '-c', 'true'] },
        { name: 'second', image: 'busybox:1.36', command: ['sh', '-c', 'true'] },
      ],
    });
    createBound(admin, pod, 'worker-1');
    cluster.runUntil(2_050);
    let p = getPod(admin, 'init');
    expect(p.status!.initContainerStatuses!.map((c) => c.state!.waiting!.reason)).toEqual(['PodInitializing', 'PodInitializing']);
    expect(p.status!.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(cond(p, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });
    cluster.runUntil(30_000);
    p = getPod(admin, 'init');
    expect(p.status!.phase).toBe('Running');
    expect(p.status!.initContainerStatuses!.map((c) => [c.name, c.state!.terminated?.reason, c.state!.terminated?.exitCode, c.ready])).toEqual([
      ['first', 'Completed', 0, true],
      ['second', 'Completed', 0, true],
    ]);
    const lines = eventLines(admin, 'init').map((l) => l.replace(/ in .*$/, ''));
    expect(lines).toEqual([
      'Normal Pulling Pulling image "busybox:1.36"',
      'Normal Pulled Successfully pulled image "busybox:1.36"',
      'Normal Created Created container first',
      'Normal Started Started container first',
      'Normal Pulled Container image "busybox:1.36" already present on machine',
      'Normal Created Created container second',
      'Normal Started Started container second',
      'Normal Pulling Pulling image "nginx:1.27"',
      'Normal Pulled Successfully pulled image "nginx:1.27"',
      'Normal Created Created container nginx',
      'Normal Started Started container nginx',
    ]);
  });

  it('stops a deleted pod, confirms the deletion and frees its IP for later pods', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('a', 'nginx:1.27'), 'worker-1');
    createBound(admin, podSpec('b', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(20_000);
    admin.delete('pods', 'default', 'a');
    const marked = getPod(admin, 'a');
    expect(marked.metadata.deletionTimestamp).toBe('2024-09-02T10:00:50Z');
    cluster.runUntil(22_000);
    expect(() => getPod(admin, 'a')).toThrow();
    const lines = eventLines(admin, 'a');
    expect(lines[lines.length - 1]).toBe('Normal Killing Stopping container nginx');
    // host-local resumes after the last reserved address (.3), so the next pod gets .4 ...
    createBound(admin, podSpec('c', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(25_000);
    expect(getPod(admin, 'c').status!.podIP).toBe('10.244.1.4');
  });

  it('reuses a freed IP once the allocator wraps around', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1'], {}, 7, false);
    cluster.runUntil(100);
    const n = admin.get<Node>('nodes', undefined, 'worker-1');
    admin.update('nodes', { ...n, spec: { ...(n.spec ?? {}), podCIDR: '10.244.1.0/29', podCIDRs: ['10.244.1.0/29'] } });
    cluster.runUntil(2_000);
    for (const name of ['a', 'b', 'c', 'd', 'e']) createBound(admin, podSpec(name, 'nginx:1.27'), 'worker-1');
    cluster.runUntil(30_000);
    // Sandboxes come up in their own order, so which pod gets which address varies; the set does not.
    const ips = ['a', 'b', 'c', 'd', 'e'].map((x) => getPod(admin, x).status!.podIP!);
    expect([...ips].sort()).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6']);
    admin.delete('pods', 'default', ['a', 'b', 'c', 'd', 'e'][ips.indexOf('10.244.1.3')]!);
    cluster.runUntil(32_000);
    createBound(admin, podSpec('f', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(35_000);
    expect(getPod(admin, 'f').status!.podIP).toBe('10.244.1.3');
    // Every address of the /29 is held again: .2 to .6, one file each.
    expect(reservedIPs(kubelets[0]!)).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6']);
  });

  it('waits out the grace period for a container that ignores SIGTERM, ending Failed with 137', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('sleeper', 'busybox:1.36', { terminationGracePeriodSeconds: 5 }, { command: ['sleep', '3600'] }), 'worker-1');
    cluster.runUntil(20_000);
    const uid = getPod(admin, 'sleeper').metadata.uid;
    const seen: Pod[] = [];
    admin.watch<Pod>('pods', 'default', { fieldSelector: 'metadata.name=sleeper' }, (ev) => seen.push(ev.object));
    admin.delete('pods', 'default', 'sleeper');
    cluster.runUntil(24_000);
    expect(getPod(admin, 'sleeper').metadata.uid).toBe(uid);
    cluster.runUntil(26_000);
    expect(() => getPod(admin, 'sleeper')).toThrow();
    const final = seen.filter((p) => p.status?.phase === 'Failed')[0]!;
    expect(final.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(cond(final, 'Ready')).toMatchObject({ status: 'False' });
  });

  it('reports the node NotReady while the runtime has no CNI configuration, and holds pods that need the pod network', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    const m = kubelets[0]!.machine;
    m.removeFile('/etc/cni/net.d/10-flannel.conflist');
    cluster.runUntil(2_000);
    const notReady = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';
    const ready = () => admin.get<Node>('nodes', undefined, 'worker-1').status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready()).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: notReady });
    createBound(admin, podSpec('web', 'nginx:1.27'), 'worker-1');
    createBound(admin, podSpec('proxy', 'registry.k8s.io/kube-proxy:v1.31.0', { hostNetwork: true }), 'worker-1');
    cluster.runUntil(4_000);
    expect(eventLines(admin, 'web')[0]).toBe(`Warning NetworkNotReady network is not ready: ${notReady}`);
    // A host-network pod needs no pod network.
    expect(getPod(admin, 'proxy').status!.phase).toBe('Running');
    m.writeFile('/etc/cni/net.d/10-flannel.conflist', '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}}]}');
    cluster.runUntil(20_000);
    expect(ready()).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(getPod(admin, 'web').status!.podIP).toBe('10.244.1.2');
  });

  it('keeps pods Pending with FailedCreatePodSandBox until the node has a pod CIDR', () => {
    const { cluster, admin } = nodeRig(['worker-1'], {}, 7, false);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('web', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(3_000);
    expect(eventLines(admin, 'web')[0]).toMatch(/^Warning FailedCreatePodSandBox Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="flannel" failed \(add\)/);
    const n = admin.get<Node>('nodes', undefined, 'worker-1');
    admin.update('nodes', { ...n, spec: { ...(n.spec ?? {}), podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] } });
    cluster.runUntil(30_000);
    expect(getPod(admin, 'web').status!.podIP).toBe('10.244.3.2');
  });

  it('is deterministic: the same seed gives the same pod status and events', () => {
    const run = () => {
      const { cluster, admin } = nodeRig(['worker-1', 'worker-2'], {}, 42);
      cluster.runUntil(2_000);
      createBound(admin, podSpec('x', 'httpd'), 'worker-2');
      cluster.runUntil(30_000);
      return JSON.stringify([getPod(admin, 'x').status, eventLines(admin, 'x')]);
    };
    expect(run()).toBe(run());
  });

  it('treats a pod recreated under the same name as a new pod, stopping the force-deleted one', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('same', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(20_000);
    const oldUid = getPod(admin, 'same').metadata.uid;
    admin.delete('pods', 'default', 'same', { gracePeriodSeconds: 0 });
    createBound(admin, podSpec('same', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(30_000);
    const p = getPod(admin, 'same');
    expect(p.metadata.uid).not.toBe(oldUid);
    expect(p.status!.phase).toBe('Running');
    // The force-deleted pod's address was freed once its containers stopped; the new pod holds one.
    expect(reservedIPs(kubelets[0]!)).toEqual([p.status!.podIP]);
    expect(kubelets[0]!.podRecord('default', 'same')!.uid).toBe(p.metadata.uid);
  });

  it('gives a host-network pod the node IP without touching the pod CIDR', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('proxy', 'registry.k8s.io/kube-proxy:v1.31.0', { hostNetwork: true }), 'worker-1');
    cluster.runUntil(10_000);
    const p = getPod(admin, 'proxy');
    expect(p.status!.podIP).toBe('192.168.1.10');
    expect(p.status!.phase).toBe('Running');
    expect(eventLines(admin, 'proxy')[0]).toBe('Normal Pulled Container image "registry.k8s.io/kube-proxy:v1.31.0" already present on machine');
    expect(reservedIPs(kubelets[0]!)).toEqual([]);
  });

  it('ends a gracefully stopped nginx pod Succeeded before confirming its deletion', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('web', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(20_000);
    const seen: Pod[] = [];
    admin.watch<Pod>('pods', 'default', { fieldSelector: 'metadata.name=web' }, (ev) => seen.push(ev.object));
    admin.delete('pods', 'default', 'web');
    cluster.runUntil(21_000);
    const final = seen.find((p) => p.status?.phase === 'Succeeded')!;
    expect(final.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(final.status!.podIP).toBe('10.244.1.2');
    expect(cond(final, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(cond(final, 'PodReadyToStartContainers')).toMatchObject({ status: 'False' });
    expect(() => getPod(admin, 'web')).toThrow('pods "web" not found');
  });

  it('does no pod work while stopped and catches up when started again', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    kubelets[0]!.stop();
    createBound(admin, podSpec('late', 'nginx:1.27'), 'worker-1');
    cluster.runUntil(30_000);
    expect(getPod(admin, 'late').status!.containerStatuses).toBeUndefined();
    kubelets[0]!.start();
    cluster.runUntil(40_000);
    expect(getPod(admin, 'late').status!.phase).toBe('Running');
  });

  it('leaves kubeProxyVersion empty as a v1.31.0 kubelet does, and fills it when asked', () => {
    const a = nodeRig(['worker-1']);
    a.cluster.runUntil(2_000);
    expect(a.admin.get<Node>('nodes', undefined, 'worker-1').status!.nodeInfo!.kubeProxyVersion).toBe('');
    const b = nodeRig(['worker-1'], { reportKubeProxyVersion: true });
    b.cluster.runUntil(2_000);
    expect(b.admin.get<Node>('nodes', undefined, 'worker-1').status!.nodeInfo!.kubeProxyVersion).toBe('v1.31.0');
  });

  it('holds a container with a readiness probe unready until its first probe (placeholder prober: probes pass)', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('probed', 'nginx:1.27', {}, { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 10 } }), 'worker-1');
    // Look as soon as the container runs: its readiness probe waits 5 s (initialDelaySeconds) first.
    let p = getPod(admin, 'probed');
    for (let t = 2_500; p.status?.phase !== 'Running'; t += 250) {
      cluster.runUntil(t);
      p = getPod(admin, 'probed');
    }
    const started = Date.parse(p.status!.containerStatuses![0]!.state!.running!.startedAt!);
    expect(p.status!.phase).toBe('Running');
    expect(p.status!.containerStatuses![0]!.ready).toBe(false);
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', message: 'containers with unready status: [nginx]' });
    cluster.runUntil(40_000);
    p = getPod(admin, 'probed');
    expect(p.status!.containerStatuses![0]!.ready).toBe(true);
    expect(Date.parse(cond(p, 'Ready')!.lastTransitionTime!) - started).toBeGreaterThanOrEqual(5_000);
  });
});
