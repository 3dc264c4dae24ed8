import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import type { KObject } from '../sim/types';
import { SIM_EPOCH_MS } from '../sim/clock';
import { runKubectl } from './kubectl';
import { applyManifests } from './apply';

const ts = (sec: number): string => new Date(SIM_EPOCH_MS + sec * 1000).toISOString().replace('.000Z', 'Z');

let cluster: Cluster;
let client: Client;
let stdin: string | undefined;
const k = (line: string, input?: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now(), ...(input !== undefined ? { stdin: input } : stdin !== undefined ? { stdin } : {}) });

function mkPod(name: string, extra: Record<string, unknown> = {}, ns = 'default'): KObject {
  return client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }, ...extra });
}

function setPodStatus(name: string, status: Record<string, unknown>): void {
  const p = client.get<KObject>('pods', 'default', name);
  client.update('pods', { ...p, status: { ...(p.status as object), ...status } }, { subresource: 'status' });
}

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  stdin = undefined;
  for (const ns of ['default', 'kube-system']) client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
});

describe('kubectl get', () => {
  it('prints the pods table with READY, STATUS, RESTARTS and AGE', () => {
    mkPod('web-1');
    cluster.runUntil(65_000);
    setPodStatus('web-1', { phase: 'Running', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { running: { startedAt: ts(3) } } }] });
    const r = k('kubectl get pods');
    expect(r).toEqual({ stdout: 'NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          65s\n', stderr: '', exitCode: 0 });
  });

  it('says no resources were found in the namespace on stderr', () => {
    expect(k('get pods -n kube-system')).toEqual({ stdout: '', stderr: 'No resources found in kube-system namespace.\n', exitCode: 0 });
    expect(k('get deployments -A')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
  });

  it('adds a NAMESPACE column with -A and a LABELS column with --show-labels', () => {
    mkPod('a');
    const r = k('get pods -A --show-labels');
    expect(r.stdout).toBe('NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   LABELS\ndefault     a      0/1     Pending   0          0s    app=web\n');
  });

  it('prefixes names with the kind and separates tables when several kinds are asked for', () => {
    mkPod('a');
    const r = k('get pods,svc');
    expect(r.stdout).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE\npod/a   0/1     Pending   0          0s\n\n' +
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nservice/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s\n',
    );
    expect(k('get all').stdout).toContain('pod/a');
  });

  it('prints kind/name with -o name, using the group for non-core kinds', () => {
    mkPod('a');
    k('create deployment web --image=nginx');
    expect(k('get pods,deploy -o name').stdout).toBe('pod/a\ndeployment.apps/web\n');
  });

  it('prints one object as itself and several as a List with -o yaml', () => {
    mkPod('a');
    const one = k('get pod a -o yaml').stdout;
    expect(one.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n')).toBe(true);
    const list = k('get pods -o yaml').stdout;
    expect(list.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
    expect(list.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(JSON.parse(k('get pods -o json').stdout).kind).toBe('List');
  });

  it('evaluates -o jsonpath templates without a trailing newline', () => {
    mkPod('a');
    mkPod('b');
    expect(k("get pods -o jsonpath='{.items[*].metadata.name}'").stdout).toBe('a b');
    expect(k(`get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[0].image}{"\\n"}{end}'`).stdout).toBe('a\tnginx:1.27\nb\tnginx:1.27\n');
  });

  it('filters with a label selector', () => {
    mkPod('a');
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'default', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'redis' }] } });
    expect(k('get pods -l app=db -o name').stdout).toBe('pod/other\n');
  });

  it('reports v1.31.0 built from commit 9edcffc… in kubectl version -o json', () => {
    const v = JSON.parse(k('version -o json').stdout) as { clientVersion: { gitVersion: string; gitCommit: string }; serverVersion: { gitCommit: string } };
    expect([v.clientVersion.gitVersion, v.clientVersion.gitCommit, v.serverVersion.gitCommit]).toEqual(['v1.31.0', '9edcffcde5595e8a5b1a35f88c421764e575afce', '9edcffcde5595e8a5b1a35f88c421764e575afce']);
  });

  it('reports kubectl errors with exit code 1', () => {
    expect(k('get pods nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(k('get foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(k('get pods --bogus')).toEqual({ stdout: '', stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n", exitCode: 1 });
    expect(k('frobnicate').stderr).toBe('error: unknown command "frobnicate" for "kubectl"\n');
    expect(k('constructor').stderr).toBe('error: unknown command "constructor" for "kubectl"\n');
    expect(k('ge').stderr).toBe('error: unknown command "ge" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n');
    expect(k('a').stderr).toBe('error: unknown command "a" for "kubectl"\n\nDid you mean this?\n\tautoscale\n\tattach\n\tcp\n\tauth\n\tapply\n\tannotate\n\tapi-versions\n\tapi-resources\n');
    expect(k('rollout')).toEqual({ stdout: expect.stringMatching(/^Manage the rollout of one or many resources\.\n {8}\n Valid resource types include:/), stderr: '', exitCode: 1 });
    expect(k('rollout foo bar').stderr).toBe("error: unknown command \"foo bar\"\nSee 'kubectl rollout -h' for help and examples\n");
    expect(k('set constructor').stderr).toBe("error: unknown command \"constructor\"\nSee 'kubectl set -h' for help and examples\n");
    expect(k('top').exitCode).toBe(1);
    expect(k('create')).toEqual({ stdout: '', stderr: 'error: must specify one of -f and -k\n', exitCode: 1 });
    expect(k('create deploymnt x').stderr).toBe("error: Unexpected args: [deploymnt x]\nSee 'kubectl create -h' for help and examples\n");
    expect(k('get').stderr).toContain('error: Required resource not specified.');
  });

  it('prints the found objects and the errors for the missing ones together', () => {
    mkPod('a');
    const r = k('get pods a b c');
    expect(r.stdout).toBe('NAME   READY   STATUS    RESTARTS   AGE\na      0/1     Pending   0          0s\n');
    expect(r.stderr).toBe('Error from server (NotFound): pods "b" not found\nError from server (NotFound): pods "c" not found\n');
    expect(r.exitCode).toBe(1);
  });
});

describe('kubectl describe', () => {
  it('describes a pod with its containers, conditions, tolerations and events', () => {
    mkPod('web-1');
    cluster.runUntil(20_000);
    setPodStatus('web-1', {
      phase: 'Running',
      hostIP: '192.168.1.11',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      startTime: ts(1),
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', containerID: 'containerd://123', state: { running: { startedAt: ts(5) } } }],
    });
    const pod = client.get<KObject>('pods', 'default', 'web-1');
    client.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-1.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: pod.metadata!.uid },
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to worker-1',
      source: { component: 'default-scheduler' },
      firstTimestamp: ts(10),
      lastTimestamp: ts(10),
      count: 1,
    });
    const out = k('describe pod web-1').stdout;
    expect(out).toContain('Name:             web-1\nNamespace:        default\nPriority:         0\nService Account:  default\nNode:             <none>\nStart Time:       Mon, 02 Sep 2024 10:00:01 +0000\nLabels:           app=web\nAnnotations:      <none>\nStatus:           Running\nIP:               10.244.1.5\nIPs:\n  IP:  10.244.1.5\nContainers:\n  nginx:\n    Container ID:   containerd://123\n    Image:          nginx:1.27\n');
    expect(out).toContain('    State:          Running\n      Started:      Mon, 02 Sep 2024 10:00:05 +0000\n    Ready:          True\n    Restart Count:  0\n');
    expect(out).toContain('Conditions:\n  Type          Status\n  Initialized   True \n  Ready         True \n');
    expect(out).toContain('Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n');
    expect(out.endsWith('Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  10s   default-scheduler  Successfully assigned default/web-1 to worker-1\n')).toBe(true);
  });

  it('describes a node with its lease, conditions, capacity and non-terminated pods', () => {
    client.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1' } },
      spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
    });
    const n = client.get<KObject>('nodes', undefined, 'worker-1');
    client.update(
      'nodes',
      {
        ...n,
        status: {
          capacity: { cpu: '4', memory: '8Gi', pods: '110' },
          allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ts(0), lastTransitionTime: ts(0) }],
          addresses: [{ type: 'InternalIP', address: '192.168.1.11' }, { type: 'Hostname', address: 'worker-1' }],
          nodeInfo: { kubeletVersion: 'v1.31.0', kubeProxyVersion: '', machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '5.15.0', osImage: 'Ubuntu', operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.13' },
        },
      },
      { subresource: 'status' },
    );
    mkPod('p', { spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } });
    const out = k('describe node worker-1').stdout;
    expect(out).toContain('Name:               worker-1\nRoles:              <none>\nLabels:             kubernetes.io/hostname=worker-1\n');
    expect(out).toContain('Unschedulable:      false\nLease:              Failed to get lease: leases.coordination.k8s.io "worker-1" not found\n');
    expect(out).toContain('Conditions:\n  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message\n  ----    ------  -----------------                 ------------------                ------         -------\n  Ready   True    Mon, 02 Sep 2024 10:00:00 +0000   Mon, 02 Sep 2024 10:00:00 +0000   KubeletReady   kubelet is posting ready status\n');
    expect(out).toContain('Non-terminated Pods:          (1 in total)\n  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n  ---------                   ----    ------------  ----------  ---------------  -------------  ---\n  default                     p       100m (2%)     0 (0%)      128Mi (1%)       0 (0%)         0s\n');
    expect(out).toContain('  Resource           Requests    Limits\n  --------           --------    ------\n  cpu                100m (2%)   0 (0%)\n  memory             128Mi (1%)  0 (0%)\n  ephemeral-storage  0 (0%)      0 (0%)\nEvents:              <none>\n');
  });

  it('falls back to a name prefix when the exact name is not found', () => {
    mkPod('web-abc');
    expect(k('describe pod web').stdout).toContain('Name:             web-abc');
    expect(k('describe pod zzz').stderr).toBe('Error from server (NotFound): pods "zzz" not found\n');
  });
});

