import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import { runKubectl } from '../kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  k('create deployment web --image=nginx --port=80');
});

describe('kubectl expose', () => {
  it("reads a deployment's selector, labels and container port into the service", () => {
    expect(k('expose deploy web --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n',
    );
    expect(k('expose deployment web')).toEqual(ok('service/web exposed\n'));
    expect(k('get svc web -o "jsonpath={.spec.type} {.spec.ports[0].port}->{.spec.ports[0].targetPort}"').stdout).toBe('ClusterIP 80->80');
  });

  it('takes --port, --target-port, --type and --name, and exposes pods and services too', () => {
    expect(k('expose deploy web --port=8080 --target-port=80 --type=NodePort --name=web-np')).toEqual(ok('service/web-np exposed\n'));
    expect(k('get svc web-np -o "jsonpath={.spec.type} {.spec.ports[0].port}->{.spec.ports[0].targetPort}"').stdout).toBe('NodePort 8080->80');
    k('run solo --image=nginx --port=8080');
    expect(k('expose pod solo --name=solo-svc -o name')).toEqual(ok('service/solo-svc\n'));
    expect(k('get svc solo-svc -o jsonpath={.spec.selector}').stdout).toBe('{"run":"solo"}');
    expect(k('expose svc web-np --name=web2 --port=90')).toEqual(ok('service/web2 exposed\n'));
  });

  it("fails as kubectl does when it cannot find a port, exposes only what has pods, and reports the server's refusal", () => {
    k('create deployment api --image=nginx');
    expect(k('expose deploy api')).toEqual(err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"));
    k('create job j --image=busybox');
    expect(k('expose job j --port=80')).toEqual(err('error: cannot expose a Job.batch\n'));
    k('expose deploy web');
    expect(k('expose deploy web')).toEqual(err('Error from server (AlreadyExists): services "web" already exists\n'));
    expect(k('expose deploy nope')).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
  });
});
