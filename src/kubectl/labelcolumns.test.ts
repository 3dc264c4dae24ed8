import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import { runKubectl } from './kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });

function mkPod(name: string, labels: Record<string, string>): void {
  client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
}

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  mkPod('a', { app: 'web', 'topology.kubernetes.io/zone': 'zone-a' });
  mkPod('b', { app: 'db' });
});

describe('kubectl get -L / --label-columns', () => {
  it('adds one column per key, headed by the last segment of the key upper-cased, empty where the label is missing', () => {
    expect(k('get pods -L topology.kubernetes.io/zone')).toEqual({
      stdout: 'NAME   READY   STATUS    RESTARTS   AGE   ZONE\na      0/1     Pending   0          0s    zone-a\nb      0/1     Pending   0          0s    \n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('takes comma lists and repeated flags, keeping the order given', () => {
    const want = 'NAME   READY   STATUS    RESTARTS   AGE   APP   ZONE\na      0/1     Pending   0          0s    web   zone-a\nb      0/1     Pending   0          0s    db    \n';
    expect(k('get pods -L app,topology.kubernetes.io/zone').stdout).toBe(want);
    expect(k('get pods -L app --label-columns topology.kubernetes.io/zone').stdout).toBe(want);
    expect(k('get pods --label-columns=app -Ltopology.kubernetes.io/zone').stdout).toBe(want);
  });

  it('puts the label columns after the wide columns, NAMESPACE before and LABELS after everything', () => {
    expect(k('get pods -A -o wide -L app --show-labels').stdout).toBe(
      'NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES   APP   LABELS\n' +
        'default     a      0/1     Pending   0          0s    <none>   <none>   <none>           <none>            web   app=web,topology.kubernetes.io/zone=zone-a\n' +
        'default     b      0/1     Pending   0          0s    <none>   <none>   <none>           <none>            db    app=db\n',
    );
  });

  it('leaves the other output formats alone', () => {
    expect(k('get pods -L app -o name').stdout).toBe('pod/a\npod/b\n');
  });
});
