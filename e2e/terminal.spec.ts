import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { encodeShare } from '../src/scenario/urlCodec';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';
import { expectScreen, openTerminal, screen, screenLines, typeLine } from './terminalHelpers';

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
  return [...(await screen(page)).matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));
}

/** The line the cursor is on (the prompt and what is typed). */
async function inputLine(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = (window as unknown as { __kubetabTerminal: { text(): string } }).__kubetabTerminal.text().split('\n');
    return lines[lines.length - 1] ?? '';
  });
}

test('the kubectl terminal: get nodes, Tab completion, a pipe, history, Ctrl+R, and logs -f until Ctrl+C', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await openTerminal(page);

  // Space types a space here; it does not play or pause the clock.
  const playing = await page.getByRole('button', { name: 'Pause' }).isVisible();
  await page.keyboard.type('kubectl get nodes');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl kubectl get nodes');
  await expect(page.getByRole('button', { name: playing ? 'Pause' : 'Play' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expectScreen(page, 'STATUS');
  await expect.poll(async () => (await screen(page)).match(/(control-plane|worker-\d)\s+Ready/g)?.length).toBe(4);

  // Tab completes a resource type: `po` becomes `pods `.
  await page.keyboard.type('get po');
  await page.keyboard.press('Tab');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl get pods ');
  await page.keyboard.press('Control+U');
  // Several choices: the first Tab inserts what they share, the second lists them as bash does.
  await page.keyboard.type('get pods -n kube-system kube-');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expectScreen(page, /kube-proxy-\S+\s+kube-proxy-/);
  await page.keyboard.press('Control+U');

  // A mutating command changes the cluster the views show.
  await setSpeed(page, '10×');
  await openTerminal(page);
  await typeLine(page, 'create deployment web --image=nginx:1.27 --replicas=3');
  await expectScreen(page, 'deployment.apps/web created');
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-name^="web-"]')).toHaveCount(3, { timeout: 60_000 });

  // A pipe: the exact count of web pods.
  await typeLine(page, 'get pods | grep web | wc -l');
  await expect.poll(async () => (await screen(page)).split('\n').slice(-3)).toEqual(['$ kubectl get pods | grep web | wc -l', '3', '$ kubectl ']);

  // Errors go to stderr, shown in the error colour.
  await typeLine(page, 'get pod nope');
  await expectScreen(page, 'Error from server (NotFound): pods "nope" not found');
  const err = (await screenLines(page)).find((l) => l.text.startsWith('Error from server (NotFound)'));
  expect(err?.fg).toBe(1);

  // History: ↑ recalls, ↓ comes back to the empty line.
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl get pod nope');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl get pods | grep web | wc -l');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl ');

  // Ctrl+R finds an old command; Enter runs it.
  await page.keyboard.press('Control+R');
  await page.keyboard.type('deploy');
  await expect.poll(() => inputLine(page)).toBe("(reverse-i-search)`deploy': create deployment web --image=nginx:1.27 --replicas=3");
  await page.keyboard.press('Control+G');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl ');

  // A pod that counts, applied from the editor.
  await typeIntoEditor(page, COUNTER);
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('pod/counter created');
  await expect(page.locator('[data-kind="pod"][data-name="counter"][data-phase="Running"]')).toHaveCount(1, { timeout: 60_000 });
  if (await page.getByRole('button', { name: 'Play' }).isVisible()) await page.getByRole('button', { name: 'Play' }).click();

  await openTerminal(page);
  await typeLine(page, 'logs -f counter');
  await expectScreen(page, 'tick 0');
  const first = Math.max(...(await ticks(page)));
  // New lines arrive as the clock plays, each once and in order.
  await expect.poll(async () => Math.max(...(await ticks(page))), { timeout: 30_000 }).toBeGreaterThan(first + 5);
  await page.keyboard.press('Control+C');
  await expectScreen(page, '^C');
  await expect.poll(() => inputLine(page)).toBe('$ kubectl ');
  const stopped = await ticks(page);
  expect(stopped).toEqual(stopped.map((_, i) => i));
  await page.waitForTimeout(1500);
  expect(await ticks(page)).toEqual(stopped);

  // clear empties the screen.
  await typeLine(page, 'clear');
  await expect.poll(() => screen(page)).toBe('$ kubectl ');
  expect(errors).toEqual([]);
});

test('get pods -w follows the cluster until Ctrl+C', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await openTerminal(page);
  await typeLine(page, 'get pods -n kube-system -w');
  await expectScreen(page, 'coredns');
  await expect(page.getByText('Running as the clock plays — Ctrl+C stops it.')).toBeVisible();
  await page.keyboard.press('Control+C');
  await expectScreen(page, /\^C\n\$ kubectl $/);
  await expect(page.getByText('Running as the clock plays — Ctrl+C stops it.')).toBeHidden();
  // The prompt is back: the next command runs.
  await typeLine(page, 'get ns default -o name');
  await expectScreen(page, 'namespace/default');
});

test('ssh into a node from the terminal: its routes and flannel lease, then exit back to kubectl', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await openTerminal(page);

  await typeLine(page, 'ssh worker-3');
  await expect(page.getByRole('textbox', { name: 'shell command on worker-3' })).toBeFocused();
  await expect.poll(() => inputLine(page)).toBe('root@worker-3:~# ');

  await typeLine(page, 'ip route');
  // One route per other node through flannel's VXLAN device; no cni0 yet, since no pod has its own
  // network namespace on this node (kube-proxy and flannel use the host's; CoreDNS runs on the
  // control plane and worker-2).
  await expectScreen(page, '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
  await expectScreen(page, '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  expect(await screen(page)).not.toContain('cni0');

  await typeLine(page, 'cat /run/flannel/subnet.env');
  await expectScreen(page, 'FLANNEL_SUBNET=10.244.3.1/24');

  await typeLine(page, 'exit');
  await expectScreen(page, 'Connection to worker-3 closed.');
  await expect(page.getByRole('textbox', { name: 'kubectl command' })).toBeFocused();
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
  await openTerminal(page);

  await typeLine(page, 'exec -it client -- sh');
  await expect(page.getByRole('textbox', { name: 'shell command in client' })).toBeFocused();
  await expect.poll(() => inputLine(page)).toBe('/ # ');

  await typeLine(page, 'wget -qO- web');
  await expectScreen(page, '<title>Welcome to nginx!</title>');
  await typeLine(page, 'nslookup web');
  await expectScreen(page, /Name:\s+web\.default\.svc\.cluster\.local/);

  await typeLine(page, 'exit');
  await expect(page.getByRole('textbox', { name: 'kubectl command' })).toBeFocused();
  expect(errors).toEqual([]);
});
