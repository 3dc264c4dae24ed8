import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { decodeShare, encodeShare } from '../src/scenario/urlCodec';
import type { Scenario } from '../src/scenario/format';

/** An nginx Deployment kept to one node, so a pod elsewhere reaches it across the overlay. */
function pinned(name: string, replicas: number, node: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
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
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

const scenario: Scenario = {
  seed: 7,
  cluster: {},
  actions: [
    { atMs: 0, apply: pinned('web', 2, 'worker-2') },
    { atMs: 0, apply: pinned('client', 1, 'worker-1') },
    { atMs: 1000, apply: SERVICE },
  ],
};

const hop = (page: Page) => page.getByTestId('net-hop');

/** Runs a trace from the client pod to `dest` from the trace panel. */
async function traceFromClient(page: Page, dest: string): Promise<void> {
  const source = page.getByLabel('Trace source');
  const client = await source.locator('option', { hasText: 'default/client-' }).getAttribute('value');
  await source.selectOption(client!);
  await page.getByLabel('Trace destination').fill(dest);
  await page.getByRole('button', { name: 'Trace', exact: true }).click();
}

/** Next until the hop shown is of `kind` (and its text matches), at most `max` steps. */
async function nextUntil(page: Page, kind: string, text: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    const k = await hop(page).getAttribute('data-kind');
    if (k === kind && text.test((await hop(page).textContent()) ?? '')) return;
    const n = await page.getByTestId('net-hop-count').textContent();
    await page.getByRole('button', { name: 'Next ▶' }).click();
    await expect(page.getByTestId('net-hop-count')).not.toHaveText(n ?? '');
  }
  throw new Error(`no ${kind} hop matching ${text}`);
}

test('the Network tab draws nodes, bridges and veths; a pod → Service trace steps to the DNAT and the VXLAN hop', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 30_000)}`);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Network' }).click();

  // Each node, the bridges of the nodes that run pods, one veth per pod, and the Service's VIP.
  await expect(page.locator('[data-kind="net-node"]')).toHaveCount(4);
  await expect(page.locator('[data-kind="net-pod"][data-name^="default/web-"]')).toHaveCount(2);
  await expect(page.locator('[data-kind="net-node"][data-name="worker-1"] [data-kind="net-pod"][data-name^="default/client-"]')).toHaveCount(1);
  for (const n of ['worker-1', 'worker-2']) {
    await expect(page.locator(`[data-kind="net-node"][data-name="${n}"] [data-kind="device"][data-name="cni0"]`)).toHaveCount(1);
    await expect(page.locator(`[data-kind="net-node"][data-name="${n}"] [data-kind="device"][data-name="flannel.1"]`)).toHaveCount(1);
  }
  await expect(page.locator('[data-kind="net-node"][data-name="worker-2"] [data-kind="veth"]')).toHaveCount(await page.locator('[data-kind="net-node"][data-name="worker-2"] [data-kind="net-pod"]').count());
  await expect(page.locator('[data-kind="service"][data-name="default/web"]')).toBeVisible();
  await expect(page.getByTestId('net-settings')).toContainText('flannel');
  await expect(page.getByLabel('kube-proxy mode')).toHaveValue('iptables');

  // Trace from the client pod on worker-1 to the Service by name.
  await traceFromClient(page, 'web:80');
  await expect(page.getByTestId('net-hop-count')).toHaveText(/^hop 1 of \d+$/);
  await expect(page.getByTestId('net-packet')).toBeVisible();

  // The DNAT on worker-1: the headers show the ClusterIP rewritten to a web pod on worker-2.
  await nextUntil(page, 'nat', /DNAT/);
  await expect(hop(page)).toContainText('worker-1');
  await expect(page.getByTestId('net-headers')).toContainText(/DNAT\s*10\.\d+\.\d+\.\d+:80 → 10\.244\.2\.\d+:80/);

  // Then into the tunnel: VXLAN to worker-2, the outer header shown and the tunnel lit.
  await nextUntil(page, 'encap', /VXLAN/);
  await expect(hop(page)).toContainText('flannel.1');
  await expect(page.getByTestId('net-headers')).toContainText(/outer\s*UDP 192\.168\.1\.11:\d+ → 192\.168\.1\.12:8472/);
  await expect(page.locator('path.net-tunnel.active[data-tunnel="worker-1|worker-2"]')).toHaveCount(1);

  // The keyboard steps too: back one hop and forward again.
  const at = await page.getByTestId('net-hop-count').textContent();
  await page.getByRole('button', { name: 'Next ▶' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('net-hop-count')).not.toHaveText(at!);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('net-hop-count')).toHaveText(at!);
  await expect(hop(page)).toHaveAttribute('data-kind', 'encap');

  // At the end, the verdict.
  await page.keyboard.press('End');
  await expect(page.getByTestId('net-verdict')).toContainText(/^delivered to default\/web-\S+: connection established with nginx \(HTTP\)$/);
  expect(errors).toEqual([]);
});

test('switching kube-proxy to IPVS from the Network tab rebuilds the cluster with kube-ipvs0 on every node and keeps it in the link', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 30_000)}`);
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.locator('[data-kind="net-node"]')).toHaveCount(4);
  await expect(page.locator('[data-kind="device"][data-name="kube-ipvs0"]')).toHaveCount(0);

  await page.getByLabel('kube-proxy mode').selectOption('ipvs');
  await expect(page.getByText("The scenario was restarted with flannel's vxlan backend and kube-proxy in ipvs mode (scheduler rr).")).toBeVisible();
  await expect(page.locator('[data-kind="device"][data-name="kube-ipvs0"]')).toHaveCount(4);
  await expect(page.getByLabel('IPVS scheduler')).toHaveValue('rr');
  await expect
    .poll(async () => {
      const r = decodeShare(await page.evaluate(() => location.hash));
      return r.ok ? r.scenario.cluster.kubeProxy : undefined;
    })
    .toEqual({ mode: 'ipvs' });

  // worker-1's insides now list IPVS's virtual servers.
  await page.getByRole('button', { name: 'Node worker-1: open its insides' }).click();
  await page.getByRole('tab', { name: 'ipvsadm -Ln' }).click();
  const ipvs = page.getByRole('region', { name: 'Node worker-1' }).getByRole('tabpanel');
  await expect(ipvs).toContainText('IP Virtual Server version 1.2.1 (size=4096)');
  // The restart goes back to 0 s, before the Service is applied: kube-dns's virtual servers are there.
  await expect(ipvs).toContainText(/TCP {2}10\.96\.0\.10:53 rr/);
  expect(errors).toEqual([]);
});

