import { expect, test } from '@playwright/test';

test('the help: ? opens it, 中文 explains the Kubernetes words in Chinese, Esc closes it and focus returns', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]').first()).toBeVisible({ timeout: 60_000 });

  // In a text field `?` is a character; elsewhere it opens the help.
  const filter = page.getByLabel('Filter events by text');
  await filter.press('?');
  await expect(filter).toHaveValue('?');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await filter.blur();
  await page.locator('body').press('?');
  const dialog = page.getByTestId('help-dialog');
  await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
  const crash = dialog.locator('[data-term="CrashLoopBackOff"]');
  await expect(crash.locator('dt')).toHaveText('CrashLoopBackOff');
  await expect(crash.locator('dd')).toContainText('A container keeps exiting');

  await dialog.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('dialog', { name: '帮助' })).toBeVisible();
  // The word stays Kubernetes' own; the explanation is Chinese.
  await expect(crash.locator('dt')).toHaveText('CrashLoopBackOff');
  await expect(crash.locator('dd')).toHaveText('崩溃循环退避：容器反复退出，kubelet 每次重启前等待的时间越来越长（从 10 秒起翻倍，最多 5 分钟）。');
  await expect(dialog.locator('[data-term="NotFound"] pre')).toHaveText('Error from server (NotFound): pods "web" not found');
  // The page behind it switched too.
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('help-button')).toBeFocused();
  await expect(page.getByTestId('help-button')).toHaveAttribute('title', /^帮助/);

  // The header's button opens it too.
  await page.getByTestId('help-button').click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});
