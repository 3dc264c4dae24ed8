/**
 * Behaviour a learner would see differ from a real kubectl 1.31 / kube-apiserver 1.31, found in review.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import { runKubectl } from './kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string, stdin?: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now(), ...(stdin !== undefined ? { stdin } : {}) });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
});

describe('kubectl exec', () => {
  it('refuses the old `exec POD COMMAND` form that kubectl 1.31 removed', () => {
    const r = k('exec web ls /');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
  });
});

describe('kubectl apply of a Service', () => {
  it('reports an edited clusterIP as a change the server refuses', () => {
    const svc = (ip?: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
${ip ? `  clusterIP: ${ip}\n` : ''}  selector: {app: web}
  ports:
  - port: 80
`;
    expect(k('apply -f -', svc()).stdout).toBe('service/web created\n');
    const r = k('apply -f -', svc('10.96.5.5'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The Service "web" is invalid: spec\.clusterIPs\[0\]: Invalid value: \[\]string\{"10\.96\.5\.5"\}: may not change once set\n$/);
  });
});

describe('kubectl get with a field selector the server does not support', () => {
  it('names what it was listing, as the resource builder does', () => {
    const r = k('get pods --field-selector spec.foo=bar');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n');
    expect(k('get deployments -l app=web --field-selector status.phase=Running').stderr).toMatch(
      /^Error from server \(BadRequest\): Unable to find "apps\/v1, Resource=deployments" that match label selector "app=web", field selector "status\.phase=Running": /,
    );
  });
});

describe('kubectl get -o yaml of a workload', () => {
  it('shows the pod template with the null creationTimestamp a 1.31 server writes', () => {
    k('create deployment web --image=nginx');
    const yaml = k('get deployment web -o yaml').stdout;
    expect(yaml).toContain('  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n');
    expect(JSON.parse(k('get deployment web -o json').stdout).spec.template.metadata).toEqual({ creationTimestamp: null, labels: { app: 'web' } });
    expect(k("get deployment web -o jsonpath={.metadata.creationTimestamp}").stdout).toMatch(/^2024-/);
  });
});

describe('kubectl get -o yaml of a Service', () => {
  it('ends with the empty load-balancer status every Service has', () => {
    expect(k('get svc kubernetes -o yaml').stdout.endsWith('  type: ClusterIP\nstatus:\n  loadBalancer: {}\n')).toBe(true);
  });
});

describe('kubectl describe namespace / endpoints', () => {
  it('describes a namespace by its status, quotas and limit ranges, as the namespace describer does', () => {
    expect(k('describe ns default').stdout).toBe(
      'Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
    client.create('resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '10', 'requests.cpu': '2' } } });
    const out = k('describe namespace default').stdout;
    // The rows are the quota's status.hard, as kubectl lists them: none before the quota controller fills it.
    expect(out).toContain('Status:       Active\n\nResource Quotas\n  Name:     q\n  Resource  Used  Hard\n  --------  ---   ---\n\nNo LimitRange resource.\n');
  });

  it('lists an Endpoints object by subset: addresses, not-ready addresses and a ports table', () => {
    client.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.2.2' }], notReadyAddresses: [{ ip: '10.244.3.2' }], ports: [{ port: 80, protocol: 'TCP' }] }],
    });
    expect(k('describe endpoints web').stdout).toBe(
      'Name:         web\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nSubsets:\n' +
        '  Addresses:          10.244.1.2,10.244.2.2\n  NotReadyAddresses:  10.244.3.2\n  Ports:\n' +
        '    Name     Port  Protocol\n    ----     ----  --------\n    <unset>  80    TCP\n\nEvents:  <none>\n',
    );
  });
});

describe('kubectl get -o custom-columns', () => {
  it('prints the named columns, <none> for missing fields and commas between several values', () => {
    client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two', namespace: 'default' },
      spec: { containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'redis:7' }] },
    });
    expect(k('get pods -o custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName').stdout).toBe(
      'NAME   IMAGES               NODE\ntwo    nginx:1.27,redis:7   <none>\n',
    );
    expect(k('get pods -o custom-columns=NAME').stderr).toBe('error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n');
  });
});
