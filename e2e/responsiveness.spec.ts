import { expect, test } from '@playwright/test';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';

/**
 * The page stays responsive while a 200-replica Deployment rolls out: no main-thread task longer
 * than 50 ms (Long Tasks API) from Apply until every pod is Running.
 */
test('no long main-thread task while a 200-replica Deployment rolls out', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('big', 200, '10m', '16Mi'));
  await setSpeed(page, '10×');
  // Let the editor and first render settle before measuring.
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask' });
  });
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/big created');
  await expect(page.locator('[data-kind="pod"][data-phase="Running"]')).toHaveCount(200, { timeout: 150_000 });
  await page.waitForTimeout(500);
  const long = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  test.info().annotations.push({ type: 'long tasks', description: JSON.stringify(long) });
  console.log(`long tasks during the rollout: ${long.length ? long.map((t) => `${t.duration} ms`).join(', ') : 'none'}`);
  expect(long, 'main-thread tasks over 50 ms').toEqual([]);
});
