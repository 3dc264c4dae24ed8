import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { encodeShare } from '../src/scenario/urlCodec';
import type { Scenario } from '../src/scenario/format';

/** Two hello-app Deployments behind Services, and an Ingress of class nginx routing a.example and b.example to them. */
const MANIFEST = `apiVersion: apps/v1
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

const scenario: Scenario = { seed: 1, cluster: { addons: ['ingress-nginx'] }, actions: [{ atMs: 0, apply: MANIFEST }] };

const hop = (page: Page) => page.getByTestId('net-hop');

/** Next until the hop shown is of `kind` and its text matches, at most `max` steps. */
async function nextUntil(page: Page, kind: string, text: RegExp, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    const k = await hop(page).getAttribute('data-kind');
    if (k === kind && text.test((await hop(page).textContent()) ?? '')) return;
    const n = await page.getByTestId('net-hop-count').textContent();
    await page.getByRole('button', { name: 'Next ▶' }).click();
    await expect(page.getByTestId('net-hop-count')).not.toHaveText(n ?? '');
  }
  throw new Error(`no ${kind} hop matching ${text}`);
}

test('an HTTP request from outside through ingress-nginx: the NodePort, the routing decision, the second connection straight to a pod', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 90_000)}`);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.locator('[data-kind="net-pod"][data-name^="ingress-nginx/ingress-nginx-controller-"]')).toHaveCount(1);

  // The destination list offers an HTTP request through the controller's NodePort; put the Ingress host in.
  const offered = await page.locator('#net-dests option[value^="http://example.com/@node/worker-1:"]').getAttribute('value');
  expect(offered).toMatch(/^http:\/\/example\.com\/@node\/worker-1:\d+$/);
  await page.getByLabel('Trace source').selectOption('external');
  await page.getByLabel('Trace destination').fill(offered!.replace('example.com', 'a.example'));
  await page.getByRole('button', { name: 'Trace', exact: true }).click();
  await expect(page.getByTestId('net-hop-count')).toHaveText(/^hop 1 of \d+$/);

  // kube-proxy's NodePort DNAT to the controller pod.
  await nextUntil(page, 'nat', /DNAT 192\.168\.1\.11:\d+ → 10\.244\.\d+\.\d+:80/);
  // The controller's decision: which Ingress, host and path, and which endpoint.
  await nextUntil(page, 'proxy', /Ingress default\/hosts, host a\.example, path \/ \(Prefix\) → upstream default-a-80/);
  await expect(hop(page)).toContainText("the Service's ClusterIP is not used");
  // Its own connection to the pod: the headers start again from the controller.
  await nextUntil(page, 'proxy', /second connection: nginx → 10\.244\.\d+\.\d+:8080/);
  await expect(page.getByTestId('net-headers')).toContainText(/10\.244\.\d+\.\d+:8080/);
  await nextUntil(page, 'deliver', /accepted by 1\/app listening on 0\.0\.0\.0:8080\/tcp/);

  await page.keyboard.press('End');
  await expect(page.getByTestId('net-verdict')).toHaveText(/^delivered to default\/a-\S+ \(10\.244\.\d+\.\d+:8080\) through ingress-nginx\/ingress-nginx-controller-\S+: HTTP 200 OK$/);
  expect(errors).toEqual([]);
});
