import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, deployment, typeIntoEditor } from './helpers';

/** The editor with the Kubernetes language service configured (its schema built). */
async function openEditor(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await expect(page.getByTestId('editor')).toHaveAttribute('data-schema', 'ready', { timeout: 60_000 });
}

/** Puts the cursor inside the key on `lineNumber` (1-based) and asks for its hover, as Ctrl+K Ctrl+I does. */
async function hoverAt(page: Page, lineNumber: number): Promise<void> {
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < lineNumber; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ControlOrMeta+K');
  await page.keyboard.press('ControlOrMeta+I');
}

/** The view line holding `text` (Monaco renders spaces as non-breaking ones). */
function line(page: Page, text: string) {
  return page.locator('.monaco-editor .view-line').filter({ hasText: text.replace(/ /g, '\u00a0') });
}

test('a bad field is squiggled with the API server’s message; a good one’s hover shows its description', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openEditor(page);
  await typeIntoEditor(page, deployment('web', 2).replace('  replicas: 2', '  replicass: 2'));
  // Monaco draws only the lines in view: back to the top, where the bad field is.
  await page.keyboard.press('ControlOrMeta+Home');

  const squiggle = page.locator('.monaco-editor .squiggly-error');
  await expect(squiggle).toHaveCount(1);
  await hoverAt(page, 6);
  const hover = page.locator('.monaco-hover:visible');
  await expect(hover.locator('.marker').first()).toHaveText('unknown field "spec.replicass"');

  // A good field: its type as kubectl explain names it, and the API's description.
  await page.keyboard.press('Escape');
  await expect(hover).toHaveCount(0);
  await hoverAt(page, 7);
  await expect(hover).toContainText('<LabelSelector>');
  await expect(hover).toContainText("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.");
  expect(errors).toEqual([]);
});

test('completion under a Deployment’s spec: lists exactly the 1.31 DeploymentSpec fields', async ({ page }) => {
  await openEditor(page);
  await typeIntoEditor(page, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  ');
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.suggest-widget .monaco-list-row .label-name');
  await expect(rows.first()).toBeVisible();
  // The fields, and yaml-language-server's skeleton of the required ones, named after the Go type.
  await expect.poll(async () => (await rows.allTextContents()).sort()).toEqual(['DeploymentSpec', 'minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template']);
  // The chosen field is written with its colon.
  await page.keyboard.type('repl');
  await page.keyboard.press('Enter');
  await expect(line(page, 'replicas:')).toHaveCount(1);
});

test('a snippet from the menu goes into the editor and applies', async ({ page }) => {
  await openEditor(page);
  await typeIntoEditor(page, '');
  await page.getByRole('button', { name: 'Add a ready-made manifest to the editor' }).click();
  await page.getByRole('menuitem', { name: /^Deployment/ }).click();
  await expect(line(page, 'kind: Deployment')).toHaveCount(1);
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');
});
