import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { deployment } from './helpers';
import { expectScreen, openTerminal, typeLine } from './terminalHelpers';
import { decodeShare } from '../src/scenario/urlCodec';

/** The scenario's files as the share link in the address bar carries them. */
async function linkFiles(page: Page): Promise<Record<string, string> | undefined> {
  const hash = await page.evaluate(() => location.hash);
  const r = hash ? decodeShare(hash) : undefined;
  return r?.ok ? r.scenario.files : undefined;
}

/** Replaces what the editor shows with `text`, pasted as a person would. */
async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
}

test('a file made in the editor is applied from the terminal, kept in the link, and kubectl edit saves through the editor', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });

  // A new file, named in place, then filled in.
  const files = page.getByRole('navigation', { name: 'Files' });
  await files.getByRole('button', { name: 'New file' }).click();
  await files.getByRole('textbox', { name: 'New file' }).fill('../web.yaml');
  await files.getByRole('button', { name: 'Create' }).click();
  await expect(files.getByRole('alert')).toHaveText('Not a file name here: a path must not contain "..".');
  await files.getByRole('textbox', { name: 'New file' }).fill('web.yaml');
  await files.getByRole('button', { name: 'Create' }).click();
  await expect(files.locator('[data-path="web.yaml"]')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { name: 'web.yaml' })).toBeVisible();
  const web = deployment('web', 2);
  await pasteIntoEditor(page, web);
  await expect.poll(() => linkFiles(page)).toEqual({ 'web.yaml': web });

  await openTerminal(page);
  await typeLine(page, 'kubectl apply -f web.yaml');
  await expectScreen(page, 'deployment.apps/web created');

  // The link opened afresh: the file is there, and opens into the editor.
  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await expect(page.getByRole('navigation', { name: 'Files' }).locator('[data-path="web.yaml"]')).toBeVisible();
  await page.getByRole('navigation', { name: 'Files' }).locator('[data-path="web.yaml"]').click();
  await expect(page.locator('.monaco-editor .view-line').filter({ hasText: 'replicas:\u00a02' })).toHaveCount(1);

  // kubectl edit opens the object in the editor; saving a changed replicas count edits it.
  await openTerminal(page);
  await typeLine(page, 'kubectl edit deploy/web');
  await expect(page.getByRole('heading', { name: 'kubectl edit deployment.apps/web' })).toBeVisible();
  await expect(page.locator('.monaco-editor .view-line').first()).toContainText('#\u00a0Please\u00a0edit\u00a0the\u00a0object\u00a0below.');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  const buffer = await page.evaluate(() => navigator.clipboard.readText());
  expect(buffer).toMatch(/^ {2}replicas: 2$/m);
  await pasteIntoEditor(page, buffer.replace(/^ {2}replicas: 2$/m, '  replicas: 3'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('edit-result')).toContainText('deployment.apps/web edited');
  await expect(page.getByRole('heading', { name: 'Manifest' })).toBeVisible();
  await openTerminal(page);
  await typeLine(page, 'kubectl get deploy web -o jsonpath={.spec.replicas}');
  await expectScreen(page, /jsonpath=\{\.spec\.replicas\}\n3/);
  expect(errors).toEqual([]);
});
