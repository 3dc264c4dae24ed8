import { expect, test } from '@playwright/test';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';

/**
 * A 200-replica Deployment applied in the page rolls out completely at 10×: every pod reaches
 * Running on the cluster view. How long the main thread's tasks take meanwhile is a wall-clock figure
 * and is measured by `npm run perf:ui`, not asserted here.
 */
test('a 200-replica Deployment applied in the page runs every pod', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('big', 200, '10m', '16Mi'));
  await setSpeed(page, '10×');
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/big created');
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(200, { timeout: 150_000 });
});
