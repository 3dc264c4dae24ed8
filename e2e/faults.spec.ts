import { encodeShare, decodeShare } from '../src/scenario/urlCodec';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, deployment, podPlaces, setSpeed, typeIntoEditor } from './helpers';

/** The first row's virtual time (ms, to the second) of an event reason, read from the event log. */
async function eventTime(page: Page, reason: string): Promise<number> {
  const search = page.getByRole('searchbox', { name: 'Filter events by text' });
  await search.fill(reason);
  const row = page.locator(`.log-row[data-reason="${reason}"]`).first();
  await expect(row).toBeVisible();
  const t = await row.locator('[role="cell"]').first().textContent();
  await search.fill('');
  const parts = (t ?? '').split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0) * 1000;
}

/** The scenario log the address bar holds now. */
async function loggedFaults(page: Page): Promise<{ atMs: number; fault: { type: string } }[]> {
  const r = decodeShare(await page.evaluate(() => location.hash));
  if (!r.ok) return [];
  return r.scenario.actions.filter((a): a is Extract<typeof a, { fault: unknown }> => 'fault' in a) as never;
}

test('node-down from the node menu: NotReady after the 40s grace, pods evicted after 300s and replaced, the old ones left Terminating', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('web', 6));
  await setSpeed(page, '100×');
  await apply(page);
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(6, { timeout: 60_000 });
  const before = await podPlaces(page);
  const doomed = before.filter((p) => p.node === 'worker-1').map((p) => p.name);
  expect(doomed.length).toBeGreaterThan(0);

  // The node menu, by keyboard: focus its button, Enter opens it on the first item (Power off).
  const menuButton = page.getByRole('button', { name: 'Faults for node worker-1' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Break node worker-1' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /node-down/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await expect(page.locator('[data-toast="ok"]').last()).toContainText('node worker-1 powered off');
  // The card names the cause at once; the Ready condition still says True until the controller notices.
  await expect(page.locator('[data-kind="node"][data-name="worker-1"] .injected')).toContainText('powered off');

  // It is a scenario action: in the share link, at the time it was injected.
  await expect.poll(async () => (await loggedFaults(page)).map((a) => a.fault)).toEqual([{ type: 'node-down', node: 'worker-1' }]);
  const faultAt = (await loggedFaults(page))[0]!.atMs;

  // The node-lifecycle controller marks it NotReady once its lease is 40s stale.
  const worker1 = page.locator('[data-kind="node"][data-name="worker-1"]');
  await expect(worker1).toHaveAttribute('data-status', /^NotReady/, { timeout: 30_000 });
  await expect(worker1.getByRole('note')).toContainText('Ready: Unknown');
  await expect(worker1.locator('.taint.effect-NoExecute')).toContainText('node.kubernetes.io/unreachable:NoExecute');
  const notReadyAt = await eventTime(page, 'NodeNotReady');
  expect(notReadyAt - faultAt).toBeGreaterThanOrEqual(29_000);
  expect(notReadyAt - faultAt).toBeLessThanOrEqual(52_000);

  // After the default tolerationSeconds (300s) the pods are marked for deletion and replaced elsewhere;
  // no kubelet confirms the old ones, so they stay Terminating on the dead node.
  for (const name of doomed) await expect(page.locator(`[data-kind="pod"][data-name="${name}"]`)).toHaveAttribute('data-phase', 'Terminating', { timeout: 30_000 });
  const evictedAt = await eventTime(page, 'TaintManagerEviction');
  expect(evictedAt - notReadyAt).toBeGreaterThanOrEqual(299_000);
  expect(evictedAt - notReadyAt).toBeLessThanOrEqual(312_000);
  await expect
    .poll(async () => (await podPlaces(page)).filter((p) => p.phase === 'Running' && p.node !== 'worker-1').length, { timeout: 30_000 })
    .toBe(6);
  await page.waitForTimeout(500); // about 50 more virtual seconds at 100×
  for (const name of doomed) {
    const chip = page.locator(`[data-kind="pod"][data-name="${name}"]`);
    await expect(chip).toHaveAttribute('data-phase', 'Terminating');
    await expect(chip).toHaveAttribute('data-node', 'worker-1');
  }
  expect(errors).toEqual([]);
});