function mkDeploymentWithHistory(): void {
  k('create deployment web --image=nginx:1.26 --replicas=3');
  const fetched = client.get<KObject>('deployments', 'default', 'web');
  // the deployment controller keeps the current revision on the Deployment
  const d = client.update('deployments', { ...fetched, metadata: { ...fetched.metadata, annotations: { 'deployment.kubernetes.io/revision': '2' } } });
  const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata!.uid, controller: true, blockOwnerDeletion: true }];
  const tpl = (image: string, hash: string) => ({ metadata: { labels: { app: 'web', 'pod-template-hash': hash } }, spec: { containers: [{ name: 'nginx', image }] } });
  client.create('replicasets', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1111', namespace: 'default', ownerReferences: owner, annotations: { 'deployment.kubernetes.io/revision': '1' }, labels: { app: 'web', 'pod-template-hash': '1111' } },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': '1111' } }, template: tpl('nginx:1.25', '1111') },
  });
  client.create('replicasets', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-2222', namespace: 'default', ownerReferences: owner, annotations: { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'bump' }, labels: { app: 'web', 'pod-template-hash': '2222' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '2222' } }, template: tpl('nginx:1.26', '2222') },
  });
}

describe('kubectl rollout', () => {
  it('prints the history table from the ReplicaSets revisions', () => {
    mkDeploymentWithHistory();
    expect(k('rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         bump\n\n');
  });

  it('rolls back to the previous revision and restarts by annotating the template', () => {
    mkDeploymentWithHistory();
    expect(k('rollout undo deployment/web')).toEqual({ stdout: 'deployment.apps/web rolled back\n', stderr: '', exitCode: 0 });
    expect(k("get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'").stdout).toBe('nginx:1.25');
    cluster.runUntil(30_000);
    expect(k('rollout restart deploy web').stdout).toBe('deployment.apps/web restarted\n');
    expect(k("get deploy web -o jsonpath='{.spec.template.metadata.annotations}'").stdout).toBe('{"kubectl.kubernetes.io/restartedAt":"2024-09-02T10:00:30Z"}');
  });

  it('prints the status line for the current state', () => {
    k('create deployment web --image=nginx --replicas=2');
    const d = client.get<KObject>('deployments', 'default', 'web');
    client.update('deployments', { ...d, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 } }, { subresource: 'status' });
    expect(k('rollout status deployment/web').stdout).toBe('Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n');
  });
});

