import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { encodeShare } from '../src/scenario/urlCodec';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';

const COUNTER = `apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: counter
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done"]
`;

async function ticks(page: Page): Promise<number[]> {
  const text = (await page.getByTestId('terminal-output').textContent()) ?? '';
  return [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
}

test('the kubectl terminal: get nodes, create a Deployment, history, and logs -f until Ctrl+C', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);

  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await expect(input).toBeFocused();
  const output = page.getByTestId('terminal-output');

  // Space types a space here; it does not play or pause the clock.
  const playing = await page.getByRole('button', { name: 'Pause' }).isVisible();
  await input.pressSequentially('kubectl get nodes');
  await expect(input).toHaveValue('kubectl get nodes');
  await expect(page.getByRole('button', { name: playing ? 'Pause' : 'Play' })).toBeVisible();
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(output).toContainText('STATUS');
  const text = (await output.textContent()) ?? '';
  expect(text.match(/(control-plane|worker-\d)\s+Ready/g)).toHaveLength(4);

  // A mutating command changes the cluster the views show.
  await setSpeed(page, '10×');
  await input.fill('create deployment web --image=nginx:1.27 --replicas=2');
  await input.press('Enter');
  await expect(output).toContainText('deployment.apps/web created');
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-name^="web-"]')).toHaveCount(2, { timeout: 60_000 });

  // Errors go to stderr, shown in the error colour.
  await input.fill('get pod nope');
  await input.press('Enter');
  await expect(page.locator('.term-err').last()).toContainText('Error from server (NotFound): pods "nope" not found');

  // History.
  await input.press('ArrowUp');
  await expect(input).toHaveValue('get pod nope');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('create deployment web --image=nginx:1.27 --replicas=2');
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('');

  // A pod that counts, applied from the editor.
  await typeIntoEditor(page, COUNTER);
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('pod/counter created');
  await expect(page.locator('[data-kind="pod"][data-name="counter"][data-phase="Running"]')).toHaveCount(1, { timeout: 60_000 });
  if (await page.getByRole('button', { name: 'Play' }).isVisible()) await page.getByRole('button', { name: 'Play' }).click();

  await input.fill('logs -f counter');
  await input.press('Enter');
  await expect(output).toContainText('tick 0');
  const first = Math.max(...(await ticks(page)));
  // New lines arrive as the clock plays, each once and in order.
  await expect.poll(async () => Math.max(...(await ticks(page))), { timeout: 30_000 }).toBeGreaterThan(first + 5);
  await input.press('Control+C');
  await expect(output).toContainText('^C');
  const stopped = await ticks(page);
  expect(stopped).toEqual(stopped.map((_, i) => i));
  await page.waitForTimeout(1500);
  expect(await ticks(page)).toEqual(stopped);

  // clear empties the screen.
  await input.fill('clear');
  await input.press('Enter');
  await expect(output).toHaveText('');
  expect(errors).toEqual([]);
});

test('ssh into a node from the terminal: its routes and flannel lease, then exit back to kubectl', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const output = page.getByTestId('terminal-output');

  await page.getByRole('textbox', { name: 'kubectl command' }).fill('ssh worker-3');
  await page.getByRole('textbox', { name: 'kubectl command' }).press('Enter');
  const shell = page.getByRole('textbox', { name: 'shell command on worker-3' });
  await expect(shell).toBeFocused();
  await expect(page.locator('.term-input-line .term-prompt')).toHaveText('root@worker-3:~#');

  await shell.fill('ip route');
  await shell.press('Enter');
  // One route per other node through flannel's VXLAN device; no cni0 yet, since no pod has its own
  // network namespace on this node (kube-proxy and flannel use the host's; CoreDNS runs on the
  // control plane and worker-2).
  await expect(output).toContainText('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
  await expect(output).toContainText('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  await expect(output).not.toContainText('cni0');

  await shell.fill('cat /run/flannel/subnet.env');
  await shell.press('Enter');
  await expect(output).toContainText('FLANNEL_SUBNET=10.244.3.1/24');

  await shell.fill('exit');
  await shell.press('Enter');
  await expect(output).toContainText('Connection to worker-3 closed.');
  await expect(page.getByRole('textbox', { name: 'kubectl command' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a shell in a pod from the terminal: busybox fetches a Service by name through the network, then exit back to kubectl', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const manifest = `${deployment('web', 2)}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]
`;
  await page.goto(`/${encodeShare({ seed: 1, cluster: {}, actions: [{ atMs: 0, apply: manifest }] }, 30_000)}`);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const output = page.getByTestId('terminal-output');
  const kubectl = page.getByRole('textbox', { name: 'kubectl command' });
  const type = async (box: ReturnType<typeof page.getByRole>, line: string) => {
    await box.fill(line);
    await box.press('Enter');
  };

  await type(kubectl, 'exec -it client -- sh');
  const shell = page.getByRole('textbox', { name: 'shell command in client' });
  await expect(shell).toBeFocused();
  await expect(page.locator('.term-input-line .term-prompt')).toHaveText('/ #');

  await type(shell, 'wget -qO- web');
  await expect(output).toContainText('<title>Welcome to nginx!</title>');
  await type(shell, 'nslookup web');
  await expect(output).toContainText('Name:\tweb.default.svc.cluster.local');

  await type(shell, 'exit');
  await expect(page.getByRole('textbox', { name: 'kubectl command' })).toBeVisible();
  expect(errors).toEqual([]);
});