test("worker-1's iptables-save: follow the Service's chain to its endpoints, then scale and see the rewritten rules highlighted", async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const scaled: Scenario = { ...scenario, actions: [...scenario.actions, { atMs: 40_000, kubectl: 'scale deployment/web --replicas=3' }] };
  await page.goto(`/${encodeShare(scaled, 30_000)}`);
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'Node worker-1: open its insides' }).click();
  await page.getByRole('tab', { name: 'iptables-save nat' }).click();
  const panel = page.getByRole('region', { name: 'Node worker-1' }).getByRole('tabpanel');
  // KUBE-SERVICES jumps to the Service's chain: follow the link, which opens the chain labelled with the Service.
  await panel.locator('.ipt-line', { hasText: '"default/web cluster IP"' }).locator('.ipt-link').first().click();
  const svc = panel.locator('[data-block^="nat/KUBE-SVC-"]').filter({ hasText: 'Service default/web' });
  await expect(svc.locator('.ipt-toggle')).toHaveAttribute('aria-expanded', 'true');
  // Two endpoints: the first rule sends half the connections to one, the rest go to the other.
  await expect(svc).toContainText('--probability 0.50000000000');
  await expect(svc.locator('.ipt-link', { hasText: /^KUBE-SEP-/ })).toHaveCount(2);
  await svc.locator('.ipt-link', { hasText: /^KUBE-SEP-/ }).first().click();
  await expect(panel.locator('[data-block^="nat/KUBE-SEP-"] .ipt-toggle[aria-expanded="true"]').first()).toBeVisible();
  await expect(panel).toContainText(/DNAT --to-destination 10\.244\.2\.\d+:80/);

  // Scale to three: kube-proxy rewrites the probabilities (1/3, then 1/2) and the panel marks them.
  await page.getByRole('button', { name: /^Play/ }).click();
  await expect(svc).toContainText('--probability 0.33333333349', { timeout: 30_000 });
  await expect(svc.locator('.ipt-line[data-change]').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a share link reproduces the trace at the same step', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 30_000)}`);
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.locator('[data-kind="net-node"]')).toHaveCount(4);
  await traceFromClient(page, 'web:80');
  await expect(page.getByTestId('net-hop-count')).toHaveText(/^hop 1 of \d+$/);
  await nextUntil(page, 'nat', /DNAT/);
  const at = await page.getByTestId('net-hop-count').textContent();
  const text = await hop(page).textContent();
  const step = Number(/\d+/.exec(at!)![0]) - 1;
  await expect
    .poll(async () => {
      const r = decodeShare(await page.evaluate(() => location.hash));
      return r.ok ? r.ui?.traceStep : undefined;
    })
    .toBe(step);

  // A fresh page from the link: the same trace, at the same hop.
  const link = await page.evaluate(() => location.hash);
  const fresh = await page.context().newPage();
  await fresh.goto(`/${link}`);
  await fresh.getByRole('tab', { name: 'Network' }).click();
  await expect(fresh.getByTestId('net-hop-count')).toHaveText(at!);
  await expect(fresh.getByTestId('net-hop')).toHaveText(text!);
  expect(errors).toEqual([]);
});
