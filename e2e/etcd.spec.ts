import { expect, test } from '@playwright/test';
import { encodeShare } from '../src/scenario/urlCodec';
import type { Scenario } from '../src/scenario/format';
import { deployment } from './helpers';

/** A Deployment applied at 0 s and scaled once at 5 s: its key has had more than one value. */
const scenario: Scenario = {
  seed: 3,
  cluster: {},
  actions: [
    { atMs: 0, apply: deployment('web', 1) },
    { atMs: 5000, kubectl: 'scale deployment web --replicas=2' },
  ],
};

test("the etcd tab: open /registry/deployments/default, select the Deployment's key, see its history by revision", async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 20_000)}`);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('tab', { name: 'etcd' }).click();

  // The header: the current revision, compaction not yet run, the API server's watches (one per resource it caches).
  await expect(page.getByTestId('etcd-revision')).toHaveText(/^revision \d+$/);
  const revision = Number((await page.getByTestId('etcd-revision').textContent())!.replace('revision ', ''));
  await expect(page.getByTestId('etcd-status')).toContainText('not compacted yet');
  await expect(page.getByTestId('etcd-watchers')).toContainText('27 watches on etcd');

  // /registry/ is open from the start; open deployments/ and default/.
  await page.locator('button[data-path="/registry/deployments/"]').click();
  const ns = page.locator('button[data-path="/registry/deployments/default/"]');
  await expect(ns).toContainText('1');
  await ns.click();
  const key = page.locator('button[data-path="/registry/deployments/default/web"]');
  await expect(key).toBeVisible();
  // The row shows createRevision, modRevision and version.
  const revs = key.locator('.etcd-revs span');
  await expect(revs).toHaveCount(3);
  const [create, mod, version] = (await revs.allTextContents()).map(Number) as [number, number, number];
  expect(mod).toBeLessThanOrEqual(revision);
  await key.click();

  // Every revision of the key, newest first: the first has version 1 and replicas 1, a later one replicas 2.
  const history = page.getByTestId('etcd-history');
  await expect(history.locator('.etcd-key-title')).toHaveText('/registry/deployments/default/web');
  const rows = history.getByTestId('etcd-revision');
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
  const numbers = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-revision'))))) as number[];
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
  // Nothing is compacted yet: one row per version, from the create to the last write.
  expect(numbers.length).toBe(version);
  expect(numbers[0]).toBe(mod);
  expect(numbers.at(-1)).toBe(create);
  const oldest = rows.last();
  await expect(oldest).toContainText(`rev ${create}`);
  await expect(oldest).toContainText('create ' + create + ' · mod ' + create + ' · version 1');
  await oldest.locator('summary').click();
  await expect(oldest.locator('.etcd-cmd')).toHaveText(`$ etcdctl get /registry/deployments/default/web --rev=${create} -w json`);
  await expect(oldest.locator('.etcd-json')).toContainText('"replicas": 1');
  await expect(rows.first().locator('.etcd-json')).toContainText('"replicas": 2');
  await expect(history).toContainText('etcd holds this value as protobuf');
  expect(errors).toEqual([]);
});
