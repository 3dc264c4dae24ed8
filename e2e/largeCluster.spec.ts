import { expect, test } from '@playwright/test';
import { largeClusterLink } from '../scripts/largeCluster.mjs';

/**
 * A large cluster opened by its link is built in the worker (the page shows the build's progress) and
 * drawn as dense tiles: every node is in the view, a search finds the last worker, and its tile opens
 * the inspector as a card does. E2E_LARGE_NODES sets the size: by default 200, the largest this
 * machine builds in well under a minute today; E2E_LARGE_NODES=1000 is the size.
 */
const NODES = Number(process.env.E2E_LARGE_NODES ?? 200);
const LAST = `worker-${NODES - 1}`;

test(`a ${NODES}-node cluster loads and renders every node, without page errors`, async ({ page }) => {
  test.setTimeout(400_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // 2 pods per worker, opened at 30 s of virtual time: the nodes Ready, the pods placed.
  await page.goto(`/${largeClusterLink(NODES, 2 * (NODES - 1), 30_000, 10)}`);
  const view = page.getByTestId('dense-view');
  await expect(view).toHaveAttribute('data-nodes', String(NODES), { timeout: 360_000 });
  await expect(page.getByTestId('dense-count')).toHaveText(`${NODES} nodes · ${Number(await view.getAttribute('data-pods'))} pods`);

  await page.getByRole('searchbox', { name: 'Find a node or pod' }).fill(LAST);
  await expect(page.getByTestId('dense-count')).toHaveText(`1 of ${NODES} nodes match`);
  await expect(page.locator(`.dense-hit[data-kind="node"][data-name="${LAST}"]`)).toBeVisible();
  // The one tile left is the last worker's: a click on its head opens it in the inspector.
  await page.locator('canvas.dense-canvas').click({ position: { x: 20, y: 12 } });
  // The worker answers between its own work, which in a large cluster can hold it for a while.
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(new RegExp(`Name:\\s+${LAST}\\n`), { timeout: 120_000 });

  // A pod found by name opens as a pod chip does.
  await page.getByRole('searchbox', { name: 'Find a node or pod' }).fill('fleet-');
  const pod = page.locator('.dense-hit[data-kind="pod"]').first();
  const name = await pod.getAttribute('data-name');
  await pod.click();
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(new RegExp(`Name:\\s+${name}\\n`), { timeout: 120_000 });
  expect(errors).toEqual([]);
});
