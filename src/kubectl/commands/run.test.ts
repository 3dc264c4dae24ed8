import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import { runKubectl } from '../kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
});

describe('kubectl run', () => {
  it('builds the pod kubectl 1.31 builds (its run-pod generator: run=NAME label, ClusterFirst DNS, restart Always)', () => {
    expect(k('run web --image=nginx --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n',
    );
  });

  it('puts the words after -- in args, or in command with --command; env, port, labels and restart policy as given; --expose prints the service first', () => {
    expect(k('run web --image=busybox --port=80 --env=A=1 --labels=app=x --restart=Never --expose --dry-run=client -o yaml -- sleep 3600').stdout).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: x\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: x\nstatus:\n  loadBalancer: {}\n---\n' +
        'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: x\n  name: web\nspec:\n  containers:\n  - args:\n    - sleep\n    - "3600"\n    env:\n    - name: A\n      value: "1"\n    image: busybox\n    name: web\n    ports:\n    - containerPort: 80\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Never\nstatus: {}\n',
    );
    expect(k('run web --image=busybox --command --dry-run=client -o jsonpath={.spec.containers[0].command} -- sleep 1').stdout).toBe('["sleep","1"]');
  });

  it('creates the pod (and with --expose its service) on the server', () => {
    expect(k('run web --image=nginx --port=80 --expose')).toEqual({ stdout: 'service/web created\npod/web created\n', stderr: '', exitCode: 0 });
    expect(k('get svc web -o jsonpath={.spec.selector}').stdout).toBe('{"run":"web"}');
    expect(k('run web --image=nginx')).toEqual(err('Error from server (AlreadyExists): pods "web" already exists\n'));
  });

  it('refuses what kubectl refuses, in its words', () => {
    expect(k('run web')).toEqual(err('error: required flag(s) "image" not set\n'));
    expect(k('run --image=nginx')).toEqual(err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"));
    expect(k('run x --image=NGINX')).toEqual(err('error: Invalid image name "NGINX": invalid reference format\n'));
    expect(k('run x --image=a -t')).toEqual(err("error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n"));
    expect(k('run x --image=a --rm')).toEqual(err("error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n"));
    expect(k('run x --image=a --expose')).toEqual(err("error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n"));
    expect(k('run x --image=a --restart=Sometimes')).toEqual(err("error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n"));
    expect(k('run x --image=a -i --dry-run=client')).toEqual(err("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n"))
    expect(k('run x --image=a --image-pull-policy=Bogus')).toEqual(err("error: invalid image pull policy: Bogus\nSee 'kubectl run -h' for help and examples\n"));;
  });

  it('creates the pod for -it but cannot attach a terminal, and says so', () => {
    expect(k('run x --image=busybox -it --rm -- sh')).toEqual(
      err('Unable to use a TTY - input is not a terminal or the right kind of file\nerror: attaching to pod/x is not available here: the pod runs without a terminal attached; use "kubectl logs x" to read its output\n'),
    );
    expect(k('get pod x -o name').stdout).toBe('pod/x\n');
  });
});
