import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../sim/cluster';
import type { Client } from '../../../sim/client/types';
import type { KObject } from '../../../sim/types';
import { runKubectl } from '../../kubectl';

let cluster: Cluster;
let client: Client;
/** The scenario files these commands read, the same files the real kubectl read from disk. */
const files = new Map([
  ['app.properties', 'color=blue\nsize=10\n'],
  ['cfg/a.txt', 'A\n'],
  ['cfg/b.txt', 'B\n'],
  ['env.list', '# c\nX=1\n  Y=two\n'],
]);
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now(), files } as Parameters<typeof runKubectl>[1]);

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  for (const ns of ['default', 'kube-system']) client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
});

/**
 * Each line run by the real kubectl (v1.32.4, offline, `--dry-run=client`) in a folder holding the
 * files above; its stdout, stderr and exit code pasted as the expectation.
 */
const REAL: [string, { stdout: string; stderr: string; exitCode: number }][] = [
  ["create configmap cm --from-literal=a=1 --from-literal=b=x --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  a: \"1\"\n  b: x\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cm\n","stderr":"","exitCode":0}],
  ["create configmap cm --from-file=app.properties --from-file=cfg --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  a.txt: |\n    A\n  app.properties: |\n    color=blue\n    size=10\n  b.txt: |\n    B\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cm\n","stderr":"","exitCode":0}],
  ["create configmap cm --from-file=k=app.properties --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  k: |\n    color=blue\n    size=10\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cm\n","stderr":"","exitCode":0}],
  ["create configmap cm --from-env-file=env.list --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  X: \"1\"\n  \"Y\": two\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cm\n","stderr":"","exitCode":0}],
  ["create configmap cm --from-env-file=env.list --from-literal=a=b --dry-run=client -o yaml", {"stdout":"","stderr":"error: from-env-file cannot be combined with from-file or from-literal\n","exitCode":1}],
  ["create configmap cm --from-literal=a=1 --append-hash --dry-run=client -o name", {"stdout":"configmap/cm-9hfg4tdfc6\n","stderr":"","exitCode":0}],
  ["create configmap cm --from-literal=a=1 --from-literal=a=2 --dry-run=client", {"stdout":"","stderr":"error: cannot add key \"a\", another key by that name already exists in Data for ConfigMap \"cm\"\n","exitCode":1}],
  ["create configmap cm --from-literal=a --dry-run=client", {"stdout":"","stderr":"error: invalid literal source a, expected key=value\n","exitCode":1}],
  ["create configmap cm --from-literal=a/b=1 --dry-run=client", {"stdout":"","stderr":"error: \"a/b\" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n","exitCode":1}],
  ["create configmap cm --from-file=nope.txt --dry-run=client", {"stdout":"","stderr":"error: error reading nope.txt: no such file or directory\n","exitCode":1}],
  ["create configmap --dry-run=client", {"stdout":"","stderr":"error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples\n","exitCode":1}],
  ["create cm cm -n kube-system --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cm\n  namespace: kube-system\n","stderr":"","exitCode":0}],
  ["create secret generic s --from-literal=user=admin --from-literal=pw=secret --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  pw: c2VjcmV0\n  user: YWRtaW4=\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n","stderr":"","exitCode":0}],
  ["create secret generic s --from-file=app.properties --type=Opaque --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  app.properties: Y29sb3I9Ymx1ZQpzaXplPTEwCg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\ntype: Opaque\n","stderr":"","exitCode":0}],
  ["create secret generic s --from-literal=a=1 --append-hash --dry-run=client -o name", {"stdout":"secret/s-gtkfk5m49d\n","stderr":"","exitCode":0}],
  ["create secret generic s --from-literal=a=1 --from-literal=a=2 --dry-run=client", {"stdout":"","stderr":"error: cannot add key a, another key by that name already exists\n","exitCode":1}],
  ["create secret docker-registry reg --docker-username=u --docker-password=p --docker-server=r.io --docker-email=e@x --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImVtYWlsIjoiZUB4IiwiYXV0aCI6ImRUcHcifX19\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: reg\ntype: kubernetes.io/dockerconfigjson\n","stderr":"","exitCode":0}],
  ["create secret docker-registry reg --docker-username=u --docker-password=p --dry-run=client -o yaml", {"stdout":"apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6eyJodHRwczovL2luZGV4LmRvY2tlci5pby92MS8iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiYXV0aCI6ImRUcHcifX19\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: reg\ntype: kubernetes.io/dockerconfigjson\n","stderr":"","exitCode":0}],
  ["create secret docker-registry reg --dry-run=client", {"stdout":"","stderr":"error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n","exitCode":1}],
  ["create secret tls t --dry-run=client", {"stdout":"","stderr":"error: key and cert must be specified\n","exitCode":1}],
  ["create serviceaccount sa --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  creationTimestamp: null\n  name: sa\n","stderr":"","exitCode":0}],
  ["create sa sa --dry-run=client", {"stdout":"serviceaccount/sa created (dry run)\n","stderr":"","exitCode":0}],
  ["create job j --image=busybox --dry-run=client -o yaml -- echo hi", {"stdout":"apiVersion: batch/v1\nkind: Job\nmetadata:\n  creationTimestamp: null\n  name: j\nspec:\n  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n      - command:\n        - echo\n        - hi\n        image: busybox\n        name: j\n        resources: {}\n      restartPolicy: Never\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create job j --dry-run=client", {"stdout":"","stderr":"error: either --image or --from must be specified\n","exitCode":1}],
  ["create job j --image=a --from=cronjob/x --dry-run=client", {"stdout":"","stderr":"error: either --image or --from must be specified\n","exitCode":1}],
  ["create cronjob cj --image=busybox --schedule=*/1 * * * * --dry-run=client -o yaml -- date", {"stdout":"","stderr":"error: exactly one NAME is required, got 5\nSee 'kubectl create cronjob -h' for help and examples\n","exitCode":1}],
  ["create cronjob cj --image=busybox --schedule=@hourly --restart=Never -n x --dry-run=client -o yaml", {"stdout":"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  creationTimestamp: null\n  name: cj\n  namespace: x\nspec:\n  jobTemplate:\n    metadata:\n      creationTimestamp: null\n      name: cj\n    spec:\n      template:\n        metadata:\n          creationTimestamp: null\n        spec:\n          containers:\n          - image: busybox\n            name: cj\n            resources: {}\n          restartPolicy: Never\n  schedule: '@hourly'\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create service clusterip my --tcp=80:8080 --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: my\n  name: my\nspec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: my\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create service clusterip none --clusterip=None --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: none\n  name: none\nspec:\n  clusterIP: None\n  selector:\n    app: none\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create service loadbalancer lb --tcp=80,443:https --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: lb\n  name: lb\nspec:\n  ports:\n  - name: \"80\"\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  - name: 443-https\n    port: 443\n    protocol: TCP\n    targetPort: https\n  selector:\n    app: lb\n  type: LoadBalancer\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create service externalname en --external-name=example.com --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: en\n  name: en\nspec:\n  externalName: example.com\n  selector:\n    app: en\n  type: ExternalName\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create service externalname en --external-name=EXAMPLE --dry-run=client", {"stdout":"","stderr":"error: invalid service external name EXAMPLE\n","exitCode":1}],
  ["create service nodeport n --dry-run=client", {"stdout":"","stderr":"error: at least one tcp port specifier must be provided\n","exitCode":1}],
  ["create service clusterip my --tcp=abc --dry-run=client", {"stdout":"","stderr":"error: strconv.ParseUint: parsing \"abc\": invalid syntax\n","exitCode":1}],
  ["create service clusterip my --tcp=70000 --dry-run=client", {"stdout":"","stderr":"error: strconv.ParseUint: parsing \"70000\": value out of range\n","exitCode":1}],
  ["create svc clusterip my --tcp=80 --dry-run=client", {"stdout":"service/my created (dry run)\n","stderr":"","exitCode":0}],
  ["create rolebinding rb --role=r --user=alice --group=g --serviceaccount=default:sa --dry-run=client -o yaml", {"stdout":"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  creationTimestamp: null\n  name: rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: alice\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: g\n- kind: ServiceAccount\n  name: sa\n  namespace: default\n","stderr":"","exitCode":0}],
  ["create rolebinding rb --clusterrole=view --serviceaccount=sa --dry-run=client", {"stdout":"","stderr":"error: serviceaccount must be <namespace>:<name>\n","exitCode":1}],
  ["create rolebinding rb --dry-run=client", {"stdout":"","stderr":"error: exactly one of clusterrole or role must be specified\n","exitCode":1}],
  ["create clusterrolebinding crb --clusterrole=cr --user=alice --dry-run=client -o yaml", {"stdout":"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  creationTimestamp: null\n  name: crb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cr\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: alice\n","stderr":"","exitCode":0}],
  ["create priorityclass high --value=1000 --description=high --global-default=false --dry-run=client -o yaml", {"stdout":"apiVersion: scheduling.k8s.io/v1\ndescription: high\nkind: PriorityClass\nmetadata:\n  creationTimestamp: null\n  name: high\npreemptionPolicy: PreemptLowerPriority\nvalue: 1000\n","stderr":"","exitCode":0}],
  ["create priorityclass p --value=5 --preemption-policy=Never --global-default --dry-run=client -o yaml", {"stdout":"apiVersion: scheduling.k8s.io/v1\nglobalDefault: true\nkind: PriorityClass\nmetadata:\n  creationTimestamp: null\n  name: p\npreemptionPolicy: Never\nvalue: 5\n","stderr":"","exitCode":0}],
  ["create quota q --hard=pods=10,cpu=2 --scopes=BestEffort --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  creationTimestamp: null\n  name: q\nspec:\n  hard:\n    cpu: \"2\"\n    pods: \"10\"\n  scopes:\n  - BestEffort\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create quota q --hard=cpu=0.5,memory=1024Mi,requests.storage=1G --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  creationTimestamp: null\n  name: q\nspec:\n  hard:\n    cpu: 500m\n    memory: 1Gi\n    requests.storage: 1G\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create quota q --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  creationTimestamp: null\n  name: q\nspec: {}\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create quota q --hard=cpu --dry-run=client", {"stdout":"","stderr":"error: Invalid argument syntax cpu, expected <resource>=<value>\n","exitCode":1}],
  ["create quota q --hard=pods=x --dry-run=client", {"stdout":"","stderr":"error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n","exitCode":1}],
  ["create pdb p --selector=app=web --min-available=1 --dry-run=client -o yaml", {"stdout":"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  creationTimestamp: null\n  name: p\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\nstatus:\n  currentHealthy: 0\n  desiredHealthy: 0\n  disruptionsAllowed: 0\n  expectedPods: 0\n","stderr":"","exitCode":0}],
  ["create pdb p --selector=app in (a,b),!foo --max-unavailable=20% --dry-run=client -o yaml", {"stdout":"","stderr":"error: exactly one NAME is required, got 3\nSee 'kubectl create poddisruptionbudget -h' for help and examples\n","exitCode":1}],
  ["create pdb p --dry-run=client", {"stdout":"","stderr":"error: a selector must be specified\n","exitCode":1}],
  ["create pdb p --selector=app=web --dry-run=client", {"stdout":"","stderr":"error: one of min-available or max-unavailable must be specified\n","exitCode":1}],
  ["create pdb p --selector=app=web --min-available=1 --max-unavailable=1 --dry-run=client", {"stdout":"","stderr":"error: min-available and max-unavailable cannot be both specified\n","exitCode":1}],
  ["create pdb p --selector=app=web --min-available=x --dry-run=client", {"stdout":"","stderr":"error: invalid format specified for min-available\n","exitCode":1}],
  ["create ingress ing --rule=foo.com/bar*=svc:8080,tls=my-cert --class=nginx --dry-run=client -o yaml", {"stdout":"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  creationTimestamp: null\n  name: ing\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: foo.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: svc\n            port:\n              number: 8080\n        path: /bar\n        pathType: Prefix\n  tls:\n  - hosts:\n    - foo.com\n    secretName: my-cert\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create ingress ing2 --default-backend=svc:http --rule=/path=svc2:80 --dry-run=client -o yaml", {"stdout":"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  creationTimestamp: null\n  name: ing2\nspec:\n  defaultBackend:\n    service:\n      name: svc\n      port:\n        name: http\n  rules:\n  - http:\n      paths:\n      - backend:\n          service:\n            name: svc2\n            port:\n              number: 80\n        path: /path\n        pathType: Exact\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create ingress ing3 --rule=foo.com/=svc:https,tls --rule=foo.com/path/subpath*=othersvc:8080 --rule=bar.com/a=b:1,tls=s --annotation=a=b --dry-run=client -o yaml", {"stdout":"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  annotations:\n    a: b\n  creationTimestamp: null\n  name: ing3\nspec:\n  rules:\n  - host: foo.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: svc\n            port:\n              name: https\n        path: /\n        pathType: Exact\n      - backend:\n          service:\n            name: othersvc\n            port:\n              number: 8080\n        path: /path/subpath\n        pathType: Prefix\n  - host: bar.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: b\n            port:\n              number: 1\n        path: /a\n        pathType: Exact\n  tls:\n  - hosts:\n    - foo.com\n  - hosts:\n    - bar.com\n    secretName: s\nstatus:\n  loadBalancer: {}\n","stderr":"","exitCode":0}],
  ["create ingress i --rule=foo --dry-run=client", {"stdout":"","stderr":"error: rule foo is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n","exitCode":1}],
  ["create ingress i --dry-run=client", {"stdout":"","stderr":"error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)\n","exitCode":1}],
  ["create ingress i --default-backend=a --dry-run=client", {"stdout":"","stderr":"error: default-backend should be in format servicename:serviceport\n","exitCode":1}],
  ["create deployment d --image=nginx --image=busybox:1.36 --port=80 -r 3 -n foo --dry-run=client -o yaml", {"stdout":"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: d\n  name: d\n  namespace: foo\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: d\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: d\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        ports:\n        - containerPort: 80\n        resources: {}\n      - image: busybox:1.36\n        name: busybox\n        resources: {}\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create deployment d --image=nginx --dry-run=client -o name", {"stdout":"deployment.apps/d\n","stderr":"","exitCode":0}],
  ["create namespace x --dry-run=client -o yaml", {"stdout":"apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: x\nspec: {}\nstatus: {}\n","stderr":"","exitCode":0}],
  ["create secret", {"stdout":"","stderr":"Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]\n\nUse \"kubectl create secret <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n","exitCode":1}],
  ["create service", {"stdout":"","stderr":"Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n\nUse \"kubectl create service <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n","exitCode":1}],
  ["create foo", {"stdout":"","stderr":"error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n","exitCode":1}],
];

describe('kubectl create <generator> --dry-run=client prints what the real kubectl prints', () => {
  it.each(REAL)('%s', (line, expected) => {
    expect(k(line)).toEqual(expected);
  });
});

describe('kubectl create <generator> against the API server', () => {
  it('creates the object, says so, and refuses a second one in the command\'s words', () => {
    expect(k('create configmap cm --from-literal=a=1')).toEqual({ stdout: 'configmap/cm created\n', stderr: '', exitCode: 0 });
    expect(client.get<KObject & { data: Record<string, string> }>('configmaps', 'default', 'cm').data).toEqual({ a: '1' });
    expect(k('create configmap cm --from-literal=a=1')).toEqual({ stdout: '', stderr: 'error: failed to create configmap: configmaps "cm" already exists\n', exitCode: 1 });
    expect(k('create secret generic s --from-literal=a=1').stdout).toBe('secret/s created\n');
    expect(k('create secret generic s --from-literal=a=1').stderr).toBe('error: failed to create secret secrets "s" already exists\n');
    expect(k('create service clusterip web --tcp=80').stdout).toBe('service/web created\n');
    expect(k('create service nodeport web --tcp=80').stderr).toBe('error: failed to create NodePort service: services "web" already exists\n');
  });

  it('creates roles with one rule per API group, resolving short names as the RESTMapper does', () => {
    expect(k('create role pod-reader --verb=get,list,get --resource=pods,deploy,rs.apps,pods/log --resource-name=a')).toEqual({ stdout: 'role.rbac.authorization.k8s.io/pod-reader created\n', stderr: '', exitCode: 0 });
    const role = client.get<KObject & { rules: unknown[] }>('roles', 'default', 'pod-reader');
    expect(role.rules).toEqual([
      { apiGroups: [''], resourceNames: ['a'], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resourceNames: ['a'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list'] },
    ]);
    expect(k('create role r --verb=get')).toEqual({ stdout: '', stderr: 'error: at least one resource must be specified\n', exitCode: 1 });
    expect(k('create role r --resource=pods')).toEqual({ stdout: '', stderr: 'error: at least one verb must be specified\n', exitCode: 1 });
    expect(k('create role r --verb=get --resource=foo')).toEqual({ stdout: '', stderr: 'the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(k('create role r --verb=get --resource=foo.bar')).toEqual({ stdout: '', stderr: 'the server doesn\'t have a resource type "foo" in group "bar"\n', exitCode: 1 });
    expect(k('create role r --verb=bind --resource=pods')).toEqual({ stdout: '', stderr: "error: can not perform 'bind' on 'pods' in group ''\n", exitCode: 1 });
    expect(k('create role r --verb=fly --resource=pods --dry-run=client')).toEqual({ stdout: 'role.rbac.authorization.k8s.io/r created (dry run)\n', stderr: "Warning: 'fly' is not a standard resource verb\n", exitCode: 0 });
  });

  it('creates cluster roles with non-resource URLs and aggregation rules', () => {
    const cr = k('create clusterrole cr --verb=get --resource=nodes --non-resource-url=/healthz --dry-run=client -o yaml').stdout;
    expect(cr).toBe(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  creationTimestamp: null\n  name: cr\nrules:\n- apiGroups:\n  - ""\n  resources:\n  - nodes\n  verbs:\n  - get\n- nonResourceURLs:\n  - /healthz\n  verbs:\n  - get\n',
    );
    // Real kubectl: `create clusterrole cr --aggregation-rule=… --dry-run=client -o yaml`.
    expect(k('create clusterrole cr --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true --dry-run=client -o yaml').stdout).toBe(
      'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      rbac.example.com/aggregate-to-monitoring: "true"\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  creationTimestamp: null\n  name: cr\nrules: null\n',
    );
    expect(k('create clusterrole cr --verb=post --non-resource-url=healthz').stderr).toBe('error: nonResourceURL should start with /\n');
  });

  it('creates a job from a cronjob, marked as made by hand and owned by the cronjob', () => {
    k('create cronjob nightly --image=busybox --schedule="0 0 * * *" -- date');
    const cj = client.get<KObject>('cronjobs', 'default', 'nightly');
    expect(k('create job once --from=cronjob/nightly')).toEqual({ stdout: 'job.batch/once created\n', stderr: '', exitCode: 0 });
    const job = client.get<KObject & { spec: { template: { spec: { containers: { command: string[] }[] } } } }>('jobs', 'default', 'once');
    expect(job.metadata?.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata?.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cj.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect(job.spec.template.spec.containers[0]!.command).toEqual(['date']);
    expect(k('create job again --from=cronjob/missing').stderr).toBe('Error from server (NotFound): cronjobs.batch "missing" not found\n');
  });

  it('reads --from-file only from the scenario files', () => {
    expect(k('create configmap cm --from-file=nope.txt')).toEqual({ stdout: '', stderr: 'error: error reading nope.txt: no such file or directory\n', exitCode: 1 });
    expect(k('create configmap cm --from-file=k=cfg')).toEqual({ stdout: '', stderr: 'error: cannot give a key name for a directory path\n', exitCode: 1 });
  });

  it('names the object with -o name, and refuses -o formats it does not know', () => {
    expect(k('create sa builder -o name')).toEqual({ stdout: 'serviceaccount/builder\n', stderr: '', exitCode: 0 });
    expect(k('create ns team-a')).toEqual({ stdout: 'namespace/team-a created\n', stderr: '', exitCode: 0 });
  });
});
