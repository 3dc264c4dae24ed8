import { decodeShare } from '../src/scenario/urlCodec';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';

const slider = (page: Page) => page.getByRole('slider', { name: 'Moment of the story' });
const nowS = async (page: Page): Promise<number> => Number(await slider(page).getAttribute('aria-valuenow'));
const podsOf = (page: Page, app: string) => page.locator(`[data-kind="pod"][data-namespace="default"][data-name^="${app}-"]`);

/** The share link's scenario actions and moment, as the address bar holds them now. */
async function link(page: Page) {
  const r = decodeShare((await page.evaluate(() => location.hash)).replace(/^#/, ''));
  if (!r.ok) throw new Error(r.error);
  return { atMs: r.atMs, actions: r.scenario.actions };
}

test('the timeline rewinds to an earlier moment, forks when acting there, undoes the fork, and its moment travels in the link', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('web', 3));
  await expect.poll(() => nowS(page)).toBeGreaterThanOrEqual(3);
  await apply(page);
  await expect(page.locator('.tl-mark.action')).toHaveCount(1);
  const appliedAt = (await link(page)).actions[0]!.atMs;
  await setSpeed(page, '100×');
  await expect.poll(() => nowS(page)).toBeGreaterThanOrEqual(60);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(podsOf(page, 'web').and(page.locator('[data-phase="Running"]'))).toHaveCount(3);
  // Paused at the frontier (once the pause has reached the worker and its last batch the page), the bar
  // ends where the story has reached.
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect.poll(async () => (await slider(page).getAttribute('aria-valuemax')) === (await slider(page).getAttribute('aria-valuenow'))).toBe(true);
  const horizon = await nowS(page);
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(horizon));
  await expect(page.locator('.tl-mark.action')).toHaveAttribute('title', /^0:0\d\.\d your action: apply Deployment\/web$/);

  // Keyboard: Home goes to 0, before the apply: no pods yet; End comes back to where the story reached.
  await slider(page).focus();
  await page.keyboard.press('Home');
  await expect(slider(page)).toHaveAttribute('aria-valuetext', '0:00.0');
  await expect(page.getByLabel('Virtual time')).toHaveText('0:00.0');
  await expect(podsOf(page, 'web')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByLabel('Virtual time')).toHaveText(new RegExp(`^${Math.floor(horizon / 60)}:`));
  await expect(podsOf(page, 'web').and(page.locator('[data-phase="Running"]'))).toHaveCount(3);
  // ←: one second back (the keys settle into one seek).
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => nowS(page)).toBeCloseTo(horizon - 2, 1);

  // A click before the apply: the earlier state again.
  const box = (await slider(page).boundingBox())!;
  const target = appliedAt / 2000;
  await page.mouse.click(box.x + (box.width * target) / horizon, box.y + box.height / 2);
  await expect.poll(() => nowS(page)).toBeLessThan(appliedAt / 1000);
  await expect(podsOf(page, 'web')).toHaveCount(0);
  const forkAt = await nowS(page);
  // The link carries that moment, with the whole story (its apply is still the future).
  await expect.poll(async () => (await link(page)).atMs).toBe(Math.round(forkAt * 1000));
  expect((await link(page)).actions).toHaveLength(1);

  // Acting there forks the story: the later apply is dropped.
  await typeIntoEditor(page, deployment('api', 1));
  await apply(page);
  const undo = page.getByRole('button', { name: 'Undo: restore 1 later action' });
  await expect(undo).toBeVisible();
  await expect.poll(async () => (await link(page)).actions.map((a) => ('apply' in a ? a.apply.match(/name: (\w+)/)![1] : ''))).toEqual(['api']);
  await setSpeed(page, '100×');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => nowS(page)).toBeGreaterThan(appliedAt / 1000 + 10);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(podsOf(page, 'api')).toHaveCount(1);
  await expect(podsOf(page, 'web')).toHaveCount(0);

  // Undo: the dropped apply comes back, the fork's goes; the story reaches as far as before.
  await undo.click();
  await expect(undo).toHaveCount(0);
  await expect(podsOf(page, 'api')).toHaveCount(0);
  await expect(podsOf(page, 'web').and(page.locator('[data-phase="Running"]'))).toHaveCount(3);
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(horizon));
  expect((await link(page)).actions.map((a) => a.atMs)).toEqual([appliedAt]);

  // The link reopens at the same moment in the same state.
  await slider(page).focus();
  await page.keyboard.press('End');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => nowS(page)).toBeCloseTo(horizon - 56, 1);
  await expect.poll(async () => (await link(page)).atMs).toBe(Math.round((horizon - 56) * 1000));
  const time = await page.getByLabel('Virtual time').textContent();
  const pods = await podsOf(page, 'web').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')} ${e.getAttribute('data-phase')}`).sort());
  const url = page.url();
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByLabel('Virtual time')).toHaveText(time!);
  await expect(slider(again)).toHaveAttribute('aria-valuetext', time!);
  await expect.poll(() => podsOf(again, 'web').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')} ${e.getAttribute('data-phase')}`).sort())).toEqual(pods);
  expect(errors).toEqual([]);
});
