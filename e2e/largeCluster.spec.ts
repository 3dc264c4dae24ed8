import { expect, test } from '@playwright/test';
import { largeClusterLink } from '../scripts/largeCluster.mjs';

/**
 * A large cluster opened by its link is built in the worker (the page shows the build's progress) and
 * drawn as dense tiles: every node is in the view, a search finds the last worker, and its tile opens
 * the inspector as a card does. E2E_LARGE_NODES sets the size: by default 1,000, the size.
 * On a loaded 2-core machine the test took 48–78 s, 29–39 s of it until every node was drawn; the
 * timeouts are about three times that.
 */
const NODES = Number(process.env.E2E_LARGE_NODES ?? 1000);
/** 2 pods per worker asked for */
const PODS = 2 * (NODES - 1);
/**
 * The fleet pods placed at 30 s, the link's time, as the same scenario gives on the command line (the
 * ReplicaSet controller creates them at the controller manager's 20 requests a second):
 * `npx kubetab run <scenario> --until 30s --exec "get pods -o wide"` (the page and the command are the
 * same simulation, so the numbers must agree). E2E_LARGE_PLACED gives it for another size.
 */
const PLACED_AT_30S: Record<number, number> = { 1000: 602 };
const PLACED = Number(process.env.E2E_LARGE_PLACED ?? PLACED_AT_30S[NODES]);
/** each node's kube-proxy and flannel, the control plane's four static pods, CoreDNS's two and metrics-server */
const SYSTEM = 2 * NODES + 7;
const LAST = `worker-${NODES - 1}`;

test(`a ${NODES}-node cluster loads and renders every node, without page errors`, async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // 2 pods per worker, opened at 30 s of virtual time: the nodes Ready, the first PLACED pods placed.
  await page.goto(`/${largeClusterLink(NODES, PODS, 30_000, 10)}`);
  const view = page.getByTestId('dense-view');
  await expect(view).toHaveAttribute('data-nodes', String(NODES), { timeout: 120_000 });
  expect(PLACED, 'the fleet pods placed at 30 s for this size (E2E_LARGE_PLACED)').toBeGreaterThan(0);
  // System pods are counted by default; hidden, the fleet's are left.
  await expect(page.getByTestId('dense-count')).toHaveText(`${NODES} nodes · ${PLACED + SYSTEM} pods`);
  await page.getByRole('checkbox', { name: /^System pods/ }).uncheck();
  await expect(page.getByTestId('dense-count')).toHaveText(`${NODES} nodes · ${PLACED} pods`);

  await page.getByRole('searchbox', { name: 'Find a node or pod' }).fill(LAST);
  await expect(page.getByTestId('dense-count')).toHaveText(`1 of ${NODES} nodes match`);
  await expect(page.locator(`.dense-hit[data-kind="node"][data-name="${LAST}"]`)).toBeVisible();
  // The one tile left is the last worker's: a click on its head opens it in the inspector.
  await page.locator('canvas.dense-canvas').click({ position: { x: 20, y: 12 } });
  // The worker answers between its own work, which in a large cluster can hold it for a while.
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(new RegExp(`Name:\\s+${LAST}\\n`), { timeout: 60_000 });

  // A pod found by name opens as a pod chip does.
  await page.getByRole('searchbox', { name: 'Find a node or pod' }).fill('fleet-');
  const pod = page.locator('.dense-hit[data-kind="pod"]').first();
  const name = await pod.getAttribute('data-name');
  await pod.click();
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(new RegExp(`Name:\\s+${name}\\n`), { timeout: 60_000 });
  expect(errors).toEqual([]);
});