describe('kubectl changes', () => {
  it('scales through the scale subresource', () => {
    k('create deployment web --image=nginx');
    expect(k('scale deployment web --replicas=5')).toEqual({ stdout: 'deployment.apps/web scaled\n', stderr: '', exitCode: 0 });
    expect(k("get deploy web -o jsonpath='{.spec.replicas}'").stdout).toBe('5');
    expect(k('scale deployment web').stderr).toBe('error: required flag(s) "replicas" not set\n');
  });

  it('deletes by name and warns on forced immediate deletion', () => {
    mkPod('a');
    mkPod('b');
    expect(k('delete pod a').stdout).toBe('pod "a" deleted\n');
    const r = k('delete pod/b --force --grace-period=0');
    expect(r.stdout).toBe('pod "b" force deleted\n');
    expect(r.stderr).toBe('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    expect(k('delete pods').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });

  it('cordons and uncordons a node', () => {
    client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } });
    expect(k('cordon worker-1').stdout).toBe('node/worker-1 cordoned\n');
    expect(k('cordon worker-1').stdout).toBe('node/worker-1 already cordoned\n');
    expect(k('get nodes').stdout).toContain('worker-1   Unknown,SchedulingDisabled   <none>');
    expect(k('uncordon worker-1').stdout).toBe('node/worker-1 uncordoned\n');
  });

  it('labels and annotates, refusing to overwrite without --overwrite', () => {
    mkPod('a');
    expect(k('label pod a tier=front').stdout).toBe('pod/a labeled\n');
    expect(k('label pod a app=db')).toEqual({ stdout: '', stderr: "error: 'app' already has a value (web), and --overwrite is false\n", exitCode: 1 });
    expect(k('label pod a app=db --overwrite').stdout).toBe('pod/a labeled\n');
    expect(k('label pod a tier-').stdout).toBe('pod/a unlabeled\n');
    expect(k('annotate pod a note=hi').stdout).toBe('pod/a annotated\n');
    expect(k('annotate pod a note=bye').stderr).toBe("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)\n");
  });

  it('updates an image by container name', () => {
    k('create deployment web --image=nginx:1.26');
    expect(k('set image deployment/web nginx=nginx:1.27').stdout).toBe('deployment.apps/web image updated\n');
    expect(k('set image deployment/web nope=x').stderr).toBe('error: unable to find container named "nope"\n');
  });

  it('creates the deployment kubectl builds and a namespace', () => {
    expect(k('create deployment my-app --image=registry.k8s.io/e2e/agnhost:2.39 --replicas=2 --port=8080').stdout).toBe('deployment.apps/my-app created\n');
    const d = client.get<KObject & { spec: { replicas: number; selector: unknown; template: { metadata: unknown; spec: { containers: unknown[] } } } }>('deployments', 'default', 'my-app');
    expect(d.metadata!.labels).toEqual({ app: 'my-app' });
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'my-app' } });
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'agnhost', image: 'registry.k8s.io/e2e/agnhost:2.39', ports: [{ containerPort: 8080 }] });
    expect(k('create deployment my-app --image=x').stderr).toBe('error: failed to create deployment: deployments.apps "my-app" already exists\n');
    expect(k('create namespace team-a').stdout).toBe('namespace/team-a created\n');
  });
});

