import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { setSpeed } from './helpers';
import { expectScreen, openTerminal, typeLine } from './terminalHelpers';

/** The built-in lesson the tests follow: scale web up to 5, then down to 2. */
const LESSON = 'deployment-scaling';
const TITLE = 'Scaling a Deployment';

const panel = (page: Page) => page.getByRole('region', { name: 'Lesson' });
const goal = (page: Page, id: string) => panel(page).locator(`[data-goal="${id}"]`);

async function kubectl(page: Page, line: string, expected: string): Promise<void> {
  await openTerminal(page);
  await typeLine(page, line);
  await expectScreen(page, expected);
}

async function play(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Play', exact: true });
  if (await button.isVisible()) await button.click();
}

test('a lesson from the menu: a hint, the solution typed in the terminal turns the goals green, progress survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);

  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const menu = page.getByRole('dialog', { name: 'Lessons' });
  await expect(menu.getByRole('heading', { name: 'Deployments' })).toBeVisible();
  // Keyboard: the entries are buttons in order; Enter opens the focused one.
  await menu.getByRole('button', { name: new RegExp(`^${TITLE}`) }).focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();

  await expect(panel(page).getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#lesson=${LESSON}&s2\\.`));
  await expect(page.getByRole('group', { name: 'Clock' }).getByLabel('Virtual time')).toHaveText('0:10.0');
  await expect(goal(page, 'five-ready')).toHaveAttribute('data-state', 'pending');
  await expect(goal(page, 'two-left')).toHaveAttribute('data-state', 'pending');
  await expect(goal(page, 'five-ready').locator('.goal-mark')).toHaveText('○');

  // A hint is revealed on demand.
  await expect(panel(page).getByRole('note')).toHaveCount(0);
  await goal(page, 'two-left').getByRole('button', { name: 'Hint' }).click();
  await expect(goal(page, 'two-left').getByRole('note')).toHaveText('kubectl scale deployment/web --replicas=2, then wait for the deleted pods to stop.');

  await setSpeed(page, '100×');
  await kubectl(page, 'kubectl scale deployment/web --replicas=5', 'deployment.apps/web scaled');
  await play(page);
  await expect(goal(page, 'five-ready')).toHaveAttribute('data-state', 'met', { timeout: 60_000 });
  await expect(goal(page, 'five-ready').locator('.goal-mark')).toHaveText('✓');
  await expect(panel(page).getByRole('status')).toHaveCount(0);
  await kubectl(page, 'kubectl scale deployment/web --replicas=2', 'deployment.apps/web scaled');
  await expect(goal(page, 'two-left')).toHaveAttribute('data-state', 'met', { timeout: 60_000 });
  await expect(goal(page, 'pods-deleted')).toHaveAttribute('data-state', 'met');
  await expect(panel(page).getByRole('status')).toHaveText('Lesson complete: every goal is met.');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Paused, the address bar holds this moment (while playing it is written once a second).
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await page.getByRole('group', { name: 'Clock' }).getByLabel('Virtual time').textContent();

  // A reload resumes the lesson where the student was, and the menu shows it done.
  await page.reload();
  await expect(panel(page).getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Clock' }).getByLabel('Virtual time')).toHaveText(paused!, { timeout: 60_000 });
  await expect(panel(page).getByRole('status')).toHaveText('Lesson complete: every goal is met.', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Lessons' }).locator(`[data-lesson="${LESSON}"]`)).toContainText('✓ done');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Lessons' })).toBeHidden();
  expect(errors).toEqual([]);
});

