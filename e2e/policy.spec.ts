import { expect, test } from '@playwright/test';
import { encodeShare } from '../src/scenario/urlCodec';
import type { Scenario } from '../src/scenario/format';
import { apply, typeIntoEditor } from './helpers';

function app(name: string, node: string, port?: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      nodeSelector:
        kubernetes.io/hostname: ${node}
      containers:
      - name: app
        image: nginx:1.27
${port ? `        ports:\n        - name: http\n          containerPort: ${port}\n` : ''}`;
}

const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`;

const ALLOW = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: client
    ports:
    - port: http
`;

const scenario: Scenario = { seed: 7, cluster: {}, actions: [{ atMs: 0, apply: app('web', 'worker-2', 80) }, { atMs: 0, apply: app('client', 'worker-1') }] };

test('the policy view follows the policies applied, explains a square and traces it on click', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 30_000)}`);
  await page.locator('[data-kind="node"]').first().waitFor();
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByTestId('net-show-policies').click();
  const view = page.getByTestId('policy-view');
  // client → web on web's named port, and web → client on "any" port (client declares none)
  const toWeb = view.locator('td[aria-label^="client-"][aria-label*="→ web-"]');
  const toClient = view.locator('td[aria-label^="web-"][aria-label*="→ client-"]');
  await expect(toWeb).toHaveAttribute('aria-label', /^client-\S+ → web-\S+ port 80: allowed$/);
  await expect(toClient).toHaveAttribute('data-allowed', 'true');
  await expect(view.getByTestId('policy-flannel')).toHaveText('flannel does not enforce NetworkPolicy: this view shows what the policies say, not what the packets do. Every connection still goes through.');
  await expect(view.getByTestId('policy-list')).toHaveText('No NetworkPolicy in default: no pod is isolated, every connection is allowed.');

  await typeIntoEditor(page, DENY);
  await apply(page);
  await expect(toWeb).toHaveAttribute('data-allowed', 'false');
  await expect(toClient).toHaveAttribute('data-allowed', 'false');
  await expect(view.getByTestId('policy-list')).toHaveText('NetworkPolicies in default: deny-all');
  // outside is a source once a pod is isolated for ingress
  await expect(view.locator('tbody th', { hasText: /^outside$/ })).toBeVisible();

  await typeIntoEditor(page, ALLOW);
  await apply(page);
  await expect(toWeb).toHaveAttribute('data-allowed', 'true');
  await expect(toClient).toHaveAttribute('data-allowed', 'false');
  await expect(view.getByTestId('policy-list')).toHaveText('NetworkPolicies in default: allow-client, deny-all');

  await toWeb.hover();
  const explain = view.getByTestId('policy-explain');
  await expect(explain).toContainText(/client-\S+ → web-\S+, port 80\/TCP: allowed/);
  await expect(explain).toContainText(/Egress: client-\S+ is not isolated: no NetworkPolicy selects this pod for egress\./);
  await expect(explain).toContainText(/Ingress: web-\S+ is isolated by default\/allow-client, default\/deny-all; allowed by default\/allow-client \(ingress rule 1\)\./);
  await toClient.hover();
  await expect(explain).toContainText(/Ingress: client-\S+ is isolated by default\/deny-all, and no ingress rule allows this\./);

  await toWeb.click();
  await expect(toWeb).toHaveClass(/picked/);
  await expect(page.getByTestId('net-hop')).toBeVisible();
  await expect(page.getByLabel('Trace source')).toHaveValue(/^default\/client-/);
  await expect(page.getByLabel('Trace destination')).toHaveValue(/^10\.244\.2\.\d+:80$/);
  // under flannel nothing drops it: the trace reaches the pod
  await page.getByRole('list', { name: 'Hops' }).locator('li').last().locator('button').click();
  await expect(page.getByTestId('net-verdict')).toBeVisible();
  await expect(page.getByTestId('net-verdict')).toHaveClass(/ok/);
  expect(errors).toEqual([]);
});
