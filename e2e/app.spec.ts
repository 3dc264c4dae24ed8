import { decodeShare } from '../src/scenario/urlCodec';
import { expect, test } from '@playwright/test';
import { apply, deployment, podPlaces, setSpeed, typeIntoEditor } from './helpers';

test('apply a Deployment typed into the editor: pods Running on workers, Scheduled events, and the link rebuilds the same cluster', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);

  await typeIntoEditor(page, deployment('hello', 3));
  await setSpeed(page, '10×');
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/hello created');

  const running = page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]');
  await expect(running).toHaveCount(3, { timeout: 60_000 });
  const pods = await podPlaces(page);
  expect(pods).toHaveLength(3);
  for (const p of pods) {
    expect(p.name).toMatch(/^hello-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(p.node).toMatch(/^worker-\d$/);
    // The pod is drawn inside its node's card.
    await expect(page.locator(`[data-kind="node"][data-name="${p.node}"] [data-kind="pod"][data-name="${p.name}"]`)).toHaveCount(1);
  }

  // Scheduled events in the log (filter so the rows are on screen).
  await page.getByRole('searchbox', { name: 'Filter events by text' }).fill('assigned default/');
  const scheduled = page.locator('.log-row[data-reason="Scheduled"]');
  await expect(scheduled).toHaveCount(3);
  await expect(scheduled.first()).toContainText('Successfully assigned default/hello-');
  await expect(scheduled.first()).toContainText('default-scheduler');

  // Selecting a pod shows its describe output and YAML.
  await page.locator(`[data-kind="pod"][data-name="${pods[0]!.name}"]`).click();
  await expect(page.getByTestId('inspector-describe')).toContainText(`Name:`);
  await expect(page.getByTestId('inspector-describe')).toContainText(pods[0]!.name);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByTestId('inspector-yaml')).toContainText('kind: Pod');

  // Pause: the address bar now holds the scenario at this exact time.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s2\./);
  const time = await page.getByLabel('Virtual time').textContent();
  const url = page.url();
  expect(url.length).toBeLessThan(2000);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.locator('[data-kind="node"]')).toHaveCount(4);
  await expect(other.locator('[data-kind="pod"][data-namespace="default"]')).toHaveCount(3);
  expect(await podPlaces(other)).toEqual(pods);
  await expect(other.getByLabel('Virtual time')).toHaveText(time!);
  await expect(other.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a garbage hash shows a clear message and a working default cluster', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#s1.this-is-not-a-scenario!!');
  const banner = page.locator('[data-banner="link"]');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('default cluster');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  for (const name of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) await expect(page.locator(`[data-kind="node"][data-name="${name}"]`)).toHaveCount(1);

  // The default cluster works: the starter manifest applies and its pods start.
  await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
  await setSpeed(page, '100×');
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(3, { timeout: 60_000 });

  // The message can be dismissed.
  await banner.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(banner).toHaveCount(0);

  // Other hostile links: a future format, a hash that is not ours at all, and a well-formed link whose
  // node has a negative memory (cluster.nodes[0].memory: "-4").
  const negativeMemory = '#s2.NYs5CoAwEEXv8uuICla5hmAjFqNOETSJZBEk5O6Ohd1f3iuIGzsKxkMX0GUmDtF4B40jr5xobe8eCodxu2zjDytsZ46Jw6c5v3OEniWRZcFIfsvWh0dKM6AutSok6K6-';
  for (const hash of ['#s9.AAAA', '#<img src=x onerror=alert(1)>', `#s1.${'A'.repeat(5000)}`, negativeMemory]) {
    await page.goto(`/${hash}`);
    await page.reload();
    await expect(page.locator('[data-banner="link"]')).toBeVisible();
    if (hash === negativeMemory) await expect(page.locator('[data-banner="link"]')).toContainText('cluster.nodes[0].memory: Invalid value: "-4"');
    await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  }
  expect(errors).toEqual([]);
});

test('pasting a new link into the address bar reloads the cluster', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
  await setSpeed(page, '100×');
  await apply(page);
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(3, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // While playing, the hash is written at most once a second; after the pause it must catch up with
  // the time shown before we take it.
  const shownMs = parseClock(await page.getByRole('status', { name: 'Virtual time' }).textContent());
  await expect.poll(async () => linkTime(await page.evaluate(() => location.hash))).toBe(shownMs);
  const withPods = await page.evaluate(() => location.hash);

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('[data-kind="pod"][data-namespace="default"]')).toHaveCount(0);
  await page.evaluate((h) => {
    location.hash = h;
  }, withPods);
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(3);
});

test('the editor text survives a reload', async ({ page }) => {
  await page.goto('/');
  await typeIntoEditor(page, deployment('kept', 1));
  await page.waitForTimeout(400);
  await page.reload();
  await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('name: kept');
});

/** "1:02.3" → 62300 */
function parseClock(text: string | null): number {
  const m = /(?:(\d+):)?(\d+):(\d+)\.(\d)/.exec(text ?? '');
  if (!m) throw new Error(`unexpected clock text ${text}`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) * 100;
}

/** The virtual time a share link opens at, to the tenth of a second shown by the clock. */
function linkTime(hash: string): number | undefined {
  const r = decodeShare(hash);
  return r.ok ? Math.floor(r.atMs / 100) * 100 : undefined;
}
