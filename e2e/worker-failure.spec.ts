import { expect, test } from '@playwright/test';
import { apply, deployment, typeIntoEditor } from './helpers';

test('when the cluster worker fails, the page says so, keeps the manifest, and rebuilds from the scenario', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('kept', 2));
  await apply(page);
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-name^="kept-"]')).toHaveCount(2, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const before = await page.locator('[data-kind="pod"][data-namespace="default"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')).sort());

  // The next worker the page starts dies on load, as a crashed worker would.
  await page.route('**/assets/worker-*.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'throw new Error("simulated crash");' }));
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'The cluster stopped.' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('Your manifest is kept.');

  await page.unroute('**/assets/worker-*.js');
  await page.getByRole('button', { name: 'Rebuild the cluster from the scenario' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The cluster stopped.' })).toHaveCount(0);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  expect(await page.evaluate(() => sessionStorage.getItem('kubetab.editor'))).toContain('name: kept');
  await expect(page.locator('[data-kind="pod"][data-namespace="default"]')).toHaveCount(before.length, { timeout: 30_000 });
});
