import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export function deployment(name: string, replicas: number, cpu = '100m', memory = '64Mi'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests:
            cpu: ${cpu}
            memory: ${memory}
`;
}

/**
 * Waits for Monaco, then replaces its text with `text` the way a user would: select all, then paste
 * (typing a manifest key by key would fight the editor's auto-indent, as it would for a person).
 */
export async function typeIntoEditor(page: Page, text: string): Promise<void> {
  const editor = page.locator('.monaco-editor').first();
  await editor.waitFor({ timeout: 60_000 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => page.evaluate(() => sessionStorage.getItem('kubetab.editor'))).toBe(text);
}

export async function apply(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
}

export async function setSpeed(page: Page, label: '0.25×' | '1×' | '10×' | '100×'): Promise<void> {
  await page.getByRole('radio', { name: label }).click();
  await expect(page.getByRole('radio', { name: label })).toHaveAttribute('aria-checked', 'true');
}

export interface PodPlace {
  name: string;
  node: string;
  phase: string;
}

export async function podPlaces(page: Page, namespace = 'default'): Promise<PodPlace[]> {
  return page.locator(`[data-kind="pod"][data-namespace="${namespace}"]`).evaluateAll((els) =>
    els
      .map((e) => ({ name: e.getAttribute('data-name') ?? '', node: e.getAttribute('data-node') ?? '', phase: e.getAttribute('data-phase') ?? '' }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  );
}
