/**
 * Ingress through ingress-nginx (`cluster.addons: [ingress-nginx]`), driven as a learner drives it:
 * `kubetab run` with curl on a node shell against the controller's NodePort, --trace-packet from
 * outside with an HTTP request, and kubectl. The addresses and names are the run's own (seed 1): the
 * controller runs on worker-2 (192.168.1.12), its NodePort for http is 32622 and for https 30850.
 */
import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';

const ROUTES = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
cluster:
  addons: [ingress-nginx]
actions:
  - at: 0s
    apply: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: a}
      spec:
        replicas: 2
        selector: {matchLabels: {app: a}}
        template:
          metadata: {labels: {app: a}}
          spec: {containers: [{name: web, image: 'gcr.io/google-samples/hello-app:1.0', ports: [{containerPort: 8080}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: a}
      spec: {selector: {app: a}, ports: [{port: 80, targetPort: 8080}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: b}
      spec:
        replicas: 1
        selector: {matchLabels: {app: b}}
        template:
          metadata: {labels: {app: b}}
          spec: {containers: [{name: web, image: 'gcr.io/google-samples/hello-app:2.0', ports: [{containerPort: 8080}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: b}
      spec: {selector: {app: b}, ports: [{port: 8080}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: hosts}
      spec:
        ingressClassName: nginx
        rules:
        - host: a.example
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
        - host: b.example
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 8080}}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: paths}
      spec:
        ingressClassName: nginx
        rules:
        - host: c.example
          http:
            paths:
            - {path: /exact, pathType: Exact, backend: {service: {name: a, port: {number: 80}}}}
            - {path: /prefix, pathType: Prefix, backend: {service: {name: b, port: {number: 8080}}}}
            - {path: /impl, pathType: ImplementationSpecific, backend: {service: {name: a, port: {number: 80}}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: other-class}
      spec:
        ingressClassName: traefik
        rules:
        - host: d.example
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
`;

const TLS_SECRET = `      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: a-tls}
      type: kubernetes.io/tls
      data: {tls.crt: Y2VydA==, tls.key: a2V5}
`;

const withTls = (secret: boolean) =>
  ROUTES.replace('      metadata: {name: hosts}\n      spec:\n        ingressClassName: nginx\n', '      metadata: {name: hosts}\n      spec:\n        ingressClassName: nginx\n        tls:\n        - hosts: [a.example]\n          secretName: a-tls\n') + (secret ? TLS_SECRET : '');

function run(scenario: string, ...args: string[]): string {
  return runWithCode(0, scenario, ...args);
}

/** `code`: 1 when a node-shell command in it fails (curl without -k against a self-signed certificate). */
function runWithCode(code: number, scenario: string, ...args: string[]): string {
  const r = kubetab(['run', 'ing.yaml', '--until', '90s', ...args], { 'ing.yaml': scenario });
  expect(r.code, r.stderr).toBe(code);
  return r.stdout;
}

/** The output of each step, by its `==>` line. */
function sections(out: string): string[] {
  return out.split(/^==> .*\n/m).slice(1);
}

const curl = (host: string, path: string, flags = '-s') => ['--ssh', `worker-1 curl ${flags} -H 'Host: ${host}' http://192.168.1.11:32622${path}`];

const NOT_FOUND = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const hello = (version: string, pod: string) => `Hello, world!\nVersion: ${version}\nHostname: ${pod}\n`;

describe('Ingress through ingress-nginx', () => {
  it('installs the controller as its bare-metal manifest does, and nothing without the add-on', () => {
    const out = sections(run(ROUTES, '--exec', 'get deploy,svc,jobs,ingressclass -n ingress-nginx', '--exec', 'get validatingwebhookconfiguration -o name'));
    expect(out[0]).toBe(
      'NAME                                       READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/ingress-nginx-controller   1/1     1            1           2m\n\n' +
        'NAME                                         TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)                      AGE\nservice/ingress-nginx-controller             NodePort    10.110.244.117   <none>        80:32622/TCP,443:30850/TCP   2m\nservice/ingress-nginx-controller-admission   ClusterIP   10.111.70.87     <none>        443/TCP                      2m\n\n' +
        'NAME                                       STATUS     COMPLETIONS   DURATION   AGE\njob.batch/ingress-nginx-admission-create   Complete   1/1           12s        2m\njob.batch/ingress-nginx-admission-patch    Complete   1/1           21s        2m\n\n' +
        'NAME                                   CONTROLLER             PARAMETERS   AGE\ningressclass.networking.k8s.io/nginx   k8s.io/ingress-nginx   <none>       2m\n',
    );
    expect(out[1]).toBe('validatingwebhookconfiguration.admissionregistration.k8s.io/ingress-nginx-admission\n');
    const bare = kubetab(['run', 'ing.yaml', '--until', '5s', '--exec', 'get ns ingress-nginx', '--exec', 'get ingressclass'], { 'ing.yaml': ROUTES.replace('cluster:\n  addons: [ingress-nginx]\n', '') });
    expect(bare.stdout).toBe('==> kubectl get ns ingress-nginx\n==> kubectl get ingressclass\n');
    expect(bare.stderr).toContain('Error from server (NotFound): namespaces "ingress-nginx" not found\n');
  });

  it('routes two hosts to two Services, round robin over the endpoint pods, and sets ADDRESS on its own Ingresses only', () => {
    const out = sections(run(ROUTES, ...curl('a.example', '/'), ...curl('a.example', '/'), ...curl('b.example', '/'), ...curl('d.example', '/'), '--exec', 'get ingress', '--exec', 'get events --field-selector involvedObject.name=hosts -o custom-columns=REASON:.reason,MESSAGE:.message,COUNT:.count,FROM:.source.component'));
    expect(out.slice(0, 4)).toEqual([hello('1.0.0', 'a-859c9ddc48-bl9hn'), hello('1.0.0', 'a-859c9ddc48-zdhdh'), hello('2.0.0', 'b-bf85c8798-fb592'), NOT_FOUND]);
    expect(out[4]).toBe(
      'NAME          CLASS     HOSTS                 ADDRESS        PORTS   AGE\nhosts         nginx     a.example,b.example   192.168.1.12   80      90s\nother-class   traefik   d.example                            80      90s\npaths         nginx     c.example             192.168.1.12   80      90s\n',
    );
    // Once when it was added, once when the controller wrote its status.
    expect(out[5]).toBe('REASON   MESSAGE              COUNT   FROM\nSync     Scheduled for sync   2       nginx-ingress-controller\n');
  });

  it('leaves a class-less Ingress alone; one created once nginx is the default class gets it from the API server', () => {
    const scenario =
      ROUTES +
      `  - at: 5s
    apply: |
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: early}
      spec:
        rules:
        - host: e.example
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
  - at: 10s
    kubectl: annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class=true
  - at: 15s
    apply: |
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: late}
      spec:
        rules:
        - host: f.example
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
`;
    const out = sections(run(scenario, '--exec', 'get ingress early late', ...curl('e.example', '/', `-s -o /dev/null -w '%{http_code}\\n'`), ...curl('f.example', '/', `-s -o /dev/null -w '%{http_code}\\n'`)));
    expect(out[0]).toBe('NAME    CLASS    HOSTS       ADDRESS        PORTS   AGE\nearly   <none>   e.example                  80      85s\nlate    nginx    f.example   192.168.1.12   80      75s\n');
    expect(out[1]).toBe('404\n');
    expect(out[2]).toBe('200\n');
  });

  it('tells Exact, Prefix and ImplementationSpecific paths apart, and answers anything else with its 404 page', () => {
    const paths = ['/exact', '/exact/', '/prefix', '/prefix/x', '/prefixes', '/impl', '/implicit', '/other'];
    const out = sections(run(ROUTES, ...paths.flatMap((p) => curl('c.example', p, `-s -o /dev/null -w '${p} %{http_code}\\n'`)), '--exec', 'logs -n ingress-nginx deploy/ingress-nginx-controller --tail 8'));
    expect(out.slice(0, 8).join('')).toBe('/exact 200\n/exact/ 404\n/prefix 200\n/prefix/x 200\n/prefixes 404\n/impl 200\n/implicit 200\n/other 404\n');
    // Its access log names the upstream (namespace-service-port) and the pod it went to, or its default backend.
    expect(out[8]!.split('\n').slice(0, 8).map((l) => l.split(' ').slice(5, 7).concat(l.split(' ').slice(14, 17)).join(' '))).toEqual([
      '"GET /exact [default-a-80] [] 10.244.1.2:8080',
      '"GET /exact/ [upstream-default-backend] [] 127.0.0.1:8181',
      '"GET /prefix [default-b-8080] [] 10.244.3.2:8080',
      '"GET /prefix/x [default-b-8080] [] 10.244.3.2:8080',
      '"GET /prefixes [upstream-default-backend] [] 127.0.0.1:8181',
      '"GET /impl [default-a-80] [] 10.244.3.3:8080',
      '"GET /implicit [default-a-80] [] 10.244.1.2:8080',
      '"GET /other [upstream-default-backend] [] 127.0.0.1:8181',
    ]);
    expect(out[8]!.split('\n')[0]).toMatch(/^10\.244\.1\.0 - - \[02\/Sep\/2024:10:01:30 \+0000\] "GET \/exact HTTP\/1\.1" 200 58 "-" "curl\/7\.88\.1" 78 0\.001 \[default-a-80\] \[\] 10\.244\.1\.2:8080 58 0\.001 200 [0-9a-f]{32}$/);
  });

  it('serves a TLS host with its Secret and redirects its plain HTTP with a 308; without the Secret, the fake certificate and still the 308', () => {
    const r = kubetab(
      ['run', 'ing.yaml', '--until', '90s', '--exec', 'get ingress hosts', ...curl('a.example', '/x?y=1', '-si'), '--ssh', 'worker-1 curl -skv --resolve a.example:30850:192.168.1.11 https://a.example:30850/', '--ssh', 'worker-1 curl -s https://192.168.1.11:30850/', '--ssh', 'worker-1 curl -skv -H "Host: a.example" https://192.168.1.11:30850/'],
      { 'ing.yaml': withTls(true) },
    );
    // curl without -k refuses the self-signed certificate (exit 60), so the run reports a failed step.
    expect(r.code).toBe(1);
    const out = sections(r.stdout);
    expect(out[0]).toBe('NAME    CLASS   HOSTS                 ADDRESS        PORTS     AGE\nhosts   nginx   a.example,b.example   192.168.1.12   80, 443   90s\n');
    expect(out[1]).toBe(
      'HTTP/1.1 308 Permanent Redirect\r\nDate: Mon, 02 Sep 2024 10:01:30 GMT\r\nContent-Type: text/html\r\nContent-Length: 164\r\nConnection: keep-alive\r\nLocation: https://a.example/x?y=1\r\n\r\n' +
        '<html>\r\n<head><title>308 Permanent Redirect</title></head>\r\n<body>\r\n<center><h1>308 Permanent Redirect</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    );
    expect(out[2]).toBe(hello('1.0.0', 'a-859c9ddc48-bl9hn'));
    expect(out[3]).toBe('');
    expect(out[4]).toBe(hello('1.0.0', 'a-859c9ddc48-zdhdh'));
    // With the name (SNI) the host's Secret answers; with an address only, the default server's fake certificate.
    expect(r.stderr).toContain('* Added a.example:30850:192.168.1.11 to DNS cache\n* Hostname a.example was found in DNS cache\n');
    expect(r.stderr).toContain('*  subject: the certificate in Secret default/a-tls\n');
    expect(r.stderr).toContain('*  subject: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate\n*  issuer: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate\n*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n');
    expect(r.stderr).toContain('< Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n');
    // A missing Secret: the fake certificate, which still counts as the host's own, so plain HTTP is
    // redirected (without the URI's final slash), and the controller warns on each sync.
    const missing = sections(run(withTls(false), ...curl('a.example', '/a/', '-si'), '--exec', 'logs -n ingress-nginx deploy/ingress-nginx-controller --tail 30'));
    expect(missing[0]).toContain('HTTP/1.1 308 Permanent Redirect\r\n');
    expect(missing[0]).toContain('\r\nLocation: https://a.example/a\r\n');
    expect(missing[1]).toMatch(/^W0902 10:0\d:\d\d\.\d{6} {7}1 controller\.go:1372\] Error getting SSL certificate "default\/a-tls": local SSL certificate default\/a-tls was not found\. Using default certificate$/m);
    // No secretName at all: the fake certificate too, logged only at -v=3.
    const unnamed = sections(run(withTls(false).replace('          secretName: a-tls\n', ''), ...curl('a.example', '/', '-si'), '--exec', 'logs -n ingress-nginx deploy/ingress-nginx-controller --tail 30'));
    expect(unnamed[0]).toContain('\r\nLocation: https://a.example\r\n');
    expect(unnamed[1]).toContain('"Backend successfully reloaded"');
    expect(unnamed[1]).not.toContain('SSL certificate');
  });

  it('traces a request from outside through the NodePort, the controller and its second connection straight to a pod', () => {
    const out = run(ROUTES, '--exec', 'get svc a -o jsonpath={.spec.clusterIP}', '--trace-packet', 'external http://a.example/@192.168.1.13:32622');
    const [clusterIP, trace] = sections(out) as [string, string];
    const hops = trace.split('\n');
    expect(hops[0]).toBe('tcp to 192.168.1.13:32622');
    expect(hops).toContain('[worker-3 host] DNAT 192.168.1.13:32622 → 10.244.2.4:80');
    expect(hops).toContain('[worker-2 ingress-nginx/ingress-nginx-controller-fbc9987b6-kcchw] accepted by 27/nginx listening on 0.0.0.0:80/tcp');
    const decision = hops.indexOf(
      "[worker-2 ingress-nginx/ingress-nginx-controller-fbc9987b6-kcchw] nginx: Ingress default/hosts, host a.example, path / (Prefix) → upstream default-a-80: endpoint 10.244.1.2:8080 of 2 (round robin, straight to the pod: the Service's ClusterIP is not used)",
    );
    expect(decision).toBeGreaterThan(0);
    expect(hops[decision + 1]).toBe('[worker-2 ingress-nginx/ingress-nginx-controller-fbc9987b6-kcchw] — second connection: nginx → 10.244.1.2:8080 —');
    expect(hops).toContain('[worker-1 default/a-859c9ddc48-bl9hn] accepted by 1/app listening on 0.0.0.0:8080/tcp');
    expect(trace).not.toContain(clusterIP);
    expect(hops.at(-2)).toBe('verdict: delivered to default/a-859c9ddc48-bl9hn (10.244.1.2:8080) through ingress-nginx/ingress-nginx-controller-fbc9987b6-kcchw: HTTP 200 OK');
  });

  it('with a load-balancer pool, is a LoadBalancer Service MetalLB gives an address, which the controller publishes', () => {
    const lb = ROUTES.replace('  addons: [ingress-nginx]\n', '  addons: [ingress-nginx]\n  network: {loadBalancerPool: 192.168.1.240/28}\n');
    const out = run(lb, '--exec', 'get svc ingress-nginx-controller -n ingress-nginx', '--exec', 'get ingress hosts', '--trace-packet', 'external http://b.example/@192.168.1.240:80');
    const [svc, ing, trace] = sections(out) as [string, string, string];
    expect(svc).toBe('NAME                       TYPE           CLUSTER-IP       EXTERNAL-IP     PORT(S)                      AGE\ningress-nginx-controller   LoadBalancer   10.110.244.117   192.168.1.240   80:32622/TCP,443:30850/TCP   2m\n');
    expect(ing).toBe('NAME    CLASS   HOSTS                 ADDRESS         PORTS   AGE\nhosts   nginx   a.example,b.example   192.168.1.240   80      90s\n');
    expect(trace.trimEnd().split('\n').at(-1)).toBe('verdict: delivered to default/b-bf85c8798-mz8k7 (10.244.3.2:8080) through ingress-nginx/ingress-nginx-controller-84f9b957c4-kcchw: HTTP 200 OK');
  });
});