describe('kubectl apply', () => {
  const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n${data}`;

  it('creates, then configures, then leaves an object unchanged', () => {
    expect(k('apply -f -', cm('  a: "1"\n  b: "2"\n')).stdout).toBe('configmap/cfg created\n');
    expect(k('apply -f -', cm('  a: "1"\n')).stdout).toBe('configmap/cfg configured\n');
    expect(k("get cm cfg -o jsonpath='{.data}'").stdout).toBe('{"a":"1"}');
    expect(k('apply -f -', cm('  a: "1"\n')).stdout).toBe('configmap/cfg unchanged\n');
  });

  it('records the applied configuration in the last-applied annotation', () => {
    k('apply -f -', cm('  a: "1"\n'));
    const got = client.get<KObject>('configmaps', 'default', 'cfg');
    expect(got.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe('{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"default"}}\n');
  });

  it('keeps server-set fields and merges containers by name', () => {
    const dep = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: ${image}\n`;
    expect(k('apply -f -', dep('nginx:1.26')).stdout).toBe('deployment.apps/web created\n');
    expect(k('apply -f -', dep('nginx:1.26')).stdout).toBe('deployment.apps/web unchanged\n');
    expect(k('apply -f -', dep('nginx:1.27')).stdout).toBe('deployment.apps/web configured\n');
    k('scale deploy web --replicas=4');
    expect(k('apply -f -', dep('nginx:1.27')).stdout).toBe('deployment.apps/web configured\n');
  });

  it('reports unknown kinds and broken YAML with kubectl\'s text and never throws', () => {
    const r = k('apply -f -', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    expect(r.stderr).toBe('error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n');
    const results = applyManifests('a: [1\n', { client, nowMs: () => 0 });
    expect(results[0]!.outcome).toBe('error');
    expect(results[0]!.message).toMatch(/^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: /);
  });

  it('skips empty documents and expands Lists', () => {
    const text = `---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n`;
    expect(k('apply -f -', text).stdout).toBe('configmap/a created\nconfigmap/b created\n');
  });
});

describe('a large list', () => {
  // Speed is the benchmarks' business (a timed test fails on a busy machine); this pins the output.
  it('prints a thousand pods, one row each under the header', () => {
    for (let i = 0; i < 1000; i++) mkPod(`p-${i}`);
    const r = k('get pods');
    const rows = r.stdout.split('\n');
    expect(rows.length).toBe(1002);
    expect([rows[0]!.split(/\s+/)[0], rows[1]!.split(/\s+/)[0], rows[1000]!.split(/\s+/)[0], rows[1001]]).toEqual(['NAME', 'p-0', 'p-999', '']);
  });
});