test('container-crash from the pod menu: the kubelet restarts it, then backs off (CrashLoopBackOff)', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('crashy', 1));
  await setSpeed(page, '100×');
  await apply(page);
  const chip = page.locator('[data-kind="pod"][data-namespace="default"]');
  await expect(chip).toHaveAttribute('data-phase', 'Running', { timeout: 60_000 });
  const name = (await chip.getAttribute('data-name'))!;

  // Right-click the pod: its fault menu.
  await chip.click({ button: 'right' });
  await page.getByRole('menu', { name: `Break pod ${name}` }).getByRole('menuitem', { name: /container-crash/ }).click();
  await expect(page.locator('[data-toast="ok"]').last()).toContainText(`pod default/${name}: container`);
  await expect(chip).toHaveAttribute('data-restarts', '1', { timeout: 30_000 });
  await expect(chip).toHaveAttribute('data-phase', 'Running');

  // Crash it again from the inspector's menu, at 1× so the 10s back-off can be seen.
  await setSpeed(page, '1×');
  await chip.click();
  await page.getByRole('button', { name: `Faults for pod ${name}` }).click();
  await page.getByRole('menuitem', { name: /container-crash/ }).click();
  await expect(chip).toHaveAttribute('data-phase', 'CrashLoopBackOff', { timeout: 15_000 });
  await page.getByRole('searchbox', { name: 'Filter events by text' }).fill('Back-off restarting');
  await expect(page.locator('.log-row[data-reason="BackOff"]').first()).toContainText(name);
  await setSpeed(page, '100×');
  await expect(chip).toHaveAttribute('data-restarts', '2', { timeout: 30_000 });
  await expect(chip).toHaveAttribute('data-phase', 'Running');
  expect((await loggedFaults(page)).map((a) => a.fault.type)).toEqual(['container-crash', 'container-crash']);
  expect(errors).toEqual([]);
});

test('workloads view: a Deployment’s revision history after `set image`, and the owner chain', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const manifest = deployment('web', 3);
  const link = encodeShare({ seed: 1, cluster: {}, actions: [{ atMs: 0, apply: manifest }, { atMs: 30_000, kubectl: 'set image deployment/web app=nginx:1.28' }] }, 25_000);
  await page.goto(`/${link.slice(link.indexOf('#'))}`);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Workloads' }).click();
  const card = page.locator('[data-kind="deployment"][data-name="web"]');
  await expect(card).toBeVisible();
  await expect(card.locator('[data-kind="replicaset"]')).toHaveCount(1);
  await expect(card.locator('[data-kind="replicaset"][data-revision="1"]')).toContainText('nginx:1.27');

  // Play through the set image: a second ReplicaSet, revision 2, grows while revision 1 shrinks.
  await setSpeed(page, '1×');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(card.getByText('rolling out')).toBeVisible({ timeout: 20_000 });
  await setSpeed(page, '10×');
  const rev2 = card.locator('[data-kind="replicaset"][data-revision="2"]');
  const rev1 = card.locator('[data-kind="replicaset"][data-revision="1"]');
  await expect(rev2).toContainText('nginx:1.28');
  await expect(rev2).toHaveAttribute('data-replicas', '3', { timeout: 30_000 });
  await expect(rev1).toHaveAttribute('data-replicas', '0', { timeout: 30_000 });
  await expect(card.getByText('rolling out')).toHaveCount(0, { timeout: 30_000 });
  await expect(card.locator('tbody tr').first()).toHaveAttribute('data-revision', '2');
  await expect(rev2.locator('.dot[data-phase="Running"]')).toHaveCount(3, { timeout: 30_000 });

  // The owner chain: select revision 2's ReplicaSet; the inspector shows Deployment → ReplicaSet and its pods.
  const rsName = (await rev2.getAttribute('data-name'))!;
  await rev2.getByRole('button', { name: rsName }).click();
  const chain = page.getByRole('navigation', { name: 'Owner chain' });
  await expect(chain).toContainText(`deployment/web`);
  await expect(chain).toContainText(`replicaset/${rsName}`);
  await expect(chain).toContainText('owns 3');
  await expect(page.getByTestId('inspector-describe')).toContainText('Deployment/web');
  await chain.getByRole('button', { name: 'deployment/web' }).click();
  await expect(page.getByRole('heading', { name: 'deployment/web' })).toBeVisible();
  await expect(page.getByTestId('inspector-describe')).toContainText('deployment.kubernetes.io/revision: 2');
  expect(errors).toEqual([]);
});
