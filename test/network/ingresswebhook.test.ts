import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';

const BACKEND = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}`;

const ingress = (name: string, host: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}}
spec:
  ingressClassName: nginx
  rules:
  - host: ${host}
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]`;

const indent = (s: string) => s.trim().split('\n').map((l) => `      ${l}`).join('\n');

function scenario(actions: { at: string; apply?: string; kubectl?: string }[]): string {
  const lines = actions.map((a) => (a.apply ? `  - at: ${a.at}\n    apply: |\n${indent(a.apply)}` : `  - at: ${a.at}\n    kubectl: ${a.kubectl}`));
  return `apiVersion: kubetab/v1\nkind: Scenario\nseed: 1\ncluster:\n  addons: [ingress-nginx]\nactions:\n  - at: 0s\n    apply: |\n${indent(BACKEND)}\n${lines.join('\n')}\n`;
}

const CALL = 'Post "https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s"';

describe("ingress-nginx's admission webhook, called by the API server over the dataplane", () => {
  it("refuses an Ingress whose host and path another Ingress already defines, with the controller's message", () => {
    const s = scenario([
      { at: '90s', apply: ingress('first', 'a.example') },
      { at: '95s', apply: ingress('second', 'a.example') },
      { at: '96s', apply: ingress('third', 'b.example') },
    ]);
    const r = kubetab(['run', 's.yaml', '--until', '100s', '--exec', 'get ingress -o name'], { 's.yaml': s });
    expect(r.stderr).toBe(
      'warning: action at 95s failed: Error from server (BadRequest): error when creating "STDIN": admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host "a.example" and path "/" is already defined in ingress default/first\n',
    );
    expect(r.stdout).toBe('==> kubectl get ingress -o name\ningress.networking.k8s.io/first\ningress.networking.k8s.io/third\n');
  });

  it('with the controller scaled to 0, fails every Ingress write with the Internal error of the refused connection', () => {
    const s = scenario([
      { at: '90s', kubectl: 'scale deployment ingress-nginx-controller -n ingress-nginx --replicas=0' },
      { at: '120s', apply: ingress('first', 'a.example') },
    ]);
    const r = kubetab(['run', 's.yaml', '--until', '130s', '--exec', 'get svc ingress-nginx-controller-admission -n ingress-nginx -o jsonpath={.spec.clusterIP}', '--exec', 'get endpointslices -n ingress-nginx -l kubernetes.io/service-name=ingress-nginx-controller-admission', '--exec', 'get ingress'], { 's.yaml': s });
    const ip = /jsonpath=\{\.spec\.clusterIP\}\n([\d.]+)/.exec(r.stdout)?.[1];
    expect(ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(r.stderr).toBe(
      `warning: action at 120s failed: Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "validate.nginx.ingress.kubernetes.io": failed to call webhook: ${CALL}: dial tcp ${ip}:443: connect: connection refused\n` +
        'No resources found in default namespace.\n',
    );
    // The Service has no ready endpoint: kube-proxy's rule for its ClusterIP rejects the connection.
    expect(r.stdout).toMatch(/ingress-nginx-controller-admission-\w+ +IPv4 +<unset> +<unset> +/);
  });

  it('is set up by the certgen Jobs: create makes the Secret, patch gives the webhook its caBundle, and both complete', () => {
    const r = kubetab(['run', 's.yaml', '--until', '100s', '--exec', 'get jobs -n ingress-nginx -o custom-columns=NAME:.metadata.name,SUCCEEDED:.status.succeeded', '--exec', 'get secret ingress-nginx-admission -n ingress-nginx', '--exec', 'get validatingwebhookconfiguration ingress-nginx-admission -o jsonpath={.webhooks[0].failurePolicy}'], { 's.yaml': scenario([]) });
    expect(r.stdout).toMatch(
      /^==> kubectl get jobs[^\n]*\nNAME +SUCCEEDED\ningress-nginx-admission-create +1\ningress-nginx-admission-patch +1\n==> kubectl get secret[^\n]*\nNAME +TYPE +DATA +AGE\ningress-nginx-admission +Opaque +3 +\w+\n==> kubectl get validatingwebhookconfiguration[^\n]*\nFail$/,
    );
    const caBundle = kubetab(['run', 's.yaml', '--until', '100s', '--exec', 'get validatingwebhookconfiguration ingress-nginx-admission -o jsonpath={.webhooks[0].clientConfig.caBundle}', '--exec', 'get secret ingress-nginx-admission -n ingress-nginx -o jsonpath={.data.ca}'], { 's.yaml': scenario([]) });
    const [, fromHook, fromSecret] = caBundle.stdout.split(/==> [^\n]*\n/);
    expect(fromHook).toMatch(/^LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t/);
    expect(fromHook!.trim()).toBe(fromSecret!.trim());
  });

  it('kubectl get validatingwebhookconfigurations counts the webhooks, as kubectl prints it', () => {
    const r = kubetab(['run', 's.yaml', '--until', '10s', '--exec', 'get validatingwebhookconfigurations'], { 's.yaml': scenario([]) });
    expect(r.stdout).toBe('==> kubectl get validatingwebhookconfigurations\nNAME                      WEBHOOKS   AGE\ningress-nginx-admission   1          40s\n');
  });

  it('kubectl describe ingress shows the rules with the endpoints and the controller\'s Sync event', () => {
    const r = kubetab(['run', 's.yaml', '--until', '150s', '--exec', 'describe ingress first'], { 's.yaml': scenario([{ at: '90s', apply: ingress('first', 'a.example') }]) });
    expect(r.stdout).toBe(
      [
        '==> kubectl describe ingress first',
        'Name:             first',
        'Labels:           <none>',
        'Namespace:        default',
        'Address:          192.168.1.12',
        'Ingress Class:    nginx',
        'Default backend:  <default>',
        'Rules:',
        '  Host        Path  Backends',
        '  ----        ----  --------',
        '  a.example   ',
        '              /   web:80 (10.244.1.2:80,10.244.3.2:80)',
        'Annotations:  <none>',
        'Events:',
        '  Type    Reason  Age                From                      Message',
        '  ----    ------  ----               ----                      -------',
        '  Normal  Sync    48s (x2 over 60s)  nginx-ingress-controller  Scheduled for sync',
        '',
      ].join('\n'),
    );
  });
});