test('a lesson link opens the lesson fresh; Show me puts the solution on the timeline; a bad link says so', async ({ page }) => {
  await page.goto(`/#lesson=${LESSON}`);
  await expect(panel(page).getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Clock' }).getByLabel('Virtual time')).toHaveText('0:10.0');
  await expect(page.locator('.tl-mark.action')).toHaveCount(1);

  await setSpeed(page, '100×');
  await panel(page).getByRole('button', { name: 'Show me' }).click();
  // The solution's two steps are ticks on the timeline, at startAt and 15 s after.
  await expect(page.locator('.tl-mark.action')).toHaveCount(3);
  await expect(page.locator('.tl-mark.action').nth(1)).toHaveAttribute('title', /^0:10\.0 .*kubectl scale deployment\/web --replicas=5$/);
  await expect(page.locator('.tl-mark.action').nth(2)).toHaveAttribute('title', /^0:25\.0 .*kubectl scale deployment\/web --replicas=2$/);
  await expect(panel(page).getByRole('status')).toHaveText('Lesson complete: every goal is met.', { timeout: 60_000 });

  await page.goto('/#lesson=no-such-lesson');
  await expect(page.locator('[data-banner="link"]')).toHaveText(/This lesson link could not be opened: there is no built-in lesson "no-such-lesson"\. The default cluster was loaded instead\./);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await expect(panel(page)).toHaveCount(0);
});

test('a lesson file opens from the menu and travels whole in the link', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.locator('[data-lesson-file]').setInputFiles({ name: 'scale-web.yaml', mimeType: 'application/yaml', buffer: readFileSync('test/fixtures/lessons/scale-web.yaml') });
  await expect(panel(page).getByRole('heading', { name: 'Scaling web' })).toBeVisible();
  await expect(page).toHaveURL(/#lesson-data=[A-Za-z0-9_-]+&s2\./);
  await page.reload();
  await expect(panel(page).getByRole('heading', { name: 'Scaling web' })).toBeVisible();
  await expect(goal(page, 'once-four')).toHaveAttribute('data-state', 'pending');
});

test('a lesson from a URL opens from the link, and one that cannot be read says why', async ({ page }) => {
  await page.route('https://lessons.example/scale-web.yaml', (r) => r.fulfill({ status: 200, contentType: 'application/yaml', body: readFileSync('test/fixtures/lessons/scale-web.yaml', 'utf8') }));
  await page.route('https://lessons.example/bad.yaml', (r) => r.fulfill({ status: 200, contentType: 'application/yaml', body: 'apiVersion: kubetab/v1\nkind: Lesson\nmetadata: {name: bad}\n' }));
  await page.goto(`/#lesson-url=${encodeURIComponent('https://lessons.example/scale-web.yaml')}`);
  await expect(panel(page).getByRole('heading', { name: 'Scaling web' })).toBeVisible();
  await expect(page).toHaveURL(/#lesson-data=[A-Za-z0-9_-]+&s2\./);
  await page.goto(`/#lesson-url=${encodeURIComponent('https://lessons.example/bad.yaml')}`);
  await expect(page.locator('[data-banner="link"] .banner-text')).toHaveText('This lesson link could not be opened: title: Required value. The default cluster was loaded instead.');
  await expect(panel(page)).toHaveCount(0);
});

test('in Chinese the lesson text and the panel speak Chinese', async ({ page }) => {
  await page.goto(`/#lesson=${LESSON}`);
  await expect(panel(page).getByRole('heading', { name: TITLE })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const zh = page.getByRole('region', { name: '课程' });
  await expect(zh.getByRole('heading', { name: '扩缩 Deployment' })).toBeVisible();
  await expect(zh.locator('.lesson-text')).toContainText('Deployment 自己并不直接运行 Pod。');
  await expect(zh.locator('[data-goal="two-left"] .goal-title')).toHaveText('web 恰好运行 2 个 Pod，且都已就绪');
  await expect(zh.getByRole('button', { name: '演示给我看' })).toBeVisible();
  await expect(zh.getByRole('button', { name: '重新开始本课' })).toBeVisible();
  await zh.locator('[data-goal="two-left"]').getByRole('button', { name: '提示' }).click();
  await expect(zh.locator('[data-goal="two-left"]').getByRole('note')).toHaveText('kubectl scale deployment/web --replicas=2，然后等待被删除的 Pod 停止。');
  await page.getByRole('button', { name: '课程', exact: true }).click();
  await expect(page.getByRole('dialog', { name: '课程' }).getByRole('heading', { name: 'Deployment', exact: true })).toBeVisible();
  await expect(page.getByRole('dialog', { name: '课程' }).getByRole('button', { name: /^自由沙盒/ })).toBeVisible();
});

test('make this a lesson: a draft of the story to copy, download or try', async ({ page }) => {
  await page.goto(`/#lesson=${LESSON}`);
  await expect(panel(page).getByRole('heading', { name: TITLE })).toBeVisible();
  await kubectl(page, 'kubectl scale deployment/web --replicas=4', 'deployment.apps/web scaled');
  await setSpeed(page, '100×');
  await play(page);
  await expect(page.getByRole('group', { name: 'Clock' }).getByLabel('Virtual time')).toHaveText(/^[1-9]:/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.getByRole('dialog', { name: 'Lessons' }).getByRole('button', { name: /^Make this a lesson/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Make this a lesson' });
  // By default the student takes over at the last action before now: the scale at 0:10.
  await expect(dialog.locator('output')).toHaveText('0:10.0');
  const draft = dialog.getByRole('region', { name: 'Lesson draft (YAML)' }).or(dialog.locator('.lesson-draft'));
  await expect(draft).toContainText('startAt: 10s');
  await expect(draft).toContainText('kubectl: scale deployment/web --replicas=4');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('my-lesson.yaml');
  await dialog.getByRole('button', { name: 'Try it' }).click();
  await expect(panel(page).getByRole('heading', { name: 'TODO: the lesson title' })).toBeVisible();
  await expect(page).toHaveURL(/#lesson-data=/);
});
