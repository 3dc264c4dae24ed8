import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';

const trace = (page: Page) => page.getByTestId('sched-trace');
/** The table's node columns, by their Filter verdict so far. */
const rows = (page: Page, filter: 'pass' | 'fail' | 'none') => trace(page).locator(`thead th[data-filter="${filter}"]`);

test('step through one pod\'s scheduling cycle: filter rows per node, then scores, then the winner', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  // kube-system's pods are drawn as compact chips, still hooked by data-kind.
  await expect(page.locator('[data-kind="pod"][data-namespace="kube-system"].system').first()).toBeVisible();

  await page.getByRole('tab', { name: 'Scheduler' }).click();
  // The checkbox follows the worker's state, so it turns on once the worker has answered.
  await page.getByLabel('Step scheduling').click();
  await expect(page.getByLabel('Step scheduling')).toBeChecked();
  await expect(page.getByTestId('sched-next')).toContainText('Waiting for a pod');

  await typeIntoEditor(page, deployment('stepper', 1));
  await setSpeed(page, '10×');
  await apply(page);

  // The pod's cycle opens, stopped before PreFilter; the clock pauses.
  await expect(page.getByTestId('sched-next')).toContainText('PreFilter', { timeout: 30_000 });
  await expect(trace(page)).toContainText('default/stepper-');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(rows(page, 'none')).toHaveCount(4);

  const next = page.getByRole('button', { name: 'Next', exact: true });
  /** Next, then wait for the worker to have performed it (the panel shows the step after). */
  const step = async (): Promise<string | null> => {
    const n = Number(await page.getByTestId('sched-next').getAttribute('data-step'));
    await next.click();
    await expect(page.locator(`[data-testid="sched-next"]:not([data-step="${n}"])`)).toHaveCount(1);
    return page.getByTestId('sched-next').getAttribute('data-point');
  };
  await step(); // PreFilter
  await expect(page.getByTestId('sched-next')).toContainText('Filter');
  // Filter, one node per step: the rows fill in one by one.
  for (let i = 1; i <= 4; i++) {
    await step();
    await expect(rows(page, 'none')).toHaveCount(4 - i);
  }
  await expect(rows(page, 'fail')).toHaveCount(1);
  await expect(trace(page).locator('td.fail[data-verdict="fail"]')).toContainText('untolerated taint {node-role.kubernetes.io/control-plane: }');
  await expect(rows(page, 'pass')).toHaveCount(3);
  await expect(trace(page).locator('td[data-score]')).toHaveCount(0);

  // Score plugins, one step each: the rows fill in plugin by plugin, then Select.
  const counts: number[] = [];
  for (let i = 0; i < 24 && (await page.getByTestId('sched-next').getAttribute('data-point')) !== 'Select'; i++) {
    await step();
    counts.push(await trace(page).locator('td[data-score]').count());
  }
  const final = counts.at(-1)!;
  expect(final % 3).toBe(0);
  expect(counts.some((c) => c > 0 && c < final)).toBe(true);
  expect(counts.every((c, i) => i === 0 || c >= counts[i - 1]!)).toBe(true);
  await expect(page.getByTestId('sched-next')).toContainText('Select');
  await expect(trace(page).locator('td.total[data-total]:not([data-total=""])')).toHaveCount(3);
  await expect(trace(page).locator('th.node-col.winner')).toHaveCount(0);
  await step(); // Select
  await expect(trace(page).locator('th.node-col.winner')).toHaveCount(1);
  const winner = await trace(page).locator('th.node-col.winner').getAttribute('data-node');
  expect(winner).toMatch(/^worker-\d$/);

  // Reserve … Bind, then the cycle is over and recorded.
  for (let i = 0; i < 6 && (await page.getByTestId('sched-next').getAttribute('data-point')) !== 'Bind'; i++) await step();
  await next.click(); // Bind
  await expect(trace(page)).toHaveAttribute('data-outcome', 'Scheduled');
  await expect(page.getByTestId('sched-chosen')).toContainText(winner!);

  await page.getByRole('tab', { name: 'Cluster' }).click();
  await expect(page.locator(`[data-kind="node"][data-name="${winner}"] [data-kind="pod"][data-name^="stepper-"]`)).toHaveCount(1, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('a pod that fits nowhere: the FitError in the panel and the failed nodes dimmed on the cluster view', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('huge', 1, '100'));
  await setSpeed(page, '10×');
  await apply(page);
  const pod = page.locator('[data-kind="pod"][data-name^="huge-"]');
  await expect(pod).toHaveCount(1, { timeout: 30_000 });
  await pod.click();

  await page.getByRole('tab', { name: 'Scheduler' }).click();
  await expect(page.getByTestId('fit-error')).toContainText('0/4 nodes are available', { timeout: 30_000 });
  await expect(page.getByTestId('fit-error')).toContainText('3 Insufficient cpu');
  await expect(trace(page)).toHaveAttribute('data-outcome', 'Unschedulable');
  await expect(rows(page, 'fail')).toHaveCount(4);
  await expect(page.locator('[data-queue="unschedulablePods"] [data-kind="queued-pod"][data-name^="huge-"], [data-queue="backoffQ"] [data-kind="queued-pod"][data-name^="huge-"]')).toHaveCount(1);

  await page.getByRole('tab', { name: 'Cluster' }).click();
  await expect(page.locator('[data-kind="node"][data-sched="failed"]')).toHaveCount(4);
  await expect(page.locator('[data-kind="node"][data-name="worker-1"] [data-testid="sched-verdict"]')).toContainText('Insufficient cpu');
});

test('the scheduler configuration is set from the panel, refused when invalid, and kept in the link', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Scheduler' }).click();
  const panel = page.getByTestId('sched-config');
  await panel.locator('summary').click();
  const text = panel.getByRole('textbox', { name: 'KubeSchedulerConfiguration' });
  await text.fill('profiles:\n- schedulerName: default-scheduler\n  pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        type: Sideways\n');
  await panel.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(panel.getByRole('status')).toContainText('Sideways');
  await text.fill('profiles:\n- schedulerName: default-scheduler\n  pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        type: MostAllocated\n');
  await panel.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(panel.getByRole('status')).toContainText('rebuilt');
  await expect(panel.locator('summary')).toContainText('custom');
  const { decodeShare } = await import('../src/scenario/urlCodec');
  await expect.poll(() => page.evaluate(() => location.hash).then((h) => JSON.stringify(decodeShare(h)))).toContain('MostAllocated');
});
