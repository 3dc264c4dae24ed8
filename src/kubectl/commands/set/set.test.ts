import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../sim/cluster';
import type { Client } from '../../../sim/client/types';
import { runKubectl } from '../../kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  k('create deployment web --image=nginx');
});

describe('kubectl set env', () => {
  it('adds, lists and removes variables, and references each key of a configmap with --from', () => {
    expect(k('set env deploy/web A=1 B=two')).toEqual(ok('deployment.apps/web env updated\n'));
    expect(k('set env deploy/web --list')).toEqual(ok('# Deployment web, container nginx\nA=1\nB=two\n'));
    expect(k('set env deploy/web A-')).toEqual(ok('deployment.apps/web env updated\n'));
    k('create configmap cfg --from-literal=MODE=prod --from-literal=LEVEL=3');
    expect(k('set env deployment web --from=configmap/cfg')).toEqual(ok('deployment.apps/web env updated\n'));
    expect(k('set env deploy web --list').stdout).toBe('# Deployment web, container nginx\nB=two\n# LEVEL from configmap cfg, key LEVEL\n# MODE from configmap cfg, key MODE\n');
    expect(k('set env deploy/web B=2 --dry-run=client')).toEqual(ok('deployment.apps/web env updated (dry run)\n'));
    expect(k('get deploy web -o jsonpath={.spec.template.spec.containers[0].env[0].value}').stdout).toBe('two');
  });

  it('fails when nothing is asked or no container matches -c', () => {
    expect(k('set env deploy/web')).toEqual(err('error: at least one environment variable must be provided\n'));
    expect(k('set env deploy/web A=1 -c nope')).toEqual(err('error: deployments/web does not have any containers matching "nope"\n'));
    expect(k('set env deploy/nope A=1')).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
  });

  it('refuses a variable name as envutil.ParseEnv words it', () => {
    expect(k('set env deploy/web 1BAD=x')).toEqual(err(`error: "1BAD" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n`));
    expect(k('set env deploy/web .=x')).toEqual(err(`error: "." is not a valid key name: must not be '.'\n`));
  });
});

describe('kubectl set env|resources -o', () => {
  it('prints the changed object through -o as PrintFlags do, the local copy under --dry-run=client', () => {
    expect(k('set env deploy/web A=1 --dry-run=client -o yaml')).toEqual(ok(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: "2024-09-02T10:00:00Z"
  generation: 1
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "133"
  uid: 2fcc015a-9327-4131-846b-048195fee582
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - env:
        - name: A
          value: "1"
        image: nginx
        imagePullPolicy: Always
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
`));
    expect(k('get deploy web -o jsonpath={.spec.template.spec.containers[0].env}')).toEqual(ok(''));
    expect(k('set env deploy/web B=2 -o name')).toEqual(ok('deployment.apps/web\n'));
    expect(k('set resources deploy/web --limits=cpu=1 -o jsonpath={.metadata.generation}:{.spec.template.spec.containers[0].resources}')).toEqual(ok('3:{"limits":{"cpu":"1"}}'));
    const json = JSON.parse(k('set resources deploy/web --requests=cpu=1 -o json').stdout) as { metadata: { generation: number }; spec: { template: { spec: { containers: { resources: unknown }[] } } } };
    expect([json.metadata.generation, json.spec.template.spec.containers[0]!.resources]).toEqual([4, { limits: { cpu: '1' }, requests: { cpu: '1' } }]);
  });

  it('refuses the table formats, which PrintFlags does not offer', () => {
    const msg = 'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n';
    expect(k('set env deploy/web A=1 -o wide')).toEqual(err(msg));
    expect(k('set resources deploy/web --limits=cpu=1 -o wide')).toEqual(err(msg));
  });
});

describe('kubectl set resources', () => {
  it('sets limits and requests on the containers', () => {
    expect(k('set resources deploy/web --limits=cpu=200m,memory=512Mi --requests=cpu=0.1')).toEqual(ok('deployment.apps/web resource requirements updated\n'));
    expect(k('get deploy web -o jsonpath={.spec.template.spec.containers[0].resources}').stdout).toBe('{"limits":{"cpu":"200m","memory":"512Mi"},"requests":{"cpu":"100m"}}');
    expect(k('set resources deploy/web')).toEqual(err('error: you must specify an update to requests or limits (in the form of --requests/--limits)\n'));
  });
});

describe('kubectl set selector and set image', () => {
  it("replaces a service's selector whole", () => {
    k('expose deploy web --port=80');
    expect(k('set selector svc web app=other,tier=fe')).toEqual(ok('service/web selector updated\n'));
    expect(k('get svc web -o jsonpath={.spec.selector}').stdout).toBe('{"app":"other","tier":"fe"}');
    expect(k('set selector deploy web app=other')).toEqual(err('error: setting a selector is only supported for Services\n'));
  });

  it('still sets images, and `kubectl set` alone prints its help on stderr and exits 1', () => {
    expect(k('set image deploy/web nginx=nginx:1.27')).toEqual(ok('deployment.apps/web image updated\n'));
    const r = k('set');
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('Configure application resources.\n')).toBe(true);
    expect(r.exitCode).toBe(1);
  });
});
