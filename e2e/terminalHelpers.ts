import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** The terminal's screen and scrollback as text, a wrapped row joined to the line it continues (xterm's buffer, read through the page's test hook). */
export async function screen(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __kubetabTerminal?: { text(): string } }).__kubetabTerminal?.text() ?? '');
}

/** Each buffer line with its first cell's foreground colour (xterm's palette index, -1 for the default). */
export async function screenLines(page: Page): Promise<{ text: string; fg: number }[]> {
  return page.evaluate(() => (window as unknown as { __kubetabTerminal?: { lines(): { text: string; fg: number }[] } }).__kubetabTerminal?.lines() ?? []);
}

/** Opens the Terminal tab and waits for its prompt. */
export async function openTerminal(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  // Already open, the tab keeps its place; a click in the terminal gives it the keyboard.
  await page.getByTestId('terminal-screen').click();
  await expect(page.getByRole('textbox', { name: /kubectl command|shell command/ })).toBeFocused();
  await expect.poll(() => screen(page)).toContain('$ kubectl');
}

/** Types a line at the prompt and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Waits until the screen shows `text`. */
export async function expectScreen(page: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(() => screen(page), { timeout }).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}
